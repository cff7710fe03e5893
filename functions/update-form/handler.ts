/**
 * GET /priorities/{id}/updates/new: the update form a personal link opens.
 * With `?token=`, the token is exchanged for a session cookie and the browser is sent on to
 * the same address without it, so the token leaves the address bar and the history. The hop
 * is a same-site refresh rather than a redirect, because a SameSite=Strict cookie set during
 * a redirect that began in an email client is not sent with the next request.
 */
import { authoriseFor } from '#shared/domain/credential';
import { NotFound } from '#shared/domain/errors';
import { csrfTokenFor, sessionCookieHeader, sessionIdFromCookies } from '#shared/domain/session';
import { TableCore } from '#shared/data/core';
import { Credentials } from '#shared/data/credentials';
import { ProgrammeReads } from '#shared/data/programme';
import { Sessions } from '#shared/data/sessions';
import { Updates } from '#shared/data/updates';
import { html as markup } from '#shared/html';
import { priorityIdOf } from '#shared/http/params';
import { html, newNonce } from '#shared/http/responses';
import { pageHandler } from '#shared/pages/handler';
import { updateFormPage } from '#shared/pages/pages';
import { credentialOfSession, openSession } from '#shared/services/access';
import { settingsFor } from '#shared/settings';

const settings = settingsFor('update-form');
const table = new TableCore(settings.TABLE_NAME);
const access = { credentials: new Credentials(table), sessions: new Sessions(table) };
const programme = new ProgrammeReads(table);
const updates = new Updates(table);

export const handler = pageHandler(async (event) => {
  const priorityId = priorityIdOf(event);
  const formPath = `/priorities/${encodeURIComponent(priorityId)}/updates/new`;
  const token = event.queryStringParameters?.token;

  if (token !== undefined) {
    const { sessionId, expiresAt } = await openSession(access, token, (credential) => authoriseFor(credential, priorityId));
    const nonce = newNonce();
    const page = markup`<!doctype html><html lang="en"><head><meta charset="utf-8"><meta http-equiv="refresh" content="0;url=${formPath}"><title>Opening the form</title></head>
<body><p><a href="${formPath}">Continue to the update form</a></p></body></html>`;
    return html(200, page.value, nonce, {}, [sessionCookieHeader(sessionId, expiresAt)]);
  }

  const sessionId = sessionIdFromCookies(event.cookies);
  const [credential, found, latest] = await Promise.all([
    credentialOfSession(access, sessionId),
    programme.priority(priorityId),
    updates.list(priorityId, { limit: 1 }),
  ]);
  const author = authoriseFor(credential, priorityId);
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
      reportingPeriod: settings.REPORTING_PERIOD,
      csrfToken: csrfTokenFor(sessionId!),
    }),
    nonce,
  );
});
