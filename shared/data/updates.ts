/**
 * Progress updates: immutable items in their priority's partition, sorted by id (time), each
 * stored either alone or with the record of its idempotency key in one transaction.
 */
import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { PutCommand, QueryCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { auditPut } from '#shared/data/audit';
import { expiresAtSeconds, isCancelledByCondition, isConditionFailure, strip, type TableCore } from '#shared/data/core';
import { keys } from '#shared/data/keys';
import type { AuditEntry } from '#shared/domain/audit';
import type { CorrectedBy } from '#shared/domain/corrections';
import type { ProgressUpdate } from '#shared/domain/update';

/** What an idempotency key is remembered by: hashes of the key's scope and of the payload, and the update it made. */
export interface IdempotencyRecord {
  keyHash: string;
  payloadHash: string;
  updateId: string;
  expiresAt: string;
}

export interface UpdatePage {
  updates: ProgressUpdate[];
  /** The id of the last update on this page when more may follow. */
  lastId?: string;
}

/** An update's put in a transaction: only if new, as updates are never replaced. */
const updatePut = (TableName: string, update: ProgressUpdate) => ({
  Put: { TableName, Item: { ...keys.update(update.priorityId, update.id), entity: 'update', ...update }, ConditionExpression: 'attribute_not_exists(pk)' },
});

export class Updates {
  constructor(private readonly table: TableCore) {}

  /** Updates are immutable: a put never replaces an existing one. */
  async record(update: ProgressUpdate): Promise<void> {
    const key = keys.update(update.priorityId, update.id);
    try {
      await this.table.client.send(
        new PutCommand({ TableName: this.table.tableName, Item: { ...key, entity: 'update', ...update }, ConditionExpression: 'attribute_not_exists(pk)' }),
      );
    } catch (error) {
      // The id is new to this request, so an item under it can only be this write: the SDK
      // retried a put whose first answer was lost. The update is stored; that is success.
      if (isConditionFailure(error) && (await this.table.get(key, true))?.id === update.id) return;
      throw error;
    }
  }

  /**
   * Stores an update together with the record of its idempotency key, in one transaction:
   * both or neither, so a crash between them can never let a retry store the update twice.
   * When the key was used before, nothing is written and the earlier record is returned.
   */
  async recordOnce(update: ProgressUpdate, record: IdempotencyRecord): Promise<{ stored: true } | { stored: false; earlier: IdempotencyRecord }> {
    const marker = keys.idempotency(update.priorityId, record.keyHash);
    const TableName = this.table.tableName;
    try {
      await this.table.client.send(
        new TransactWriteCommand({
          TransactItems: [
            updatePut(TableName, update),
            {
              Put: {
                TableName,
                Item: { ...marker, entity: 'idempotency', ...record, ttl: expiresAtSeconds(record.expiresAt) },
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
      const earlier = await this.table.get(marker, true);
      if (!earlier) throw error;
      return { stored: false, earlier: strip<IdempotencyRecord>(earlier) };
    }
  }

  /**
   * Stores a correction with the mark on the update it corrects and its audit entry, in one
   * transaction; false, with nothing written, when the update was corrected already.
   */
  async recordCorrection(correction: ProgressUpdate & { corrects: { updateId: string; reason: string } }, audit: AuditEntry): Promise<boolean> {
    const TableName = this.table.tableName;
    const { priorityId, corrects } = correction;
    const mark: CorrectedBy = { updateId: correction.id, reason: corrects.reason, correctedAt: correction.submittedAt };
    try {
      await this.table.client.send(
        new TransactWriteCommand({
          TransactItems: [
            updatePut(TableName, correction),
            {
              Put: {
                TableName,
                Item: { ...keys.correction(priorityId, corrects.updateId), entity: 'correction', ...mark },
                ConditionExpression: 'attribute_not_exists(pk)',
              },
            },
            auditPut(TableName, audit),
          ],
        }),
      );
      return true;
    } catch (error) {
      if (isCancelledByCondition(error)) return false;
      throw error;
    }
  }

  /** The correction of one update, if it has one. */
  async correctionOf(priorityId: string, updateId: string): Promise<CorrectedBy | undefined> {
    const item = await this.table.get(keys.correction(priorityId, updateId));
    return item ? strip<CorrectedBy>(item) : undefined;
  }

  /** Every correction of a priority's updates, by the corrected update's id: for a page of the history, whose corrections may be on a newer page. */
  async corrections(priorityId: string): Promise<Map<string, CorrectedBy>> {
    const items = await this.table.queryPartition(keys.updatePartition(priorityId), keys.correctionPrefix);
    return new Map(items.map((item) => [String(item.sk).slice(keys.correctionPrefix.length), strip<CorrectedBy>(item)]));
  }

  async get(priorityId: string, updateId: string): Promise<ProgressUpdate | undefined> {
    const item = await this.table.get(keys.update(priorityId, updateId));
    return item ? strip<ProgressUpdate>(item) : undefined;
  }

  /** Newest first; `after` continues from the last id of the previous page. */
  async list(priorityId: string, options: { limit: number; after?: string }): Promise<UpdatePage> {
    const { Items = [], LastEvaluatedKey } = await this.table.client.send(
      new QueryCommand({
        TableName: this.table.tableName,
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
        ExpressionAttributeValues: { ':pk': keys.updatePartition(priorityId), ':prefix': keys.updatePrefix },
        ScanIndexForward: false,
        Limit: options.limit,
        ...(options.after ? { ExclusiveStartKey: keys.update(priorityId, options.after) } : {}),
      }),
    );
    const updates = Items.map((item) => strip<ProgressUpdate>(item));
    const last = updates[updates.length - 1];
    return LastEvaluatedKey && last ? { updates, lastId: last.id } : { updates };
  }
}
