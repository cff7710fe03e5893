import { defineFunction } from '#shared/function-definition';
import { auditCreates, readActions } from '#shared/grants';

export const definition = defineFunction({
  name: 'commitment-definitions',
  description: 'The programme office’s definitions of a priority’s milestones and measures, their re-baselines and targets',
  routes: [
    { method: 'POST', path: '/priorities/{id}/milestones' },
    { method: 'POST', path: '/priorities/{id}/milestones/{milestoneId}' },
    { method: 'POST', path: '/priorities/{id}/measures' },
    { method: 'POST', path: '/priorities/{id}/measures/{measureId}' },
  ],
  tableActions: [...readActions, 'dynamodb:PutItem'],
  readPartitions: ['PROGRAMME', 'COMMITMENTS', 'TOKEN#*', 'SESSION#*'],
  // The current item under its version check; its log entry and audit entry, in its transaction, only ever added.
  writePartitions: ['COMMITMENTS'],
  createPartitions: [...auditCreates, 'COMMITMENTLOG'],
});
