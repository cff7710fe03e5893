/**
 * The table core every aggregate module builds on: single-item reads, a whole partition page
 * by page, versioned writes, and the mapping of a failed condition to what it means. Items
 * carry an `entity` attribute (so stream consumers and filters can tell them apart) and, where
 * they are rewritten, a `version` for optimistic locking.
 */
import { ConditionalCheckFailedException, TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { type DynamoDBDocumentClient, GetCommand, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { documentClient } from '#shared/data/client';
import type { Entity, Key } from '#shared/data/keys';

export type Item = Record<string, unknown>;

export interface Versioned<T> {
  value: T;
  version: number;
}

/** Thrown when an optimistic write lost a race; the caller reads again and retries. */
export class StaleWrite extends Error {
  constructor(what: string) {
    super(`${what} changed while it was being written`);
    this.name = 'StaleWrite';
  }
}

export function isConditionFailure(error: unknown): boolean {
  return error instanceof ConditionalCheckFailedException;
}

/** A transaction refused because one of its conditions failed (an item that had to be new exists, say). */
export function isCancelledByCondition(error: unknown): boolean {
  return error instanceof TransactionCanceledException && (error.CancellationReasons ?? []).some((reason) => reason.Code === 'ConditionalCheckFailed');
}

/** Marks a summary reconcile wrote (the time it did): stream filters tell its records from the stream's own. */
export const rebuiltMark = 'rebuilt';

const bookkeeping = ['pk', 'sk', 'entity', 'version', 'ttl', rebuiltMark] as const;

/** An item without the table's own attributes: the stored value as the domain knows it. */
export function strip<T>(item: Item): T {
  const copy = { ...item };
  for (const attribute of bookkeeping) delete copy[attribute];
  return copy as T;
}

/** Epoch seconds for the table's time-to-live attribute. */
export function expiresAtSeconds(iso: string, extraSeconds = 0): number {
  return Math.floor(Date.parse(iso) / 1000) + extraSeconds;
}

export class TableCore {
  constructor(
    readonly tableName: string,
    readonly client: DynamoDBDocumentClient = documentClient,
  ) {}

  async get(key: Key, consistent = false): Promise<Item | undefined> {
    const { Item } = await this.client.send(new GetCommand({ TableName: this.tableName, Key: key, ConsistentRead: consistent }));
    return Item;
  }

  /**
   * A read for items that are written once and then seldom change (credentials, sessions):
   * eventually consistent, at half the cost, and repeated consistently only when it finds
   * nothing, so an item created a moment ago is still found.
   */
  async getOnceWritten(key: Key): Promise<Item | undefined> {
    return (await this.get(key, false)) ?? (await this.get(key, true));
  }

  /** A put that only creates: false when an item with this key exists already. */
  async create(key: Key, entity: Entity, value: object, ttl?: number): Promise<boolean> {
    try {
      await this.client.send(
        new PutCommand({
          TableName: this.tableName,
          Item: { ...key, entity, ...value, ...(ttl === undefined ? {} : { ttl }) },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
      return true;
    } catch (error) {
      if (isConditionFailure(error)) return false;
      throw error;
    }
  }

  async replace(key: Key, entity: Entity, value: object): Promise<void> {
    await this.client.send(new PutCommand({ TableName: this.tableName, Item: { ...key, entity, ...value } }));
  }

  async getVersioned<T>(key: Key, consistent = false): Promise<Versioned<T> | undefined> {
    const item = await this.get(key, consistent);
    return item ? { value: strip<T>(item), version: Number(item.version ?? 0) } : undefined;
  }

  /** A versioned put: creates when `version` is 0, otherwise only replaces that version. */
  async putVersioned(key: Key, entity: Entity, value: object, version: number): Promise<void> {
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
      if (isConditionFailure(error)) throw new StaleWrite(entity);
      throw error;
    }
  }

  /** Every item of a partition, or those whose sort key starts with `skPrefix`, page by page. */
  async queryPartition(pk: string, skPrefix?: string, consistent = false): Promise<Item[]> {
    const items: Item[] = [];
    let startKey: Item | undefined;
    do {
      const page = await this.client.send(
        new QueryCommand({
          TableName: this.tableName,
          KeyConditionExpression: skPrefix === undefined ? 'pk = :pk' : 'pk = :pk AND begins_with(sk, :prefix)',
          ExpressionAttributeValues: { ':pk': pk, ...(skPrefix === undefined ? {} : { ':prefix': skPrefix }) },
          ...(consistent ? { ConsistentRead: true } : {}),
          ExclusiveStartKey: startKey,
        }),
      );
      items.push(...(page.Items ?? []));
      startKey = page.LastEvaluatedKey;
    } while (startKey);
    return items;
  }
}
