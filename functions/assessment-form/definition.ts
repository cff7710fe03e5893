import { defineFunction } from '#shared/function-definition';
import { readActions } from '#shared/grants';

export const definition = defineFunction({
  name: 'assessment-form',
  description: 'The independent assessment form a personal link opens, and the link’s Continue page',
  routes: [{ method: 'GET', path: '/priorities/{id}/assessments/new' }],
  tableActions: readActions,
  readPartitions: ['PROGRAMME', 'PRIORITY#*', 'TOKEN#*', 'SESSION#*'],
});
