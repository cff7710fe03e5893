/**
 * The programme's commitments as stored: the current state of each in the COMMITMENTS partition
 * and its dated history in COMMITMENTLOG. A change writes both in one transaction, under a
 * version check on the current item, with its audit entry when a person made it through a route
 * or a command; the history entry is only ever created, so a change applied twice writes once.
 */
import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { auditPut } from '#shared/data/audit';
import { type Item, StaleWrite, strip, type TableCore, type Versioned } from '#shared/data/core';
import { type Key, keys } from '#shared/data/keys';
import type { TrackedAsk } from '#shared/domain/ask';
import type { AuditEntry } from '#shared/domain/audit';
import type { CommitmentChange, CommitmentKind } from '#shared/domain/commitment';

const versioned = <T>(item: Item): Versioned<T> => ({ value: strip<T>(item), version: Number(item.version ?? 0) });

export class Commitments {
  constructor(private readonly table: TableCore) {}

  /** Every tracked ask, of one priority or of all, in key order (by priority, then id). */
  async asks(priorityId?: string): Promise<Versioned<TrackedAsk>[]> {
    const items = await this.table.queryPartition(keys.commitmentsPartition, keys.commitmentPrefix(priorityId));
    return items.filter((item) => item.entity === 'ask').map((item) => versioned<TrackedAsk>(item));
  }

  async ask(priorityId: string, askId: string, consistent = false): Promise<Versioned<TrackedAsk> | undefined> {
    return this.table.getVersioned<TrackedAsk>(keys.ask(priorityId, askId), consistent);
  }

  /** One commitment's history, oldest first. */
  async history<T>(priorityId: string, kind: CommitmentKind, id: string): Promise<CommitmentChange<T>[]> {
    const items = await this.table.queryPartition(keys.commitmentLogPartition, keys.commitmentHistoryPrefix(priorityId, kind, id));
    return items.map((item) => strip<CommitmentChange<T>>(item));
  }

  /** The history of every commitment of one kind, by commitment and then oldest first. */
  async changes<T>(kind: CommitmentKind): Promise<CommitmentChange<T>[]> {
    const items = await this.table.queryPartition(keys.commitmentLogPartition, keys.commitmentPrefix());
    return items.filter((item) => item.kind === kind).map((item) => strip<CommitmentChange<T>>(item));
  }

  /** Whether a change is in the history already. */
  async logged(change: Pick<CommitmentChange<unknown>, 'priorityId' | 'kind' | 'id' | 'at' | 'changeId'>): Promise<boolean> {
    return (await this.table.get(keys.commitmentChange(change.priorityId, change.kind, change.id, change.at, change.changeId), true)) !== undefined;
  }

  /** Starts tracking an ask; false, with nothing written, when it is tracked already. */
  track(ask: TrackedAsk): Promise<boolean> {
    return this.table.create(keys.ask(ask.priorityId, ask.askId), 'ask', { ...ask, version: 1 });
  }

  /**
   * Writes an ask's new state and its history entry, with the audit entry when given, in one
   * transaction. StaleWrite when the ask is no longer at `version`; false when the entry exists
   * already (the change was made before), with nothing written.
   */
  changeAsk(ask: TrackedAsk, version: number, change: CommitmentChange<TrackedAsk>, audit?: AuditEntry): Promise<boolean> {
    return this.change(keys.ask(ask.priorityId, ask.askId), 'ask', ask, version, change, audit);
  }

  private async change(key: Key, entity: 'ask', value: object, version: number, change: CommitmentChange<unknown>, audit?: AuditEntry): Promise<boolean> {
    const { tableName } = this.table;
    try {
      await this.table.client.send(
        new TransactWriteCommand({
          TransactItems: [
            {
              Put: {
                TableName: tableName,
                Item: { ...key, entity, ...value, version: version + 1 },
                ConditionExpression: 'version = :version',
                ExpressionAttributeValues: { ':version': version },
              },
            },
            {
              Put: {
                TableName: tableName,
                Item: {
                  ...keys.commitmentChange(change.priorityId, change.kind, change.id, change.at, change.changeId),
                  entity: 'commitment-change',
                  ...change,
                },
                ConditionExpression: 'attribute_not_exists(pk)',
              },
            },
            ...(audit ? [auditPut(tableName, audit)] : []),
          ],
        }),
      );
      return true;
    } catch (error) {
      if (!(error instanceof TransactionCanceledException)) throw error;
      const [current, logged] = (error.CancellationReasons ?? []).map((reason) => reason.Code === 'ConditionalCheckFailed');
      if (logged) return false;
      if (current) throw new StaleWrite(entity);
      throw error;
    }
  }
}
