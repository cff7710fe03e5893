import { defineFunction } from '#shared/function-definition';
import { readActions } from '#shared/grants';

export const definition = defineFunction({
  name: 'list-priorities',
  description: 'The catalogue with each priority’s current summary',
  routes: [{ method: 'GET', path: '/priorities' }],
  tableActions: readActions,
  readPartitions: ['PROGRAMME'],
});
