import { defineFunction } from '#shared/function-definition';

export const definition = defineFunction({
  name: 'assets',
  description: 'Stylesheets and images for the pages',
  routes: [{ method: 'GET', path: '/assets/{proxy+}' }],
  tableActions: [],
  files: ['assets'],
});
