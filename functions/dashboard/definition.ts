import { defineFunction } from '#shared/function-definition';
import { readActions } from '#shared/grants';

export const definition = defineFunction({
  name: 'dashboard',
  description: 'The board’s dashboard page',
  routes: [{ method: 'GET', path: '/' }],
  tableActions: readActions,
  readPartitions: ['PROGRAMME', 'BARRIERS', 'COMMITMENTS'],
});
