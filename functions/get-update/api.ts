import { htmlNote, page, tableFailures } from '#shared/http/common-answers';
import { describeRoutes } from '#shared/http/route-description';
import { definition } from './definition.ts';

export const api = describeRoutes(definition, {
  routes: {
    'GET /priorities/{id}/updates/{updateId}': {
      operationId: 'getUpdate',
      tag: 'Updates',
      summary: 'One recorded update',
      description: `${htmlNote} The page is the confirmation a form post leads to.`,
      errorPages: true,
      responses: {
        200: { description: 'The update.', content: { 'application/json': 'PublishedUpdate', 'text/html': page } },
        404: 'There is no such priority or update.',
        ...tableFailures,
      },
    },
  },
});
