/**
 * The programme's commitments as stored: the current asks of government, milestones and measures
 * in the COMMITMENTS partition (one Query gives a priority's, or everyone's), and their dated
 * history in COMMITMENTLOG, one entry per change carrying the whole state after it. A change
 * writes the current item (under an optimistic version check) and its history entry in one
 * transaction, with its audit entry when a person or an operator made it; the history entry is
 * only ever created, and a change from an update takes the update's id, so applying it twice writes once.
 */
import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { auditPut } from '#shared/data/audit';
import { type Item, StaleWrite, strip, type TableCore, type Versioned } from '#shared/data/core';
import { keys } from '#shared/data/keys';
import type { TrackedAsk } from '#shared/domain/ask';
import type { AuditEntry } from '#shared/domain/audit';
import type { CommitmentChange, CommitmentKind } from '#shared/domain/commitment';
import type { Measure } from '#shared/domain/measure';
import type { Milestone } from '#shared/domain/milestone';

/** A priority's commitments (or everyone's), each with the version a change must name. */
export interface PriorityCommitments {
  asks: Versioned<TrackedAsk>[];
  milestones: Versioned<Milestone>[];
  measures: Versioned<Measure>[];
}

const entityOf = { ASK: 'ask', MILESTONE: 'milestone', MEASURE: 'measure' } as const;
const keyOf = { ASK: keys.ask, MILESTONE: keys.milestone, MEASURE: keys.measure } as const;

const versioned = <T>(item: Item): Versioned<T> => ({ value: strip<T>(item), version: Number(item.version ?? 0) });

export class Commitments {
  constructor(private readonly table: TableCore) {}

  /** Every tracked ask, of one priority or of all, in key order (by priority, then id). */
  async asks(priorityId?: string): Promise<Versioned<TrackedAsk>[]> {
    const items = await this.table.queryPartition(keys.commitmentsPartition, keys.commitmentPrefix(priorityId));
    return items.filter((item) => item.entity === 'ask').map((item) => versioned<TrackedAsk>(item));
  }

  async ask(priorityId: string, askId: string, consistent = false): Promise<Versioned<TrackedAsk> | undefined> {
    return this.item<TrackedAsk>('ASK', priorityId, askId, consistent);
  }

  /** One commitment's current item, by its key: what applying a report to it needs. */
  async item<T extends TrackedAsk | Milestone | Measure>(
    kind: CommitmentKind,
    priorityId: string,
    id: string,
    consistent = false,
  ): Promise<Versioned<T> | undefined> {
    return this.table.getVersioned<T>(keyOf[kind](priorityId, id), consistent);
  }

  /** The asks, milestones and measures of one priority, or of every priority, in key order: one Query. */
  async list(priorityId?: string, consistent = false): Promise<PriorityCommitments> {
    const items = await this.table.queryPartition(keys.commitmentsPartition, keys.commitmentPrefix(priorityId), consistent);
    const found: PriorityCommitments = { asks: [], milestones: [], measures: [] };
    for (const item of items) {
      if (item.entity === 'ask') found.asks.push(versioned<TrackedAsk>(item));
      else if (item.entity === 'milestone') found.milestones.push(versioned<Milestone>(item));
      else if (item.entity === 'measure') found.measures.push(versioned<Measure>(item));
    }
    return found;
  }

  /** One commitment's history, oldest first. */
  async history<T = Milestone | Measure>(priorityId: string, kind: CommitmentKind, id: string): Promise<CommitmentChange<T>[]> {
    const items = await this.table.queryPartition(keys.commitmentLogPartition, keys.commitmentHistoryPrefix(priorityId, kind, id), true);
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

  /** An ask's new state and its history entry: `commit` for an ask. */
  changeAsk(ask: TrackedAsk, version: number, change: CommitmentChange<TrackedAsk>, audit?: AuditEntry): Promise<boolean> {
    return this.commit({ ...change, state: ask }, version, audit);
  }

  /**
   * Writes a change: the new current state, replacing `version` (0 creates it), and its history
   * entry, with the audit entry when given, in one transaction. False, with nothing written, when
   * the history has this change already; StaleWrite when the item changed since it was read.
   */
  async commit<T extends object>(change: CommitmentChange<T>, version: number, audit?: AuditEntry): Promise<boolean> {
    const { tableName: TableName } = this.table;
    const { priorityId, kind, id, at, changeId } = change;
    try {
      await this.table.client.send(
        new TransactWriteCommand({
          TransactItems: [
            {
              Put: {
                TableName,
                Item: { ...keyOf[kind](priorityId, id), entity: entityOf[kind], ...change.state, version: version + 1 },
                ConditionExpression: version === 0 ? 'attribute_not_exists(pk)' : 'version = :version',
                ...(version === 0 ? {} : { ExpressionAttributeValues: { ':version': version } }),
              },
            },
            {
              Put: {
                TableName,
                Item: { ...keys.commitmentChange(priorityId, kind, id, at, changeId), entity: 'commitment-change', ...change },
                ConditionExpression: 'attribute_not_exists(pk)',
              },
            },
            ...(audit ? [auditPut(TableName, audit)] : []),
          ],
        }),
      );
      return true;
    } catch (error) {
      if (!(error instanceof TransactionCanceledException)) throw error;
      const [current, logged] = error.CancellationReasons ?? [];
      if (logged?.Code === 'ConditionalCheckFailed') return false;
      if (current?.Code === 'ConditionalCheckFailed') throw new StaleWrite(entityOf[kind]);
      throw error;
    }
  }
}
