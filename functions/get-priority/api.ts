import { htmlNote, noPriority, page, tableFailures } from '#shared/http/common-answers';
import { describeRoutes } from '#shared/http/route-description';
import { definition } from './definition.ts';

export const api = describeRoutes(definition, {
  routes: {
    'GET /priorities/{id}': {
      operationId: 'getPriority',
      tag: 'Priorities',
      summary: 'One priority',
      description: `Its catalogue entry, summary, latest updates and independent assessments. ${htmlNote} The page has the history and a chart.`,
      errorPages: true,
      responses: {
        200: { description: 'The priority.', content: { 'application/json': 'PriorityDetail', 'text/html': page } },
        404: noPriority,
        ...tableFailures,
      },
    },
  },
});
