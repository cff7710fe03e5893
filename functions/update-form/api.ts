import { noPriority, personalLinkForm, tableFailures } from '#shared/http/common-answers';
import { describeRoutes } from '#shared/http/route-description';
import { definition } from './definition.ts';

export const api = describeRoutes(definition, {
  routes: {
    'GET /priorities/{id}/updates/new': {
      operationId: 'updateForm',
      tag: 'Pages',
      summary: 'The update form',
      description:
        'The form a personal link opens. With `?token=`, the link’s Continue page: its button posts the token to `POST /sessions`, which makes the session and comes back here without the token. Opening the link writes nothing.',
      security: ['personalLink', 'session'],
      errorPages: true,
      responses: {
        ...personalLinkForm,
        403: 'The link or session belongs to another priority.',
        404: noPriority,
        ...tableFailures,
      },
    },
  },
});
