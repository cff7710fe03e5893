/**
 * What SES's events (through EventBridge) change: a message sent under a delivery tag is
 * recorded on its delivery record, so a sender that lost SES's answer does not send it again;
 * a bounce or a complaint marks the address as failing.
 */
import type { Deliveries } from '#shared/data/deliveries';
import type { FailingAddresses } from '#shared/data/failing-addresses';
import { meaningOf, type SesEventDetail } from '#shared/domain/delivery';

export interface EmailEventPorts {
  deliveries: Pick<Deliveries, 'recordSendEvent'>;
  failing: Pick<FailingAddresses, 'record'>;
}

export interface EmailEventOutcome {
  /** Recipients recorded as sent on their delivery record. */
  recorded: number;
  /** Failing addresses marked. */
  failing: number;
}

export async function recordEmailEvent(ports: EmailEventPorts, detail: SesEventDetail): Promise<EmailEventOutcome> {
  const meaning = meaningOf(detail);
  let recorded = 0;
  if (meaning.sent) {
    const { delivery, messageId, to } = meaning.sent;
    for (const address of to) if (await ports.deliveries.recordSendEvent(delivery.event, delivery.batch, address, messageId)) recorded += 1;
  }
  for (const failure of meaning.failures) await ports.failing.record(failure);
  return { recorded, failing: meaning.failures.length };
}
