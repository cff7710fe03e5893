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
        'The form a personal link opens. With `?token=`, the token is exchanged for a session cookie and a page moves the browser on to the same address without it, so the token leaves the address bar.',
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
