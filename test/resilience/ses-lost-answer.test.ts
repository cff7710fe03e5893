/**
 * 5d. Dependency fault: SES accepts a send but its answer is lost. The functions' SES client is
 * pointed (through AWS_ENDPOINT_URL_SESV2, before any handler loads) at a proxy in front of the
 * SES emulator; the proxy forwards each send, the emulator stores the email and publishes its
 * SEND event, and the proxy then drops the connection instead of passing the answer back, so
 * the sender cannot tell a send that went out from one that did not. First one lost answer per
 * email (the stream retries the record), then every answer for 2 s, then one lost answer per
 * email of a digest run (the run is invoked again, as its schedule retries it). None may be
 * doubled and none lost: a lost answer leaves its recipient `sending`, and the SEND event,
 * recorded by email-events, settles it. The figures say how much later such an email's delivery
 * record is done than the send that went out.
 */
import { describe, expect, it } from 'vitest';
import { deliveryOfTag, deliveryTagName } from '#shared/domain/delivery';
import { invoke } from '../../infra/local/lambda.ts';
import { section } from './lib/figures.ts';
import { copiesPerPair, postOnePerPriority } from './lib/notifications.ts';
import type { FaultProxy, ProxiedRequest } from './lib/proxy.ts';
import { eventually, type ResilienceStack, stackBehindProxyForFile } from './lib/stack.ts';

const figures = section(5, 'Dependency faults');
let proxy: FaultProxy;
let stack: ResilienceStack;
let tokens: Record<string, string>;

stackBehindProxyForFile('ses', { pollIntervalMs: 100 }, (started) => {
  ({ proxy, stack, tokens } = started);
});

const isSend = (request: ProxiedRequest) => request.method === 'POST' && request.path.startsWith('/v2/email/outbound-emails');

interface LostSend {
  /** The delivery record the send's tag names. */
  record: { pk: string; sk: string };
  /** One email: its record and recipient, whatever the attempt. */
  email: string;
}

function lostSend(request: ProxiedRequest): LostSend | undefined {
  if (!isSend(request)) return undefined;
  const body = JSON.parse(request.body.toString('utf8')) as { Destination?: { ToAddresses?: string[] }; EmailTags?: { Name: string; Value: string }[] };
  const tag = body.EmailTags?.find((candidate) => candidate.Name === deliveryTagName)?.Value;
  const delivery = tag === undefined ? undefined : deliveryOfTag(tag);
  if (!delivery) return undefined;
  const record = { pk: `OUTBOX#${delivery.event}`, sk: `TO#${delivery.batch}` };
  return { record, email: `${record.pk}|${record.sk}|${body.Destination?.ToAddresses?.join(',')}` };
}

/** Loses answers, remembering when each delivery record first lost one. */
function answerLoser(lose: (send: LostSend) => boolean) {
  const firstLostAt = new Map<string, { record: LostSend['record']; at: number }>();
  let lost = 0;
  return {
    lost: () => lost,
    fault: (request: ProxiedRequest) => {
      const send = lostSend(request);
      if (!send || !lose(send)) return false;
      lost += 1;
      const key = `${send.record.pk}|${send.record.sk}`;
      if (!firstLostAt.has(key)) firstLostAt.set(key, { record: send.record, at: Date.now() });
      return true;
    },
    /** For each record that lost an answer: from that loss to the record being done, in ms. */
    async delays(): Promise<number[]> {
      const delays: number[] = [];
      for (const { record, at } of firstLostAt.values()) {
        const item = await eventually(`${record.pk} done`, async () => {
          const found = await stack.getItem(record.pk, record.sk);
          return found?.done === true ? found : undefined;
        });
        delays.push(Date.parse(String(item.doneAt)) - at);
      }
      return delays.sort((a, b) => a - b);
    },
  };
}

/** Loses the answer to the first attempt of every distinct email. */
function loseFirstAnswers() {
  const seen = new Set<string>();
  return answerLoser((send) => {
    if (seen.has(send.email)) return false;
    seen.add(send.email);
    return true;
  });
}

const median = (sorted: number[]) => sorted[Math.floor((sorted.length - 1) / 2)] ?? 0;

interface Outcome {
  expected: number;
  lost: string[];
  /** Pairs that arrived more than once. */
  doubled: number;
  /** Copies beyond the first, over all pairs. */
  extraCopies: number;
  deadLettered: number;
}

async function notificationsWith(tag: string, fault: (request: ProxiedRequest) => boolean): Promise<Outcome> {
  const lettersBefore = stack.deadLetters.get('notify')!.entries.length;
  proxy.loseAnswer = fault;
  const expected = await postOnePerPriority(stack, tokens, tag);
  // Every notification, or a dead-lettered record for each one missing (nothing brings those back).
  await eventually(`every ${tag} notification`, async () => {
    const pairs = copiesPerPair(await stack.emails(), tag);
    if ([...expected].every((pair) => pairs.has(pair))) return true;
    return stack.deadLetters.get('notify')!.entries.length > lettersBefore ? true : undefined;
  }).catch(() => undefined);
  // A late copy would come from a retry still in flight: give the pollers a moment more, past the local event window.
  await new Promise((resolveWait) => setTimeout(resolveWait, 3_000));
  proxy.loseAnswer = () => false;
  const pairs = copiesPerPair(await stack.emails(), tag);
  const counts = [...expected].map((pair) => pairs.get(pair) ?? 0);
  return {
    expected: expected.size,
    lost: [...expected].filter((pair) => !pairs.has(pair)),
    doubled: counts.filter((n) => n > 1).length,
    extraCopies: counts.reduce((sum, n) => sum + Math.max(0, n - 1), 0),
    deadLettered: stack.deadLetters.get('notify')!.entries.length - lettersBefore,
  };
}

function recordDelays(what: string, delays: number[]): void {
  figures.record(`${what}: delivery records that lost an answer`, delays.length, { atLeast: 1 });
  figures.record(`${what}: added delay, lost answer to record done, median (ms)`, median(delays), { info: true });
  figures.record(`${what}: added delay, lost answer to record done, max (ms)`, delays.at(-1) ?? 0, { info: true });
}

describe('SES accepts a send but its answer is lost', () => {
  it('notifications: the first answer of every send lost, the stream retries the record', async () => {
    const loser = loseFirstAnswers();
    const result = await notificationsWith('ses-lost-first', loser.fault);
    const what = 'SES answer lost once per send';
    figures.record(`${what}: answers lost`, loser.lost(), { atLeast: 1 });
    figures.record(`${what}: notifications doubled (of ${result.expected})`, result.doubled, { equals: 0 });
    figures.record(`${what}: extra copies sent`, result.extraCopies, { equals: 0 });
    figures.record(`${what}: notifications lost`, result.lost.length, { equals: 0 });
    recordDelays(what, await loser.delays());
    expect(loser.lost()).toBeGreaterThan(0);
    expect(result).toMatchObject({ lost: [], doubled: 0, extraCopies: 0 });
  });

  it('notifications: every answer lost for 2 s', async () => {
    let windowEndsAt: number | undefined; // the fault opens with the first send
    const loser = answerLoser(() => {
      windowEndsAt ??= Date.now() + 2_000;
      return Date.now() <= windowEndsAt;
    });
    const result = await notificationsWith('ses-lost-window', loser.fault);
    const what = 'SES answers lost for 2 s';
    figures.record(`${what}: answers lost`, loser.lost(), { atLeast: 1 });
    figures.record(`${what}: notifications doubled (of ${result.expected})`, result.doubled, { equals: 0 });
    figures.record(`${what}: extra copies sent`, result.extraCopies, { equals: 0 });
    figures.record(`${what}: notifications lost`, result.lost.length, { equals: 0 });
    figures.record(`${what}: notifier records dead-lettered`, result.deadLettered, { equals: 0 });
    recordDelays(what, await loser.delays());
    expect(loser.lost()).toBeGreaterThan(0);
    expect(result).toMatchObject({ lost: [], doubled: 0, extraCopies: 0, deadLettered: 0 });
  });

  it('digest: the first answer of every send lost, the run invoked again as its schedule retries it', async () => {
    // Prepare: only this run's emails in the store.
    await fetch(`${stack.sesEndpoint}/clear-store`, { method: 'POST' }).then((response) => response.arrayBuffer());
    const loser = loseFirstAnswers();
    proxy.loseAnswer = loser.fault;

    // Act: the run fails while any email's outcome is unknown; each retry sends only what no send event has settled.
    type Counts = Record<'digests' | 'reminders' | 'escalations', { sent: number; skipped: number }>;
    const startedAt = Date.now();
    let invocations = 0;
    const result = await eventually(
      'a digest run that finishes',
      async () => {
        invocations += 1;
        return (await invoke('digest', { runId: 'ses-lost-answer' }).catch(() => undefined)) as Counts | undefined;
      },
      undefined,
      1_000,
    );
    const finishedAfter = Date.now() - startedAt;
    proxy.loseAnswer = () => false;

    // Assess: copies per email, an email being one (recipient, subject) pair.
    const emails = await stack.emails();
    const perMessage = new Map<string, number>();
    for (const email of emails)
      for (const to of email.destination.to) perMessage.set(`${to} | ${email.subject}`, (perMessage.get(`${to} | ${email.subject}`) ?? 0) + 1);
    const copies = [...perMessage.values()];
    const doubled = copies.filter((n) => n > 1).length;
    const extra = copies.reduce((sum, n) => sum + Math.max(0, n - 1), 0);
    const what = 'digest run, SES answer lost once per send';
    figures.record(`${what}: answers lost`, loser.lost(), { atLeast: 1 });
    figures.record(`${what}: emails that went out twice or more (of ${perMessage.size})`, doubled, { equals: 0 });
    figures.record(`${what}: extra copies sent`, extra, { equals: 0 });
    figures.record(`${what}: invocations until the run finished`, invocations, { info: true });
    figures.record(`${what}: added delay, first invocation to the run finished (ms)`, finishedAfter, { info: true });
    recordDelays(what, await loser.delays());
    figures.note(
      `a lost SES answer leaves its recipient "sending": the SEND event (email-events) records it as sent, and no retry sends it again; without a SEND event it would be sent again once the event window (EMAIL_EVENT_WINDOW_SECONDS: 600 in AWS, 2 locally) had passed. The digest run whose every first answer was lost finished on invocation ${invocations}, ${finishedAfter} ms after the first`,
    );
    expect(loser.lost()).toBeGreaterThan(0);
    expect(doubled).toBe(0);
    // Nothing lost: every digest and reminder the finished run counts (sent by it or an earlier invocation) is in the store.
    expect(perMessage.size).toBeGreaterThanOrEqual(result.digests.sent + result.digests.skipped + result.reminders.sent + result.reminders.skipped);
  });
});
