import { tableFailures } from '#shared/http/common-answers';
import { describeRoutes } from '#shared/http/route-description';
import { definition } from './definition.ts';

export const api = describeRoutes(definition, {
  routes: {
    'GET /priorities': {
      operationId: 'listPriorities',
      tag: 'Priorities',
      summary: 'The catalogue with each priority’s current summary',
      description: 'The programme, the rating scale, and every priority in the catalogue’s order with its current summary.',
      errorPages: false,
      responses: { 200: { description: 'The priorities.', content: { 'application/json': 'PriorityList' } }, ...tableFailures },
    },
  },
});
