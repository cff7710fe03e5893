/**
 * Sends each email of a batch at most once: the batch's delivery record is leased and its
 * recipients marked `sending` before sending (in the same write, for a batch's first lease),
 * and it records who was sent it after. A send SES
 * refused is left out of the record, so a retry sends it without repeating the ones that went
 * out; a send whose answer was lost waits for SES's SEND event, or the end of the event window
 * (shared/domain/delivery.ts), before a retry may send it again.
 */

import type { Deliveries } from '#shared/data/deliveries';
import { AwaitingSendEvents, decideSend, deliveryTag, deliveryTagName, SendOutcomeUnknown, windowEndsAt } from '#shared/domain/delivery';
import type { Person } from '#shared/domain/people';
import type { EmailContent, EmailSender, EmailTemplates, Links, OutgoingEmail } from '#shared/services/messages';

/** `held`: skipped because another sender holds the batch, and may still fail to send it. */
export type DeliveryOutcome = 'sent' | 'skipped' | 'held';

/** What became of a batch; `held` is there only when another sender held it. */
export interface BatchOutcome {
  sent: number;
  skipped: number;
  held?: true;
}

/** The templates as a mailer holds them: each may answer later, for a mailer that loads them at its first email. */
type MailerTemplates = { [K in keyof EmailTemplates]: (message: Parameters<EmailTemplates[K]>[0]) => EmailContent | Promise<EmailContent> };

export interface Mailer {
  deliveries: Pick<Deliveries, 'lease' | 'markSending' | 'settle'>;
  templates: MailerTemplates;
  sender: EmailSender;
  baseUrl: string;
  /** How long a send whose answer was lost waits for SES's SEND event before it is sent again. */
  eventWindowSeconds: number;
  /**
   * Told what became of each email, and the kind of its event (the part before `#`: `update`,
   * `digest`, `reminder`), so a function can count its emails, failed ones included.
   */
  onOutcome?: (outcome: 'sent' | 'skipped' | 'failed', kind: string) => void;
}

export function personalLinks(baseUrl: string, person: Person): Links & { unsubscribe: string } {
  const url = `${baseUrl}/people/${person.personId}/preferences?key=${encodeURIComponent(person.preferencesKey)}`;
  return { preferences: url, unsubscribe: url };
}

/**
 * Sends one batch of an event's emails: everyone told about an update (`batch` = `*`), or one
 * person's digest (`batch` = their address). Each recipient is sent it once; when another
 * sender holds the batch, or it is done, nobody is sent anything here.
 */
export async function deliverBatch(
  mailer: Mailer,
  event: string,
  batch: string,
  recipients: readonly Person[],
  compose: (person: Person) => Promise<EmailContent> | EmailContent,
): Promise<BatchOutcome> {
  const kind = event.split('#', 1)[0]!;
  const tell = (outcome: 'sent' | 'skipped' | 'failed', count: number) => {
    for (let i = 0; i < count; i += 1) mailer.onOutcome?.(outcome, kind);
  };
  if (recipients.length === 0) return { sent: 0, skipped: 0 };
  const now = new Date();
  const lease = await mailer.deliveries.lease(
    event,
    batch,
    now,
    recipients.map((person) => person.email),
  );
  if (lease === 'done' || lease === 'busy') {
    tell('skipped', recipients.length);
    return { sent: 0, skipped: recipients.length, ...(lease === 'busy' ? { held: true as const } : {}) };
  }
  const decisions = new Map(recipients.map((person) => [person.email, decideSend(lease, person.email, now, mailer.eventWindowSeconds)]));
  const pending = recipients.filter((person) => decisions.get(person.email) === 'send');
  const waiting = recipients.filter((person) => decisions.get(person.email) === 'wait');
  // A first lease marked them all as it was taken; a retry marks those it sends to now.
  const marked = new Set(lease.marked ?? []);
  await mailer.deliveries.markSending(
    event,
    batch,
    pending.map((person) => person.email).filter((address) => !marked.has(address)),
    { attempt: lease.leaseId, at: now.toISOString() },
  );
  const tags = { [deliveryTagName]: deliveryTag(event, batch, lease.leaseId) };
  const results = await atMost(
    deliveriesAtOnce,
    pending.map((person) => async () => {
      const content = await compose(person);
      const email: OutgoingEmail = { ...content, to: person.email, unsubscribeUrl: personalLinks(mailer.baseUrl, person).unsubscribe, tags };
      return [person.email, await mailer.sender.send(email)] as const;
    }),
  );
  const newlySent = Object.fromEntries(results.flatMap((result) => (result.status === 'fulfilled' ? [result.value] : [])));
  const failures = results.flatMap((result) => (result.status === 'rejected' ? [result.reason as unknown] : []));
  // A refused send was never made: its mark goes, so a retry sends it at once. A lost answer keeps its mark.
  const notSent = pending.filter((_, index) => {
    const result = results[index]!;
    return result.status === 'rejected' && !(result.reason instanceof SendOutcomeUnknown);
  });
  // Recorded even when some failed: the retry then sends only those.
  const done = recipients.every((person) => lease.sent[person.email] !== undefined || newlySent[person.email] !== undefined);
  await mailer.deliveries.settle(
    event,
    batch,
    newlySent,
    done,
    notSent.map((person) => person.email),
  );
  const sent = Object.keys(newlySent).length;
  const skipped = recipients.length - pending.length - waiting.length;
  tell('skipped', skipped);
  tell('sent', sent);
  tell('failed', failures.length);
  if (failures.length > 0)
    throw pending.length === 1 && waiting.length === 0
      ? failures[0]
      : new AggregateError(
          failures,
          `${failures.length} of ${pending.length} emails could not be sent${waiting.length > 0 ? `, ${waiting.length} await their send events` : ''}`,
        );
  if (waiting.length > 0) {
    const retryAfter = Math.max(...waiting.map((person) => windowEndsAt(lease.sending![person.email]!, mailer.eventWindowSeconds).getTime()));
    throw new AwaitingSendEvents(waiting.length, new Date(retryAfter));
  }
  return { sent, skipped };
}

/** One person's email of an event, sent once: a batch of its own, keyed by the address. */
export async function deliverOnce(
  mailer: Mailer,
  event: string,
  person: Person,
  compose: () => Promise<EmailContent> | EmailContent,
): Promise<DeliveryOutcome> {
  const { sent, held } = await deliverBatch(mailer, event, person.email, [person], compose);
  return sent > 0 ? 'sent' : held ? 'held' : 'skipped';
}

/** A mailer that can also read which of an event's batches are done. */
export type EachMailer = Mailer & { deliveries: Pick<Deliveries, 'doneBatches'> };

/**
 * Each person's email of an event, sent once (`deliverOnce` for each). Those already sent it are
 * found first by one read of the event's records, so an event delivered again tries no lease for them.
 */
export async function deliverToEach(
  mailer: EachMailer,
  event: string,
  people: readonly Person[],
  compose: (person: Person) => Promise<EmailContent> | EmailContent,
): Promise<BatchOutcome> {
  const done = await mailer.deliveries.doneBatches(event);
  const pending = people.filter((person) => !done.has(person.email));
  const alreadySent = people.length - pending.length;
  for (let i = 0; i < alreadySent; i += 1) mailer.onOutcome?.('skipped', event.split('#', 1)[0]!);
  const outcome = await deliverAll(pending.map((person) => () => deliverOnce(mailer, event, person, () => compose(person))));
  return { ...outcome, skipped: outcome.skipped + alreadySent };
}

/** Sends at most this many emails at once: SES accounts have a per-second sending rate, and the SDK a socket pool. */
const deliveriesAtOnce = 8;

/** Runs tasks a few at a time; every one runs, whatever the others do. */
async function atMost<T>(limit: number, tasks: (() => Promise<T>)[]): Promise<PromiseSettledResult<T>[]> {
  const results: PromiseSettledResult<T>[] = [];
  let next = 0;
  const worker = async () => {
    while (next < tasks.length) {
      const index = next++;
      results[index] = await tasks[index]!().then(
        (value) => ({ status: 'fulfilled', value }) as const,
        (reason: unknown) => ({ status: 'rejected', reason }) as const,
      );
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, tasks.length) }, worker));
  return results;
}

/** Runs every delivery, a few at a time, then reports all failures together so one bad address does not hold back the rest. */
export async function deliverAll(deliveries: (() => Promise<DeliveryOutcome>)[]): Promise<BatchOutcome> {
  const results = await atMost(deliveriesAtOnce, deliveries);
  const failures = results.flatMap((result) => (result.status === 'rejected' ? [result.reason as unknown] : []));
  if (failures.length > 0) throw new AggregateError(failures, `${failures.length} of ${results.length} emails could not be sent`);
  const outcomes = results.map((result) => (result as PromiseFulfilledResult<DeliveryOutcome>).value);
  const sent = outcomes.filter((o) => o === 'sent').length;
  return { sent, skipped: outcomes.length - sent, ...(outcomes.includes('held') ? { held: true as const } : {}) };
}
