import type { SESv2Client } from '@aws-sdk/client-sesv2';
import { describe, expect, it } from 'vitest';
import type { DeliveryLease } from '#shared/data/deliveries';
import {
  AwaitingSendEvents,
  type DeliveryState,
  decideSend,
  deliveryOfTag,
  deliveryTag,
  meaningOf,
  type SendAttempt,
  SendOutcomeUnknown,
  type SesEventDetail,
  sendsByRecord,
} from '#shared/domain/delivery';
import { newPerson } from '#shared/domain/people';
import { SesEmailSender } from '#shared/email/sender';
import { deliverBatch, type Mailer } from '#shared/services/deliveries';
import { recordEmailEvents } from '#shared/services/email-events';
import type { OutgoingEmail } from '#shared/services/messages';

const window = 600;
const at = '2026-12-07T10:00:00.000Z';
const seconds = (n: number) => new Date(Date.parse(at) + n * 1000);

describe('the send decision', () => {
  const state: DeliveryState = { sent: { 'a@example.org': 'm-1' }, sending: { 'b@example.org': { attempt: 'x', at } } };

  it('sends nobody twice: sent is done, a lost answer waits out the window, then is sent again', () => {
    expect(decideSend(state, 'a@example.org', seconds(1), window)).toBe('sent');
    expect(decideSend(state, 'b@example.org', seconds(1), window)).toBe('wait');
    expect(decideSend(state, 'b@example.org', seconds(window - 1), window)).toBe('wait');
    expect(decideSend(state, 'b@example.org', seconds(window), window)).toBe('send');
    expect(decideSend(state, 'c@example.org', seconds(1), window)).toBe('send');
    expect(decideSend({ sent: {} }, 'c@example.org', seconds(1), window)).toBe('send');
  });

  it('tags a send with its record and attempt in the characters SES allows, and reads the tag back', () => {
    const tag = deliveryTag('digest#2026-12-07T08:00:00.000Z', 'Sponsor.One+x@example.org', '1765-abc');
    expect(tag).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(tag.length).toBeLessThanOrEqual(256);
    expect(deliveryOfTag(tag)).toEqual({ event: 'digest#2026-12-07T08:00:00.000Z', batch: 'Sponsor.One+x@example.org', attempt: '1765-abc' });
    expect(deliveryOfTag('not-ours')).toBeUndefined();
  });
});

describe('what an SES event means', () => {
  const mail = (tags: Record<string, string[]> = { delivery: [deliveryTag('update#u1', '*', 'l1')] }) => ({
    messageId: 'm-9',
    timestamp: at,
    destination: ['a@example.org'],
    tags,
  });

  it('a send records the message as sent; a later event of it, or an untagged one, records nothing', () => {
    expect(meaningOf({ eventType: 'Send', mail: mail() })).toEqual({
      sent: { delivery: { event: 'update#u1', batch: '*', attempt: 'l1' }, messageId: 'm-9', to: ['a@example.org'] },
      failures: [],
    });
    for (const eventType of ['Delivery', 'DeliveryDelay', 'Reject', 'Bounce']) expect(meaningOf({ eventType, mail: mail() }).sent).toBeUndefined();
    expect(meaningOf({ eventType: 'Send', mail: mail({}) })).toEqual({ failures: [] });
  });

  it('a permanent bounce is a hard bounce, any other a transient one; a complaint is a complaint', () => {
    const bounce = (bounceType: string): SesEventDetail => ({
      eventType: 'Bounce',
      mail: mail(),
      bounce: { bounceType, bounceSubType: 'General', timestamp: at, bouncedRecipients: [{ emailAddress: 'A@Example.org' }] },
    });
    expect(meaningOf(bounce('Permanent')).failures).toEqual([{ address: 'a@example.org', kind: 'hard-bounce', at, detail: 'General' }]);
    expect(meaningOf(bounce('Transient')).failures[0]?.kind).toBe('transient-bounce');
    const complaint = meaningOf({
      eventType: 'Complaint',
      mail: mail(),
      complaint: { timestamp: at, complaintFeedbackType: 'abuse', complainedRecipients: [{ emailAddress: 'a@example.org' }] },
    });
    expect(complaint.failures).toEqual([{ address: 'a@example.org', kind: 'complaint', at, detail: 'abuse' }]);
  });

  const sendOf = (messageId: string, to: string, tag = deliveryTag('update#u1', '*', 'l1')): SesEventDetail => ({
    eventType: 'Send',
    mail: { messageId, timestamp: at, destination: [to], tags: { delivery: [tag] } },
  });

  it('groups a batch’s sent messages by delivery record, the first message id of an address kept', () => {
    const events = [
      sendOf('m-1', 'a@example.org'),
      { eventType: 'Delivery', mail: mail() },
      sendOf('m-2', 'b@example.org'),
      sendOf('m-3', 'c@example.org', deliveryTag('digest#r1', 'c@example.org', 'l2')),
      sendOf('m-4', 'a@example.org', deliveryTag('update#u1', '*', 'l3')),
    ].map((detail, index) => ({ source: index, meaning: meaningOf(detail) }));
    expect(sendsByRecord(events)).toEqual([
      { delivery: { event: 'update#u1', batch: '*' }, sent: { 'a@example.org': 'm-1', 'b@example.org': 'm-2' }, sources: [0, 2, 4] },
      { delivery: { event: 'digest#r1', batch: 'c@example.org' }, sent: { 'c@example.org': 'm-3' }, sources: [3] },
    ]);
    expect(sendsByRecord([{ source: 0, meaning: meaningOf({ eventType: 'Send', mail: mail({}) }) }])).toEqual([]);
  });

  function consumerPorts(failOn?: string) {
    const writes: string[] = [];
    const failing: string[] = [];
    const ports = {
      deliveries: {
        recordSendEvents: async (event: string, batch: string, sent: Record<string, string>) => {
          if (event === failOn) throw new Error('throttled');
          writes.push(`${event}|${batch}|${JSON.stringify(sent)}`);
          return true;
        },
      },
      failing: { record: async (failure: { address: string; kind: string }) => void failing.push(`${failure.address}|${failure.kind}`) },
    };
    return { ports, writes, failing };
  }

  it('the consumer records an update’s four sends in one write, and each failing address', async () => {
    const { ports, writes, failing } = consumerPorts();
    const batch = ['a', 'b', 'c', 'd'].map((n, index) => ({ source: `s${index}`, detail: sendOf(`m-${n}`, `${n}@example.org`) }));
    const bounce = { bounceType: 'Permanent', timestamp: at, bouncedRecipients: [{ emailAddress: 'a@example.org' }] };
    batch.push({ source: 'bounce', detail: { eventType: 'Bounce', mail: mail(), bounce } });
    const outcome = await recordEmailEvents(ports, batch);
    expect(outcome).toEqual({ recorded: 4, records: 1, failing: 1, failed: new Map() });
    expect(writes).toEqual(['update#u1|*|{"a@example.org":"m-a","b@example.org":"m-b","c@example.org":"m-c","d@example.org":"m-d"}']);
    expect(failing).toEqual(['a@example.org|hard-bounce']);
  });

  it('a record whose write fails fails its own events only', async () => {
    const { ports, writes } = consumerPorts('update#bad');
    const outcome = await recordEmailEvents(ports, [
      { source: 'good', detail: sendOf('m-1', 'a@example.org') },
      { source: 'bad-1', detail: sendOf('m-2', 'a@example.org', deliveryTag('update#bad', '*', 'l1')) },
      { source: 'bad-2', detail: sendOf('m-3', 'b@example.org', deliveryTag('update#bad', '*', 'l1')) },
    ]);
    expect([...outcome.failed.keys()]).toEqual(['bad-1', 'bad-2']);
    expect(outcome).toMatchObject({ recorded: 1, records: 1 });
    expect(writes).toHaveLength(1);
  });
});

/** An outbox in memory with the delivery record's rules, and a sender whose answers can be lost after it sends. */
function lostAnswers() {
  const record: { exists?: true; sent: Record<string, string>; sending: Record<string, SendAttempt>; done?: true } = { sent: {}, sending: {} };
  const delivered: OutgoingEmail[] = [];
  const writes: string[] = [];
  let loseNext = 0;
  const mailer: Mailer = {
    deliveries: {
      // A first lease makes the record with its recipients marked, in one write, as Deliveries.lease does.
      lease: async (_event, _batch, now = new Date(), recipients = []): Promise<DeliveryLease | 'done'> => {
        if (record.done) return 'done';
        const leaseId = `l${delivered.length}`;
        writes.push('lease');
        if (!record.exists && recipients.length > 0) {
          record.exists = true;
          for (const address of recipients) record.sending[address] = { attempt: leaseId, at: now.toISOString() };
          return { leaseId, sent: {}, sending: {}, marked: recipients };
        }
        record.exists = true;
        return { leaseId, sent: { ...record.sent }, sending: { ...record.sending } };
      },
      markSending: async (_event, _batch, addresses, attempt) => {
        if (addresses.length > 0) writes.push('mark');
        for (const address of addresses) record.sending[address] = attempt;
      },
      settle: async (_event, _batch, newlySent, done, notSent = []) => {
        writes.push('settle');
        Object.assign(record.sent, newlySent);
        for (const address of [...Object.keys(newlySent), ...notSent]) delete record.sending[address];
        if (done) record.done = true;
      },
    },
    templates: {} as Mailer['templates'],
    sender: {
      send: async (email) => {
        delivered.push(email);
        if (loseNext > 0) {
          loseNext -= 1;
          throw new SendOutcomeUnknown(email.to, new Error('socket hang up'));
        }
        return `m-${delivered.length}`;
      },
    },
    baseUrl: 'http://localhost',
    eventWindowSeconds: window,
  };
  return {
    mailer,
    record,
    delivered,
    writes,
    loseAnswers: (n: number) => {
      loseNext = n;
    },
  };
}

describe('a batch whose SES answer is lost', () => {
  const people = [newPerson({ name: 'Ann Lee', email: 'a@example.org', role: 'sponsor', priorityId: 'p' })];
  const compose = () => ({ subject: 's', html: '<p>h</p>', text: 't' });

  it('a first delivery marks its recipients with the lease: two writes, and a lost answer is marked before the send', async () => {
    const outbox = lostAnswers();
    const four = ['a', 'b', 'c', 'd'].map((n) => newPerson({ name: `Person ${n}`, email: `${n}@example.org`, role: 'board' }));
    outbox.loseAnswers(1);
    await expect(deliverBatch(outbox.mailer, 'update#u1', '*', four, compose)).rejects.toThrow(/1 of 4 emails could not be sent/);
    expect(outbox.writes).toEqual(['lease', 'settle']);
    // The lost one keeps the lease's mark; the others are sent.
    expect(Object.keys(outbox.record.sending)).toEqual(['a@example.org']);
    expect(outbox.record.sending['a@example.org']?.attempt).toBe('l0');
    expect(Object.keys(outbox.record.sent).sort()).toEqual(['b@example.org', 'c@example.org', 'd@example.org']);
  });

  it('a retry marks whom it sends to in a write of its own, after the lease', async () => {
    const outbox = lostAnswers();
    outbox.loseAnswers(1);
    await expect(deliverBatch(outbox.mailer, 'update#u1', '*', people, compose)).rejects.toBeInstanceOf(SendOutcomeUnknown);
    outbox.record.sending['a@example.org'] = { ...outbox.record.sending['a@example.org']!, at: new Date(Date.now() - (window + 1) * 1000).toISOString() };
    outbox.loseAnswers(1);
    await expect(deliverBatch(outbox.mailer, 'update#u1', '*', people, compose)).rejects.toBeInstanceOf(SendOutcomeUnknown);
    expect(outbox.writes).toEqual(['lease', 'settle', 'lease', 'mark', 'settle']);
    // The new attempt's mark, so its own window starts now.
    expect(outbox.record.sending['a@example.org']?.attempt).toBe('l1');
    expect(outbox.delivered).toHaveLength(2);
  });

  it('is not sent again while its send event may come, and is done once the event records it', async () => {
    const outbox = lostAnswers();
    outbox.loseAnswers(1);
    await expect(deliverBatch(outbox.mailer, 'update#u1', '*', people, compose)).rejects.toBeInstanceOf(SendOutcomeUnknown);
    expect(outbox.record.sending['a@example.org']).toBeDefined();
    expect(outbox.delivered[0]?.tags?.delivery).toMatch(/^[A-Za-z0-9_-]+$/);

    await expect(deliverBatch(outbox.mailer, 'update#u1', '*', people, compose)).rejects.toBeInstanceOf(AwaitingSendEvents);
    expect(outbox.delivered).toHaveLength(1);

    // SES's SEND event, recorded by the consumer.
    outbox.record.sent['a@example.org'] = 'm-1';
    delete outbox.record.sending['a@example.org'];
    expect(await deliverBatch(outbox.mailer, 'update#u1', '*', people, compose)).toEqual({ sent: 0, skipped: 1 });
    expect(outbox.record.done).toBe(true);
    expect(outbox.delivered).toHaveLength(1);
  });

  it('is sent again once the window has passed with no send event: SES never had it', async () => {
    const outbox = lostAnswers();
    outbox.loseAnswers(1);
    await expect(deliverBatch(outbox.mailer, 'update#u1', '*', people, compose)).rejects.toBeInstanceOf(SendOutcomeUnknown);
    // The attempt's time as the record holds it, moved back past the window.
    outbox.record.sending['a@example.org'] = { ...outbox.record.sending['a@example.org']!, at: new Date(Date.now() - (window + 1) * 1000).toISOString() };
    expect(await deliverBatch(outbox.mailer, 'update#u1', '*', people, compose)).toEqual({ sent: 1, skipped: 0 });
    expect(outbox.delivered).toHaveLength(2);
    expect(outbox.record).toMatchObject({ done: true, sending: {} });
  });
});

describe('the SES sender', () => {
  const email: OutgoingEmail = { to: 'a@example.org', subject: 's', html: 'h', text: 't', unsubscribeUrl: 'http://x' };
  const failing = (...errors: unknown[]) => {
    let calls = 0;
    const client = {
      send: async () => {
        const error = errors[calls];
        calls += 1;
        if (error) throw error;
        return { MessageId: 'm-1' };
      },
    } as unknown as SESv2Client;
    return { sender: new SesEmailSender('from@example.org', undefined, client), calls: () => calls };
  };
  const network = (code: string) => Object.assign(new Error(code), { code });

  it('retries only what proves nothing was sent: no connection, or throttling', async () => {
    const refused = failing(
      network('ECONNREFUSED'),
      Object.assign(new Error('slow down'), { name: 'TooManyRequestsException', $metadata: { httpStatusCode: 429 } }),
    );
    expect(await refused.sender.send(email)).toBe('m-1');
    expect(refused.calls()).toBe(3);
  });

  it('calls a reset connection, a timeout or a 5xx an unknown outcome, and does not retry it', async () => {
    for (const error of [
      network('ECONNRESET'),
      Object.assign(new Error('timed out'), { name: 'TimeoutError' }),
      Object.assign(new Error('oops'), { $metadata: { httpStatusCode: 500 } }),
    ]) {
      const lost = failing(error);
      await expect(lost.sender.send(email)).rejects.toBeInstanceOf(SendOutcomeUnknown);
      expect(lost.calls()).toBe(1);
    }
  });

  it('gives up at once on a refusal', async () => {
    const rejected = failing(Object.assign(new Error('MessageRejected'), { name: 'MessageRejected', $metadata: { httpStatusCode: 400 } }));
    await expect(rejected.sender.send(email)).rejects.toThrow('MessageRejected');
    expect(rejected.calls()).toBe(1);
  });
});
