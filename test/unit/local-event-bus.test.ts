/**
 * The local event bus stands in for EventBridge, the SQS queue and Lambda's event source: the
 * events of a burst reach a consumer as one SQS-shaped batch, and only the events it reports as
 * failed come back.
 */
import type { SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import type { EmailEventSettings } from '#shared/function-definition';
import { LocalEventBus } from '../../infra/local/event-bus.ts';
import type { SesEvent } from '../../infra/local/ses.ts';

const settings: EmailEventSettings = { types: ['SEND', 'BOUNCE'], batchSize: 3, maxBatchingWindowSeconds: 5, maxReceiveCount: 10 };

const sesEvent = (messageId: string): SesEvent => ({
  version: '0',
  id: messageId,
  'detail-type': 'Email Sent',
  source: 'aws.ses',
  account: '000000000000',
  time: '2026-12-07T10:00:00.000Z',
  region: 'local',
  resources: [],
  detail: { eventType: 'Send', mail: { messageId, timestamp: '2026-12-07T10:00:00.000Z', destination: ['a@example.org'] } },
});

const messageIdsOf = (batch: SQSEvent) => batch.Records.map((record) => (JSON.parse(record.body) as SesEvent).detail.mail.messageId);

describe('the local event bus', () => {
  it('delivers the events of a burst as batches of at most batchSize, and none of a type the consumer does not take', async () => {
    const batches: string[][] = [];
    const bus = new LocalEventBus(
      [{ name: 'email-events', settings }],
      async (_name, batch) => {
        batches.push(messageIdsOf(batch));
        return { batchItemFailures: [] };
      },
      undefined,
      20,
    );
    for (const id of ['m-1', 'm-2', 'm-3', 'm-4']) bus.publish('SEND', sesEvent(id));
    bus.publish('DELIVERY', sesEvent('m-5'));
    await new Promise((resolveWait) => setTimeout(resolveWait, 60));
    await bus.drain();
    expect(batches).toEqual([['m-1', 'm-2', 'm-3'], ['m-4']]);
  });

  it('delivers again only the events the consumer reports as failed', async () => {
    const batches: string[][] = [];
    const bus = new LocalEventBus(
      [{ name: 'email-events', settings }],
      async (_name, batch): Promise<SQSBatchResponse> => {
        batches.push(messageIdsOf(batch));
        const failed = batches.length === 1 ? batch.Records.filter((record) => messageIdsOf({ Records: [record] })[0] === 'm-2') : [];
        return { batchItemFailures: failed.map((record) => ({ itemIdentifier: record.messageId })) };
      },
      undefined,
      10,
    );
    bus.publish('SEND', sesEvent('m-1'));
    bus.publish('BOUNCE', sesEvent('m-2'));
    await bus.drain();
    expect(batches).toEqual([['m-1', 'm-2'], ['m-2']]);
  });
});
