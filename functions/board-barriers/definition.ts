import { defineFunction } from '#shared/function-definition';
import { readActions } from '#shared/grants';

export const definition = defineFunction({
  name: 'board-barriers',
  description: 'The barriers needing board support, oldest first, and a board member’s personal link’s Continue page',
  routes: [{ method: 'GET', path: '/barriers' }],
  tableActions: readActions,
  readPartitions: ['PROGRAMME', 'BARRIERS', 'TOKEN#*', 'SESSION#*'],
});
