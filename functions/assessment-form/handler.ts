/**
 * GET /priorities/{id}/assessments/new: the independent assessment form, for the priority's
 * delivery lead or a board member, with the sponsor's rating and reasons beside it. With a
 * personal link's `?token=`, the link's Continue page, as on the update form.
 */

import { TableCore } from '#shared/data/core';
import { Credentials } from '#shared/data/credentials';
import { ProgrammeReads } from '#shared/data/programme';
import { Sessions } from '#shared/data/sessions';
import { Updates } from '#shared/data/updates';
import { authoriseAssessor, roleOf } from '#shared/domain/credential';
import { NotFound } from '#shared/domain/errors';
import { csrfTokenFor, sessionIdFromCookies } from '#shared/domain/session';
import { priorityIdOf } from '#shared/http/params';
import { html, newNonce } from '#shared/http/responses';
import { pageHandler } from '#shared/pages/handler';
import { assessmentFormPage, personalLinkPage } from '#shared/pages/pages';
import { credentialOfLink, credentialOfSession } from '#shared/services/access';
import { settingsFor } from '#shared/settings';
import { definition } from './definition.ts';

const settings = settingsFor(definition);
const table = new TableCore(settings.TABLE_NAME);
const access = { credentials: new Credentials(table), sessions: new Sessions(table) };
const programme = new ProgrammeReads(table);
const updates = new Updates(table);

export const handler = pageHandler(async (event) => {
  const priorityId = priorityIdOf(event);
  const token = event.queryStringParameters?.token;

  if (token !== undefined) {
    const target = { page: 'assessment-form', priorityId } as const;
    const [credential, found] = await Promise.all([credentialOfLink(access, token, target), programme.priority(priorityId)]);
    if (!found) throw new NotFound(`There is no priority "${priorityId}".`);
    const nonce = newNonce();
    return html(200, personalLinkPage(nonce, { token, target, role: roleOf(credential), priorityTitle: found.priority.title }), nonce);
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
