import { defineFunction } from '#shared/function-definition';
import { updateFormGrants } from '#shared/grants';

export const definition = defineFunction({
  name: 'update-form',
  description: 'The form a personal link opens, after exchanging its token for a session',
  routes: [{ method: 'GET', path: '/priorities/{id}/updates/new' }],
  ...updateFormGrants,
  writePartitions: ['SESSION#*'],
});
