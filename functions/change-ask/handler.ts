/**
 * POST /asks/{id}/{askId}: a board member, or the priority's sponsor or delivery lead, changes
 * an ask of government, as JSON or from the ask's page. Proof is a token (Authorization header
 * or `token` field), or a session with the form's CSRF token. A browser whose change has errors,
 * or was made from a version another change has replaced, gets the page back with what it typed.
 */

import { Commitments } from '#shared/data/commitments';
import { TableCore } from '#shared/data/core';
import { Credentials } from '#shared/data/credentials';
import { ProgrammeReads } from '#shared/data/programme';
import { Sessions } from '#shared/data/sessions';
import { askChangeFromForm } from '#shared/domain/ask';
import { Conflict, NotFound, ValidationFailed } from '#shared/domain/errors';
import { askIdOf, priorityIdOf } from '#shared/http/params';
import { html, json, newNonce, seeOther } from '#shared/http/responses';
import { postOf } from '#shared/http/token';
import { pageHandler } from '#shared/pages/handler';
import { askEditorOf, askWithHistory, type ChangeAskPorts, changeAsk } from '#shared/services/asks';
import { settingsFor } from '#shared/settings';
import { definition } from './definition.ts';

const table = new TableCore(settingsFor(definition).TABLE_NAME);
const commitments = new Commitments(table);
const programme = new ProgrammeReads(table);
const ports: ChangeAskPorts = { credentials: new Credentials(table), sessions: new Sessions(table), commitments };

export const handler = pageHandler(async (event) => {
  const priorityId = priorityIdOf(event);
  const askId = askIdOf(event);
  const { body, fields, proof, browser } = postOf(event, 'A board member’s, or this priority’s sponsor’s or delivery lead’s, token or session is required.');
  const path = `/asks/${encodeURIComponent(priorityId)}/${encodeURIComponent(askId)}`;
  try {
    // A form's other fields (its token, its CSRF token) are proof, not part of the change.
    const candidate = body.kind === 'form' ? askChangeFromForm(body.fields) : body.value;
    const outcome = await changeAsk(ports, { priorityId, askId, proof, candidate });
    if (browser) return seeOther(`${path}?changed`);
    return json(200, { ask: { ...outcome.ask, version: outcome.version }, changed: outcome.changed }, { location: path });
  } catch (error) {
    if (!(browser && fields && (error instanceof ValidationFailed || error instanceof Conflict))) throw error;
    // The page again, with the errors and what was typed; after a conflict, with the ask as it now is.
    const [found, editor, { askPage }] = await Promise.all([
      askWithHistory({ commitments, programme }, priorityId, askId),
      proof.kind === 'session' ? askEditorOf(ports, proof.sessionId, priorityId) : undefined,
      import('./page.ts'),
    ]);
    if (!found) throw new NotFound(`There is no ask "${askId}" on priority "${priorityId}".`);
    const conflict = error instanceof Conflict;
    const errors = conflict ? [{ field: 'version', message: error.message }] : error.fieldErrors;
    const values = conflict ? { ...fields, version: String(found.ask.version) } : fields;
    const nonce = newNonce();
    const page = askPage({ nonce, priorityTitle: found.priority.title, ask: found.ask, history: found.history, ...(editor ? { editor } : {}), values, errors });
    return html(conflict ? 409 : 422, page, nonce);
  }
});
