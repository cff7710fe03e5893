/**
 * GET /priorities/{id}/assessments/new: the independent assessment form, for the priority's
 * delivery lead or a board member, with the sponsor's rating and reasons beside it. A
 * personal link's `?token=` becomes a session cookie first, as on the update form.
 */

import { TableCore } from '#shared/data/core';
import { Credentials } from '#shared/data/credentials';
import { ProgrammeReads } from '#shared/data/programme';
import { Sessions } from '#shared/data/sessions';
import { Updates } from '#shared/data/updates';
import { authoriseAssessor } from '#shared/domain/credential';
import { NotFound } from '#shared/domain/errors';
import { csrfTokenFor, sessionCookieHeader, sessionIdFromCookies } from '#shared/domain/session';
import { html as markup } from '#shared/html';
import { priorityIdOf } from '#shared/http/params';
import { html, newNonce } from '#shared/http/responses';
import { pageHandler } from '#shared/pages/handler';
import { assessmentFormPage } from '#shared/pages/pages';
import { credentialOfSession, openSession } from '#shared/services/access';
import { settingsFor } from '#shared/settings';
import { definition } from './definition.ts';

const settings = settingsFor(definition);
const table = new TableCore(settings.TABLE_NAME);
const access = { credentials: new Credentials(table), sessions: new Sessions(table) };
const programme = new ProgrammeReads(table);
const updates = new Updates(table);

export const handler = pageHandler(async (event) => {
  const priorityId = priorityIdOf(event);
  const formPath = `/priorities/${encodeURIComponent(priorityId)}/assessments/new`;
  const token = event.queryStringParameters?.token;

  if (token !== undefined) {
    const { sessionId, expiresAt } = await openSession(access, token, (credential) => authoriseAssessor(credential, priorityId));
    const nonce = newNonce();
    // A same-site refresh, not a redirect: see functions/update-form/handler.ts.
    const page = markup`<!doctype html><html lang="en"><head><meta charset="utf-8"><meta http-equiv="refresh" content="0;url=${formPath}"><title>Opening the form</title></head>
<body><p><a href="${formPath}">Continue to the assessment form</a></p></body></html>`;
    return html(200, page.value, nonce, {}, [sessionCookieHeader(sessionId, expiresAt)]);
  }

  const sessionId = sessionIdFromCookies(event.cookies);
  const [credential, found, latest] = await Promise.all([
    credentialOfSession(access, sessionId),
    programme.priority(priorityId),
    updates.list(priorityId, { limit: 1 }),
  ]);
  const assessor = authoriseAssessor(credential, priorityId);
  if (!found) throw new NotFound(`There is no priority "${priorityId}".`);
  const nonce = newNonce();
  return html(
    200,
    assessmentFormPage({
      nonce,
      priority: found.priority,
      summary: found.summary,
      lastUpdate: latest.updates[0],
      assessment: found.assessment,
      assessor,
      scale: settings.RATING_SCALE,
      reportingPeriod: settings.REPORTING_PERIOD,
      csrfToken: csrfTokenFor(sessionId!),
    }),
    nonce,
  );
});
