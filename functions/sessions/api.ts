import * as z from 'zod';
import { maxBodyBytes } from '#shared/http/body';
import { page, tableFailures } from '#shared/http/common-answers';
import { describeRoutes } from '#shared/http/route-description';
import { definition } from './definition.ts';

/** What a personal link's Continue page posts. */
export const sessionRequestSchema = z.object({
  token: z.string().describe('The token from the personal link.'),
  next: z
    .string()
    .describe('The page the link opens, and the one to go on to: `/priorities/{id}/updates/new`, `/priorities/{id}/assessments/new` or `/barriers`.'),
});

const signOutSchema = z.object({
  csrfToken: z.string().optional().describe('The CSRF token of the page the sign-out button is on; required when there is a session.'),
});

const crossSite = 'The post was sent from another site (`Sec-Fetch-Site` other than `same-origin` or `none`, or an `Origin` other than the service’s own).';

export const api = describeRoutes(definition, {
  requestSchemas: {
    SessionRequest: { schema: sessionRequestSchema, description: 'A personal link’s token, and the page it opens.' },
    SignOut: { schema: signOutSchema, description: 'A sign-out.' },
  },
  routes: {
    'POST /sessions': {
      operationId: 'openSession',
      tag: 'Sessions',
      summary: 'Exchange a personal link for a session',
      description:
        'The post of a personal link’s Continue page. The token is checked against the page the link opens (as that page would check it), a session is made and its cookie set, and the browser goes on to the page. Opening the link (a GET) makes no session, so a mail scanner that fetches links makes none; a post from another site is refused.',
      requestBody: { description: 'The token and the page.', content: { 'application/x-www-form-urlencoded': 'SessionRequest' } },
      errorPages: true,
      responses: {
        303: { description: 'The session is made: on to the page, with the session cookie.', headers: ['Location', 'Set-Cookie'] },
        400: '`next` is not a page a personal link opens; malformed base64, or an empty body.',
        401: 'No token, or one that is malformed, unknown, expired or revoked.',
        403: `The token may not use the page (another priority’s, or another role’s). ${crossSite}`,
        413: `The body is larger than ${maxBodyBytes / 1024} KB.`,
        415: 'The body is neither JSON nor a form.',
        ...tableFailures,
      },
    },
    'POST /sign-out': {
      operationId: 'signOut',
      tag: 'Sessions',
      summary: 'Sign out',
      description: 'Ends the browser’s session and clears its cookie. Without a session there is nothing to end, and the answer is the same.',
      security: ['session'],
      requestBody: { description: 'The page’s CSRF token.', content: { 'application/x-www-form-urlencoded': 'SignOut' } },
      errorPages: true,
      responses: {
        200: {
          description: 'A browser’s sign-out (`Accept: text/html`): the signed-out page, clearing the cookie.',
          content: { 'text/html': page },
          headers: ['Set-Cookie'],
        },
        204: { description: 'Signed out; the cookie is cleared.', headers: ['Set-Cookie'] },
        400: 'Malformed base64, or an empty body.',
        403: `A session without its CSRF token. ${crossSite}`,
        413: `The body is larger than ${maxBodyBytes / 1024} KB.`,
        415: 'The body is neither JSON nor a form.',
        ...tableFailures,
      },
    },
  },
});
