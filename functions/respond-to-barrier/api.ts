import * as z from 'zod';
import { boardResponseInputSchema } from '#shared/domain/barrier';
import { maxBodyBytes } from '#shared/http/body';
import { postFailures } from '#shared/http/common-answers';
import { describeRoutes } from '#shared/http/route-description';
import { definition } from './definition.ts';

/** The fields of a response form on the barriers page. */
export const boardResponseFormSchema = z.strictObject({
  decision: z.string(),
  owner: z.string(),
  dueDate: z.string().describe('YYYY-MM-DD.'),
  token: z.string().optional().describe('A board token, for a form posted without a session.'),
  csrfToken: z.string().optional().describe('Required with the session cookie: the token of the page the service served.'),
});

export const api = describeRoutes(definition, {
  requestSchemas: {
    BoardResponseForm: { schema: boardResponseFormSchema, description: 'A response form’s fields; other fields are ignored.' },
    BoardResponseInput: { schema: boardResponseInputSchema, description: 'A board response. Unknown fields are refused.' },
  },
  routes: {
    'POST /priorities/{id}/barriers/{barrierId}/responses': {
      operationId: 'respondToBarrier',
      tag: 'Barriers',
      summary: 'Record the board’s response to a barrier',
      description:
        'A board member records a decision or action, its owner and its due date. The priority’s sponsors and delivery lead are emailed once each, from the stream. Only a board token or session may respond.',
      security: ['boardToken', 'session'],
      requestBody: {
        description: `The response, up to ${maxBodyBytes / 1024} KB.`,
        content: { 'application/json': 'BoardResponseInput', 'application/x-www-form-urlencoded': 'BoardResponseForm' },
      },
      errorPages: true,
      responses: {
        201: { description: 'Recorded.', content: { 'application/json': 'PublishedBoardResponse' }, headers: ['Location'] },
        303: { description: 'A browser’s form post was recorded: back to the barriers page.', headers: ['Location'] },
        ...postFailures,
        403: 'The token or session is not a board member’s, or a form relying on the session lacks a valid `csrfToken`.',
        404: 'There is no such priority or barrier.',
        422: 'Fields need correcting (all listed in `errors`). A browser’s form post gets the page again, with the errors and what was typed.',
      },
    },
  },
});
