import { defineFunction } from '#shared/function-definition';
import { readActions } from '#shared/grants';

export const definition = defineFunction({
  name: 'export-updates',
  description: 'A priority’s history as CSV for board papers',
  routes: [{ method: 'GET', path: '/priorities/{id}/updates.csv' }],
  tableActions: readActions,
  readPartitions: ['PROGRAMME', 'PRIORITY#*', 'ASSESSMENT#*'],
});
