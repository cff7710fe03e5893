import { defineFunction } from '#shared/function-definition';
import { auditCreates, readActions } from '#shared/grants';

export const definition = defineFunction({
  name: 'record-assessment',
  description: 'Records a delivery lead’s or board member’s independent assessment of a priority',
  routes: [{ method: 'POST', path: '/priorities/{id}/assessments' }],
  tableActions: [...readActions, 'dynamodb:PutItem'],
  // The proof, the priority (its latest update too when a form comes back with errors), the rating it replaces.
  readPartitions: ['PROGRAMME', 'PRIORITY#*', 'ASSESSMENT#*', 'TOKEN#*', 'SESSION#*'],
  // The period's assessment only: the summarise consumer copies it beside the summaries. Never an update, nor the programme's items.
  writePartitions: ['ASSESSMENT#*'],
  // Its audit entry, in the same transaction.
  createPartitions: auditCreates,
});
