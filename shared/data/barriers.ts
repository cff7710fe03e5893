/**
 * The barrier log as stored: one item per barrier and one per board response, all in the
 * BARRIERS partition. A barrier's state is written only by an update later than the one that
 * gave its current state (a condition on `stateFrom`), so replays and reordering change nothing.
 */
import { TransactWriteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { auditPut } from '#shared/data/audit';
import { isCancelledByCondition, isConditionFailure, strip, type TableCore } from '#shared/data/core';
import { keys } from '#shared/data/keys';
import type { AuditEntry } from '#shared/domain/audit';
import type { BarrierRecord, BarrierState, BarrierWithResponses, BoardResponse } from '#shared/domain/barrier';

export class Barriers {
  constructor(private readonly table: TableCore) {}

  /** Every barrier with its responses (oldest first), of one priority or of all, ordered by priority then age. */
  async list(priorityId?: string): Promise<BarrierWithResponses[]> {
    const items = await this.table.queryPartition(keys.barrierPartition, keys.barrierPrefix(priorityId));
    const barriers = new Map<string, BarrierWithResponses>();
    const responses: BoardResponse[] = [];
    for (const item of items) {
      if (item.entity === 'barrier') {
        const barrier = strip<BarrierRecord>(item);
        barriers.set(`${barrier.priorityId}#${barrier.barrierId}`, { ...barrier, responses: [] });
      } else if (item.entity === 'board-response') responses.push(strip<BoardResponse>(item));
    }
    for (const response of responses) barriers.get(`${response.priorityId}#${response.barrierId}`)?.responses.push(response);
    return [...barriers.values()];
  }

  async get(priorityId: string, barrierId: string): Promise<BarrierRecord | undefined> {
    const item = await this.table.get(keys.barrier(priorityId, barrierId));
    return item ? strip<BarrierRecord>(item) : undefined;
  }

  /**
   * Sets a barrier's state from an update's entry, unless an update at least as late set it
   * already. A raising update creates the record; false when nothing was written.
   */
  async applyState(
    priorityId: string,
    barrierId: string,
    state: BarrierState,
    from: { updateId: string; submittedAt: string; period: string; raises: boolean },
  ): Promise<boolean> {
    const resolved = state.status === 'resolved';
    const names: Record<string, string> = { '#status': 'status', '#owner': 'owner' };
    const values: Record<string, unknown> = {
      ':entity': 'barrier',
      ':priorityId': priorityId,
      ':barrierId': barrierId,
      ':description': state.description,
      ':needsBoardSupport': state.needsBoardSupport,
      ':status': state.status,
      ':from': from.updateId,
    };
    const set = [
      'entity = :entity',
      'priorityId = :priorityId',
      'barrierId = :barrierId',
      'description = :description',
      'needsBoardSupport = :needsBoardSupport',
      '#status = :status',
      'stateFrom = :from',
    ];
    const remove: string[] = [];
    if (state.owner === undefined) remove.push('#owner');
    else {
      set.push('#owner = :owner');
      values[':owner'] = state.owner;
    }
    if (from.raises) {
      set.push('raisedBy = :from', 'raisedAt = :at', 'raisedPeriod = :period');
      values[':at'] = from.submittedAt;
      values[':period'] = from.period;
    }
    if (resolved) {
      // The update that resolved it stays, when a later one repeats that it is resolved.
      set.push(
        'resolvedBy = if_not_exists(resolvedBy, :from)',
        'resolvedAt = if_not_exists(resolvedAt, :resolvedAt)',
        'resolvedPeriod = if_not_exists(resolvedPeriod, :resolvedPeriod)',
      );
      values[':resolvedAt'] = from.submittedAt;
      values[':resolvedPeriod'] = from.period;
    } else remove.push('resolvedBy', 'resolvedAt', 'resolvedPeriod');
    try {
      await this.table.client.send(
        new UpdateCommand({
          TableName: this.table.tableName,
          Key: keys.barrier(priorityId, barrierId),
          UpdateExpression: `SET ${set.join(', ')}${remove.length > 0 ? ` REMOVE ${remove.join(', ')}` : ''}`,
          // A raise creates; a change applies only to a barrier already raised.
          ConditionExpression: from.raises ? 'attribute_not_exists(pk) OR stateFrom < :from' : 'attribute_exists(pk) AND stateFrom < :from',
          ExpressionAttributeNames: names,
          ExpressionAttributeValues: values,
        }),
      );
      return true;
    } catch (error) {
      if (isConditionFailure(error)) return false;
      throw error;
    }
  }

  /** Records a board response with its audit entry, in one transaction; false, with neither written, when one with this id exists already. */
  async respond(response: BoardResponse, audit: AuditEntry): Promise<boolean> {
    const { tableName } = this.table;
    try {
      await this.table.client.send(
        new TransactWriteCommand({
          TransactItems: [
            {
              Put: {
                TableName: tableName,
                Item: { ...keys.boardResponse(response.priorityId, response.barrierId, response.responseId), entity: 'board-response', ...response },
                ConditionExpression: 'attribute_not_exists(pk)',
              },
            },
            auditPut(tableName, audit),
          ],
        }),
      );
      return true;
    } catch (error) {
      if (isCancelledByCondition(error)) return false;
      throw error;
    }
  }
}
