import { csv, tableFailures } from '#shared/http/common-answers';
import { describeRoutes } from '#shared/http/route-description';
import { definition } from './definition.ts';

export const api = describeRoutes(definition, {
  routes: {
    'GET /portfolio.csv': {
      operationId: 'exportPortfolio',
      tag: 'Portfolio',
      summary: 'The portfolio as CSV',
      description:
        'Every priority’s current status, trend, last update and barriers, and its latest independent rating (who, which period, why, and whether it diverges), for board papers.',
      errorPages: false,
      responses: {
        200: { description: 'The portfolio, as an attachment.', content: { 'text/csv': csv }, headers: ['Content-Disposition'] },
        ...tableFailures,
      },
    },
  },
});
