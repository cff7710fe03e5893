/**
 * Invoked by EventBridge with each SES event of the configuration set (and by the local
 * runtime with its SES emulator's): records sends on their delivery records and failing
 * addresses. A failure is retried by EventBridge, then kept in the dead-letter queue.
 */
import type { Context, EventBridgeEvent } from 'aws-lambda';
import { TableCore } from '#shared/data/core';
import { Deliveries } from '#shared/data/deliveries';
import { FailingAddresses } from '#shared/data/failing-addresses';
import { type SesEventDetail, sesEventDetailSchema } from '#shared/domain/delivery';
import { logger } from '#shared/logger';
import { emit, withMetrics } from '#shared/metrics';
import { type EmailEventOutcome, type EmailEventPorts, recordEmailEvent } from '#shared/services/email-events';
import { settingsFor } from '#shared/settings';
import { definition } from './definition.ts';

const settings = settingsFor(definition);
const table = new TableCore(settings.TABLE_NAME);
const ports: EmailEventPorts = { deliveries: new Deliveries(table), failing: new FailingAddresses(table) };

export const handler = withMetrics(async (event: EventBridgeEvent<string, SesEventDetail>, context: Context): Promise<EmailEventOutcome> => {
  logger.addContext(context);
  const detail = sesEventDetailSchema.parse(event.detail);
  const outcome = await recordEmailEvent(ports, detail);
  if (outcome.failing > 0) {
    emit('FailingAddressesReported', outcome.failing);
    logger.warn('SES reported failing addresses', { eventType: detail.eventType, messageId: detail.mail.messageId, ...outcome });
  } else logger.info('SES event', { eventType: detail.eventType, messageId: detail.mail.messageId, ...outcome });
  return outcome;
});
