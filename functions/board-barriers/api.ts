import { page, tableFailures } from '#shared/http/common-answers';
import { describeRoutes } from '#shared/http/route-description';
import { definition } from './definition.ts';

export const api = describeRoutes(definition, {
  routes: {
    'GET /barriers': {
      operationId: 'boardBarriers',
      tag: 'Barriers',
      summary: 'The barriers needing board support',
      description:
        'A page with every barrier that asks for the board’s support and is not resolved, oldest first, with its owner, status, age and the board’s responses. Anyone may read it; with a board member’s session it has a form to respond to each. With `?token=` (a board member’s personal link), the link’s Continue page, whose button posts the token to `POST /sessions`; opening the link writes nothing. `?responded=<barrierId>` shows that a response was recorded.',
      security: ['personalLink', 'session'],
      errorPages: true,
      responses: {
        200: {
          description: 'The page; or, for a personal link, its Continue page.',
          content: { 'text/html': page },
        },
        401: 'A personal link that is malformed, unknown, expired or revoked.',
        403: 'The personal link is not a board member’s.',
        ...tableFailures,
      },
    },
  },
});
