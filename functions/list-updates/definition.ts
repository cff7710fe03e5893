import { defineFunction } from '#shared/function-definition';
import { readActions } from '#shared/grants';

export const definition = defineFunction({
  name: 'list-updates',
  description: 'A priority’s update history, newest first',
  routes: [{ method: 'GET', path: '/priorities/{id}/updates' }],
  tableActions: readActions,
  readPartitions: ['PROGRAMME', 'PRIORITY#*'],
});
