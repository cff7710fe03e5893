/**
 * POST /priorities/{id}/assessments: a delivery lead or board member records their own rating,
 * as JSON (201 with the assessment) or as a form post (303 to the priority's page). Proof is a
 * token (Authorization header or `token` field), or the session made from one plus the form's
 * CSRF token. A browser whose form has errors gets it back with the errors and what it typed.
 */

import { Assessments } from '#shared/data/assessments';
import { TableCore } from '#shared/data/core';
import { Credentials } from '#shared/data/credentials';
import { ProgrammeReads } from '#shared/data/programme';
import { Sessions } from '#shared/data/sessions';
import { Updates } from '#shared/data/updates';
import { assessmentCandidateFromForm } from '#shared/domain/assessment';
import { authoriseAssessor, type Proof } from '#shared/domain/credential';
import { ValidationFailed } from '#shared/domain/errors';
import { csrfTokenFor } from '#shared/domain/session';
import type { FormFields } from '#shared/http/body';
import { priorityIdOf } from '#shared/http/params';
import { publishedAssessment } from '#shared/http/publish';
import { type HttpResult, html, json, newNonce, seeOther } from '#shared/http/responses';
import { postOf } from '#shared/http/token';
import { emit, withMetrics } from '#shared/metrics';
import { pageHandler } from '#shared/pages/handler';
import { credentialOf } from '#shared/services/access';
import { type RecordAssessmentPorts, recordAssessment } from '#shared/services/record-assessment';
import { settingsFor } from '#shared/settings';
import { definition } from './definition.ts';

const settings = settingsFor(definition);
const table = new TableCore(settings.TABLE_NAME);
const programme = new ProgrammeReads(table);
const updates = new Updates(table);
const ports: RecordAssessmentPorts = { credentials: new Credentials(table), sessions: new Sessions(table), programme, assessments: new Assessments(table) };

/** The form again, with every error and every value as typed. */
async function formWithErrors(priorityId: string, proof: Proof, fields: FormFields, errors: ValidationFailed): Promise<HttpResult> {
  const [found, latest, credential, { assessmentFormPage }] = await Promise.all([
    programme.priority(priorityId),
    updates.list(priorityId, { limit: 1 }),
    credentialOf(ports, proof),
    // On demand: only a browser's form with errors needs the page runtime; JSON posts never load it.
    import('./page.ts'),
  ]);
  if (!found) throw errors;
  const nonce = newNonce();
  const body = assessmentFormPage({
    nonce,
    priority: found.priority,
    summary: found.summary,
    lastUpdate: latest.updates[0],
    assessment: found.assessment,
    assessor: authoriseAssessor(credential, priorityId),
    scale: settings.RATING_SCALE,
    reportingPeriod: settings.REPORTING_PERIOD,
    csrfToken: proof.kind === 'session' ? csrfTokenFor(proof.sessionId) : '',
    values: fields,
    errors: errors.fieldErrors,
  });
  return html(422, body, nonce);
}

export const handler = withMetrics(
  pageHandler(async (event) => {
    const priorityId = priorityIdOf(event);
    const { body, fields, proof, browser } = postOf(event);
    try {
      const assessment = await recordAssessment(ports, {
        priorityId,
        proof,
        candidate: body.kind === 'form' ? assessmentCandidateFromForm(body.fields) : body.value,
        scale: settings.RATING_SCALE,
      });
      emit('AssessmentsRecorded');
      const location = `/priorities/${encodeURIComponent(priorityId)}`;
      if (browser) return seeOther(location);
      return json(201, publishedAssessment(assessment), { location });
    } catch (error) {
      if (browser && fields && error instanceof ValidationFailed) return formWithErrors(priorityId, proof, fields, error);
      throw error;
    }
  }),
);
