import { noPriority, page, tableFailures } from '#shared/http/common-answers';
import { describeRoutes } from '#shared/http/route-description';
import { definition } from './definition.ts';

export const api = describeRoutes(definition, {
  routes: {
    'GET /priorities/{id}/commitments': {
      operationId: 'commitmentsPage',
      tag: 'Pages',
      summary: 'A priority’s milestones and measures, and the programme office’s forms',
      description:
        'A page with the priority’s milestones (baseline, forecast, slippage in working days, status, late) and measures (baseline, target, latest value, off track). Anyone may read it; with a board member’s session it has the forms to add a milestone or a measure, re-baseline a milestone and change a target. `?saved=` names what was just saved.',
      security: ['session'],
      errorPages: true,
      responses: { 200: { description: 'The page.', content: { 'text/html': page } }, 404: noPriority, ...tableFailures },
    },
  },
});
