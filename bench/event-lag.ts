/**
 * Event lag: from an accepted update (201 received) to its summary being readable
 * (summary.lastUpdateId is the new id), with the stream pollers at their default rate, which
 * mirrors Lambda's roughly four polls a second. Posts go one at a time after a random pause of
 * up to one poll interval, so they land at every phase of the polling cycle.
 */
import { firstSeen, postUpdate, summaryShows, type BenchStack } from './lib/fixture.ts';
import { counter, sleep, type Deadline } from './lib/progress.ts';
import type { SectionResult } from './lib/report.ts';
import { ratio, round, summarise } from './lib/stats.ts';

export interface EventLagOptions {
  samples: number;
  warmup: number;
  deadline: Deadline;
}

/** How often the bench looks for the summary; bounds the measurement's own resolution. */
const observeEveryMs = 5;
const giveUpAfterMs = 10_000;

export async function measureEventLag(stack: BenchStack, priorityId: string, options: EventLagOptions): Promise<SectionResult> {
  const token = await stack.token(priorityId);
  const lags: number[] = [];
  let missed = 0;
  let rejected = 0;
  const report = counter('event lag', options.samples);
  for (let index = 0; index < options.warmup + options.samples && !options.deadline.passed; index += 1) {
    await sleep(Math.random() * stack.pollIntervalMs);
    const posted = await postUpdate(stack.apiUrl, priorityId, token);
    const acceptedAt = performance.now();
    if (!posted.id) {
      rejected += 1;
      continue;
    }
    const seenAt = await firstSeen(summaryShows(stack, priorityId, posted.id), { timeoutMs: giveUpAfterMs, intervalMs: observeEveryMs });
    if (index < options.warmup) continue;
    if (seenAt === undefined) missed += 1;
    else lags.push(seenAt - acceptedAt);
    report(lags.length + missed);
  }
  const lag = summarise(lags);
  const section = `Event lag: 201 received → summary readable (poller every ${stack.pollIntervalMs} ms)`;
  const notes = [
    `The summary is read with a consistent GetItem every ${observeEveryMs} ms, so each lag is over-stated by at most that much.`,
    `Baseline is the poll interval (${stack.pollIntervalMs} ms): a record waits on average half of it before it is read at all, at worst all of it.`,
  ];
  if (missed > 0) notes.push(`${missed} updates were not summarised within ${giveUpAfterMs / 1000} s; they count as misses, not as lags.`);
  if (rejected > 0) notes.push(`${rejected} posts were not accepted and were skipped.`);
  return {
    rows: [
      { section, figure: `p50 (n=${lag.count})`, value: round(lag.p50, 1), unit: 'ms', baseline: stack.pollIntervalMs, baselineLabel: 'poll interval', ratio: round(ratio(lag.p50, stack.pollIntervalMs), 2) },
      {
        section,
        figure: `p99 (n=${lag.count})`,
        value: round(lag.p99, 1),
        unit: 'ms',
        baseline: stack.pollIntervalMs,
        baselineLabel: 'poll interval',
        ratio: round(ratio(lag.p99, stack.pollIntervalMs), 2),
        goal: '≤ 1000 ms',
        met: missed === 0 && lag.count > 0 && lag.p99 <= 1000,
      },
    ],
    notes,
    details: { priorityId, pollIntervalMs: stack.pollIntervalMs, lag, missed, rejected },
  };
}
