import { tableFailures } from '#shared/http/common-answers';
import { describeRoutes } from '#shared/http/route-description';
import { definition } from './definition.ts';

export const api = describeRoutes(definition, {
  routes: {
    'GET /portfolio': {
      operationId: 'getPortfolio',
      tag: 'Portfolio',
      summary: 'The portfolio summary',
      description: 'Counts per status, the priorities at each status, and the latest status changes, all derived from the priority summaries when read.',
      errorPages: false,
      responses: { 200: { description: 'The portfolio.', content: { 'application/json': 'Portfolio' } }, ...tableFailures },
    },
  },
});
