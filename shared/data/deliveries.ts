/**
 * The email outbox: one record per batch of an event's emails (all the people told about an
 * update, or one person's digest), holding who has been sent it. A sender leases the record,
 * marks the recipients it is about to send to as `sending`, sends, and records them, so each
 * email goes out once however often its event is delivered. A batch's first lease makes the
 * record with its recipients marked, so a first delivery takes two writes whatever its size
 * (lease, settle); a retry takes three (lease, mark, settle). SES's SEND events record
 * recipients as sent too, when the sender lost the answer: one write per record for a batch of events.
 */
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { TableCore } from '#shared/data/core';
import { keys } from '#shared/data/keys';
import type { DeliveryState, SendAttempt } from '#shared/domain/delivery';
import { deliveryRecordDays } from '#shared/domain/retention';

/**
 * A lease on a batch: send to the recipients neither sent nor waiting (domain/delivery.ts), then
 * settle. `sent` and `sending` are the record as it was before the lease's own marks.
 */
export interface DeliveryLease extends DeliveryState {
  leaseId: string;
  /** Recipients the lease marked `sending` under its attempt as it was taken (none when absent): they need no mark of their own. */
  marked?: readonly string[];
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
   *
   * With `recipients`, a batch with no record yet (its first delivery: nobody sent or sending) is
   * made in one write with them all marked `sending` under the lease's attempt (`marked`), as the
   * sender would mark them next. Otherwise the record says whether it is done or held, or the
   * lease is taken as for a retry and the sender marks whom it sends to (`markSending`).
   */
  async lease(event: string, batch: string, now = new Date(), recipients: readonly string[] = []): Promise<DeliveryLease | DeliveryRefusal> {
    const leaseId = `${now.getTime()}-${Math.random().toString(36).slice(2, 10)}`;
    const staleBefore = new Date(now.getTime() - leaseSeconds * 1000).toISOString();
    const ttl = Math.floor(now.getTime() / 1000) + deliveryRecordDays * 86_400;
    if (recipients.length > 0) {
      const attempt: SendAttempt = { attempt: leaseId, at: now.toISOString() };
      try {
        await this.table.client.send(
          new UpdateCommand({
            TableName: this.table.tableName,
            Key: keys.delivery(event, batch),
            UpdateExpression: 'SET entity = :entity, event = :event, sent = :none, sending = :sending, #ttl = :ttl, leaseId = :leaseId, leasedAt = :now',
            ConditionExpression: 'attribute_not_exists(pk)',
            ExpressionAttributeNames: { '#ttl': 'ttl' },
            ExpressionAttributeValues: {
              ':entity': 'delivery',
              ':event': event,
              ':none': {},
              ':sending': Object.fromEntries(recipients.map((to) => [to, attempt])),
              ':ttl': ttl,
              ':leaseId': leaseId,
              ':now': attempt.at,
            },
            ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
          }),
        );
        return { leaseId, sent: {}, sending: {}, marked: [...new Set(recipients)] };
      } catch (error) {
        if (!(error instanceof ConditionalCheckFailedException)) throw error;
        if (error.Item?.done) return 'done';
        const heldSince = error.Item?.leasedAt as { S?: string } | undefined;
        if (error.Item?.leaseId && heldSince?.S !== undefined && heldSince.S >= staleBefore) return 'busy';
      }
    }
    try {
      const { Attributes } = await this.table.client.send(
        new UpdateCommand({
          TableName: this.table.tableName,
          Key: keys.delivery(event, batch),
          UpdateExpression:
            'SET entity = :entity, event = :event, sent = if_not_exists(sent, :none), sending = if_not_exists(sending, :none), #ttl = if_not_exists(#ttl, :ttl), leaseId = :leaseId, leasedAt = :now',
          ConditionExpression: 'attribute_not_exists(done) AND (attribute_not_exists(leaseId) OR leasedAt < :staleBefore)',
          ExpressionAttributeNames: { '#ttl': 'ttl' },
          ExpressionAttributeValues: {
            ':entity': 'delivery',
            ':event': event,
            ':none': {},
            ':ttl': ttl,
            ':leaseId': leaseId,
            ':now': now.toISOString(),
            ':staleBefore': staleBefore,
          },
          ReturnValues: 'ALL_NEW',
          ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
        }),
      );
      return {
        leaseId,
        sent: (Attributes?.sent as Record<string, string> | undefined) ?? {},
        sending: (Attributes?.sending as Record<string, SendAttempt> | undefined) ?? {},
      };
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

  /** Marks the recipients about to be sent the batch under this lease, before any send, so a lost answer is known to be one. */
  async markSending(event: string, batch: string, addresses: readonly string[], attempt: SendAttempt): Promise<void> {
    if (addresses.length === 0) return;
    await this.table.client.send(
      new UpdateCommand({
        TableName: this.table.tableName,
        Key: keys.delivery(event, batch),
        UpdateExpression: `SET ${addresses.map((_, i) => `sending.#to${i} = :attempt`).join(', ')}`,
        ExpressionAttributeNames: Object.fromEntries(addresses.map((to, i) => [`#to${i}`, to])),
        ExpressionAttributeValues: { ':attempt': attempt },
      }),
    );
  }

  /**
   * Records who was sent the batch under this lease and gives the lease up; `done` when every
   * recipient has it now, so a later delivery of the event writes nothing. Recipients in
   * `notSent` (SES refused the send) lose their `sending` mark; those whose answer was lost keep it.
   */
  async settle(event: string, batch: string, newlySent: Record<string, string>, done: boolean, notSent: readonly string[] = []): Promise<void> {
    const entries = Object.entries(newlySent);
    const sets = [...entries.map((_, i) => `sent.#to${i} = :id${i}`), ...(done ? ['done = :done', 'doneAt = :now'] : [])];
    const removals = ['leaseId', 'leasedAt', ...entries.map((_, i) => `sending.#to${i}`), ...notSent.map((_, i) => `sending.#no${i}`)];
    const names = { ...Object.fromEntries(entries.map(([to], i) => [`#to${i}`, to])), ...Object.fromEntries(notSent.map((to, i) => [`#no${i}`, to])) };
    const values = {
      ...Object.fromEntries(entries.map(([, id], i) => [`:id${i}`, id])),
      ...(done ? { ':done': true, ':now': new Date().toISOString() } : {}),
    };
    await this.table.client.send(
      new UpdateCommand({
        TableName: this.table.tableName,
        Key: keys.delivery(event, batch),
        UpdateExpression: `${sets.length > 0 ? `SET ${sets.join(', ')} ` : ''}REMOVE ${removals.join(', ')}`,
        ...(Object.keys(names).length > 0 ? { ExpressionAttributeNames: names } : {}),
        ...(sets.length > 0 ? { ExpressionAttributeValues: values } : {}),
      }),
    );
  }

  /**
   * Records recipients as sent from SES's SEND events, all of one record in one write: only on a
   * record the sender made, and never over a message id its answer gave.
   */
  async recordSendEvents(event: string, batch: string, sent: Record<string, string>): Promise<boolean> {
    const entries = Object.entries(sent);
    if (entries.length === 0) return false;
    try {
      await this.table.client.send(
        new UpdateCommand({
          TableName: this.table.tableName,
          Key: keys.delivery(event, batch),
          UpdateExpression: `SET ${entries.map((_, i) => `sent.#to${i} = if_not_exists(sent.#to${i}, :id${i})`).join(', ')} REMOVE ${entries.map((_, i) => `sending.#to${i}`).join(', ')}`,
          ConditionExpression: 'attribute_exists(sending)',
          ExpressionAttributeNames: Object.fromEntries(entries.map(([to], i) => [`#to${i}`, to])),
          ExpressionAttributeValues: Object.fromEntries(entries.map(([, id], i) => [`:id${i}`, id])),
        }),
      );
      return true;
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return false;
      throw error;
    }
  }
}
