/**
 * 5b. Dependency fault: the SES endpoint goes away. The notifier's SES client is pointed (through
 * AWS_ENDPOINT_URL_SESV2, before any handler loads) at a proxy in front of the SES emulator,
 * which then drops every connection for a while. Notifications must be retried once SES is
 * back, none lost and none sent twice. A short blip and a longer outage are both tried.
 */
import { describe, expect, it } from 'vitest';
import { functions } from '../../functions/index.ts';
import { section } from './lib/figures.ts';
import { copiesPerPair, postOnePerPriority } from './lib/notifications.ts';
import type { FaultProxy } from './lib/proxy.ts';
import { eventually, type ResilienceStack, stackBehindProxyForFile } from './lib/stack.ts';

const figures = section(5, 'Dependency faults');
let proxy: FaultProxy;
let stack: ResilienceStack;
let tokens: Record<string, string>;
let sesDown = false;

stackBehindProxyForFile('ses', { pollIntervalMs: 100 }, (started) => {
  ({ proxy, stack, tokens } = started);
  proxy.fail = () => sesDown;
});

async function outage(tag: string, downForMs: number) {
  // Prepare: the notifier idle, then SES gone.
  const lettersBefore = stack.deadLetters.get('notify')!.entries.length;
  const droppedBefore = proxy.dropped;
  sesDown = true;

  // Act: updates while SES is down; SES comes back; wait for the notifications.
  const expected = await postOnePerPriority(stack, tokens, tag);
  await new Promise((resolveWait) => setTimeout(resolveWait, downForMs));
  sesDown = false;
  const backAt = Date.now();
  let lastAt: number | undefined;
  // Waits for every notification, or until each missing one belongs to a dead-lettered record (nothing brings those back).
  const deadPriorities = () =>
    new Set(
      stack.deadLetters
        .get('notify')!
        .entries.slice(lettersBefore)
        .map((letter) => letter.record.dynamodb?.Keys?.sk?.S?.replace(/^SUMMARY#/, '')),
    );
  await eventually(`every ${tag} notification`, async () => {
    const pairs = copiesPerPair(await stack.emails(), tag);
    const missing = [...expected].filter((pair) => !pairs.has(pair));
    if (missing.length === 0) {
      lastAt = Date.now();
      return lastAt;
    }
    const dead = deadPriorities();
    return missing.every((pair) => dead.has(pair.slice(tag.length + 1, pair.indexOf(' → ')))) ? -1 : undefined;
  }).catch(() => undefined);
  // A late duplicate would come from a redelivery still in flight: give the pollers a moment more.
  await new Promise((resolveWait) => setTimeout(resolveWait, 1_000));
  const pairs = copiesPerPair(await stack.emails(), tag);
  return {
    expected: expected.size,
    lost: [...expected].filter((pair) => !pairs.has(pair)),
    doubled: [...pairs.entries()].filter(([, n]) => n > 1).map(([pair, n]) => `${pair} ×${n}`),
    refused: proxy.dropped - droppedBefore,
    deadLettered: stack.deadLetters.get('notify')!.entries.length - lettersBefore,
    recoveredInMs: lastAt === undefined ? undefined : lastAt - backAt,
  };
}

describe('SES endpoint down', () => {
  it('retries notifications through a short SES blip (1.5 s): none lost, none doubled', async () => {
    const result = await outage('ses-blip', 1_500);
    figures.record('SES blip (1.5 s): send attempts refused while down (retries)', result.refused, { atLeast: 1 });
    figures.record('SES blip: notifications lost', result.lost.length, { equals: 0 });
    figures.record('SES blip: notifications doubled', result.doubled.length, { equals: 0 });
    figures.record('SES blip: notifier records dead-lettered', result.deadLettered, { equals: 0 });
    expect(result.refused).toBeGreaterThan(0);
    expect(result.lost).toEqual([]);
    expect(result.doubled).toEqual([]);
    expect(result.deadLettered).toBe(0);
  });

  it('retries notifications after a 10 s SES outage, once SES is back: none lost, none doubled', async () => {
    const result = await outage('ses-outage', 10_000);
    const budget = Array.from({ length: functions.notify.stream.retryAttempts }, (_, i) => Math.min(2000, 100 * 2 ** i)).reduce((a, b) => a + b, 0);
    figures.record('SES outage (10 s): send attempts refused while down (retries)', result.refused, { atLeast: 1 });
    figures.record('SES outage: notifications lost', result.lost.length, { equals: 0 });
    figures.record('SES outage: notifications doubled', result.doubled.length, { equals: 0 });
    figures.record('SES outage: notifier records dead-lettered', result.deadLettered, { equals: 0 });
    figures.record(
      'SES outage: time from SES back to the last notification',
      result.recoveredInMs === undefined ? 'never' : `${(result.recoveredInMs / 1000).toFixed(1)} s`,
      { info: true },
    );
    if (result.lost.length > 0) {
      figures.note(
        `after a 10 s SES outage ${result.lost.length} of ${result.expected} notifications were never sent: the notifier's ${functions.notify.stream.retryAttempts} stream retries (about ${(budget / 1000).toFixed(1)} s of back-off locally) ran out and ${result.deadLettered} records went to the dead letters, which nothing redrives`,
      );
    }
    expect(result.refused).toBeGreaterThan(0);
    expect(result.doubled).toEqual([]);
    expect({ lost: result.lost, deadLettered: result.deadLettered }).toEqual({ lost: [], deadLettered: 0 });
  });
});
