import { defineFunction } from '#shared/function-definition';
import { auditCreates, readActions } from '#shared/grants';

export const definition = defineFunction({
  name: 'respond-to-barrier',
  description: 'Records a board member’s response to a barrier',
  routes: [{ method: 'POST', path: '/priorities/{id}/barriers/{barrierId}/responses' }],
  tableActions: [...readActions, 'dynamodb:PutItem'],
  readPartitions: ['PROGRAMME', 'BARRIERS', 'TOKEN#*', 'SESSION#*'],
  writePartitions: ['BARRIERS'],
  // The response's audit entry, in its transaction.
  createPartitions: auditCreates,
});
