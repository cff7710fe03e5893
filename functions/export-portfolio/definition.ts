import { defineFunction } from '#shared/function-definition';
import { readActions } from '#shared/grants';

export const definition = defineFunction({
  name: 'export-portfolio',
  description: 'The portfolio as CSV for board papers',
  routes: [{ method: 'GET', path: '/portfolio.csv' }],
  tableActions: readActions,
  readPartitions: ['PROGRAMME'],
});
