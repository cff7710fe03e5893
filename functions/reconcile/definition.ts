import { defineFunction } from '#shared/function-definition';

export const definition = defineFunction({
  name: 'reconcile',
  description:
    'Re-derives every priority’s summary that missed an update, and the asks of government whose reported change the stream missed, from the update items',
  // The programme snapshot and each priority's newest updates; summaries and asks are written, and the asks' history entries added.
  tableActions: ['dynamodb:GetItem', 'dynamodb:Query', 'dynamodb:PutItem'],
  readPartitions: ['PROGRAMME', 'PRIORITY#*', 'COMMITMENTS', 'COMMITMENTLOG'],
  writePartitions: ['PROGRAMME', 'COMMITMENTS'],
  createPartitions: ['COMMITMENTLOG'],
  timeoutSeconds: 300,
  schedule: { cron: 'cron(30 6 * * ? *)', timezone: 'Europe/London' },
});
