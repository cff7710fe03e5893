import { defineFunction } from '#shared/function-definition';
import { readActions, updateFormGrants } from '#shared/grants';

export const definition = defineFunction({
  name: 'update-form',
  description: 'The form a personal link opens, and the link’s Continue page',
  routes: [{ method: 'GET', path: '/priorities/{id}/updates/new' }],
  // It reads alone: the session is made by the Continue page's post (functions/sessions).
  tableActions: readActions,
  readPartitions: updateFormGrants.readPartitions,
});
