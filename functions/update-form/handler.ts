/**
 * GET /priorities/{id}/updates/new: the update form a personal link opens. With `?token=`, the
 * link's Continue page, whose post makes the session (functions/sessions); a GET writes nothing.
 */

import { Barriers } from '#shared/data/barriers';
import { Commitments } from '#shared/data/commitments';
import { TableCore } from '#shared/data/core';
import { Credentials } from '#shared/data/credentials';
import { ProgrammeReads } from '#shared/data/programme';
import { Sessions } from '#shared/data/sessions';
import { Updates } from '#shared/data/updates';
import { authoriseFor, roleOf } from '#shared/domain/credential';
import { NotFound } from '#shared/domain/errors';
import { csrfTokenFor, sessionIdFromCookies } from '#shared/domain/session';
import { priorityIdOf } from '#shared/http/params';
import { html, newNonce } from '#shared/http/responses';
import { updateFormCommitments } from '#shared/pages/commitments';
import { pageHandler } from '#shared/pages/handler';
import { personalLinkPage, updateFormPage } from '#shared/pages/pages';
import { credentialOfLink, credentialOfSession } from '#shared/services/access';
import { settingsFor } from '#shared/settings';
import { definition } from './definition.ts';

const settings = settingsFor(definition);
const table = new TableCore(settings.TABLE_NAME);
const access = { credentials: new Credentials(table), sessions: new Sessions(table) };
const programme = new ProgrammeReads(table);
const updates = new Updates(table);
const barriers = new Barriers(table);
const commitments = new Commitments(table);

export const handler = pageHandler(async (event) => {
  const priorityId = priorityIdOf(event);
  const token = event.queryStringParameters?.token;

  if (token !== undefined) {
    const target = { page: 'update-form', priorityId } as const;
    const [credential, found] = await Promise.all([credentialOfLink(access, token, target), programme.priority(priorityId)]);
    if (!found) throw new NotFound(`There is no priority "${priorityId}".`);
    const nonce = newNonce();
    return html(200, personalLinkPage(nonce, { token, target, role: roleOf(credential), priorityTitle: found.priority.title }), nonce);
  }

  const sessionId = sessionIdFromCookies(event.cookies);
  const [credential, found, latest, log, committed] = await Promise.all([
    credentialOfSession(access, sessionId),
    programme.priority(priorityId),
    updates.list(priorityId, { limit: 1 }),
    barriers.list(priorityId),
    commitments.list(priorityId),
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
      barriers: log,
      asks: committed.asks.map(({ value }) => value),
      commitments: updateFormCommitments(
        committed.milestones.map(({ value }) => value),
        committed.measures.map(({ value }) => value),
      ),
    }),
    nonce,
  );
});
