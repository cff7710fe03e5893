import { defineFunction } from '#shared/function-definition';
import { readActions } from '#shared/grants';

export const definition = defineFunction({
  name: 'assessment-form',
  description: 'The independent assessment form a personal link opens, after exchanging its token for a session',
  routes: [{ method: 'GET', path: '/priorities/{id}/assessments/new' }],
  tableActions: [...readActions, 'dynamodb:PutItem'],
  readPartitions: ['PROGRAMME', 'PRIORITY#*', 'TOKEN#*', 'SESSION#*'],
  writePartitions: ['SESSION#*'],
});
