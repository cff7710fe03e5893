/**
 * 5d. Dependency fault: SES accepts a send but its answer is lost. The functions' SES client is
 * pointed (through AWS_ENDPOINT_URL_SESV2, before any handler loads) at a proxy in front of the
 * SES emulator; the proxy forwards each send, the emulator stores the email, and the proxy then
 * drops the connection instead of passing the answer back, so the sender cannot tell a send that
 * went out from one that did not, and tries again. First one lost answer per email (the SDK's own
 * retry sends it again), then every answer for 2 s (the SDK gives up, and the stream retries the
 * batch). The figures say how many emails each fault doubles; none may be lost.
 */
import { describe, expect, it } from 'vitest';
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

/** Loses the answer to the first attempt of every distinct send (a retry carries the same body). */
function loseFirstAnswers(): { lost: () => number; reset: () => void; fault: (request: ProxiedRequest) => boolean } {
  const seen = new Set<string>();
  let lost = 0;
  return {
    lost: () => lost,
    reset: () => seen.clear(),
    fault: (request) => {
      if (!isSend(request)) return false;
      const body = request.body.toString('utf8');
      if (seen.has(body)) return false;
      seen.add(body);
      lost += 1;
      return true;
    },
  };
}

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
  // A late copy would come from a retry still in flight: give the pollers a moment more.
  await new Promise((resolveWait) => setTimeout(resolveWait, 1_500));
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

describe('SES accepts a send but its answer is lost', () => {
  it('notifications: the first answer of every send lost, the SDK sends again', async () => {
    const fault = loseFirstAnswers();
    const result = await notificationsWith('ses-lost-first', fault.fault);
    figures.record('SES answer lost once per send (SDK retried): answers lost', fault.lost(), { atLeast: 1 });
    figures.record(`SES answer lost once per send: notifications doubled (of ${result.expected})`, result.doubled, { info: true });
    figures.record('SES answer lost once per send: extra copies sent', result.extraCopies, { info: true });
    figures.record('SES answer lost once per send: notifications lost', result.lost.length, { equals: 0 });
    if (result.doubled > 0) {
      figures.note(
        `when SES accepts a send but its answer is lost, the sender cannot tell it went out: ${result.doubled} of ${result.expected} notifications went out twice or more, ${result.extraCopies} extra copies in all, after the SDK sent them again`,
      );
    }
    expect(fault.lost()).toBeGreaterThan(0);
    expect(result.lost).toEqual([]);
  });

  it('notifications: every answer lost for 2 s, the SDK gives up and the stream retries', async () => {
    let lost = 0;
    let windowEndsAt: number | undefined; // the window opens with the first send
    const result = await notificationsWith('ses-lost-window', (request) => {
      if (!isSend(request)) return false;
      windowEndsAt ??= Date.now() + 2_000;
      if (Date.now() > windowEndsAt) return false;
      lost += 1;
      return true;
    });
    figures.record('SES answers lost for 2 s: answers lost', lost, { atLeast: 1 });
    figures.record(`SES answers lost for 2 s: notifications doubled (of ${result.expected})`, result.doubled, { info: true });
    figures.record('SES answers lost for 2 s: extra copies sent', result.extraCopies, { info: true });
    figures.record('SES answers lost for 2 s: notifications lost', result.lost.length, { equals: 0 });
    figures.record('SES answers lost for 2 s: notifier records dead-lettered', result.deadLettered, { equals: 0 });
    if (result.doubled > 0) {
      figures.note(
        `with every SES answer lost for 2 s, ${result.doubled} of ${result.expected} notifications went out twice or more, ${result.extraCopies} extra copies in all: each attempt the SDK and the stream made while the answers were lost was a real send`,
      );
    }
    expect(lost).toBeGreaterThan(0);
    expect(result.lost).toEqual([]);
  });

  it('digest: the first answer of every send lost, the SDK sends again', async () => {
    // Prepare: only this run's emails in the store.
    await fetch(`${stack.sesEndpoint}/clear-store`, { method: 'POST' }).then((response) => response.arrayBuffer());
    const fault = loseFirstAnswers();
    proxy.loseAnswer = fault.fault;

    // Act
    const result = (await invoke('digest', { runId: 'ses-lost-answer' })) as Record<'digests' | 'reminders' | 'escalations', { sent: number }>;
    proxy.loseAnswer = () => false;

    // Assess: copies per email, an email being one (recipient, subject) pair; the run's own count
    // takes in digests, reminders and escalations alike.
    const emails = await stack.emails();
    const perMessage = new Map<string, number>();
    for (const email of emails)
      for (const to of email.destination.to) perMessage.set(`${to} | ${email.subject}`, (perMessage.get(`${to} | ${email.subject}`) ?? 0) + 1);
    const sent = result.digests.sent + result.reminders.sent + result.escalations.sent;
    const copies = [...perMessage.values()];
    const doubled = copies.filter((n) => n > 1).length;
    const extra = copies.reduce((sum, n) => sum + Math.max(0, n - 1), 0);
    figures.record(`digest run, SES answer lost once per send: emails that went out twice or more (of ${perMessage.size})`, doubled, { info: true });
    figures.record('digest run, SES answer lost once per send: extra copies sent', extra, { info: true });
    if (doubled > 0) {
      figures.note(
        `a digest run whose every first SES answer was lost: ${doubled} of the ${perMessage.size} emails it sent went out twice or more, ${extra} extra copies in all (the run counted ${result.digests.sent} digests, ${result.reminders.sent} reminders and ${result.escalations.sent} escalations)`,
      );
    }
    expect(fault.lost()).toBeGreaterThan(0);
    expect(perMessage.size).toBeGreaterThanOrEqual(sent);
  });
});
