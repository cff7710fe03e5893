/**
 * Invoked by Lambda's SQS event source with batches of SES's events, which EventBridge puts on
 * the queue (and by the local runtime's event bus, in the same shape): records sends on their
 * delivery records, one write per record, and failing addresses. Each event that failed is
 * reported alone, so SQS tries only those again, then keeps them in the dead-letter queue.
 */
import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import type { Context, SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import { TableCore } from '#shared/data/core';
import { Deliveries } from '#shared/data/deliveries';
import { FailingAddresses } from '#shared/data/failing-addresses';
import { type SesEventDetail, sesEventDetailSchema } from '#shared/domain/delivery';
import { logger } from '#shared/logger';
import { emit, withMetrics } from '#shared/metrics';
import { type EmailEventPorts, recordEmailEvents } from '#shared/services/email-events';
import { settingsFor } from '#shared/settings';
import { definition } from './definition.ts';

const settings = settingsFor(definition);
const table = new TableCore(settings.TABLE_NAME);
const ports: EmailEventPorts = { deliveries: new Deliveries(table), failing: new FailingAddresses(table) };
const processor = new BatchProcessor(EventType.SQS);

/** The SES event detail of a message: its body is the event as EventBridge delivers it. */
function detailOf(record: SQSRecord): SesEventDetail {
  return sesEventDetailSchema.parse((JSON.parse(record.body) as { detail?: unknown }).detail);
}

export const handler = withMetrics(async (event: SQSEvent, context: Context): Promise<SQSBatchResponse> => {
  logger.addContext(context);
  const unreadable = new Map<string, unknown>();
  const events = event.Records.flatMap((record) => {
    try {
      return [{ source: record.messageId, detail: detailOf(record) }];
    } catch (error) {
      unreadable.set(record.messageId, error);
      return [];
    }
  });
  const { failed, ...outcome } = await recordEmailEvents(ports, events);
  const summary = { events: event.Records.length, ...outcome, failed: failed.size, unreadable: unreadable.size };
  if (outcome.failing > 0) emit('FailingAddressesReported', outcome.failing);
  if (outcome.failing > 0 || failed.size > 0 || unreadable.size > 0) logger.warn('SES events: failing addresses reported, or events that failed', summary);
  else logger.info('SES events', summary);
  // The batch is written already: Powertools reports the events that failed, one by one.
  return processPartialResponse(
    event,
    async (record: SQSRecord) => {
      const error = failed.get(record.messageId) ?? unreadable.get(record.messageId);
      if (error !== undefined) throw error;
    },
    processor,
  );
});
