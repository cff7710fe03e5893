import { csv, noPriority, tableFailures } from '#shared/http/common-answers';
import { describeRoutes } from '#shared/http/route-description';
import { definition } from './definition.ts';

export const api = describeRoutes(definition, {
  routes: {
    'GET /priorities/{id}/updates.csv': {
      operationId: 'exportUpdates',
      tag: 'Updates',
      summary: 'A priority’s updates as CSV',
      description: 'The whole history, newest first (at most 5,000 updates), for board papers; each update with the independent ratings of its period.',
      errorPages: false,
      responses: {
        200: { description: 'The history, as an attachment.', content: { 'text/csv': csv }, headers: ['Content-Disposition'] },
        404: noPriority,
        ...tableFailures,
      },
    },
  },
});
