/**
 * What the roadmap committed to, as stored: the current milestones and measures in the
 * COMMITMENTS partition (one Query gives a priority's, or everyone's), and their history in
 * COMMITMENTLOG, one entry per change carrying the whole state after it. Every change writes the
 * current item (with an optimistic version check) and its log entry in one transaction, with the
 * audit entry when a person or operator made it. A change from an update is logged under the
 * update's id, so applying the update again writes nothing.
 */
import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { auditPut } from '#shared/data/audit';
import { StaleWrite, strip, type TableCore, type Versioned } from '#shared/data/core';
import { keys } from '#shared/data/keys';
import type { AuditEntry } from '#shared/domain/audit';
import type { Measure } from '#shared/domain/measure';
import type { Milestone } from '#shared/domain/milestone';
import type { Role } from '#shared/domain/people';

export type CommitmentKind = 'MILESTONE' | 'MEASURE';

/** One change as the log keeps it: who (by name and role only), when, why, and the state after it. */
export interface CommitmentChange<T = Milestone | Measure> {
  priorityId: string;
  kind: CommitmentKind;
  id: string;
  at: string;
  changeId: string;
  by: { name?: string; role: Role | 'operator' | 'service' };
  reason?: string;
  /** The update the change came from, when it came from one. */
  updateId?: string;
  state: T;
}

/** A priority's milestones and measures, each with the version a change must name. */
export interface PriorityCommitments {
  milestones: Versioned<Milestone>[];
  measures: Versioned<Measure>[];
}

const entityOf = { MILESTONE: 'milestone', MEASURE: 'measure' } as const;
const keyOf = (kind: CommitmentKind, priorityId: string, id: string) => (kind === 'MILESTONE' ? keys.milestone(priorityId, id) : keys.measure(priorityId, id));

export class Commitments {
  constructor(private readonly table: TableCore) {}

  /** The milestones and measures of one priority, or of every priority, in key order. */
  async list(priorityId?: string, consistent = false): Promise<PriorityCommitments> {
    const items = await this.table.queryPartition(keys.commitmentsPartition, keys.commitmentPrefix(priorityId), consistent);
    const found: PriorityCommitments = { milestones: [], measures: [] };
    for (const item of items) {
      const version = Number(item.version ?? 0);
      if (item.entity === 'milestone') found.milestones.push({ value: strip<Milestone>(item), version });
      else if (item.entity === 'measure') found.measures.push({ value: strip<Measure>(item), version });
    }
    return found;
  }

  /** One item's history, oldest first. */
  async history(priorityId: string, kind: CommitmentKind, id: string): Promise<CommitmentChange[]> {
    const items = await this.table.queryPartition(keys.commitmentLogPartition, keys.commitmentChangePrefix(priorityId, kind, id), true);
    return items.map((item) => strip<CommitmentChange>(item));
  }

  /**
   * Writes a change: the new current state, replacing `version` (0 creates it), and its log entry,
   * with the audit entry when given, in one transaction. False, with nothing written, when the log
   * has this change already; StaleWrite when the item changed since it was read.
   */
  async commit(change: CommitmentChange, version: number, audit?: AuditEntry): Promise<boolean> {
    const { tableName: TableName } = this.table;
    const { priorityId, kind, id, at, changeId } = change;
    try {
      await this.table.client.send(
        new TransactWriteCommand({
          TransactItems: [
            {
              Put: {
                TableName,
                Item: { ...keyOf(kind, priorityId, id), entity: entityOf[kind], ...change.state, version: version + 1 },
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
