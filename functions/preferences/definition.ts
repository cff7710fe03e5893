import { defineFunction } from '#shared/function-definition';

export const definition = defineFunction({
  name: 'preferences',
  description: 'A person’s email preferences and one-click unsubscribe',
  routes: [
    { method: 'GET', path: '/people/{personId}/preferences' },
    { method: 'POST', path: '/people/{personId}/preferences' },
  ],
  tableActions: ['dynamodb:GetItem', 'dynamodb:UpdateItem'],
  readPartitions: ['PEOPLE'],
  writePartitions: ['PEOPLE'],
});
