/**
 * Sending an email at most once when SES's answer can be lost. Before a send the delivery
 * record marks the recipient `sending` (the attempt and its time); SES's answer, or the SEND
 * event it publishes for the message's delivery tag, records the recipient as sent. A send
 * whose answer was lost stays `sending`: it is not sent again until the event window has
 * passed without a SEND event, and then it is (SES never had it). Bounces and complaints mark
 * the address as failing.
 */
import * as z from 'zod/mini';

/** A recipient's send whose outcome is not known yet: the attempt that made it and when. */
export interface SendAttempt {
  attempt: string;
  at: string;
}

/** What the delivery record knows of a batch's recipients, by address. */
export interface DeliveryState {
  /** Sent, with SES's message id (from its answer or from the SEND event). */
  sent: Record<string, string>;
  /** Sends in flight or whose answer was lost (none on a record made before sends were marked). */
  sending?: Record<string, SendAttempt>;
}

/**
 * What to do for one recipient: `sent` (nothing: it has the email), `send`, or `wait` (a send
 * whose answer was lost may have gone out; its SEND event can still arrive within the window).
 */
export type SendDecision = 'sent' | 'send' | 'wait';

export function decideSend(state: DeliveryState, address: string, now: Date, windowSeconds: number): SendDecision {
  if (state.sent[address] !== undefined) return 'sent';
  const attempt = state.sending?.[address];
  if (!attempt) return 'send';
  return now.getTime() - Date.parse(attempt.at) < windowSeconds * 1000 ? 'wait' : 'send';
}

/** When a recipient left waiting may be sent again: the end of its attempt's window. */
export function windowEndsAt(attempt: SendAttempt, windowSeconds: number): Date {
  return new Date(Date.parse(attempt.at) + windowSeconds * 1000);
}

/**
 * Thrown by a sender when SES may have accepted the email but its answer never came (a
 * timeout, a connection reset, a 5xx): the recipient stays `sending` until the window decides.
 */
export class SendOutcomeUnknown extends Error {
  constructor(
    readonly to: string,
    cause: unknown,
  ) {
    super(`The outcome of a send to one recipient is unknown: ${cause instanceof Error ? cause.message : String(cause)}`, { cause });
    this.name = 'SendOutcomeUnknown';
  }
}

/** Thrown when recipients of a batch wait for their window: the batch is tried again later. */
export class AwaitingSendEvents extends Error {
  constructor(
    readonly waiting: number,
    readonly retryAfter: Date,
  ) {
    super(`${waiting} email(s) await SES's send event or the end of their window (${retryAfter.toISOString()}) before any is sent again`);
    this.name = 'AwaitingSendEvents';
  }
}

/** The SES message tag that names a message's delivery record and attempt; tag values allow only [A-Za-z0-9_-]. */
export const deliveryTagName = 'delivery';

/** The tag value of a send: the record's event and batch and the attempt, base64url-encoded. */
export function deliveryTag(event: string, batch: string, attempt: string): string {
  return Buffer.from(JSON.stringify([event, batch, attempt]), 'utf8').toString('base64url');
}

export interface TaggedDelivery {
  event: string;
  batch: string;
  attempt: string;
}

/** The delivery a tag names; undefined for a tag this service did not write. */
export function deliveryOfTag(tag: string): TaggedDelivery | undefined {
  try {
    const value: unknown = JSON.parse(Buffer.from(tag, 'base64url').toString('utf8'));
    if (Array.isArray(value) && value.length === 3 && value.every((part) => typeof part === 'string')) {
      const [event, batch, attempt] = value as [string, string, string];
      return { event, batch, attempt };
    }
  } catch {
    // Not one of ours.
  }
  return undefined;
}

/** Why an address fails: a hard (permanent) bounce, a transient one, or a complaint. */
export type FailureKind = 'hard-bounce' | 'transient-bounce' | 'complaint';

export interface AddressFailure {
  address: string;
  kind: FailureKind;
  at: string;
  /** SES's bounce subtype or complaint feedback type, when it gives one. */
  detail?: string;
}

/** SES's event detail (the configuration set's event publishing format), the parts this service reads. */
export const sesEventDetailSchema = z.object({
  eventType: z.string(),
  mail: z.object({
    messageId: z.string(),
    timestamp: z.string(),
    destination: z.array(z.string()),
    tags: z.optional(z.record(z.string(), z.array(z.string()))),
  }),
  bounce: z.optional(
    z.object({
      bounceType: z.string(),
      bounceSubType: z.optional(z.string()),
      timestamp: z.string(),
      bouncedRecipients: z.array(z.object({ emailAddress: z.string() })),
    }),
  ),
  complaint: z.optional(
    z.object({
      timestamp: z.string(),
      complaintFeedbackType: z.optional(z.string()),
      complainedRecipients: z.array(z.object({ emailAddress: z.string() })),
    }),
  ),
});
export type SesEventDetail = z.output<typeof sesEventDetailSchema>;

/** What an SES event says: a message sent (or delivered, which implies sent) under a delivery tag, and failing addresses. */
export interface EmailEventMeaning {
  sent?: { delivery: TaggedDelivery; messageId: string; to: string[] };
  failures: AddressFailure[];
}

export function meaningOf(detail: SesEventDetail): EmailEventMeaning {
  const tag = detail.mail.tags?.[deliveryTagName]?.[0];
  const delivery = tag === undefined ? undefined : deliveryOfTag(tag);
  const failures: AddressFailure[] = [];
  if (detail.eventType === 'Bounce' && detail.bounce) {
    const kind: FailureKind = detail.bounce.bounceType === 'Permanent' ? 'hard-bounce' : 'transient-bounce';
    for (const recipient of detail.bounce.bouncedRecipients) {
      failures.push({
        address: recipient.emailAddress.toLowerCase(),
        kind,
        at: detail.bounce.timestamp,
        ...(detail.bounce.bounceSubType ? { detail: detail.bounce.bounceSubType } : {}),
      });
    }
  }
  if (detail.eventType === 'Complaint' && detail.complaint) {
    for (const recipient of detail.complaint.complainedRecipients) {
      failures.push({
        address: recipient.emailAddress.toLowerCase(),
        kind: 'complaint',
        at: detail.complaint.timestamp,
        ...(detail.complaint.complaintFeedbackType ? { detail: detail.complaint.complaintFeedbackType } : {}),
      });
    }
  }
  // SES publishes a SEND event for every message it accepted: recording that one alone keeps the
  // cost at one write per email, as the later events of a message tell the sender nothing more.
  const accepted = detail.eventType === 'Send';
  return {
    ...(delivery && accepted ? { sent: { delivery, messageId: detail.mail.messageId, to: detail.mail.destination } } : {}),
    failures,
  };
}

/** The messages a batch of SES events says were sent under one delivery record, by address, and the events that say so. */
export interface RecordSends<K> {
  delivery: Pick<TaggedDelivery, 'event' | 'batch'>;
  /** Message id by address; the first event's, when two name the same address. */
  sent: Record<string, string>;
  sources: K[];
}

/**
 * Groups a batch's sent messages by delivery record, so one write records all of a record's
 * (the emails of one update are sent together, so their SEND events come together).
 */
export function sendsByRecord<K>(events: readonly { source: K; meaning: EmailEventMeaning }[]): RecordSends<K>[] {
  const records = new Map<string, RecordSends<K>>();
  for (const { source, meaning } of events) {
    if (!meaning.sent) continue;
    const { delivery, messageId, to } = meaning.sent;
    const key = JSON.stringify([delivery.event, delivery.batch]);
    const record = records.get(key) ?? { delivery: { event: delivery.event, batch: delivery.batch }, sent: {}, sources: [] };
    for (const address of to) record.sent[address] ??= messageId;
    record.sources.push(source);
    records.set(key, record);
  }
  return [...records.values()];
}
