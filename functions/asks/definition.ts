import { defineFunction } from '#shared/function-definition';
import { readActions } from '#shared/grants';

export const definition = defineFunction({
  name: 'asks',
  description:
    'The asks of government: every one by priority with totals (page, JSON and CSV), and one with its history and, for those who may change it, its form',
  routes: [
    { method: 'GET', path: '/asks' },
    { method: 'GET', path: '/asks.csv' },
    { method: 'GET', path: '/asks/{id}/{askId}' },
  ],
  tableActions: readActions,
  // Public pages: no token or session is read. The form's CSRF token comes from the session cookie, and the post checks who may change the ask.
  readPartitions: ['PROGRAMME', 'COMMITMENTS', 'COMMITMENTLOG'],
});
