/**
 * The barrier log's use cases: following the updates on the stream, and the board's responses.
 */

import type { Barriers } from '#shared/data/barriers';
import { actorOf, auditEntry } from '#shared/domain/audit';
import { type BoardResponse, boardResponseInputSchema, raisedByOf } from '#shared/domain/barrier';
import { authoriseBoard, type Proof } from '#shared/domain/credential';
import { fieldErrors, NotFound, ValidationFailed } from '#shared/domain/errors';
import { newUpdateId } from '#shared/domain/ids';
import type { ProgressUpdate } from '#shared/domain/update';
import { type AccessPorts, credentialOf } from '#shared/services/access';

/**
 * Applies an update's barrier entries to the log; returns how many changed it. Entries without
 * an id come from updates stored before the log and are left out of it.
 */
export async function logBarriers(barriers: Pick<Barriers, 'applyState'>, update: ProgressUpdate): Promise<number> {
  // A correction repeats the original's barriers as they were then: the log, which later updates may have moved on, stays as it is.
  if (update.corrects) return 0;
  let changed = 0;
  for (const { id, description, needsBoardSupport, owner, status } of update.barriers) {
    if (id === undefined) continue;
    const state = { description, needsBoardSupport, ...(owner ? { owner } : {}), status: status ?? 'open' };
    const from = { updateId: update.id, submittedAt: update.submittedAt, period: update.period, raises: raisedByOf(id) === update.id };
    if (await barriers.applyState(update.priorityId, id, state, from)) changed += 1;
  }
  return changed;
}

export interface RespondPorts extends AccessPorts {
  barriers: Pick<Barriers, 'get' | 'respond'>;
}

export interface RespondRequest {
  priorityId: string;
  barrierId: string;
  proof: Proof;
  candidate: unknown;
}

/**
 * A board member records a response to a barrier, with its audit entry in the same transaction;
 * the barrier's sponsor and delivery lead are told from the stream.
 */
export async function respondToBarrier(ports: RespondPorts, request: RespondRequest, now = new Date()): Promise<BoardResponse> {
  const [credential, barrier] = await Promise.all([credentialOf(ports, request.proof, now), ports.barriers.get(request.priorityId, request.barrierId)]);
  const by = authoriseBoard(credential);
  if (!barrier) throw new NotFound(`There is no barrier "${request.barrierId}" on priority "${request.priorityId}".`);
  const parsed = boardResponseInputSchema.safeParse(request.candidate);
  if (!parsed.success) throw new ValidationFailed(fieldErrors(parsed.error), 'The response has fields that need correcting.');
  const response: BoardResponse = {
    ...parsed.data,
    priorityId: barrier.priorityId,
    barrierId: barrier.barrierId,
    responseId: newUpdateId(now),
    respondedAt: now.toISOString(),
    respondedBy: { tokenId: by.tokenId, ...(by.personId ? { personId: by.personId } : {}), ...(by.name ? { name: by.name } : {}) },
    barrierDescription: barrier.description,
  };
  const { responseId, decision, owner, dueDate } = response;
  const audit = auditEntry(
    'board-response',
    actorOf(credential),
    { kind: 'barrier', id: barrier.barrierId, priorityId: barrier.priorityId },
    { after: { responseId, decision, owner, dueDate } },
    now,
  );
  if (!(await ports.barriers.respond(response, audit))) throw new Error(`A response ${response.responseId} exists already`);
  return response;
}
