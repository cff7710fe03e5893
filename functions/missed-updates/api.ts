import { page, tableFailures } from '#shared/http/common-answers';
import { describeRoutes } from '#shared/http/route-description';
import { definition } from './definition.ts';

export const api = describeRoutes(definition, {
  routes: {
    'GET /missed-updates': {
      operationId: 'missedUpdates',
      tag: 'Pages',
      summary: 'The priorities with no update for the current period',
      description:
        'A page with each priority that has no update for the current period, oldest first: how long since its last update, the period it is due for, how many working days past the deadline it is (a period’s deadline is its last day), and whether the board has been told (`ESCALATE_AFTER_WORKING_DAYS` working days after the deadline).',
      errorPages: true,
      responses: { 200: { description: 'The missed updates.', content: { 'text/html': page } }, ...tableFailures },
    },
  },
});
