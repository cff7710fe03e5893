import { defineFunction } from '#shared/function-definition';
import { auditCreates, readActions } from '#shared/grants';

export const definition = defineFunction({
  name: 'correct-update',
  description: 'The form that corrects an update, and the correction it posts',
  routes: [
    { method: 'GET', path: '/priorities/{id}/updates/{updateId}/correct' },
    { method: 'POST', path: '/priorities/{id}/updates/{updateId}/corrections' },
  ],
  tableActions: [...readActions, 'dynamodb:PutItem'],
  // The proof, the priority's title, the update to correct.
  readPartitions: ['PROGRAMME', 'PRIORITY#*', 'TOKEN#*', 'SESSION#*'],
  // The correction and the mark on the update it corrects, never the programme's items.
  writePartitions: ['PRIORITY#*'],
  // Its audit entry, in the same transaction.
  createPartitions: auditCreates,
});
