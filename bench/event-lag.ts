/**
 * Event lag: from an accepted update (201 received) to its summary being readable
 * (summary.lastUpdateId is the new id), with the stream pollers at their default rate, which
 * mirrors Lambda's roughly four polls a second. Posts go one at a time after a random pause of
 * up to one poll interval, so they land at every phase of the polling cycle.
 */
import { type BenchStack, firstSeen, postUpdate, summaryShows } from './lib/fixture.ts';
import { counter, type Deadline, sleep } from './lib/progress.ts';
import { judged, plural, type SectionResult, spreadOf } from './lib/report.ts';
import { consecutive, ratio, repeated, round, summarise } from './lib/stats.ts';

export interface EventLagOptions {
  /** Timed posts in all; taken in order, they are split into this many repetitions. */
  repetitions: number;
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
  const parts = consecutive(lags, options.repetitions)
    .filter((part) => part.length > 0)
    .map((part) => summarise(part));
  const p50 = repeated(parts.map((part) => ratio(part.p50, stack.pollIntervalMs)));
  const p99 = repeated(parts.map((part) => part.p99));
  const section = `Event lag: 201 received → summary readable (poller every ${stack.pollIntervalMs} ms)`;
  const notes = [
    `The summary is read with a consistent GetItem every ${observeEveryMs} ms, so each lag is over-stated by at most that much.`,
    `Baseline is the poll interval (${stack.pollIntervalMs} ms): a record waits on average half of it before it is read at all, at worst all of it.`,
    `The ${lag.count} lags, in the order taken, are split into ${parts.length} repetitions of about ${Math.round(lag.count / Math.max(1, parts.length))}; each repetition's percentile is taken on its own, and the rows show the median of the repetitions and their range. A p99 of so few posts is close to their largest.`,
  ];
  if (missed > 0) notes.push(`${missed} updates were not summarised within ${giveUpAfterMs / 1000} s; they count as misses, not as lags.`);
  if (rejected > 0) notes.push(`${rejected} posts were not accepted and were skipped.`);
  return {
    rows: [
      {
        section,
        figure: `p50 (${plural(parts.length, 'repetition')} of ${plural(Math.round(lag.count / Math.max(1, parts.length)), 'post')})`,
        value: round(p50.median * stack.pollIntervalMs, 1),
        unit: 'ms',
        baseline: stack.pollIntervalMs,
        baselineLabel: 'poll interval',
        ratio: round(p50.median, 2),
        spread: spreadOf(p50),
      },
      {
        section,
        figure: `p99 (${plural(parts.length, 'repetition')} of ${plural(Math.round(lag.count / Math.max(1, parts.length)), 'post')})`,
        value: round(p99.median, 1),
        unit: 'ms',
        baseline: stack.pollIntervalMs,
        baselineLabel: 'poll interval',
        ratio: round(ratio(p99.median, stack.pollIntervalMs), 2),
        spread: spreadOf(repeated(p99.values.map((value) => ratio(value, stack.pollIntervalMs)))),
        goal: '≤ 1000 ms',
        met: missed > 0 ? false : judged(parts.length, p99.median <= 1000),
      },
    ],
    notes,
    details: { priorityId, pollIntervalMs: stack.pollIntervalMs, lag, repetitions: parts, missed, rejected },
  };
}
