import { defineFunction } from '#shared/function-definition';

export const definition = defineFunction({
  name: 'reconcile',
  description: 'Re-derives every priority’s summary that missed an update, from the update items',
  // The programme snapshot and each priority's newest updates; only summaries are written.
  tableActions: ['dynamodb:GetItem', 'dynamodb:Query', 'dynamodb:PutItem'],
  readPartitions: ['PROGRAMME', 'PRIORITY#*'],
  writePartitions: ['PROGRAMME'],
  timeoutSeconds: 300,
  schedule: { cron: 'cron(30 6 * * ? *)', timezone: 'Europe/London' },
});
