import { noPriority, tableFailures } from '#shared/http/common-answers';
import { listUpdatesQuerySchema } from '#shared/http/paging';
import { describeRoutes } from '#shared/http/route-description';
import { definition } from './definition.ts';

export const api = describeRoutes(definition, {
  routes: {
    'GET /priorities/{id}/updates': {
      operationId: 'listUpdates',
      tag: 'Updates',
      summary: 'A priority’s updates, newest first',
      description: 'A page at a time; follow `nextCursor` for the next. Other query parameters are refused.',
      query: listUpdatesQuerySchema,
      errorPages: false,
      responses: {
        200: { description: 'A page of updates.', content: { 'application/json': 'UpdatePage' } },
        400: 'A `limit` outside 1–100, a `cursor` this list did not hand out, or an unknown query parameter; listed in `errors`.',
        404: noPriority,
        ...tableFailures,
      },
    },
  },
});
