import { defineFunction } from '#shared/function-definition';
import { auditCreates, readActions } from '#shared/grants';

export const definition = defineFunction({
  name: 'change-ask',
  description: 'Changes an ask of government: a board member any, a sponsor or delivery lead their own priority’s',
  routes: [{ method: 'POST', path: '/asks/{id}/{askId}' }],
  tableActions: [...readActions, 'dynamodb:PutItem'],
  // The priority and the ask's history only for a browser's form with errors, shown again.
  readPartitions: ['PROGRAMME', 'COMMITMENTS', 'COMMITMENTLOG', 'TOKEN#*', 'SESSION#*'],
  writePartitions: ['COMMITMENTS'],
  // The history entry and the audit entry, in the change's transaction.
  createPartitions: ['COMMITMENTLOG', ...auditCreates],
});
