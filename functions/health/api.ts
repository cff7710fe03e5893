import { failures } from '#shared/http/common-answers';
import { describeRoutes } from '#shared/http/route-description';
import { definition } from './definition.ts';

export const api = describeRoutes(definition, {
  routes: {
    'GET /health': {
      operationId: 'health',
      tag: 'Service',
      summary: 'Liveness check',
      description: 'Touches no table, so it stays cheap for uptime checks.',
      errorPages: false,
      responses: { 200: { description: 'The API is up.', content: { 'application/json': 'Health' } }, ...failures },
    },
  },
});
