import { defineFunction } from '#shared/function-definition';
import { readActions } from '#shared/grants';

export const definition = defineFunction({
  name: 'missed-updates',
  description: 'The priorities with no update for the current period, how late they are and whether the board has been told',
  routes: [{ method: 'GET', path: '/missed-updates' }],
  tableActions: readActions,
  readPartitions: ['PROGRAMME', 'ESCALATION#*'],
});
