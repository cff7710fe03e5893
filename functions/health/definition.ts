import { defineFunction } from '#shared/function-definition';

export const definition = defineFunction({
  name: 'health',
  description: 'Liveness check',
  routes: [{ method: 'GET', path: '/health' }],
  tableActions: [],
});
