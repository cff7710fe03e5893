import { defineFunction } from '#shared/function-definition';
import { readActions } from '#shared/grants';

export const definition = defineFunction({
  name: 'dashboard',
  description: 'The board’s dashboard page',
  routes: [{ method: 'GET', path: '/' }],
  tableActions: readActions,
  // The asks of government, and the last digest's time for the asks that moved since.
  readPartitions: ['PROGRAMME', 'BARRIERS', 'COMMITMENTS', 'DIGEST'],
});
