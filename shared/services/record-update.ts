/**
 * The write path: authorise, validate against the priority's current status, and store the
 * update. It does the least that makes the update durable; summaries follow from the stream.
 */
import { IdempotencyConfig, IdempotencyValidationError, IdempotencyAlreadyInProgressError, makeIdempotent } from '@aws-lambda-powertools/idempotency';
import { DynamoDBPersistenceLayer } from '@aws-lambda-powertools/idempotency/dynamodb';
import type { Context } from 'aws-lambda';
import { authenticate, authoriseFor, stillValid, tokenIdOf, type Credential } from '../domain/credential.ts';
import { csrfTokenMatches, hashSessionId } from '../domain/session.ts';
import { Conflict, Forbidden, NotFound, Unauthorised, ValidationFailed } from '../domain/errors.ts';
import { newUpdateId } from '../domain/ids.ts';
import type { RatingScaleName } from '../domain/rating.ts';
import { parseUpdateInput, requireRationale, type ProgressUpdate } from '../domain/update.ts';
import { dynamoDb } from '../data/client.ts';
import { table } from '../data/table.ts';
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

/** What the idempotency record remembers: the key's scope and the request's payload. */
interface IdempotentWrite {
  scope: { priorityId: string; tokenId: string; key: string };
  payload: unknown;
}

export class UpdateRecorder {
  private readonly recordOnce: (write: IdempotentWrite, update: ProgressUpdate) => Promise<ProgressUpdate>;
  private readonly idempotency: IdempotencyConfig;

  constructor(private readonly store: ProgressStore) {
    this.idempotency = new IdempotencyConfig({
      eventKeyJmesPath: 'scope',
      payloadValidationJmesPath: 'payload',
      expiresAfterSeconds: 24 * 60 * 60,
    });
    const persistenceStore = new DynamoDBPersistenceLayer({
      tableName: store.tableName,
      keyAttr: table.partitionKey,
      sortKeyAttr: table.sortKey,
      expiryAttr: table.timeToLiveAttribute,
      awsSdkV3Client: dynamoDb,
    });
    this.recordOnce = makeIdempotent(
      async (_write: IdempotentWrite, update: ProgressUpdate) => {
        await this.store.recordUpdate(update);
        return update;
      },
      { persistenceStore, config: this.idempotency, keyPrefix: 'record-update', dataIndexArgument: 0 },
    );
  }

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

  async record(request: RecordRequest, context?: Context, now = new Date()): Promise<ProgressUpdate> {
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
    if (context) this.idempotency.registerLambdaContext(context);
    const write: IdempotentWrite = {
      scope: { priorityId: request.priorityId, tokenId: author.tokenId, key: request.idempotencyKey },
      payload: input,
    };
    try {
      return await this.recordOnce(write, update);
    } catch (error) {
      if (error instanceof IdempotencyValidationError) {
        throw new ValidationFailed(
          [{ field: 'Idempotency-Key', message: 'was already used for a different update' }],
          'This idempotency key was already used for a different update.',
        );
      }
      if (error instanceof IdempotencyAlreadyInProgressError) {
        throw new Conflict('An update with this idempotency key is still being recorded; retry shortly.', 1);
      }
      throw error;
    }
  }
}
