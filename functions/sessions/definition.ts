import { defineFunction } from '#shared/function-definition';
import { readActions } from '#shared/grants';

export const definition = defineFunction({
  name: 'sessions',
  description: 'Makes a browser session from a personal link’s Continue page, and ends it on sign-out',
  routes: [
    { method: 'POST', path: '/sessions' },
    { method: 'POST', path: '/sign-out' },
  ],
  tableActions: [...readActions, 'dynamodb:PutItem', 'dynamodb:DeleteItem'],
  readPartitions: ['TOKEN#*', 'SESSION#*'],
  writePartitions: ['SESSION#*'],
});
