import { defineFunction } from '#shared/function-definition';
import { readActions } from '#shared/grants';

export const definition = defineFunction({
  name: 'get-update',
  description: 'One recorded update (the confirmation after a post)',
  routes: [{ method: 'GET', path: '/priorities/{id}/updates/{updateId}' }],
  tableActions: readActions,
  readPartitions: ['PROGRAMME', 'PRIORITY#*'],
});
