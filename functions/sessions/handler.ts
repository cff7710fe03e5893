/**
 * POST /sessions: the Continue page of a personal link posts its token and the page the link
 * opens (`next`, one of the pages that take links); the token is checked, the session made,
 * its cookie set, and the browser sent on (303). Only this post makes a session, and the
 * same-origin rule (shared/http/handler.ts) refuses one begun on another site.
 * POST /sign-out: ends the session when the form carries its CSRF token, and clears the cookie;
 * without a session it is harmless.
 */

import { TableCore } from '#shared/data/core';
import { Credentials } from '#shared/data/credentials';
import { Sessions } from '#shared/data/sessions';
import { BadRequest, Unauthorised } from '#shared/domain/errors';
import { endedSessionCookieHeader, linkTargetOf, pathOf, sessionCookieHeader, sessionIdFromCookies } from '#shared/domain/session';
import { type FormFields, readBody } from '#shared/http/body';
import { html, newNonce, seeOther, wantsHtml } from '#shared/http/responses';
import { pageHandler } from '#shared/pages/handler';
import { endSession, openSession } from '#shared/services/access';
import { settingsFor } from '#shared/settings';
import { definition } from './definition.ts';

const table = new TableCore(settingsFor(definition).TABLE_NAME);
const access = { credentials: new Credentials(table), sessions: new Sessions(table) };

export const handler = pageHandler(async (event) => {
  const fields = (): FormFields => {
    const body = readBody(event);
    return body.kind === 'form' ? body.fields : {};
  };

  if (event.routeKey === 'POST /sign-out') {
    // Without a session there is nothing to end, and no body to read.
    const sessionId = sessionIdFromCookies(event.cookies);
    await endSession(access, sessionId, sessionId ? fields().csrfToken : undefined);
    const cookies = [endedSessionCookieHeader()];
    if (!wantsHtml(event)) return { statusCode: 204, headers: { 'cache-control': 'no-store' }, cookies };
    // On demand: only a browser's sign-out needs the page runtime.
    const { messagePage } = await import('./page.ts');
    const nonce = newNonce();
    const page = messagePage(nonce, 'You have signed out', ['To sign in again, open the personal link in your latest email from the programme.']);
    return html(200, page, nonce, {}, cookies);
  }

  const { token, next } = fields();
  const target = linkTargetOf(next);
  if (!target)
    throw new BadRequest('The page to continue to is not one a personal link opens.', [{ field: 'next', message: 'not a page a personal link opens' }]);
  if (typeof token !== 'string' || !token) throw new Unauthorised('Open the personal link in your latest email again.');
  const { sessionId, expiresAt } = await openSession(access, token, target);
  return { ...seeOther(pathOf(target)), cookies: [sessionCookieHeader(sessionId, expiresAt)] };
});
