/**
 * Digest: DynamoDB reads and wall time of one weekly digest run for 7, 70 and 700 priorities
 * with 10,000 updates in the table (goal: linear in priorities, flat in updates).
 *
 * Each size gets a fresh table in the bench's DynamoDB Local, with no stream and no poller, seeded
 * by lib/synthetic-programme.ts: a synthetic programme of N priorities, a sponsor and a delivery
 * lead per priority and two board members, summaries as after the updates, and the update items
 * themselves written with BatchWriteItem. Every priority last reported in an earlier period, so
 * the run sends reminders as well as digests. The run is shared/services/digest.ts's runDigest, as
 * the digest handler calls it, with the shared (metered) DynamoDB client and the local stack's SES
 * emulator. The 7-priority size runs twice: with the update items and with empty update
 * partitions (same summaries), which shows whether the digest's reads depend on the history.
 */
import { SESv2Client } from '@aws-sdk/client-sesv2';
import { dynamoDb } from '#shared/data/client';
import { SesEmailSender } from '#shared/email/sender';
import { templates } from '#shared/email/templates';
import type { EmailSender, OutgoingEmail } from '#shared/services/messages';
import { settingsFor } from '#shared/settings';
import { tableStores } from '../infra/local/stores.ts';
import { runDigest, type DigestPorts, type DigestResult } from '#shared/services/digest';
import { CapacityMeter, type MeteredOperation } from './lib/capacity.ts';
import type { BenchStack } from './lib/fixture.ts';
import { progress, type Deadline } from './lib/progress.ts';
import type { Row, SectionResult, Table } from './lib/report.ts';
import { round } from './lib/stats.ts';
import { seedSyntheticTable, syntheticHistory, syntheticProgramme, type SeededTable } from './lib/synthetic-programme.ts';

export const digestPlan = { priorities: [7, 70, 700], updatesInTable: 10_000 } as const;

export interface DigestBenchOptions {
  /** Programme sizes, smallest first: the first is the baseline of every ratio. */
  priorities: readonly number[];
  /** Update items in the table at every size. */
  updates: number;
  deadline: Deadline;
}

const section = 'Digest: reads and time for 7 / 70 / 700 priorities, 10,000 updates in the table';
const goal = 'linear in priorities, flat in updates';
/** Per priority, a larger size may cost at most this much more than the smallest (and each step's marginal cost than the first step's). */
const linearTolerance = 0.25;
/** Reads with the update items may differ from reads without them by at most this much. */
const flatTolerance = 0.1;

/** Hands every email to the real sender (the SES emulator) and counts what it accepted. */
class CountingSender implements EmailSender {
  sent = 0;
  bytes = 0;
  largest = 0;
  /** Sum of every send's round trip (they overlap: the digest sends all at once). */
  sendMs = 0;
  constructor(private readonly inner: EmailSender) {}

  async send(email: OutgoingEmail): Promise<string> {
    const started = performance.now();
    const id = await this.inner.send(email);
    this.sendMs += performance.now() - started;
    const size = Buffer.byteLength(email.html) + Buffer.byteLength(email.text) + Buffer.byteLength(email.subject);
    this.sent += 1;
    this.bytes += size;
    this.largest = Math.max(this.largest, size);
    return id;
  }

  reset(): void {
    this.sent = 0;
    this.bytes = 0;
    this.largest = 0;
    this.sendMs = 0;
  }
}

interface DigestRun {
  label: string;
  priorities: number;
  /** Update items actually in the table. */
  updates: number;
  people: number;
  seedMs: number;
  seedUpdatesMs: number;
  ms: number;
  /** From the start of the run to the end of its last read (programme, people, baseline). */
  readPhaseMs: number;
  readUnits: number;
  writeUnits: number;
  emails: number;
  emailBytes: number;
  largestEmailBytes: number;
  /** Mean round trip of one SES send, while everything else is in flight too. */
  meanSendMs: number;
  /** Mean round trip of one DynamoDB write (claim, credential, completion), likewise. */
  meanWriteMs: number;
  result: DigestResult;
  operations: MeteredOperation[];
}

interface Skipped {
  label: string;
  reason: string;
}

const sum = (values: number[]) => values.reduce((total, value) => total + value, 0);
const count = (n: number) => n.toLocaleString('en-GB');

/** Never fails the whole bench: whatever goes wrong ends up in the section's rows. */
export async function measureDigest(stack: BenchStack, options: DigestBenchOptions): Promise<SectionResult> {
  const smallest = Math.min(...options.priorities);
  try {
    return await measureSizes(stack, options, smallest);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    progress(`digest: failed: ${reason}`);
    return report([], [{ label: 'digest', reason: `failed: ${reason.slice(0, 300)}` }], options, smallest);
  }
}

async function measureSizes(stack: BenchStack, options: DigestBenchOptions, smallest: number): Promise<SectionResult> {
  const sizes = [...options.priorities].sort((a, b) => a - b);
  const settings = settingsFor('digest'); // the local stack has set the functions' environment
  const sender = new CountingSender(
    new SesEmailSender(
      settings.SENDER_ADDRESS,
      settings.SES_CONFIGURATION_SET,
      new SESv2Client({ endpoint: stack.stack.sesEndpoint, region: 'eu-west-2', credentials: { accessKeyId: 'local', secretAccessKey: 'local' }, maxAttempts: 3 }),
    ),
  );
  const clearSes = async () => {
    // The emulator keeps every email in memory; what a run sent is counted by the sender instead.
    await fetch(`${stack.stack.sesEndpoint}/clear-store`, { method: 'POST' }).then((response) => response.arrayBuffer());
  };

  const meter = new CapacityMeter();
  const runs: DigestRun[] = [];
  const skipped: Skipped[] = [];
  // Nothing else may use the shared client while a run is metered: the pollers stay paused.
  await stack.pausePollers();
  meter.install(dynamoDb);

  /** Seeds a fresh table, runs the digest once on it (metered unless `measured` is false), drops the table. */
  const runOnce = async (label: string, priorities: number, updates: number, writeUpdates: boolean, measured: boolean): Promise<DigestRun> => {
    const now = new Date();
    const programme = syntheticProgramme(priorities);
    const history = syntheticHistory(programme, updates, now);
    progress(`digest: ${label}: seeding a fresh table`);
    const table: SeededTable = await seedSyntheticTable({ endpoint: stack.endpoint, programme, history, writeUpdates, deadline: options.deadline, label: `digest: ${label}` });
    try {
      const stores = tableStores(table.tableName);
      const ports: DigestPorts = { ...stores, mailer: { deliveries: stores.deliveries, templates, sender, baseUrl: settings.PUBLIC_BASE_URL } };
      await clearSes();
      sender.reset();
      meter.take();
      progress(`digest: ${label}: running the digest (${count(table.people)} people)`);
      if (measured) meter.record(label);
      const started = performance.now();
      const result = await runDigest(ports, {
        runId: `bench-${priorities}-${Date.now()}`,
        now,
        reportingPeriod: settings.REPORTING_PERIOD,
        staleAfterDays: settings.STALE_AFTER_DAYS,
        linkTokenDays: settings.LINK_TOKEN_DAYS,
      });
      const ms = performance.now() - started;
      meter.pause();
      const operations = meter.take();
      const reads = operations.filter((op) => op.operation === 'Query' || op.operation === 'GetItem' || op.operation === 'BatchGetItem');
      const writes = operations.filter((op) => !reads.includes(op));
      const run: DigestRun = {
        label,
        priorities,
        updates: table.updatesWritten,
        people: table.people,
        seedMs: table.seedMs,
        seedUpdatesMs: table.seedUpdatesMs,
        ms,
        readPhaseMs: reads.length > 0 ? Math.max(...reads.map((op) => op.endedAt)) - started : 0,
        readUnits: sum(operations.map((op) => op.readUnits)),
        writeUnits: sum(operations.map((op) => op.writeUnits)),
        emails: sender.sent,
        emailBytes: sender.bytes,
        largestEmailBytes: sender.largest,
        meanSendMs: sender.sent > 0 ? sender.sendMs / sender.sent : 0,
        meanWriteMs: writes.length > 0 ? sum(writes.map((op) => op.endedAt - op.startedAt)) / writes.length : 0,
        result,
        operations,
      };
      if (measured) {
        progress(
          `digest: ${label}: ${round(ms, 0)} ms, ${round(run.readUnits, 1)} RCU, ${round(run.writeUnits, 1)} WCU, ${run.emails} emails (${result.digests.sent} digests, ${result.reminders.sent} reminders)`,
        );
      }
      return run;
    } finally {
      meter.pause();
      await clearSes().catch(() => undefined);
      await table.drop().catch(() => undefined);
    }
  };

  try {
    // Unmeasured: loads the digest code, the templates and the SES client, so the smallest size is not a cold start.
    try {
      await runOnce('warm-up, 3 priorities', 3, 30, true, false);
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      progress(`digest: the warm-up run failed: ${reason}`);
      return report([], [{ label: 'warm-up, 3 priorities', reason: `failed: ${reason.slice(0, 300)}` }], options, smallest);
    }

    const plan = [
      { label: `${smallest} priorities, ${count(options.updates)} updates`, priorities: smallest, writeUpdates: true },
      { label: `${smallest} priorities, no update items`, priorities: smallest, writeUpdates: false },
      ...sizes.slice(1).map((priorities) => ({ label: `${priorities} priorities, ${count(options.updates)} updates`, priorities, writeUpdates: true })),
    ];
    for (const step of plan) {
      if (options.deadline.passed) {
        skipped.push({ label: step.label, reason: 'the section’s share of the time had run out' });
        continue;
      }
      const predictedMs = predict(runs.filter((run) => run.updates > 0), step.priorities);
      if (predictedMs !== undefined && predictedMs > options.deadline.leftMs) {
        skipped.push({ label: step.label, reason: `predicted to take ${round(predictedMs / 1000, 1)} s with ${round(options.deadline.leftMs / 1000, 1)} s of the section’s share left` });
        progress(`digest: skipping ${step.label}: ${skipped.at(-1)!.reason}`);
        continue;
      }
      try {
        runs.push(await runOnce(step.label, step.priorities, options.updates, step.writeUpdates, true));
      } catch (error) {
        const reason = error instanceof Error ? error.message : String(error);
        skipped.push({ label: step.label, reason: `failed: ${reason.slice(0, 300)}` });
        progress(`digest: ${step.label} failed: ${reason}`);
      }
    }
  } finally {
    meter.pause();
    meter.uninstall();
  }
  return report(runs, skipped, options, smallest);
}

/**
 * Seeding plus run time of a larger size, from the sizes done so far: the update items take as
 * long as before, the rest of the seeding grows linearly; the run is fitted as b·N + c·N² (c ≥ 0)
 * through the last two sizes, or taken as linear from a single size, with a margin either way.
 */
function predict(done: DigestRun[], priorities: number): number | undefined {
  const last = done.at(-1);
  if (!last || priorities <= last.priorities) return undefined;
  const factor = priorities / last.priorities;
  const seed = last.seedUpdatesMs + (last.seedMs - last.seedUpdatesMs) * factor;
  const before = done.at(-2);
  if (!before) return seed + last.ms * factor * 1.5;
  const [n1, t1, n2, t2] = [before.priorities, before.ms, last.priorities, last.ms];
  const c = Math.max(0, (t2 / n2 - t1 / n1) / (n2 - n1));
  const b = Math.max(0, t2 / n2 - c * n2);
  return seed + (b * priorities + c * priorities * priorities) * 1.25;
}

/** Per-priority cost at each size no more than 25% above the smallest size's, and each step's marginal cost no more than 25% above the first step's. */
function linear(points: { priorities: number; value: number }[], upTo: number): boolean | null {
  const base = points[0];
  const upto = points.filter((point) => point.priorities <= upTo);
  if (!base || upto.length < 2) return null;
  const perBase = base.value / base.priorities;
  if (upto.some((point) => point.value / point.priorities > perBase * (1 + linearTolerance))) return false;
  const marginals = upto.slice(1).map((point, index) => (point.value - upto[index]!.value) / (point.priorities - upto[index]!.priorities));
  const first = marginals[0]!;
  return marginals.every((marginal) => marginal <= Math.max(first, 0) * (1 + linearTolerance) + 1e-9);
}

function report(runs: DigestRun[], skipped: Skipped[], options: DigestBenchOptions, smallest: number): SectionResult {
  const withUpdates = runs.filter((run) => run.updates > 0);
  const base = withUpdates.find((run) => run.priorities === smallest);
  const empty = runs.find((run) => run.priorities === smallest && run.updates === 0);
  const quick = options.updates !== digestPlan.updatesInTable || options.priorities.join() !== digestPlan.priorities.join();
  const rows: Row[] = [];
  const notMeasured = (figure: string, text: string): Row => ({ section, figure, value: null, unit: '', text, goal, met: null });

  if (!base) {
    rows.push(notMeasured(`${options.priorities.join(' / ')} priorities`, `not measured: ${skipped.map((s) => `${s.label}: ${s.reason}`).join('; ') || 'no run completed'}`));
    return { rows, notes: [], details: { measured: false, skipped, plan: digestPlan, options: { priorities: options.priorities, updates: options.updates } } };
  }

  const readPoints = withUpdates.map((run) => ({ priorities: run.priorities, value: run.readUnits }));
  const timePoints = withUpdates.map((run) => ({ priorities: run.priorities, value: run.ms }));
  const baseLabel = { baselineLabel: `${smallest} priorities` };
  const linearGoal = (n: number) => `${goal} (≈ ${round(n / smallest, 1)}×)`;
  for (const run of withUpdates) {
    const isBase = run === base;
    const n = `${count(run.priorities)} priorities`;
    rows.push({
      section,
      figure: `read units, ${n} (n=1)`,
      value: round(run.readUnits, 2),
      unit: 'RCU',
      ...(isBase ? {} : { baseline: round(base.readUnits, 2), ...baseLabel, ratio: round(run.readUnits / base.readUnits, 2), goal: linearGoal(run.priorities), met: linear(readPoints, run.priorities) }),
    });
    rows.push({
      section,
      figure: `read units per priority, ${n}`,
      value: round(run.readUnits / run.priorities, 3),
      unit: 'RCU',
      ...(isBase ? {} : { baseline: round(base.readUnits / base.priorities, 3), ...baseLabel, ratio: round(run.readUnits / run.priorities / (base.readUnits / base.priorities), 2) }),
    });
    rows.push({
      section,
      figure: `wall time, ${n} (n=1)`,
      value: round(run.ms, 1),
      unit: 'ms',
      ...(isBase ? {} : { baseline: round(base.ms, 1), ...baseLabel, ratio: round(run.ms / base.ms, 2), goal: linearGoal(run.priorities), met: linear(timePoints, run.priorities) }),
    });
    rows.push({
      section,
      figure: `wall time per priority, ${n}`,
      value: round(run.ms / run.priorities, 2),
      unit: 'ms',
      ...(isBase ? {} : { baseline: round(base.ms / base.priorities, 2), ...baseLabel, ratio: round(run.ms / run.priorities / (base.ms / base.priorities), 2) }),
    });
  }
  // Marginal reads per added priority, step by step: the slope a linear cost keeps constant.
  const steps = withUpdates.slice(1).map((run, index) => {
    const from = withUpdates[index]!;
    return { from, to: run, reads: (run.readUnits - from.readUnits) / (run.priorities - from.priorities), ms: (run.ms - from.ms) / (run.priorities - from.priorities) };
  });
  const firstStep = steps[0];
  for (const step of steps) {
    const isFirst = step === firstStep;
    const label = `${step.from.priorities}→${step.to.priorities}`;
    rows.push({
      section,
      figure: `read units per added priority, ${label}`,
      value: round(step.reads, 3),
      unit: 'RCU',
      ...(isFirst || !firstStep ? {} : { baseline: round(firstStep.reads, 3), baselineLabel: `${firstStep.from.priorities}→${firstStep.to.priorities}`, ratio: round(step.reads / firstStep.reads, 2) }),
    });
    rows.push({
      section,
      figure: `wall time per added priority, ${label}`,
      value: round(step.ms, 2),
      unit: 'ms',
      ...(isFirst || !firstStep ? {} : { baseline: round(firstStep.ms, 2), baselineLabel: `${firstStep.from.priorities}→${firstStep.to.priorities}`, ratio: round(step.ms / firstStep.ms, 2) }),
    });
  }
  for (const skip of skipped.filter((s) => !s.label.includes('no update items'))) rows.push({ ...notMeasured(skip.label, `not measured: ${skip.reason}`), goal: undefined });
  if (empty) {
    const readRatio = base.readUnits / empty.readUnits;
    rows.push({
      section,
      figure: `read units, ${smallest} priorities, ${count(base.updates)} vs 0 update items in the table`,
      value: round(base.readUnits, 2),
      unit: 'RCU',
      baseline: round(empty.readUnits, 2),
      baselineLabel: '0 update items',
      ratio: round(readRatio, 2),
      goal: `${goal} (≈ 1×, ±${flatTolerance * 100}%)`,
      met: Math.abs(readRatio - 1) <= flatTolerance,
    });
    rows.push({
      section,
      figure: `wall time, ${smallest} priorities, ${count(base.updates)} vs 0 update items in the table`,
      value: round(base.ms, 1),
      unit: 'ms',
      baseline: round(empty.ms, 1),
      baselineLabel: '0 update items',
      ratio: round(base.ms / empty.ms, 2),
    });
  } else {
    const skip = skipped.find((s) => s.label.includes('no update items'));
    rows.push(notMeasured(`read units, ${smallest} priorities, ${count(options.updates)} vs 0 update items`, `not measured: ${skip?.reason ?? 'no run'}`));
  }

  // Run by run, and call by call.
  const runTable: Table = {
    title: 'Digest run by run (one run each; units from DynamoDB Local’s ConsumedCapacity)',
    header: ['run', 'people', 'emails (digests + reminders)', 'RCU', 'WCU', 'RCU / priority', 'WCU / priority', 'wall time', 'of which reads', 'ms / priority', 'mean write / SES send', 'email bytes (largest)', 'seeding'],
    rows: runs.map((run) => [
      run.label,
      count(run.people),
      `${run.emails} (${run.result.digests.sent} + ${run.result.reminders.sent})`,
      String(round(run.readUnits, 2)),
      String(round(run.writeUnits, 2)),
      String(round(run.readUnits / run.priorities, 3)),
      String(round(run.writeUnits / run.priorities, 2)),
      `${round(run.ms, 0)} ms`,
      `${round(run.readPhaseMs, 0)} ms`,
      `${round(run.ms / run.priorities, 2)} ms`,
      `${round(run.meanWriteMs, 1)} / ${round(run.meanSendMs, 1)} ms`,
      `${round(run.emailBytes / 2 ** 20, 2)} MB (${round(run.largestEmailBytes / 1024, 1)} KB)`,
      `${round(run.seedMs / 1000, 1)} s`,
    ]),
  };
  const callKey = (op: MeteredOperation) =>
    `${op.operation}${op.operation === 'GetItem' || op.operation === 'Query' ? (op.consistentRead ? ' (consistent)' : ' (eventual)') : ''}${op.failed ? ' (failed)' : ''}|${op.target}`;
  const keysInOrder: string[] = [];
  for (const run of runs) for (const op of run.operations) if (!keysInOrder.includes(callKey(op))) keysInOrder.push(callKey(op));
  const callCell = (run: DigestRun, key: string) => {
    const ops = run.operations.filter((op) => callKey(op) === key);
    if (ops.length === 0) return '—';
    const parts = [`×${ops.length}`];
    const w = sum(ops.map((op) => op.writeUnits));
    const r = sum(ops.map((op) => op.readUnits));
    if (r > 0) parts.push(`${round(r, 2)} RCU`);
    if (w > 0) parts.push(`${round(w, 2)} WCU`);
    return parts.join(' ');
  };
  const callTable: Table = {
    title: 'Digest call by call (calls and units per run)',
    header: ['call', 'item', ...runs.map((run) => run.label)],
    rows: keysInOrder.map((key) => {
      const [call, item] = key.split('|');
      return [call!, item!, ...runs.map((run) => callCell(run, key))];
    }),
  };

  // What dominates, for the notes.
  const largest = withUpdates.at(-1)!;
  const byCall = keysInOrder
    .map((key) => {
      const ops = largest.operations.filter((op) => callKey(op) === key);
      return { key: key.replace('|', ' of '), reads: sum(ops.map((op) => op.readUnits)), writes: sum(ops.map((op) => op.writeUnits)), calls: ops.length };
    })
    .sort((a, b) => b.reads + b.writes - (a.reads + a.writes));
  const topReads = [...byCall].sort((a, b) => b.reads - a.reads).filter((c) => c.reads > 0).slice(0, 3);
  const topWrites = byCall.filter((c) => c.writes > 0).sort((a, b) => b.writes - a.writes).slice(0, 3);
  const all = runs.flatMap((run) => run.operations);
  const estimated = all.filter((op) => !op.reported).length;
  const notes = [
    ...(quick
      ? [`Quick run: ${options.priorities.join(' / ')} priorities with ${count(options.updates)} update items in the table, instead of ${digestPlan.priorities.join(' / ')} with ${count(digestPlan.updatesInTable)}.`]
      : []),
    `Each size has a fresh table in the bench’s DynamoDB Local, without a stream (no consumer sees the seeded items): a synthetic programme of N priorities (ids priority-001…, profiles cloned from the real catalogue’s text) loaded with seedProgramme (shared/services/seed.ts), a sponsor and a delivery lead per priority plus 2 board members (example.org), summaries and the portfolio as summarise would leave them, and ${count(options.updates)} update items spread evenly across the priorities with BatchWriteItem. Every priority last reported 45 days before the run, in an earlier period, so sponsors and leads get a reminder as well as a digest.`,
    `The run is runDigest (shared/services/digest.ts) with the settings and the mailer the digest handler builds, but table stores on each size’s own table (the handler fixes its table at load). DynamoDB calls go through the shared client, metered; emails go to the local stack’s SES emulator (aws-ses-v2-local, in this process), whose store is cleared after each run. The wall time therefore includes the emulator’s work of receiving every email, which SES does elsewhere. One unmeasured warm-up run on 3 priorities comes first.`,
    `“Flat in updates”: the ${smallest}-priority table is run a second time with the same programme partition (same summaries) but no update items, so the only difference is the ${count(options.updates)} items in the update partitions.`,
    `Met: for “linear”, the cost per priority at each size is at most ${linearTolerance * 100}% above the ${smallest}-priority figure, and each step’s marginal cost per added priority at most ${linearTolerance * 100}% above the first step’s (${smallest}→${withUpdates[1]?.priorities ?? '…'}); for “flat”, reads with the update items within ±${flatTolerance * 100}% of reads without them. Read and write units are exact and repeat from run to run; wall times are single runs on whatever else the machine is doing, and a step’s marginal time can move by half between runs, so a time verdict near the limit says little on its own.`,
    estimated === 0
      ? `DynamoDB Local returned ConsumedCapacity for all ${count(all.length)} metered calls.`
      : `${estimated} of ${all.length} calls came back without ConsumedCapacity; their units are estimated from item sizes.`,
    `What dominates, at ${count(largest.priorities)} priorities: writes, ${round(largest.writeUnits, 0)} WCU against ${round(largest.readUnits, 1)} RCU (${round(largest.writeUnits / largest.readUnits, 0)}× the units, and a write unit costs 5× a read unit on demand). Every email costs three writes: the outbox claim (PutItem), its completion (UpdateItem) and, for a digest or reminder to a sponsor or lead, a fresh credential for the personal link (PutItem): ${topWrites.map((c) => `${c.key} ${round(c.writes, 1)} WCU (×${c.calls})`).join(', ')}. A sponsor or lead whose priority has not reported gets two emails and two new tokens in the same run (digest and reminder each carry a posting link).`,
    `Reads: ${topReads.map((c) => `${c.key} ${round(c.reads, 1)} RCU (×${c.calls})`).join(', ')}. The programme query reads every priority profile whole (about ${round((sum(largest.operations.filter((op) => op.target === 'query PROGRAMME').map((op) => op.readUnits)) * 2 * 4096) / largest.priorities / 1024, 1)} KB per priority with its summary), though the digest uses only each title and summary; a projection would not lower the units, which DynamoDB charges on the items read. ${all.some((op) => op.target.includes('update')) ? 'Some calls touched update items (see the call-by-call table).' : 'No call touched an update item.'}`,
    `Time: the reads take ${round(largest.readPhaseMs, 0)} ms of the ${round(largest.ms, 0)} ms at ${count(largest.priorities)} priorities; the rest is the deliveries, which runDigest starts all at once (every digest, then every reminder), so each DynamoDB write takes ${round(largest.meanWriteMs, 0)} ms on average and each SES send ${round(largest.meanSendMs, 0)} ms, mostly queueing (the SDK client opens at most 50 sockets and queues the rest). Wall time therefore follows the number of writes DynamoDB Local can serve, about ${round(largest.ms / largest.emails, 1)} ms per email here.`,
    `Email volume: every digest carries the whole portfolio table, so each digest grows with the priorities and all of them together with people × priorities (quadratic): ${withUpdates.map((r) => `${round(r.emailBytes / 2 ** 20, 2)} MB in all, ${round(r.largestEmailBytes / 1024, 0)} KB the largest, at ${r.priorities}`).join('; ')}.`,
  ];
  for (const skip of skipped) notes.push(`${skip.label}: not measured (${skip.reason}).`);
  return {
    rows,
    notes,
    tables: [runTable, callTable],
    details: {
      measured: true,
      plan: digestPlan,
      options: { priorities: options.priorities, updates: options.updates },
      runs: runs.map(({ operations, ...run }) => ({
        ...run,
        ms: round(run.ms, 1),
        readPhaseMs: round(run.readPhaseMs, 1),
        seedMs: round(run.seedMs, 0),
        seedUpdatesMs: round(run.seedUpdatesMs, 0),
        meanSendMs: round(run.meanSendMs, 2),
        meanWriteMs: round(run.meanWriteMs, 2),
        readUnits: round(run.readUnits, 2),
        writeUnits: round(run.writeUnits, 2),
        calls: operations.length,
      })),
      skipped,
    },
  };
}
