import { defineFunction } from '#shared/function-definition';

export const definition = defineFunction({
  name: 'openapi',
  description: 'The OpenAPI description of the HTTP API',
  routes: [{ method: 'GET', path: '/openapi.json' }],
  tableActions: [],
});
