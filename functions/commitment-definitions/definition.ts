import { defineFunction } from '#shared/function-definition';
import { auditCreates, readActions } from '#shared/grants';

export const definition = defineFunction({
  name: 'commitment-definitions',
  description: 'The programme office’s page of a priority’s milestones and measures, and their definitions, re-baselines and targets',
  routes: [
    { method: 'GET', path: '/priorities/{id}/commitments' },
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
