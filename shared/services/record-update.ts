/**
 * The write path: authorise, validate against the priority's current status, and store the
 * update. It does the least that makes the update durable; summaries follow from the stream.
 */
import { createHash } from 'node:crypto';
import { authenticate, authoriseFor, stillValid, tokenIdOf, type Credential } from '../domain/credential.ts';
import { csrfTokenMatches, hashSessionId } from '../domain/session.ts';
import { Forbidden, NotFound, Unauthorised, ValidationFailed } from '../domain/errors.ts';
import { newUpdateId } from '../domain/ids.ts';
import type { RatingScaleName } from '../domain/rating.ts';
import { parseUpdateInput, requireRationale, type ProgressUpdate } from '../domain/update.ts';
import type { ProgressStore } from '../data/progress-store.ts';

/** How the poster proves who they are: the sponsor token itself, or a browser session made from it. */
export type Proof = { kind: 'token'; token: string } | { kind: 'session'; sessionId: string; csrfToken: unknown };

export interface RecordRequest {
  priorityId: string;
  proof: Proof;
  candidate: unknown;
  idempotencyKey?: string;
  scale: RatingScaleName;
}

/** A key is remembered for a day: long enough for any client's retries. */
const idempotencyHours = 24;

const sha256 = (value: unknown) => createHash('sha256').update(JSON.stringify(value)).digest('hex');

export class UpdateRecorder {
  constructor(private readonly store: ProgressStore) {}

  /** The credential behind a proof; every failure is a 401, a cookie without a valid CSRF token a 403. */
  async credentialFor(proof: Proof, now = new Date()): Promise<Credential> {
    if (proof.kind === 'token') {
      const tokenId = tokenIdOf(proof.token);
      return authenticate(proof.token, tokenId ? await this.store.getCredential(tokenId) : undefined, now);
    }
    const session = await this.store.getSession(hashSessionId(proof.sessionId), now);
    if (!session) throw new Unauthorised('Your session has ended. Open the link in your latest email again.');
    if (!csrfTokenMatches(proof.sessionId, proof.csrfToken)) {
      throw new Forbidden('This form has expired or did not come from this service. Reload the form and try again.');
    }
    return stillValid(await this.store.getCredential(session.tokenId), now);
  }

  async record(request: RecordRequest, now = new Date()): Promise<ProgressUpdate> {
    const [verified, current] = await Promise.all([this.credentialFor(request.proof, now), this.store.getSummary(request.priorityId)]);
    if (!current) throw new NotFound(`There is no priority "${request.priorityId}".`);
    const author = authoriseFor(verified, request.priorityId);

    const input = parseUpdateInput(request.candidate, request.scale);
    requireRationale(input, current.value.status);

    const update: ProgressUpdate = {
      ...input,
      id: newUpdateId(now),
      priorityId: request.priorityId,
      submittedAt: now.toISOString(),
      author,
    };
    if (!request.idempotencyKey) {
      await this.store.recordUpdate(update);
      return update;
    }
    // The key belongs to one poster and one priority; the payload says whether a retry is the same post.
    const outcome = await this.store.recordUpdateOnce(update, {
      keyHash: sha256([request.priorityId, author.tokenId, request.idempotencyKey]),
      payloadHash: sha256(input),
      updateId: update.id,
      expiresAt: new Date(now.getTime() + idempotencyHours * 3_600_000).toISOString(),
    });
    if (outcome.stored) return update;
    if (outcome.earlier.payloadHash !== sha256(input)) {
      throw new ValidationFailed(
        [{ field: 'Idempotency-Key', message: 'was already used for a different update' }],
        'This idempotency key was already used for a different update.',
      );
    }
    const earlier = await this.store.getUpdate(request.priorityId, outcome.earlier.updateId);
    if (!earlier) throw new Error(`Update ${outcome.earlier.updateId} of an idempotency record is missing`);
    return earlier;
  }
}
