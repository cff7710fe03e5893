import { page, tableFailures } from '#shared/http/common-answers';
import { describeRoutes } from '#shared/http/route-description';
import { definition } from './definition.ts';

export const api = describeRoutes(definition, {
  routes: {
    'GET /': {
      operationId: 'dashboard',
      tag: 'Pages',
      summary: 'The board’s dashboard',
      description: 'A page with every priority: its status, trend, days since its last update, and the barriers that need the board’s support.',
      errorPages: true,
      responses: { 200: { description: 'The dashboard.', content: { 'text/html': page } }, ...tableFailures },
    },
  },
});
