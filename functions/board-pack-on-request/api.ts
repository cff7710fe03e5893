import * as z from 'zod';
import { maxBodyBytes } from '#shared/http/body';
import { tableFailures } from '#shared/http/common-answers';
import { describeRoutes } from '#shared/http/route-description';
import { definition } from './definition.ts';

/** What makes a board pack: the quarter, and the proof when it is not in a header. */
export const boardPackRequestSchema = z.object({
  quarter: z.string().describe('The quarter, YYYY-Qn (for example 2021-Q1): one that has ended, from the quarter the programme began in on.'),
  token: z.string().optional().describe('A board token, for a form posted without a session.'),
  csrfToken: z.string().optional().describe('Required with the session cookie: the token of the form the service served.'),
});

export const api = describeRoutes(definition, {
  requestSchemas: {
    BoardPackRequest: { schema: boardPackRequestSchema, description: 'Which quarter’s board pack to make.' },
  },
  routes: {
    'POST /board-packs': {
      operationId: 'makeBoardPack',
      tag: 'Board packs',
      summary: 'Make a quarter’s board pack',
      description:
        'A board member makes the pack of a quarter that has ended, from the quarter the programme began in on, and each board member is emailed the link once. A quarter that has a pack keeps it: it is returned unchanged and nothing is written.',
      security: ['boardToken', 'session'],
      requestBody: {
        description: 'The quarter.',
        content: { 'application/json': 'BoardPackRequest', 'application/x-www-form-urlencoded': 'BoardPackRequest' },
      },
      errorPages: true,
      responses: {
        200: { description: 'The quarter had a pack already; it is unchanged.', content: { 'application/json': 'BoardPackMade' }, headers: ['Location'] },
        201: { description: 'The pack was made.', content: { 'application/json': 'BoardPackMade' }, headers: ['Location'] },
        303: { description: 'A browser’s form post (`Accept: text/html`): on to the pack.', headers: ['Location'] },
        400: 'No quarter, or one that is not YYYY-Qn; malformed JSON or base64, or an empty body. A board member’s form gets the page again with the error.',
        401: 'No token or session; a token that is malformed, unknown, expired or revoked; or a session that has ended.',
        403: 'The token or session is not a board member’s, or a form relying on the session lacks a valid `csrfToken`.',
        413: `The body is larger than ${maxBodyBytes / 1024} KB.`,
        415: 'The body is neither JSON nor a form.',
        422: 'A quarter outside those a pack may be made for: one that has not ended, or one that ended before the programme began. The problem names the field `quarter`; a board member’s form gets the page again with the error.',
        ...tableFailures,
      },
    },
  },
});
