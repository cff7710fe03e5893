import { defineFunction } from '#shared/function-definition';
import { readActions } from '#shared/grants';

export const definition = defineFunction({
  name: 'export-audit',
  description: 'The audit log as CSV, for the board only',
  routes: [{ method: 'GET', path: '/audit.csv' }],
  tableActions: readActions,
  // The proof (a board token, or a session and then its token), and the log itself; it writes nothing.
  readPartitions: ['AUDIT#*', 'TOKEN#*', 'SESSION#*'],
});
