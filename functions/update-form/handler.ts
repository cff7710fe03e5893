/**
 * GET /priorities/{id}/updates/new: the update form a personal link opens.
 * With `?token=`, the token is exchanged for a session cookie and the browser is sent on to
 * the same address without it, so the token leaves the address bar and the history. The hop
 * is a same-site refresh rather than a redirect, because a SameSite=Strict cookie set during
 * a redirect that began in an email client is not sent with the next request.
 */
import { randomUUID } from 'node:crypto';
import { config } from '#shared/config';
import { authenticate, authoriseFor, stillValid, tokenIdOf } from '#shared/domain/credential';
import { NotFound, Unauthorised } from '#shared/domain/errors';
import { currentPeriod } from '#shared/domain/notifications';
import { csrfTokenFor, hashSessionId, newSession, sessionCookieHeader, sessionIdFromCookies } from '#shared/domain/session';
import { ProgressStore } from '#shared/data/progress-store';
import { html as markup } from '#shared/email/html';
import { html, newNonce } from '#shared/http/responses';
import { pageHandler } from '#shared/pages/handler';
import { updateFormPage } from '#shared/pages/pages';
import { priorityIdOf } from '#shared/http/params';

const settings = config();
const store = new ProgressStore(settings.TABLE_NAME);

export const handler = pageHandler(async (event) => {
  const priorityId = priorityIdOf(event);
  const formPath = `/priorities/${encodeURIComponent(priorityId)}/updates/new`;
  const token = event.queryStringParameters?.token;

  if (token !== undefined) {
    const tokenId = tokenIdOf(token);
    const credential = authenticate(token, tokenId ? await store.getCredential(tokenId) : undefined);
    authoriseFor(credential, priorityId);
    const { sessionId, stored } = newSession(credential);
    await store.saveSession(stored);
    const nonce = newNonce();
    const page = markup`<!doctype html><html lang="en"><head><meta charset="utf-8"><meta http-equiv="refresh" content="0;url=${formPath}"><title>Opening the form</title></head>
<body><p><a href="${formPath}">Continue to the update form</a></p></body></html>`;
    return html(200, page.value, nonce, {}, [sessionCookieHeader(sessionId, stored.expiresAt)]);
  }

  const sessionId = sessionIdFromCookies(event.cookies);
  const session = sessionId ? await store.getSession(hashSessionId(sessionId)) : undefined;
  if (!sessionId || !session) throw new Unauthorised('This page needs the personal link from your latest email.');
  const [credential, found, latest] = await Promise.all([
    store.getCredential(session.tokenId),
    store.getPriority(priorityId),
    store.listUpdates(priorityId, { limit: 1 }),
  ]);
  const author = authoriseFor(stillValid(credential), priorityId);
  if (!found) throw new NotFound(`There is no priority "${priorityId}".`);
  const nonce = newNonce();
  return html(
    200,
    updateFormPage({
      nonce,
      priority: found.priority,
      summary: found.summary,
      lastUpdate: latest.updates[0],
      author,
      scale: settings.RATING_SCALE,
      csrfToken: csrfTokenFor(sessionId),
      submissionId: randomUUID(),
      defaultPeriod: currentPeriod('month'),
    }),
    nonce,
  );
});
