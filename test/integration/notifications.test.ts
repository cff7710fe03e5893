/**
 * Email, end to end on the local stack: stream-driven notifications into the local SES
 * endpoint, exactly once per (update, recipient) under replay; the weekly digest and
 * reminders, idempotent per run, with personal links that work for their own priority only.
 */
import type { DynamoDBBatchResponse } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SendOutcomeUnknown } from '#shared/domain/delivery';
import type { Person } from '#shared/domain/people';
import { newPerson } from '#shared/domain/people';
import { currentPeriod } from '#shared/domain/periods';
import { emailTemplates } from '#shared/email/content';
import { SesEmailSender } from '#shared/email/sender';
import { deliverAll, deliverBatch, deliverOnce } from '#shared/services/deliveries';
import type { EmailSender, OutgoingEmail } from '#shared/services/messages';
import { invoke } from '../../infra/local/lambda.ts';
import { eventually, followPersonalLink, form, type SentEmail, startTestStack, streamRecords, type TestStack, validUpdate } from './stack.ts';

let stack: TestStack;
let people: Person[];

beforeAll(async () => {
  stack = await startTestStack();
  people = await stack.stores.people.list();
});
afterAll(async () => stack?.stop());

const to = (email: SentEmail) => email.destination.to[0]!;

/** A mailer over the stack's delivery records with a sender of the test's own. */
const testMailer = (sender: EmailSender, eventWindowSeconds: number) => ({
  deliveries: stack.stores.deliveries,
  templates: emailTemplates('Test programme'),
  sender,
  baseUrl: 'http://localhost',
  eventWindowSeconds,
});

async function post(priorityId: string, body: Record<string, unknown>, tokenOptions: { name?: string; email?: string } = {}) {
  const { token, credential } = (await import('#shared/domain/credential')).issueToken({ priorityId, ...tokenOptions });
  await stack.stores.credentials.save(credential);
  const response = await stack.request('POST', `/priorities/${priorityId}/updates`, {
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify(body),
  });
  expect(response.status).toBe(201);
  return (await response.json()) as { id: string };
}

/** Emails sent for one update: found through the update page link each carries. */
async function emailsFor(priorityId: string, since: number) {
  return (await stack.emails()).slice(since).filter((email) => email.body.text?.includes(`/priorities/${priorityId}`));
}

describe('notifications from the stream', () => {
  // How soon the emails go is not asserted (a loaded machine is slower); that they go once each is.
  it('a worsening to red emails sponsor, delivery lead and board once each; a replay adds none', async () => {
    const priority = 'jobs-and-training';
    await post(priority, { ...validUpdate, status: 'amber', barriers: [] });
    await eventually(async () => (await emailsFor(priority, 0)).length >= 2);
    const before = (await stack.emails()).length;

    await post(priority, { ...validUpdate, status: 'red', statusRationale: 'Funding withdrawn', summary: '<script>alert(1)</script> =HYPERLINK("x")' });
    const expected = [
      'sponsor.jobs-and-training@example.org',
      'lead.jobs-and-training@example.org',
      'board.chair@example.org',
      'board.secretariat@example.org',
    ];
    const sent = await eventually(async () => {
      const now = (await stack.emails()).slice(before);
      return now.length >= expected.length ? now : undefined;
    });
    expect(sent.map(to).sort()).toEqual([...expected].sort());

    const email = sent[0]!;
    expect(email.subject).toContain('Red');
    expect(email.body.html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(email.body.html).not.toContain('<script>');
    expect(email.body.text).toContain('Successful delivery appears unachievable'); // the level's meaning
    expect(email.headers).toEqual(expect.arrayContaining([expect.objectContaining({ name: 'List-Unsubscribe' })]));

    // Replay every record of the stream through the consumer: nothing is sent again.
    await new Promise((resolve) => setTimeout(resolve, 500));
    const total = (await stack.emails()).length;
    const summaryRecords = (await streamRecords(stack)).filter((r) => r.dynamodb?.NewImage?.entity?.S === 'summary');
    const response = await invoke<DynamoDBBatchResponse>('notify', { Records: summaryRecords });
    expect(response.batchItemFailures).toEqual([]);
    expect((await stack.emails()).length).toBe(total);
  });

  it('does not email the author, and the board only when it needs to know', async () => {
    const priority = 'education-and-young-people';
    const before = (await stack.emails()).length;
    await post(
      priority,
      { ...validUpdate, status: 'green', statusRationale: undefined, barriers: [] },
      { email: 'sponsor.education-and-young-people@example.org' },
    );
    const sent = await eventually(async () => {
      const now = (await stack.emails()).slice(before);
      return now.length >= 1 ? now : undefined;
    });
    await new Promise((resolve) => setTimeout(resolve, 400)); // anything else would have arrived by now
    expect((await stack.emails()).slice(before).map(to)).toEqual(['lead.education-and-young-people@example.org']);
    expect(sent).toHaveLength(1);
  });

  it('one-click unsubscribe stops update emails for that person', async () => {
    const priority = 'mental-health-support-and-awareness';
    const lead = people.find((p) => p.email === `lead.${priority}@example.org`)!;
    const unsubscribe = await stack.request('POST', `/people/${lead.personId}/preferences?key=${encodeURIComponent(lead.preferencesKey)}`, {
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'List-Unsubscribe=One-Click',
    });
    expect(unsubscribe.status).toBe(200);
    expect((await stack.request('GET', `/people/${lead.personId}/preferences?key=wrong`)).status).toBe(404);

    const before = (await stack.emails()).length;
    await post(priority, { ...validUpdate, status: 'green', statusRationale: undefined, barriers: [] });
    await eventually(async () => (await stack.emails()).length > before);
    await new Promise((resolve) => setTimeout(resolve, 400));
    expect((await stack.emails()).slice(before).map(to)).toEqual([`sponsor.${priority}@example.org`]);
  });
});

describe('weekly digest and reminders', () => {
  it('sends one digest per person, reminders for priorities without an update, and nothing twice on a re-run', async () => {
    // One priority reports for the current month; the others last reported for earlier periods.
    const update = await post('jobs-and-training', { ...validUpdate, period: currentPeriod('month'), statusRationale: 'Steady' });
    await eventually(async () => (await stack.stores.summaries.get('jobs-and-training', true))?.value.lastUpdateId === update.id);
    const before = (await stack.emails()).length;
    const result = await invoke<{ digests: { sent: number }; reminders: { sent: number } }>('digest', { runId: 'week-1' });
    const sent = (await stack.emails()).slice(before);
    const digests = sent.filter((email) => email.subject.startsWith('Weekly'));
    const reminders = sent.filter((email) => email.subject.startsWith('Reminder'));
    expect(digests.map(to).sort()).toEqual(people.map((p) => p.email).sort());
    expect(result.digests.sent).toBe(people.length);

    // The six priorities that have not reported this month remind their two people each.
    expect(reminders).toHaveLength(12);
    expect(reminders.map(to)).not.toContain('sponsor.jobs-and-training@example.org');
    expect(reminders.map(to)).toContain('lead.mental-health-support-and-awareness@example.org'); // reminders stay on

    const board = digests.find((email) => to(email) === 'board.chair@example.org')!;
    expect(board.body.html).toContain('<table');
    expect(board.body.text).toContain(`No update yet for ${currentPeriod('month')}`);
    expect(board.body.text).toMatch(/Barriers needing board support, oldest first:\n- .*\(Jobs and training; raised today/);

    const again = await invoke<{ digests: { sent: number; skipped: number } }>('digest', { runId: 'week-1' });
    expect(again.digests).toEqual({ sent: 0, skipped: people.length });
    expect((await stack.emails()).length).toBe(before + sent.length);
  });

  it('the link in a sponsor’s digest posts to their own priority and is refused for any other', async () => {
    const mine = (await stack.emails()).find(
      (email) => to(email) === 'sponsor.local-businesses-and-high-streets@example.org' && email.subject.startsWith('Weekly'),
    )!;
    const link = /https?:\/\/\S+\/updates\/new\?token=[^\s"<]+/.exec(mine.body.text!)![0];
    const token = decodeURIComponent(new URL(link).searchParams.get('token')!);

    // The link opens its Continue page, whose post makes the session; the form follows.
    const cookie = await followPersonalLink(stack, new URL(link).pathname + new URL(link).search);
    const page = await stack.request('GET', new URL(link).pathname, { headers: { accept: 'text/html', cookie } });
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('<form method="post"');

    const own = await stack.request('POST', '/priorities/local-businesses-and-high-streets/updates', {
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: form({ token, status: 'amber', period: '2021-06', summary: 'From the digest link', statusRationale: 'First' }),
    });
    expect(own.status).toBe(201);
    const other = await stack.request('POST', '/priorities/jobs-and-training/updates', {
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: form({ token, status: 'amber', period: '2021-06', summary: 'Wrong priority' }),
    });
    expect(other.status).toBe(403);
  });
});

describe('exactly once per recipient when sending fails', () => {
  it('a failed send is retried later without re-sending what already went out', async () => {
    const recipients = people.filter((p) => p.priorityId === 'jobs-and-training');
    const delivered: string[] = [];
    let failNext = true;
    const sender: EmailSender = {
      async send(email: OutgoingEmail) {
        if (email.to === recipients[1]!.email && failNext) {
          failNext = false;
          throw new Error('SES endpoint unavailable');
        }
        delivered.push(email.to);
        return `m-${delivered.length}`;
      },
    };
    const mailer = testMailer(sender, 2);
    const compose = () => ({ subject: 's', html: '<p>h</p>', text: 't' });
    const attempt = () => deliverAll(recipients.map((person) => () => deliverOnce(mailer, 'test#retry', person, compose)));

    await expect(attempt()).rejects.toThrow(/1 of 2 emails could not be sent/);
    expect(delivered).toEqual([recipients[0]!.email]);
    expect(await attempt()).toEqual({ sent: 1, skipped: 1 });
    expect(await attempt()).toEqual({ sent: 0, skipped: 2 });
    expect(delivered.sort()).toEqual(recipients.map((p) => p.email).sort());
  });

  it('one record for a batch: a failed send is retried alone, a finished batch writes nothing more, a live lease holds others off', async () => {
    const recipients = people.filter((p) => p.role !== 'board').slice(0, 4);
    const delivered: string[] = [];
    let failing = recipients[2]!.email;
    const sender: EmailSender = {
      async send(email: OutgoingEmail) {
        if (email.to === failing) throw new Error('SES endpoint unavailable');
        delivered.push(email.to);
        return `m-${delivered.length}`;
      },
    };
    const mailer = testMailer(sender, 2);
    const compose = () => ({ subject: 's', html: '<p>h</p>', text: 't' });
    const attempt = () => deliverBatch(mailer, 'test#batch', '*', recipients, compose);
    const record = () => stack.stores.table.get({ pk: 'OUTBOX#test#batch', sk: 'TO#*' }, true);

    await expect(attempt()).rejects.toThrow(/1 of 4 emails could not be sent/);
    expect(delivered).toHaveLength(3);
    expect(Object.keys((await record())!.sent as object)).toHaveLength(3);
    failing = '';
    expect(await attempt()).toEqual({ sent: 1, skipped: 3 });
    const finished = await record();
    expect(finished).toMatchObject({ done: true });
    expect(finished).not.toHaveProperty('leaseId');

    // Replayed once done: nothing sent, nothing written.
    expect(await attempt()).toEqual({ sent: 0, skipped: 4 });
    expect(await record()).toEqual(finished);
    expect(delivered.sort()).toEqual(recipients.map((p) => p.email).sort());

    // A sender holding a fresh lease keeps a concurrent one from sending.
    const held = await stack.stores.deliveries.lease('test#held', '*');
    expect(held).toMatchObject({ sent: {} });
    expect(await deliverBatch(mailer, 'test#held', '*', recipients, compose)).toEqual({ sent: 0, skipped: 4, held: true });
    // Once its lease has run out (a sender that died), another takes the batch over.
    const later = new Date(Date.now() + 5 * 60_000);
    expect(await stack.stores.deliveries.lease('test#held', '*', later)).toMatchObject({ sent: {} });
  });
});

describe('the delivery record', () => {
  it("a batch's first lease marks its recipients sending in the same write; a held or done batch is refused without a write", async () => {
    const { deliveries, table } = stack.stores;
    const key = { pk: 'OUTBOX#test#first', sk: 'TO#*' };
    const addresses = ['a@example.org', 'b@example.org'];
    const now = new Date();
    const lease = await deliveries.lease('test#first', '*', now, addresses);
    if (typeof lease === 'string') throw new Error(`not leased: ${lease}`);
    // The state before the lease's own marks: nobody sent or sending, so every recipient is sent to.
    expect(lease).toMatchObject({ sent: {}, sending: {}, marked: addresses });
    const attempt = { attempt: lease.leaseId, at: now.toISOString() };
    const record = await table.get(key, true);
    expect(record).toMatchObject({ leaseId: lease.leaseId, sent: {}, sending: { 'a@example.org': attempt, 'b@example.org': attempt } });

    expect(await deliveries.lease('test#first', '*', new Date(), addresses)).toBe('busy');
    expect(await table.get(key, true)).toEqual(record);

    // A sender that died: the next lease, once this one has run out, sees the marks and marks nothing itself.
    const later = new Date(now.getTime() + 5 * 60_000);
    const retry = await deliveries.lease('test#first', '*', later, addresses);
    expect(retry).toMatchObject({ sending: { 'a@example.org': attempt, 'b@example.org': attempt } });
    expect(retry).not.toHaveProperty('marked');
    await deliveries.settle('test#first', '*', { 'a@example.org': 'm-1', 'b@example.org': 'm-2' }, true);
    const done = await table.get(key, true);
    expect(await deliveries.lease('test#first', '*', later, addresses)).toBe('done');
    expect(await table.get(key, true)).toEqual(done);
  });
});

describe('SES events', () => {
  it('a send whose answer was lost is recorded by its send event, and a retry sends it no more', async () => {
    const ses = new SesEmailSender('progress@recovery-progress.example');
    let copies = 0;
    // SES sends; its answer never arrives.
    const sender: EmailSender = {
      send: async (email) => {
        copies += 1;
        const messageId = await ses.send(email);
        throw new SendOutcomeUnknown(email.to, new Error(`answer ${messageId} lost`));
      },
    };
    const mailer = testMailer(sender, 600);
    const recipient = people[0]!;
    const compose = () => ({ subject: 'lost answer', html: '<p>h</p>', text: 't' });
    await expect(deliverOnce(mailer, 'test#lost', recipient, compose)).rejects.toBeInstanceOf(SendOutcomeUnknown);
    const record = await eventually(async () => {
      const item = await stack.stores.table.get({ pk: 'OUTBOX#test#lost', sk: `TO#${recipient.email}` }, true);
      return (item?.sent as Record<string, string> | undefined)?.[recipient.email] ? item : undefined;
    });
    expect(record).toMatchObject({ sending: {} });
    expect(await deliverOnce(mailer, 'test#lost', recipient, compose)).toBe('skipped');
    expect(copies).toBe(1);
  });

  const testOperator = { role: 'operator' as const, name: 'test-operator' };

  it('a bounce or a complaint marks the address as failing, and the next digest skips a hard-bounced one', async () => {
    const bouncing = newPerson({ name: 'Bouncing board member', email: 'bounce@simulator.amazonses.com', role: 'board' });
    const complaining = newPerson({ name: 'Complaining board member', email: 'complaint@simulator.amazonses.com', role: 'board' });
    await stack.stores.people.save(bouncing);
    await stack.stores.people.save(complaining);
    try {
      await invoke('digest', { runId: 'ses-events-1' });
      const failing = await eventually(async () => {
        const reports = await stack.stores.failing.list();
        return reports.length >= 2 ? reports : undefined;
      });
      expect(failing.find((report) => report.address === bouncing.email)).toMatchObject({ latest: 'hard-bounce', reports: 1 });
      expect(failing.find((report) => report.address === complaining.email)).toMatchObject({ latest: 'complaint' });

      const before = (await stack.emails()).length;
      const result = await invoke<{ bounced: string[] }>('digest', { runId: 'ses-events-2' });
      expect(result.bounced).toEqual([bouncing.personId]);
      const sent = (await stack.emails()).slice(before).map(to);
      expect(sent).not.toContain(bouncing.email);
      expect(sent).toContain(complaining.email);
    } finally {
      await stack.stores.people.remove(bouncing, testOperator);
      await stack.stores.people.remove(complaining, testOperator);
    }
  });
});
