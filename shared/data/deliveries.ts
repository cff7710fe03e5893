/**
 * The email outbox: one record per (event, recipient), claimed before a send and completed
 * after it, so each email goes out once however often its event is delivered.
 */
import { PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { isConditionFailure, type TableCore } from '#shared/data/core';
import { keys } from '#shared/data/keys';

/** What happened when a delivery was claimed: send it now, or someone already did (or is doing) so. */
export type DeliveryClaim = 'claimed' | 'done';

const leaseSeconds = 120;
const keptDays = 30;

export class Deliveries {
  constructor(private readonly table: TableCore) {}

  /**
   * Records the intent to send. A claim left by a sender that died is taken over once its
   * lease has run out; a failed send can be claimed again at once.
   */
  async claim(event: string, email: string, now = new Date()): Promise<DeliveryClaim> {
    try {
      await this.table.client.send(
        new PutCommand({
          TableName: this.table.tableName,
          Item: {
            ...keys.delivery(event, email),
            entity: 'delivery',
            event,
            email,
            state: 'sending',
            claimedAt: now.toISOString(),
            ttl: Math.floor(now.getTime() / 1000) + keptDays * 86_400,
          },
          ConditionExpression: 'attribute_not_exists(pk) OR #state = :failed OR (#state = :sending AND claimedAt < :staleBefore)',
          ExpressionAttributeNames: { '#state': 'state' },
          ExpressionAttributeValues: {
            ':failed': 'failed',
            ':sending': 'sending',
            ':staleBefore': new Date(now.getTime() - leaseSeconds * 1000).toISOString(),
          },
        }),
      );
      return 'claimed';
    } catch (error) {
      if (isConditionFailure(error)) return 'done';
      throw error;
    }
  }

  async complete(event: string, email: string, outcome: { messageId: string } | { error: string }): Promise<void> {
    const sent = 'messageId' in outcome;
    await this.table.client.send(
      new UpdateCommand({
        TableName: this.table.tableName,
        Key: keys.delivery(event, email),
        UpdateExpression: 'SET #state = :state, #detail = :detail',
        ExpressionAttributeNames: { '#state': 'state', '#detail': sent ? 'messageId' : 'error' },
        ExpressionAttributeValues: { ':state': sent ? 'sent' : 'failed', ':detail': sent ? outcome.messageId : outcome.error.slice(0, 500) },
      }),
    );
  }
}
