/**
 * The write path: authorise, validate against the priority's current status, and store the
 * update. It does the least that makes the update durable; summaries follow from the stream.
 */

import type { Barriers } from '#shared/data/barriers';
import type { Commitments } from '#shared/data/commitments';
import type { ProgrammeReads } from '#shared/data/programme';
import type { Summaries } from '#shared/data/summaries';
import type { Updates } from '#shared/data/updates';
import { type BarrierState, raisedByOf } from '#shared/domain/barrier';
import { authenticate, authoriseFor, type Credential, type Proof, tokenIdOf } from '#shared/domain/credential';
import { NotFound, ValidationFailed } from '#shared/domain/errors';
import { newUpdateId } from '#shared/domain/ids';
import type { RatingScaleName } from '#shared/domain/rating';
import { sha256Hex } from '#shared/domain/secrets';
import { emptySummary, type PrioritySummary } from '#shared/domain/summary';
import {
  barrierStatedIn,
  checkAskReports,
  checkReportedCommitments,
  loggedBarrierIds,
  type ProgressUpdate,
  parseUpdateInput,
  reportsCommitments,
  requireRationale,
  settleBarriers,
  withoutEmptyReports,
} from '#shared/domain/update';
import { type AccessPorts, credentialOf } from '#shared/services/access';

export interface RecordUpdatePorts extends AccessPorts {
  summaries: Pick<Summaries, 'get'>;
  programme: Pick<ProgrammeReads, 'summaryWithCredential' | 'isPriority'>;
  updates: Pick<Updates, 'record' | 'recordOnce' | 'get'>;
  barriers: Pick<Barriers, 'list'>;
  commitments: Pick<Commitments, 'list'>;
}

export interface RecordRequest {
  priorityId: string;
  proof: Proof;
  candidate: unknown;
  idempotencyKey?: string;
  scale: RatingScaleName;
}

/** A key is remembered for a day: long enough for any client's retries. */
const idempotencyHours = 24;

const hashOf = (value: unknown) => sha256Hex(JSON.stringify(value));

/** The update, and whether this request stored it: a retry with the same idempotency key gets the earlier one back. */
export interface RecordOutcome {
  update: ProgressUpdate;
  recorded: boolean;
}

export async function recordUpdate(ports: RecordUpdatePorts, request: RecordRequest, now = new Date()): Promise<RecordOutcome> {
  const [verified, stored] = await credentialAndSummary(ports, request, now);
  const current = stored ?? (await lostSummary(ports, request.priorityId));
  const author = authoriseFor(verified, request.priorityId);

  const input = withoutEmptyReports(parseUpdateInput(request.candidate, request.scale));
  requireRationale(input, current.status);
  // Read only when the update names any, so an update without them costs what it did before.
  if (reportsCommitments(input)) {
    const { asks, milestones, measures } = await ports.commitments.list(request.priorityId);
    checkReportedCommitments(input, {
      milestones: new Set(milestones.map(({ value }) => value.milestoneId)),
      measures: new Set(measures.map(({ value }) => value.measureId)),
    });
    if (input.asks) checkAskReports(input.asks, new Map(asks.map(({ value }) => [value.askId, value])));
  }

  const id = newUpdateId(now);
  const update: ProgressUpdate = {
    ...input,
    barriers: settleBarriers(input.barriers, id, await namedBarriers(ports, request.priorityId, loggedBarrierIds(input))),
    id,
    priorityId: request.priorityId,
    submittedAt: now.toISOString(),
    author,
  };
  if (!request.idempotencyKey) {
    await ports.updates.record(update);
    return { update, recorded: true };
  }
  // The key belongs to one poster and one priority; the payload says whether a retry is the same post.
  const outcome = await ports.updates.recordOnce(update, {
    keyHash: hashOf([request.priorityId, author.tokenId, request.idempotencyKey]),
    payloadHash: hashOf(input),
    updateId: update.id,
    expiresAt: new Date(now.getTime() + idempotencyHours * 3_600_000).toISOString(),
  });
  if (outcome.stored) return { update, recorded: true };
  if (outcome.earlier.payloadHash !== hashOf(input)) {
    throw new ValidationFailed(
      [{ field: 'Idempotency-Key', message: 'was already used for a different update' }],
      'This idempotency key was already used for a different update.',
    );
  }
  const earlier = await ports.updates.get(request.priorityId, outcome.earlier.updateId);
  if (!earlier) throw new Error(`Update ${outcome.earlier.updateId} of an idempotency record is missing`);
  return { update: earlier, recorded: false };
}

/**
 * A priority without a summary item (a lost item, a restore that missed it) still takes posts:
 * the catalogue says it exists, its status is taken as none, and reconcile rebuilds the summary.
 * Only this rare path reads the profile, so a post's usual reads stay one round trip.
 */
async function lostSummary(ports: RecordUpdatePorts, priorityId: string): Promise<PrioritySummary> {
  if (!(await ports.programme.isPriority(priorityId))) throw new NotFound(`There is no priority "${priorityId}".`);
  return emptySummary(priorityId);
}

/** The proof's credential and the priority's summary; a token's credential comes in the same round trip as the summary. */
async function credentialAndSummary(ports: RecordUpdatePorts, request: RecordRequest, now: Date): Promise<[Credential, PrioritySummary | undefined]> {
  const { proof, priorityId } = request;
  const tokenId = proof.kind === 'token' ? tokenIdOf(proof.token) : undefined;
  if (proof.kind !== 'token' || !tokenId) {
    const [credential, summary] = await Promise.all([credentialOf(ports, proof, now), ports.summaries.get(priorityId)]);
    return [credential, summary?.value];
  }
  const { summary, credential } = await ports.programme.summaryWithCredential(priorityId, tokenId);
  // Missed by an eventually consistent read, a credential made a moment ago is read again as credentials.get reads it.
  return [authenticate(proof.token, credential ?? (await ports.credentials.get(tokenId)), now), summary];
}

/**
 * The barriers an update names, as the log has them; read only when it names any. A barrier
 * raised a moment ago may not be in the log yet, so one missing is looked for in the update that
 * raised it (the stream applies that update first, as both sit in the priority's partition).
 */
async function namedBarriers(ports: RecordUpdatePorts, priorityId: string, ids: readonly string[]): Promise<Map<string, BarrierState>> {
  const named = new Map<string, BarrierState>();
  if (ids.length === 0) return named;
  for (const barrier of await ports.barriers.list(priorityId)) named.set(barrier.barrierId, barrier);
  for (const barrierId of new Set(ids.filter((id) => !named.has(id)))) {
    const raising = await ports.updates.get(priorityId, raisedByOf(barrierId));
    const stated = raising && barrierStatedIn(raising, barrierId);
    if (stated) named.set(barrierId, stated);
  }
  return named;
}
