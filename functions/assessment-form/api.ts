import { noPriority, personalLinkForm, tableFailures } from '#shared/http/common-answers';
import { describeRoutes } from '#shared/http/route-description';
import { definition } from './definition.ts';

export const api = describeRoutes(definition, {
  routes: {
    'GET /priorities/{id}/assessments/new': {
      operationId: 'assessmentForm',
      tag: 'Pages',
      summary: 'The independent assessment form',
      description:
        'The form for the priority’s delivery lead or a board member, with the sponsor’s current rating and reasons beside it. With `?token=`, the link’s Continue page: its button posts the token to `POST /sessions`, which makes the session and comes back here without the token. Opening the link writes nothing.',
      security: ['personalLink', 'session'],
      errorPages: true,
      responses: {
        ...personalLinkForm,
        403: 'The link or session is a sponsor’s, or a delivery lead’s of another priority.',
        404: noPriority,
        ...tableFailures,
      },
    },
  },
});
