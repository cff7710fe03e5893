import { defineFunction } from '#shared/function-definition';
import { auditAppends, readActions } from '#shared/grants';

export const definition = defineFunction({
  name: 'record-assessment',
  description: 'Records a delivery lead’s or board member’s independent assessment of a priority',
  routes: [{ method: 'POST', path: '/priorities/{id}/assessments' }],
  tableActions: [...readActions, 'dynamodb:PutItem'],
  // The proof, the priority (its latest update too when a form comes back with errors), the rating it replaces.
  readPartitions: ['PROGRAMME', 'PRIORITY#*', 'ASSESSMENT#*', 'TOKEN#*', 'SESSION#*'],
  // The period's assessment and the current one beside the summaries, in one transaction; never an update.
  writePartitions: ['ASSESSMENT#*', 'PROGRAMME'],
  // Its audit entry, in the same transaction.
  appendPartitions: auditAppends,
});
