/**
 * GET /priorities/{id}/updates/{updateId}/correct: the correction form, prefilled with the update,
 * for a session that may correct it. POST …/corrections: the correction, as JSON (201 with the
 * correction) or as a form post (303 to the correction's page); a browser whose form has errors
 * gets it back with the errors and what it typed.
 */

import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { Catalogue } from '#shared/data/catalogue';
import { TableCore } from '#shared/data/core';
import { Credentials } from '#shared/data/credentials';
import { Sessions } from '#shared/data/sessions';
import { Updates } from '#shared/data/updates';
import type { FieldError } from '#shared/domain/errors';
import { ValidationFailed } from '#shared/domain/errors';
import { csrfTokenFor, sessionIdFromCookies } from '#shared/domain/session';
import { updateCandidateFromForm } from '#shared/domain/update';
import type { FormFields } from '#shared/http/body';
import { priorityIdOf, updateIdOf } from '#shared/http/params';
import { publishedUpdate } from '#shared/http/publish';
import { type HttpResult, html, json, newNonce, seeOther } from '#shared/http/responses';
import { postOf } from '#shared/http/token';
import { pageHandler } from '#shared/pages/handler';
import { type CorrectionPorts, correctUpdate, updateForTheForm } from '#shared/services/corrections';
import { settingsFor } from '#shared/settings';
import { definition } from './definition.ts';

const settings = settingsFor(definition);
const table = new TableCore(settings.TABLE_NAME);
const catalogue = new Catalogue(table);
const ports: CorrectionPorts = { credentials: new Credentials(table), sessions: new Sessions(table), updates: new Updates(table) };

/** The form, for a session that may correct the update: prefilled, or as typed with its errors (422). */
async function form(
  event: APIGatewayProxyEventV2,
  proof: Parameters<typeof updateForTheForm>[1]['proof'],
  typed?: { fields: FormFields; errors: FieldError[] },
): Promise<HttpResult> {
  const request = { priorityId: priorityIdOf(event), updateId: updateIdOf(event), proof, windowDays: settings.CORRECTION_WINDOW_DAYS };
  const [original, profile, { correctionFormPage }] = await Promise.all([
    updateForTheForm(ports, request, new Date()),
    catalogue.priorityProfile(request.priorityId),
    import('./page.ts'),
  ]);
  const nonce = newNonce();
  const body = correctionFormPage({
    nonce,
    priorityTitle: profile?.title ?? request.priorityId,
    original,
    scale: settings.RATING_SCALE,
    csrfToken: proof.kind === 'session' ? csrfTokenFor(proof.sessionId) : '',
    ...(typed ? { values: typed.fields, errors: typed.errors } : {}),
  });
  return html(typed ? 422 : 200, body, nonce);
}

export const handler = pageHandler(async (event) => {
  if (event.routeKey === 'GET /priorities/{id}/updates/{updateId}/correct') {
    const sessionId = sessionIdFromCookies(event.cookies);
    // The form's proof is the session; its post carries the CSRF token this gives.
    return form(event, { kind: 'session', sessionId: sessionId ?? '', csrfToken: sessionId ? csrfTokenFor(sessionId) : '' });
  }
  const priorityId = priorityIdOf(event);
  const updateId = updateIdOf(event);
  const { body, fields, proof, browser } = postOf(event);
  try {
    const correction = await correctUpdate(ports, {
      priorityId,
      updateId,
      proof,
      candidate: body.kind === 'form' ? updateCandidateFromForm(body.fields) : body.value,
      scale: settings.RATING_SCALE,
      windowDays: settings.CORRECTION_WINDOW_DAYS,
    });
    const location = `/priorities/${encodeURIComponent(priorityId)}/updates/${correction.id}`;
    if (browser) return seeOther(location);
    return json(201, publishedUpdate(correction), { location });
  } catch (error) {
    if (browser && fields && error instanceof ValidationFailed) return form(event, proof, { fields, errors: error.fieldErrors });
    throw error;
  }
});
