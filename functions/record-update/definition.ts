import { defineFunction } from '#shared/function-definition';
import { updateFormGrants } from '#shared/grants';

export const definition = defineFunction({
  name: 'record-update',
  description: 'Records a sponsor’s progress update',
  routes: [{ method: 'POST', path: '/priorities/{id}/updates' }],
  ...updateFormGrants,
  // Updates, alone or with their idempotency record in one transaction.
  writePartitions: ['PRIORITY#*'],
});
