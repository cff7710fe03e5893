/**
 * The progress store: every read and write the functions make, over lib-dynamodb.
 * Items carry an `entity` attribute (so stream consumers and filters can tell them apart)
 * and, where they are rewritten, a `version` for optimistic locking.
 */
import {
  BatchGetCommand,
  DeleteCommand,
  TransactWriteCommand,
  GetCommand,
  PutCommand,
  QueryCommand,
  UpdateCommand,
  type DynamoDBDocumentClient,
} from '@aws-sdk/lib-dynamodb';
import { ConditionalCheckFailedException, TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { documentClient } from './client.ts';
import { keys, type Entity, type Key } from './keys.ts';
import type { Credential } from '../domain/credential.ts';
import type { Person } from '../domain/people.ts';
import type { Status } from '../domain/rating.ts';
import type { StoredSession } from '../domain/session.ts';
import type { Programme, Priority } from '../domain/catalogue.ts';
import { emptyPortfolio, emptySummary, type Portfolio, type PrioritySummary } from '../domain/summary.ts';
import type { ProgressUpdate } from '../domain/update.ts';

export interface Versioned<T> {
  value: T;
  version: number;
}

export type ProgrammeProfile = Omit<Programme, 'priorities'> & { priorityIds: string[] };

export interface ProgrammeSnapshot {
  programme: ProgrammeProfile | undefined;
  priorities: Priority[];
  summaries: Map<string, PrioritySummary>;
  portfolio: Portfolio;
}

export interface UpdatePage {
  updates: ProgressUpdate[];
  /** The id of the last update on this page when more may follow. */
  lastId?: string;
}

const bookkeeping = ['pk', 'sk', 'entity', 'version', 'ttl'] as const;

function strip<T>(item: Record<string, unknown>): T {
  const copy = { ...item };
  for (const attribute of bookkeeping) delete copy[attribute];
  return copy as T;
}

/** Thrown when an optimistic write lost a race; the caller reads again and retries. */
export class StaleWrite extends Error {
  constructor(what: string) {
    super(`${what} changed while it was being written`);
    this.name = 'StaleWrite';
  }
}

/** What an idempotency key is remembered by: hashes of the key's scope and of the payload, and the update it made. */
export interface IdempotencyRecord {
  keyHash: string;
  payloadHash: string;
  updateId: string;
  expiresAt: string;
}

/** What happened when a delivery was claimed: send it now, or someone already did (or is doing) so. */
export type DeliveryClaim = 'claimed' | 'done';

export interface DigestBaseline {
  runId: string;
  /** Each priority's status when that digest ran. */
  statuses: Record<string, Status | null>;
  /** The baseline that run compared against, so a re-run of it says the same. */
  previous: Record<string, Status | null>;
}

const deliveryLeaseSeconds = 120;
const deliveryKeptDays = 30;

export class ProgressStore {
  constructor(
    readonly tableName: string,
    private readonly client: DynamoDBDocumentClient = documentClient,
  ) {}

  private async get(key: Key, consistent = false): Promise<Record<string, unknown> | undefined> {
    const { Item } = await this.client.send(new GetCommand({ TableName: this.tableName, Key: key, ConsistentRead: consistent }));
    return Item;
  }

  /** A versioned put: creates when `version` is 0, otherwise only replaces that version. */
  private async putVersioned(entity: Entity, key: Key, value: object, version: number): Promise<void> {
    try {
      await this.client.send(
        new PutCommand({
          TableName: this.tableName,
          Item: { ...key, entity, ...value, version: version + 1 },
          ConditionExpression: version === 0 ? 'attribute_not_exists(pk)' : 'version = :version',
          ...(version === 0 ? {} : { ExpressionAttributeValues: { ':version': version } }),
        }),
      );
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) throw new StaleWrite(entity);
      throw error;
    }
  }

  // Updates -----------------------------------------------------------------

  /** Updates are immutable: a put never replaces an existing one. */
  async recordUpdate(update: ProgressUpdate): Promise<void> {
    try {
      await this.client.send(
        new PutCommand({
          TableName: this.tableName,
          Item: { ...keys.update(update.priorityId, update.id), entity: 'update', ...update },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
    } catch (error) {
      // The id is new to this request, so an item under it can only be this write: the SDK
      // retried a put whose first answer was lost. The update is stored; that is success.
      if (error instanceof ConditionalCheckFailedException && (await this.get(keys.update(update.priorityId, update.id), true))?.id === update.id) return;
      throw error;
    }
  }

  /**
   * Stores an update together with the record of its idempotency key, in one transaction:
   * both or neither, so a crash between them can never let a retry store the update twice.
   * When the key was used before, nothing is written and the earlier record is returned.
   */
  async recordUpdateOnce(update: ProgressUpdate, key: IdempotencyRecord): Promise<{ stored: true } | { stored: false; earlier: IdempotencyRecord }> {
    const marker = keys.idempotency(update.priorityId, key.keyHash);
    try {
      await this.client.send(
        new TransactWriteCommand({
          TransactItems: [
            { Put: { TableName: this.tableName, Item: { ...keys.update(update.priorityId, update.id), entity: 'update', ...update }, ConditionExpression: 'attribute_not_exists(pk)' } },
            {
              Put: {
                TableName: this.tableName,
                Item: { ...marker, entity: 'idempotency', ...key, ttl: Math.floor(Date.parse(key.expiresAt) / 1000) },
                // An expired record (TTL deletion lags) no longer holds the key.
                ConditionExpression: 'attribute_not_exists(pk) OR expiresAt < :now',
                ExpressionAttributeValues: { ':now': new Date().toISOString() },
              },
            },
          ],
        }),
      );
      return { stored: true };
    } catch (error) {
      if (!(error instanceof TransactionCanceledException) || error.CancellationReasons?.[1]?.Code !== 'ConditionalCheckFailed') throw error;
      const earlier = await this.get(marker, true);
      if (!earlier) throw error;
      return { stored: false, earlier: strip<IdempotencyRecord>(earlier) };
    }
  }

  async getUpdate(priorityId: string, updateId: string): Promise<ProgressUpdate | undefined> {
    const item = await this.get(keys.update(priorityId, updateId));
    return item ? strip<ProgressUpdate>(item) : undefined;
  }

  /** Newest first; `after` continues from the last id of the previous page. */
  async listUpdates(priorityId: string, options: { limit: number; after?: string }): Promise<UpdatePage> {
    const pk = keys.updatePartition(priorityId);
    const { Items = [], LastEvaluatedKey } = await this.client.send(
      new QueryCommand({
        TableName: this.tableName,
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
        ExpressionAttributeValues: { ':pk': pk, ':prefix': keys.updatePrefix },
        ScanIndexForward: false,
        Limit: options.limit,
        ...(options.after ? { ExclusiveStartKey: keys.update(priorityId, options.after) } : {}),
      }),
    );
    const updates = Items.map((item) => strip<ProgressUpdate>(item));
    const last = updates[updates.length - 1];
    return LastEvaluatedKey && last ? { updates, lastId: last.id } : { updates };
  }

  // Summaries -----------------------------------------------------------------

  async getSummary(priorityId: string, consistent = false): Promise<Versioned<PrioritySummary> | undefined> {
    const item = await this.get(keys.summary(priorityId), consistent);
    return item ? { value: strip<PrioritySummary>(item), version: Number(item.version ?? 0) } : undefined;
  }

  async saveSummary(summary: PrioritySummary, version: number): Promise<void> {
    await this.putVersioned('summary', keys.summary(summary.priorityId), summary, version);
  }

  async getPortfolio(consistent = false): Promise<Versioned<Portfolio>> {
    const item = await this.get(keys.portfolio(), consistent);
    return item ? { value: strip<Portfolio>(item), version: Number(item.version ?? 0) } : { value: emptyPortfolio(), version: 0 };
  }

  async savePortfolio(portfolio: Portfolio, version: number): Promise<void> {
    await this.putVersioned('portfolio', keys.portfolio(), portfolio, version);
  }

  // Catalogue -------------------------------------------------------------------

  async getProgrammeProfile(): Promise<ProgrammeProfile | undefined> {
    const item = await this.get(keys.programme());
    return item ? strip<ProgrammeProfile>(item) : undefined;
  }

  /** A priority's catalogue entry alone, for callers that already hold its summary. */
  async getPriorityProfile(priorityId: string): Promise<Priority | undefined> {
    const item = await this.get(keys.priority(priorityId));
    return item ? strip<Priority>(item) : undefined;
  }

  async getPriority(priorityId: string): Promise<{ priority: Priority; summary: PrioritySummary } | undefined> {
    const { Responses, UnprocessedKeys } = await this.client.send(
      new BatchGetCommand({ RequestItems: { [this.tableName]: { Keys: [keys.priority(priorityId), keys.summary(priorityId)] } } }),
    );
    if (UnprocessedKeys && Object.keys(UnprocessedKeys).length > 0) {
      // Two small items: a partial answer means throttling, which the caller reports as 503.
      throw Object.assign(new Error('Throttled while reading a priority'), { name: 'ThrottlingException' });
    }
    const items = Responses?.[this.tableName] ?? [];
    const profile = items.find((item) => item.entity === 'priority');
    if (!profile) return undefined;
    const summary = items.find((item) => item.entity === 'summary');
    return {
      priority: strip<Priority>(profile),
      summary: summary ? strip<PrioritySummary>(summary) : emptySummary(priorityId),
    };
  }

  /** Every item of a partition, page by page. */
  private async queryPartition(pk: string): Promise<Record<string, unknown>[]> {
    const items: Record<string, unknown>[] = [];
    let startKey: Record<string, unknown> | undefined;
    do {
      const page = await this.client.send(
        new QueryCommand({ TableName: this.tableName, KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': pk }, ExclusiveStartKey: startKey }),
      );
      items.push(...(page.Items ?? []));
      startKey = page.LastEvaluatedKey;
    } while (startKey);
    return items;
  }

  /** Everything a dashboard needs, from the one PROGRAMME partition. */
  async readProgramme(): Promise<ProgrammeSnapshot> {
    const snapshot: ProgrammeSnapshot = { programme: undefined, priorities: [], summaries: new Map(), portfolio: emptyPortfolio() };
    for (const item of await this.queryPartition(keys.programmePartition)) {
      if (item.entity === 'programme') snapshot.programme = strip<ProgrammeProfile>(item);
      else if (item.entity === 'priority') snapshot.priorities.push(strip<Priority>(item));
      else if (item.entity === 'summary') {
        const summary = strip<PrioritySummary>(item);
        snapshot.summaries.set(summary.priorityId, summary);
      } else if (item.entity === 'portfolio') snapshot.portfolio = strip<Portfolio>(item);
    }
    // Profiles of priorities a later catalogue dropped stay in the table but not in the programme.
    const order = snapshot.programme?.priorityIds;
    if (order) {
      snapshot.priorities = snapshot.priorities.filter((priority) => order.includes(priority.id));
      snapshot.priorities.sort((a, b) => order.indexOf(a.id) - order.indexOf(b.id));
    }
    return snapshot;
  }

  /**
   * Loads a programme's catalogue. Safe to run again: profiles are replaced with the
   * catalogue's text, while summaries and the portfolio are only created when absent.
   */
  async seedProgramme(programme: Programme): Promise<void> {
    const { priorities, ...profile } = programme;
    await this.client.send(
      new PutCommand({
        TableName: this.tableName,
        Item: { ...keys.programme(), entity: 'programme', ...profile, priorityIds: priorities.map((p) => p.id) },
      }),
    );
    for (const priority of priorities) {
      await this.client.send(
        new PutCommand({ TableName: this.tableName, Item: { ...keys.priority(priority.id), entity: 'priority', ...priority } }),
      );
      await this.createIfAbsent('summary', keys.summary(priority.id), emptySummary(priority.id));
    }
    await this.createIfAbsent('portfolio', keys.portfolio(), emptyPortfolio());
  }

  private async createIfAbsent(entity: Entity, key: Key, value: object): Promise<void> {
    try {
      await this.putVersioned(entity, key, value, 0);
    } catch (error) {
      if (!(error instanceof StaleWrite)) throw error;
    }
  }

  // Credentials -------------------------------------------------------------------

  async getCredential(tokenId: string): Promise<Credential | undefined> {
    // Consistent, so a revocation takes effect at once.
    const item = await this.get(keys.credential(tokenId), true);
    return item ? strip<Credential>(item) : undefined;
  }

  async saveCredential(credential: Credential): Promise<void> {
    // Kept a week past expiry so a late user is told "expired" rather than "invalid".
    const ttl = Math.floor(Date.parse(credential.expiresAt) / 1000) + 7 * 86_400;
    await this.client.send(
      new PutCommand({
        TableName: this.tableName,
        Item: { ...keys.credential(credential.tokenId), entity: 'credential', ...credential, ttl },
        ConditionExpression: 'attribute_not_exists(pk)',
      }),
    );
  }

  /** Returns false when no such credential exists. */
  async revokeCredential(tokenId: string, at = new Date()): Promise<boolean> {
    try {
      await this.client.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: keys.credential(tokenId),
          UpdateExpression: 'SET revokedAt = if_not_exists(revokedAt, :at)',
          ConditionExpression: 'attribute_exists(pk)',
          ExpressionAttributeValues: { ':at': at.toISOString() },
        }),
      );
      return true;
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return false;
      throw error;
    }
  }

  // People ------------------------------------------------------------------------

  async listPeople(): Promise<Person[]> {
    return (await this.queryPartition(keys.peoplePartition)).map((item) => strip<Person>(item));
  }

  async getPerson(personId: string): Promise<Person | undefined> {
    const item = await this.get(keys.person(personId), true);
    return item ? strip<Person>(item) : undefined;
  }

  async savePerson(person: Person): Promise<void> {
    await this.client.send(
      new PutCommand({
        TableName: this.tableName,
        Item: { ...keys.person(person.personId), entity: 'person', ...person },
        ConditionExpression: 'attribute_not_exists(pk)',
      }),
    );
  }

  /** Returns false when no such person exists. */
  async removePerson(personId: string): Promise<boolean> {
    const { Attributes } = await this.client.send(
      new DeleteCommand({ TableName: this.tableName, Key: keys.person(personId), ReturnValues: 'ALL_OLD' }),
    );
    return Attributes !== undefined;
  }

  async setUpdateNotifications(personId: string, enabled: boolean): Promise<void> {
    await this.client.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: keys.person(personId),
        UpdateExpression: 'SET preferences.updateNotifications = :enabled',
        ConditionExpression: 'attribute_exists(pk)',
        ExpressionAttributeValues: { ':enabled': enabled },
      }),
    );
  }

  // Outbox --------------------------------------------------------------------------

  /**
   * Records the intent to send before sending, so each (event, recipient) gets one email
   * however often the event is delivered. A claim left by a sender that died is taken over
   * once its lease has run out; a failed send can be claimed again at once.
   */
  async claimDelivery(event: string, email: string, now = new Date()): Promise<DeliveryClaim> {
    try {
      await this.client.send(
        new PutCommand({
          TableName: this.tableName,
          Item: {
            ...keys.delivery(event, email),
            entity: 'delivery',
            event,
            email,
            state: 'sending',
            claimedAt: now.toISOString(),
            ttl: Math.floor(now.getTime() / 1000) + deliveryKeptDays * 86_400,
          },
          ConditionExpression: 'attribute_not_exists(pk) OR #state = :failed OR (#state = :sending AND claimedAt < :staleBefore)',
          ExpressionAttributeNames: { '#state': 'state' },
          ExpressionAttributeValues: {
            ':failed': 'failed',
            ':sending': 'sending',
            ':staleBefore': new Date(now.getTime() - deliveryLeaseSeconds * 1000).toISOString(),
          },
        }),
      );
      return 'claimed';
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return 'done';
      throw error;
    }
  }

  async completeDelivery(event: string, email: string, outcome: { messageId: string } | { error: string }): Promise<void> {
    await this.client.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: keys.delivery(event, email),
        UpdateExpression: 'SET #state = :state, #detail = :detail',
        ExpressionAttributeNames: { '#state': 'state', '#detail': 'messageId' in outcome ? 'messageId' : 'error' },
        ExpressionAttributeValues: {
          ':state': 'messageId' in outcome ? 'sent' : 'failed',
          ':detail': 'messageId' in outcome ? outcome.messageId : outcome.error.slice(0, 500),
        },
      }),
    );
  }

  async getDigestBaseline(): Promise<DigestBaseline | undefined> {
    const item = await this.get(keys.lastDigest(), true);
    return item ? strip<DigestBaseline>(item) : undefined;
  }

  async saveDigestBaseline(baseline: DigestBaseline): Promise<void> {
    await this.client.send(new PutCommand({ TableName: this.tableName, Item: { ...keys.lastDigest(), entity: 'digest', ...baseline } }));
  }

  // Sessions ----------------------------------------------------------------------

  async saveSession(session: StoredSession): Promise<void> {
    await this.client.send(
      new PutCommand({
        TableName: this.tableName,
        Item: { ...keys.session(session.sessionHash), entity: 'session', ...session, ttl: Math.floor(Date.parse(session.expiresAt) / 1000) },
        ConditionExpression: 'attribute_not_exists(pk)',
      }),
    );
  }

  /** The session if it exists and has not expired (TTL deletion can lag behind). */
  async getSession(sessionHash: string, now = new Date()): Promise<StoredSession | undefined> {
    const item = await this.get(keys.session(sessionHash), true);
    const session = item ? strip<StoredSession>(item) : undefined;
    return session && Date.parse(session.expiresAt) > now.getTime() ? session : undefined;
  }
}
