/**
 * The email outbox: one record per batch of an event's emails (all the people told about an
 * update, or one person's digest), holding who has been sent it. A sender leases the record,
 * sends to those not yet sent, and records them, so each email goes out once however often
 * its event is delivered, at two writes per batch whatever its size.
 */
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { TableCore } from '#shared/data/core';
import { keys } from '#shared/data/keys';
import { deliveryRecordDays } from '#shared/domain/retention';

/** A lease on a batch: send to the recipients not in `sent`, then settle. */
export interface DeliveryLease {
  leaseId: string;
  /** Who has been sent this batch already, by address, with SES's message id. */
  sent: Record<string, string>;
}

/**
 * Why a batch could not be leased: every recipient was sent it (`done`), or another sender holds
 * a fresh lease (`busy`) and will record what it sends.
 */
export type DeliveryRefusal = 'done' | 'busy';

const leaseSeconds = 120;

export class Deliveries {
  constructor(private readonly table: TableCore) {}

  /**
   * Takes the batch's lease, unless it is done or leased by a live sender. A lease left by a
   * sender that died is taken over once it has run out. A refusal writes nothing.
   */
  async lease(event: string, batch: string, now = new Date()): Promise<DeliveryLease | DeliveryRefusal> {
    const leaseId = `${now.getTime()}-${Math.random().toString(36).slice(2, 10)}`;
    try {
      const { Attributes } = await this.table.client.send(
        new UpdateCommand({
          TableName: this.table.tableName,
          Key: keys.delivery(event, batch),
          UpdateExpression:
            'SET entity = :entity, event = :event, sent = if_not_exists(sent, :none), #ttl = if_not_exists(#ttl, :ttl), leaseId = :leaseId, leasedAt = :now',
          ConditionExpression: 'attribute_not_exists(done) AND (attribute_not_exists(leaseId) OR leasedAt < :staleBefore)',
          ExpressionAttributeNames: { '#ttl': 'ttl' },
          ExpressionAttributeValues: {
            ':entity': 'delivery',
            ':event': event,
            ':none': {},
            ':ttl': Math.floor(now.getTime() / 1000) + deliveryRecordDays * 86_400,
            ':leaseId': leaseId,
            ':now': now.toISOString(),
            ':staleBefore': new Date(now.getTime() - leaseSeconds * 1000).toISOString(),
          },
          ReturnValues: 'ALL_NEW',
          ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
        }),
      );
      return { leaseId, sent: (Attributes?.sent as Record<string, string> | undefined) ?? {} };
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return error.Item?.done ? 'done' : 'busy';
      throw error;
    }
  }

  /** The batches of an event that every recipient has, by batch: one Query of the event's records. */
  async doneBatches(event: string): Promise<Set<string>> {
    const items = await this.table.queryPartition(keys.outbox(event));
    return new Set(items.filter((item) => item.done === true).map((item) => keys.batchOfDelivery(String(item.sk))));
  }

  /**
   * Records who was sent the batch under this lease and gives the lease up; `done` when every
   * recipient has it now, so a later delivery of the event writes nothing.
   */
  async settle(event: string, batch: string, newlySent: Record<string, string>, done: boolean): Promise<void> {
    const entries = Object.entries(newlySent);
    const sets = [...entries.map((_, i) => `sent.#to${i} = :id${i}`), ...(done ? ['done = :done'] : [])];
    const names = Object.fromEntries(entries.map(([to], i) => [`#to${i}`, to]));
    const values = { ...Object.fromEntries(entries.map(([, id], i) => [`:id${i}`, id])), ...(done ? { ':done': true } : {}) };
    await this.table.client.send(
      new UpdateCommand({
        TableName: this.table.tableName,
        Key: keys.delivery(event, batch),
        UpdateExpression: `${sets.length > 0 ? `SET ${sets.join(', ')} ` : ''}REMOVE leaseId, leasedAt`,
        ...(entries.length > 0 ? { ExpressionAttributeNames: names } : {}),
        ...(sets.length > 0 ? { ExpressionAttributeValues: values } : {}),
      }),
    );
  }
}
