import { defineFunction } from '#shared/function-definition';
import { readActions } from '#shared/grants';

export const definition = defineFunction({
  name: 'get-portfolio',
  description: 'The portfolio summary',
  routes: [{ method: 'GET', path: '/portfolio' }],
  tableActions: readActions,
  readPartitions: ['PROGRAMME'],
});
