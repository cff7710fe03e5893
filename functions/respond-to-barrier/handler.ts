/**
 * POST /priorities/{id}/barriers/{barrierId}/responses: a board member records a response to a
 * barrier, as JSON or from the barriers page. Proof is a board token (Authorization header or
 * `token` field), or a board session with the form's CSRF token. A browser whose response has
 * errors gets the page back with the errors and what it typed.
 */

import { Barriers } from '#shared/data/barriers';
import { TableCore } from '#shared/data/core';
import { Credentials } from '#shared/data/credentials';
import { ProgrammeReads } from '#shared/data/programme';
import { Sessions } from '#shared/data/sessions';
import { barrierIdSchema } from '#shared/domain/barrier';
import { roleOf } from '#shared/domain/credential';
import { NotFound, ValidationFailed } from '#shared/domain/errors';
import { csrfTokenFor } from '#shared/domain/session';
import { priorityIdOf } from '#shared/http/params';
import { publishedBoardResponse } from '#shared/http/publish';
import { html, json, newNonce, seeOther } from '#shared/http/responses';
import { postOf } from '#shared/http/token';
import { pageHandler } from '#shared/pages/handler';
import { credentialOf } from '#shared/services/access';
import { type RespondPorts, respondToBarrier } from '#shared/services/barriers';
import { settingsFor } from '#shared/settings';
import { definition } from './definition.ts';

const table = new TableCore(settingsFor(definition).TABLE_NAME);
const barriers = new Barriers(table);
const ports: RespondPorts = { credentials: new Credentials(table), sessions: new Sessions(table), barriers };
const programme = new ProgrammeReads(table);

export const handler = pageHandler(async (event) => {
  const priorityId = priorityIdOf(event);
  const barrierId = event.pathParameters?.barrierId ?? '';
  if (!barrierIdSchema.safeParse(barrierId).success) throw new NotFound('There is no such barrier.');
  const { body, fields, proof, browser } = postOf(event, 'A board member’s token or session is required.');
  try {
    // A form's other fields (its token, its CSRF token) are proof, not part of the response.
    const candidate = body.kind === 'form' ? { decision: body.fields.decision, owner: body.fields.owner, dueDate: body.fields.dueDate } : body.value;
    const response = await respondToBarrier(ports, { priorityId, barrierId, proof, candidate });
    if (browser) return seeOther(`/barriers?responded=${encodeURIComponent(barrierId)}#barrier-${barrierId}`);
    return json(201, publishedBoardResponse(response), { location: `/priorities/${encodeURIComponent(priorityId)}#barrier-${barrierId}` });
  } catch (error) {
    if (!(browser && fields && error instanceof ValidationFailed)) throw error;
    // The page again, with the errors beside the response that had them.
    const [{ priorities }, log, credential, { barriersPage }] = await Promise.all([
      programme.snapshot(),
      barriers.list(),
      credentialOf(ports, proof),
      // On demand: only a browser's response with errors needs the page runtime; JSON posts never load it.
      import('./page.ts'),
    ]);
    const nonce = newNonce();
    const board =
      roleOf(credential) === 'board' && proof.kind === 'session'
        ? { csrfToken: csrfTokenFor(proof.sessionId), ...(credential.name ? { name: credential.name } : {}) }
        : undefined;
    const page = barriersPage({
      nonce,
      priorities,
      barriers: log,
      ...(board ? { board } : {}),
      failed: { barrierId, values: fields, errors: error.fieldErrors },
    });
    return html(422, page, nonce);
  }
});
