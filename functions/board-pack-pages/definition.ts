import { defineFunction } from '#shared/function-definition';
import { readActions } from '#shared/grants';

export const definition = defineFunction({
  name: 'board-pack-pages',
  description: 'The board packs made, and a quarter’s pack as a printable page and as CSV',
  routes: [
    { method: 'GET', path: '/board-packs' },
    { method: 'GET', path: '/board-packs/{quarter}' },
    { method: 'GET', path: '/board-packs/{quarter}/pack.csv' },
  ],
  tableActions: readActions,
  // The packs alone: the list's form takes its CSRF token from the session cookie without reading the session.
  readPartitions: ['BOARDPACK#*', 'BOARDPACKS'],
});
