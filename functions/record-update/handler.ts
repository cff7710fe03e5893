/**
 * POST /priorities/{id}/updates: a sponsor records progress, as JSON or as a form post.
 * Proof is the sponsor token (Authorization header or `token` field), or the browser
 * session made from it plus the form's CSRF token. A browser whose form has errors gets the
 * form back with the errors and everything it typed.
 */

import { Barriers } from '#shared/data/barriers';
import { Commitments } from '#shared/data/commitments';
import { TableCore } from '#shared/data/core';
import { Credentials } from '#shared/data/credentials';
import { ProgrammeReads } from '#shared/data/programme';
import { Sessions } from '#shared/data/sessions';
import { Summaries } from '#shared/data/summaries';
import { Updates } from '#shared/data/updates';
import { authoriseFor, type Proof } from '#shared/domain/credential';
import { ValidationFailed } from '#shared/domain/errors';
import { csrfTokenFor } from '#shared/domain/session';
import { updateCandidateFromForm } from '#shared/domain/update';
import type { FormFields } from '#shared/http/body';
import { priorityIdOf } from '#shared/http/params';
import { publishedUpdate } from '#shared/http/publish';
import { type HttpResult, html, json, newNonce, seeOther } from '#shared/http/responses';
import { postOf } from '#shared/http/token';
import { emit, withMetrics } from '#shared/metrics';
import { pageHandler } from '#shared/pages/handler';
import { credentialOf } from '#shared/services/access';
import { type RecordUpdatePorts, recordUpdate } from '#shared/services/record-update';
import { settingsFor } from '#shared/settings';
import { definition } from './definition.ts';

const settings = settingsFor(definition);
const table = new TableCore(settings.TABLE_NAME);
const updates = new Updates(table);
const programme = new ProgrammeReads(table);
const ports: RecordUpdatePorts = {
  credentials: new Credentials(table),
  sessions: new Sessions(table),
  summaries: new Summaries(table),
  programme,
  updates,
  barriers: new Barriers(table),
  commitments: new Commitments(table),
};

/** The form again, with every error and every value as typed. */
async function formWithErrors(priorityId: string, proof: Proof, fields: FormFields, errors: ValidationFailed): Promise<HttpResult> {
  const [found, latest, credential, log, committed, { updateFormPage, updateFormCommitments }] = await Promise.all([
    programme.priority(priorityId),
    updates.list(priorityId, { limit: 1 }),
    credentialOf(ports, proof),
    ports.barriers.list(priorityId),
    ports.commitments.list(priorityId),
    // On demand: only a browser's form with errors needs the page runtime; JSON posts never load it.
    import('./page.ts'),
  ]);
  if (!found) throw errors;
  const nonce = newNonce();
  const body = updateFormPage({
    nonce,
    priority: found.priority,
    summary: found.summary,
    lastUpdate: latest.updates[0],
    author: authoriseFor(credential, priorityId),
    scale: settings.RATING_SCALE,
    reportingPeriod: settings.REPORTING_PERIOD,
    csrfToken: proof.kind === 'session' ? csrfTokenFor(proof.sessionId) : '',
    barriers: log,
    asks: committed.asks.map(({ value }) => value),
    commitments: updateFormCommitments(
      committed.milestones.map(({ value }) => value),
      committed.measures.map(({ value }) => value),
      fields,
    ),
    values: fields,
    errors: errors.fieldErrors,
  });
  return html(422, body, nonce);
}

export const handler = withMetrics(
  pageHandler(async (event) => {
    const priorityId = priorityIdOf(event);
    const { body, fields, proof, browser } = postOf(event);
    const submissionId = fields?.submissionId;
    const idempotencyKey = event.headers['idempotency-key'] ?? (typeof submissionId === 'string' && submissionId ? submissionId : undefined);

    try {
      const { update, recorded } = await recordUpdate(ports, {
        priorityId,
        proof,
        candidate: body.kind === 'form' ? updateCandidateFromForm(body.fields) : body.value,
        scale: settings.RATING_SCALE,
        ...(idempotencyKey ? { idempotencyKey } : {}),
      });
      if (recorded) emit('UpdatesRecorded');
      const location = `/priorities/${encodeURIComponent(priorityId)}/updates/${update.id}`;
      if (browser) return seeOther(location);
      return json(201, publishedUpdate(update), { location });
    } catch (error) {
      if (browser && fields && error instanceof ValidationFailed) return formWithErrors(priorityId, proof, fields, error);
      throw error;
    }
  }),
);
