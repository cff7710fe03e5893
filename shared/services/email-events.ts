/**
 * What SES's events (through EventBridge and an SQS queue, in batches) change: the messages sent
 * under a delivery tag are recorded on their delivery record, one write per record for the whole
 * batch, so a sender that lost SES's answer does not send them again; a bounce or a complaint
 * marks the address as failing. An event whose write fails is reported, alone with the others
 * of its record, so only those are tried again.
 */
import type { Deliveries } from '#shared/data/deliveries';
import type { FailingAddresses } from '#shared/data/failing-addresses';
import { meaningOf, type SesEventDetail, sendsByRecord } from '#shared/domain/delivery';

export interface EmailEventPorts {
  deliveries: Pick<Deliveries, 'recordSendEvents'>;
  failing: Pick<FailingAddresses, 'record'>;
}

export interface EmailEventOutcome<K> {
  /** Recipients recorded as sent on their delivery records. */
  recorded: number;
  /** Delivery records written. */
  records: number;
  /** Failing addresses marked. */
  failing: number;
  /** The events whose writes failed, with the error: they are to be tried again. */
  failed: Map<K, unknown>;
}

/** Records a batch of SES events, each named by `source` (an SQS message id) so failures can be reported event by event. */
export async function recordEmailEvents<K>(ports: EmailEventPorts, events: readonly { source: K; detail: SesEventDetail }[]): Promise<EmailEventOutcome<K>> {
  const meanings = events.map(({ source, detail }) => ({ source, meaning: meaningOf(detail) }));
  const failed = new Map<K, unknown>();
  let recorded = 0;
  let records = 0;
  let failing = 0;
  const sends = sendsByRecord(meanings).map(async ({ delivery, sent, sources }) => {
    try {
      if (await ports.deliveries.recordSendEvents(delivery.event, delivery.batch, sent)) {
        recorded += Object.keys(sent).length;
        records += 1;
      }
    } catch (error) {
      for (const source of sources) failed.set(source, error);
    }
  });
  const failures = meanings.flatMap(({ source, meaning }) =>
    meaning.failures.map(async (failure) => {
      try {
        await ports.failing.record(failure);
        failing += 1;
      } catch (error) {
        failed.set(source, error);
      }
    }),
  );
  await Promise.all([...sends, ...failures]);
  return { recorded, records, failing, failed };
}
