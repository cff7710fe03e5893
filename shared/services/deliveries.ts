/**
 * Sends an email at most once per (event, recipient): the intent is recorded with a
 * conditional write before sending, and the outcome after. A failed send is left claimable,
 * so a retry sends it without repeating the ones that went out.
 */
import type { Person } from '#shared/domain/people';
import type { Deliveries } from '#shared/data/deliveries';
import type { EmailContent, EmailSender, EmailTemplates, Links, OutgoingEmail } from '#shared/services/messages';

export type DeliveryOutcome = 'sent' | 'skipped';

export interface Mailer {
  deliveries: Pick<Deliveries, 'claim' | 'complete'>;
  templates: EmailTemplates;
  sender: EmailSender;
  baseUrl: string;
  /**
   * Told what became of each email, and the kind of its event (the part before `#`: `update`,
   * `digest`, `reminder`), so a function can count its emails, failed ones included.
   */
  onOutcome?: (outcome: DeliveryOutcome | 'failed', kind: string) => void;
}

export function personalLinks(baseUrl: string, person: Person): Links & { unsubscribe: string } {
  const url = `${baseUrl}/people/${person.personId}/preferences?key=${encodeURIComponent(person.preferencesKey)}`;
  return { preferences: url, unsubscribe: url };
}

export async function deliverOnce(
  mailer: Mailer,
  event: string,
  person: Person,
  compose: () => Promise<EmailContent> | EmailContent,
): Promise<DeliveryOutcome> {
  const kind = event.split('#', 1)[0]!;
  try {
    const outcome = await sendOnce(mailer, event, person, compose);
    mailer.onOutcome?.(outcome, kind);
    return outcome;
  } catch (error) {
    mailer.onOutcome?.('failed', kind);
    throw error;
  }
}

async function sendOnce(mailer: Mailer, event: string, person: Person, compose: () => Promise<EmailContent> | EmailContent): Promise<DeliveryOutcome> {
  if ((await mailer.deliveries.claim(event, person.email)) === 'done') return 'skipped';
  try {
    const content = await compose();
    const email: OutgoingEmail = { ...content, to: person.email, unsubscribeUrl: personalLinks(mailer.baseUrl, person).unsubscribe };
    const messageId = await mailer.sender.send(email);
    await mailer.deliveries.complete(event, person.email, { messageId });
    return 'sent';
  } catch (error) {
    // Leave the claim open for the retry; the original error is what the caller must see.
    await mailer.deliveries.complete(event, person.email, { error: error instanceof Error ? error.message : String(error) }).catch(() => undefined);
    throw error;
  }
}

/** Sends at most this many emails at once: SES accounts have a per-second sending rate, and the SDK a socket pool. */
export const deliveriesAtOnce = 8;

/** Runs every delivery, a few at a time, then reports all failures together so one bad address does not hold back the rest. */
export async function deliverAll(deliveries: (() => Promise<DeliveryOutcome>)[]): Promise<{ sent: number; skipped: number }> {
  const results: PromiseSettledResult<DeliveryOutcome>[] = [];
  let next = 0;
  const worker = async () => {
    while (next < deliveries.length) {
      const index = next++;
      results[index] = await deliveries[index]!().then(
        (value) => ({ status: 'fulfilled', value }) as const,
        (reason: unknown) => ({ status: 'rejected', reason }) as const,
      );
    }
  };
  await Promise.all(Array.from({ length: Math.min(deliveriesAtOnce, deliveries.length) }, worker));
  const failures = results.flatMap((result) => (result.status === 'rejected' ? [result.reason as unknown] : []));
  if (failures.length > 0) throw new AggregateError(failures, `${failures.length} of ${results.length} emails could not be sent`);
  const outcomes = results.map((result) => (result as PromiseFulfilledResult<DeliveryOutcome>).value);
  return { sent: outcomes.filter((o) => o === 'sent').length, skipped: outcomes.filter((o) => o === 'skipped').length };
}
