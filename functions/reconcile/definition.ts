import { defineFunction } from '#shared/function-definition';

export const definition = defineFunction({
  name: 'reconcile',
  description: 'Re-derives every priority’s summary, asks of government, milestones and measures that missed an update, from the update items',
  // The programme snapshot, each priority's newest updates, the commitments and their history; summaries and commitments are written.
  tableActions: ['dynamodb:GetItem', 'dynamodb:Query', 'dynamodb:PutItem'],
  readPartitions: ['PROGRAMME', 'PRIORITY#*', 'COMMITMENTS', 'COMMITMENTLOG'],
  writePartitions: ['PROGRAMME', 'COMMITMENTS'],
  // A commitment's change is logged, only ever added.
  createPartitions: ['COMMITMENTLOG'],
  timeoutSeconds: 300,
  schedule: { cron: 'cron(30 6 * * ? *)', timezone: 'Europe/London' },
});
