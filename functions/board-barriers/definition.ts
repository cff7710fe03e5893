import { defineFunction } from '#shared/function-definition';
import { readActions } from '#shared/grants';

export const definition = defineFunction({
  name: 'board-barriers',
  description: 'The barriers needing board support, oldest first, where a board member’s personal link opens a session to respond',
  routes: [{ method: 'GET', path: '/barriers' }],
  tableActions: [...readActions, 'dynamodb:PutItem'],
  readPartitions: ['PROGRAMME', 'BARRIERS', 'TOKEN#*', 'SESSION#*'],
  writePartitions: ['SESSION#*'],
});
