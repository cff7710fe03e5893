import { defineFunction } from '#shared/function-definition';
import { readActions } from '#shared/grants';

export const definition = defineFunction({
  name: 'commitments-page',
  description: 'A priority’s milestones and measures, with the programme office’s forms for a board member’s session',
  routes: [{ method: 'GET', path: '/priorities/{id}/commitments' }],
  tableActions: readActions,
  readPartitions: ['PROGRAMME', 'COMMITMENTS', 'TOKEN#*', 'SESSION#*'],
});
