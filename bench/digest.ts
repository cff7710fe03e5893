/**
 * Digest: wall time and DynamoDB reads of one weekly digest run for 7, 70 and 700 priorities with
 * 10,000 updates in the table. Goal: the run at 700 priorities takes at most 110× the run at 7
 * (1.1× per priority), in every repetition; reads stay linear in priorities and flat in updates.
 *
 * Each size has a table of its own in the bench's DynamoDB Local, with no stream and no poller,
 * seeded once by lib/synthetic-programme.ts: a synthetic programme of N priorities, a sponsor and
 * a delivery lead per priority and two board members, summaries as after the updates, and the
 * update items themselves written with BatchWriteItem. Every priority last reported in an earlier
 * period, so the run sends reminders as well as digests. The smallest size has a second table
 * with the same summaries and no update items, which shows whether the reads depend on history.
 *
 * A repetition runs the digest once on every table, smallest first in odd repetitions and largest
 * first in even ones; the last digest's record is set back before each run (to one in which every
 * priority had another status), so every run does the same work. The run is
 * shared/services/digest.ts's runDigest, as the digest handler calls it, with the shared
 * (metered) DynamoDB client and the local stack's SES emulator.
 */
import { SESv2Client } from '@aws-sdk/client-sesv2';
import { dynamoDb } from '#shared/data/client';
import { SesEmailSender } from '#shared/email/sender';
import { emailTemplates } from '#shared/email/content';
import type { EmailSender, OutgoingEmail } from '#shared/services/messages';
import { settingsFor } from '#shared/settings';
import { functions } from '../functions/index.ts';
import { tableStores } from '../infra/local/stores.ts';
import { runDigest, wholePortfolioUpTo, type DigestPorts, type DigestResult } from '#shared/services/digest';
import { CapacityMeter, type MeteredOperation } from './lib/capacity.ts';
import type { BenchStack } from './lib/fixture.ts';
import { progress, type Deadline } from './lib/progress.ts';
import { judged, plural, spreadOf, type Row, type SectionResult, type Table } from './lib/report.ts';
import { pairedRatios, repeated, round } from './lib/stats.ts';
import { seedSyntheticTable, syntheticHistory, syntheticProgramme, type SeededTable } from './lib/synthetic-programme.ts';

export const digestPlan = { priorities: [7, 70, 700], updatesInTable: 10_000 } as const;

/** Goal: per priority, the largest programme's run may take at most this many times the smallest's (110× for 700 against 7), in every repetition. */
export const digestTimePerPriority = 1.1;

export interface DigestBenchOptions {
  /** Programme sizes, smallest first: the first is the baseline of every ratio. */
  priorities: readonly number[];
  /** Update items in the table at every size. */
  updates: number;
  /** Runs on every table; the time goal is judged in each. */
  repetitions: number;
  deadline: Deadline;
}

/** Per priority, a larger size may read at most this much more than the smallest (and each step's marginal reads than the first step's). */
const linearTolerance = 0.25;
/** Unmeasured runs on the smallest programme before the first repetition: one loads the code, a few more let the JIT settle. */
const warmUpRuns = 3;
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
  repetition: number;
  priorities: number;
  /** Update items in the table. */
  updates: number;
  people: number;
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

interface Seeded {
  label: string;
  priorities: number;
  withUpdates: boolean;
  table: SeededTable;
}

interface Skipped {
  label: string;
  reason: string;
}

const sum = (values: number[]) => values.reduce((total, value) => total + value, 0);
const count = (n: number) => n.toLocaleString('en-GB');

/** The time goal at a size: 1.1× per priority against the smallest size. */
export function digestTimeGoal(priorities: number, smallest: number): number {
  return round((digestTimePerPriority * priorities) / smallest, 2);
}

/** Never fails the whole bench: whatever goes wrong ends up in the section's rows. */
export async function measureDigest(stack: BenchStack, options: DigestBenchOptions): Promise<SectionResult> {
  const smallest = Math.min(...options.priorities);
  try {
    return await measureSizes(stack, options, smallest);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    progress(`digest: failed: ${reason}`);
    return report([], [], [{ label: 'digest', reason: `failed: ${reason.slice(0, 300)}` }], options, smallest);
  }
}

async function measureSizes(stack: BenchStack, options: DigestBenchOptions, smallest: number): Promise<SectionResult> {
  const sizes = [...options.priorities].sort((a, b) => a - b);
  const settings = settingsFor(functions.digest); // the local stack has set the functions' environment
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
  const seeded: Seeded[] = [];
  const now = new Date();
  // Nothing else may use the shared client while a run is metered: the pollers stay paused.
  await stack.pausePollers();
  meter.install(dynamoDb);

  /** Runs the digest once on a seeded table, metered unless `measured` is false. */
  const runOnce = async (table: Seeded, repetition: number, measured: boolean): Promise<DigestRun> => {
    const stores = tableStores(table.table.tableName);
    const ports: DigestPorts = { ...stores, mailer: { deliveries: stores.deliveries, templates: emailTemplates(settings.PROGRAMME_NAME), sender, baseUrl: settings.PUBLIC_BASE_URL } };
    await table.table.resetLastDigest();
    await clearSes();
    sender.reset();
    meter.take();
    if (measured) meter.record(table.label);
    const started = performance.now();
    try {
      const result = await runDigest(ports, {
        runId: `bench-${table.label}-${repetition}-${Date.now()}`,
        now,
        reportingPeriod: settings.REPORTING_PERIOD,
        staleAfterDays: settings.STALE_AFTER_DAYS,
        escalateAfterWorkingDays: settings.ESCALATE_AFTER_WORKING_DAYS,
        linkTokenDays: settings.LINK_TOKEN_DAYS,
      });
      const ms = performance.now() - started;
      meter.pause();
      const operations = meter.take();
      const reads = operations.filter((op) => op.operation === 'Query' || op.operation === 'GetItem' || op.operation === 'BatchGetItem');
      const writes = operations.filter((op) => !reads.includes(op));
      const run: DigestRun = {
        label: table.label,
        repetition,
        priorities: table.priorities,
        updates: table.table.updatesWritten,
        people: table.table.people,
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
          `digest: repetition ${repetition + 1}, ${table.label}: ${round(ms, 0)} ms, ${round(run.readUnits, 1)} RCU, ${round(run.writeUnits, 1)} WCU, ${run.emails} emails (${result.digests.sent} digests, ${result.reminders.sent} reminders)`,
        );
      }
      return run;
    } finally {
      meter.pause();
      await clearSes().catch(() => undefined);
    }
  };

  try {
    const plan = [
      { label: `${smallest} priorities, ${count(options.updates)} updates`, priorities: smallest, withUpdates: true },
      { label: `${smallest} priorities, no update items`, priorities: smallest, withUpdates: false },
      ...sizes.slice(1).map((priorities) => ({ label: `${priorities} priorities, ${count(options.updates)} updates`, priorities, withUpdates: true })),
    ];
    for (const step of plan) {
      if (options.deadline.passed) {
        skipped.push({ label: step.label, reason: 'the section’s share of the time ran out while seeding' });
        continue;
      }
      progress(`digest: seeding a table for ${step.label}`);
      const programme = syntheticProgramme(step.priorities);
      const table = await seedSyntheticTable({
        endpoint: stack.endpoint,
        programme,
        history: syntheticHistory(programme, options.updates, now),
        writeUpdates: step.withUpdates,
        deadline: options.deadline,
        label: `digest: ${step.label}`,
      });
      seeded.push({ ...step, table });
    }
    const base = seeded[0];
    if (!base) return report(runs, seeded, skipped, options, smallest);
    // Unmeasured: loads the digest code, the templates and the SES client, and gives the JIT a few runs, so the first measured run is not a cold start.
    for (let run = 0; run < warmUpRuns; run += 1) await runOnce(base, -1, false);

    let lastRepetitionMs = 0;
    for (let repetition = 0; repetition < options.repetitions; repetition += 1) {
      if (options.deadline.leftMs < lastRepetitionMs) {
        skipped.push({ label: `repetitions ${repetition + 1} to ${options.repetitions}`, reason: `another would take about ${round(lastRepetitionMs / 1000, 1)} s with ${round(options.deadline.leftMs / 1000, 1)} s of the section’s share left` });
        break;
      }
      const started = performance.now();
      const order = repetition % 2 === 0 ? seeded : [...seeded].reverse();
      for (const table of order) runs.push(await runOnce(table, repetition, true));
      lastRepetitionMs = performance.now() - started;
    }
  } finally {
    meter.pause();
    meter.uninstall();
    for (const table of seeded) await table.table.drop().catch(() => undefined);
  }
  return report(runs, seeded, skipped, options, smallest);
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

function report(runs: DigestRun[], seeded: Seeded[], skipped: Skipped[], options: DigestBenchOptions, smallest: number): SectionResult {
  const largestSize = Math.max(...options.priorities);
  const quick = options.updates !== digestPlan.updatesInTable || options.priorities.join() !== digestPlan.priorities.join();
  const section = `Digest: wall time and reads for ${options.priorities.map(count).join(' / ')} priorities, ${count(options.updates)} updates in the table`;
  const rows: Row[] = [];
  const repetitions = [...new Set(runs.map((run) => run.repetition))].sort((a, b) => a - b);
  const labelOf = (priorities: number, withUpdates: boolean) => seeded.find((table) => table.priorities === priorities && table.withUpdates === withUpdates)?.label;
  /** One value per repetition for a table (NaN where it did not run). */
  const series = (label: string | undefined, pick: (run: DigestRun) => number) =>
    repetitions.map((repetition) => {
      const run = runs.find((candidate) => candidate.label === label && candidate.repetition === repetition);
      return run ? pick(run) : Number.NaN;
    });
  const baseLabel = labelOf(smallest, true);
  const emptyLabel = labelOf(smallest, false);
  const sizes = [...new Set(seeded.filter((table) => table.withUpdates).map((table) => table.priorities))].sort((a, b) => a - b);

  if (runs.length === 0) {
    rows.push({ section, figure: `${options.priorities.join(' / ')} priorities`, value: null, unit: '', text: `not measured: ${skipped.map((s) => `${s.label}: ${s.reason}`).join('; ') || 'no run completed'}`, goal: `≤ ${digestTimeGoal(largestSize, smallest)}× in every repetition`, met: null });
    return { rows, notes: [], details: { measured: false, skipped, plan: digestPlan, options: { priorities: options.priorities, updates: options.updates } } };
  }

  const baseMs = series(baseLabel, (run) => run.ms);
  const baseReads = series(baseLabel, (run) => run.readUnits);
  const readPoints = sizes.map((priorities) => ({ priorities, value: repeated(series(labelOf(priorities, true), (run) => run.readUnits)).median }));
  for (const priorities of sizes) {
    const label = labelOf(priorities, true);
    const isBase = priorities === smallest;
    const ms = series(label, (run) => run.ms);
    const reads = series(label, (run) => run.readUnits);
    const timeRatios = repeated(pairedRatios(ms, baseMs));
    const readRatios = repeated(pairedRatios(reads, baseReads));
    const n = `${count(priorities)} priorities`;
    const isLargest = priorities === largestSize && !isBase;
    const goal = digestTimeGoal(priorities, smallest);
    const measuredReps = timeRatios.values.filter((value) => Number.isFinite(value));
    rows.push({
      section,
      figure: isBase
        ? `wall time, ${n} (${plural(ms.filter(Number.isFinite).length, 'repetition')})`
        : `wall time, ${n}; by repetition: ${measuredReps.map((value) => `${round(value, 1)}×`).join(', ')}`,
      value: round(repeated(ms).median, 1),
      unit: 'ms',
      ...(isBase
        ? { spread: spreadOf(repeated(ms), 1) }
        : {
            baseline: round(repeated(baseMs).median, 1),
            baselineLabel: `${smallest} priorities`,
            ratio: round(timeRatios.median, 2),
            spread: spreadOf(timeRatios),
            ...(isLargest
              ? {
                  goal: `≤ ${goal}× in every repetition${quick ? ` (${digestTimePerPriority}× per priority)` : ''}`,
                  met: judged(measuredReps.length, measuredReps.every((value) => value <= goal), true),
                }
              : {}),
          }),
    });
    rows.push({
      section,
      figure: `read units, ${n}`,
      value: round(repeated(reads).median, 2),
      unit: 'RCU',
      ...(isBase
        ? { spread: spreadOf(repeated(reads)) }
        : {
            baseline: round(repeated(baseReads).median, 2),
            baselineLabel: `${smallest} priorities`,
            ratio: round(readRatios.median, 2),
            spread: spreadOf(readRatios),
            goal: `linear in priorities (≈ ${round(priorities / smallest, 1)}×)`,
            met: judged(reads.filter(Number.isFinite).length, linear(readPoints, priorities) ?? false),
          }),
    });
  }
  if (emptyLabel && baseLabel) {
    const emptyReads = series(emptyLabel, (run) => run.readUnits);
    const emptyMs = series(emptyLabel, (run) => run.ms);
    const readRatios = repeated(pairedRatios(baseReads, emptyReads));
    const timeRatios = repeated(pairedRatios(baseMs, emptyMs));
    rows.push({
      section,
      figure: `read units, ${smallest} priorities, ${count(options.updates)} vs 0 update items in the table`,
      value: round(repeated(baseReads).median, 2),
      unit: 'RCU',
      baseline: round(repeated(emptyReads).median, 2),
      baselineLabel: '0 update items',
      ratio: round(readRatios.median, 2),
      spread: spreadOf(readRatios),
      goal: `flat in updates (≈ 1×, ±${flatTolerance * 100}%)`,
      met: judged(readRatios.values.length, readRatios.values.every((value) => Math.abs(value - 1) <= flatTolerance), true),
    });
    rows.push({
      section,
      figure: `wall time, ${smallest} priorities, ${count(options.updates)} vs 0 update items in the table`,
      value: round(repeated(baseMs).median, 1),
      unit: 'ms',
      baseline: round(repeated(emptyMs).median, 1),
      baselineLabel: '0 update items',
      ratio: round(timeRatios.median, 2),
      spread: spreadOf(timeRatios),
    });
  }
  for (const skip of skipped) rows.push({ section, figure: skip.label, value: null, unit: '', text: `not measured: ${skip.reason}` });

  // Run by run, and call by call (first repetition).
  const runTable: Table = {
    title: 'Digest run by run (units from DynamoDB Local’s ConsumedCapacity)',
    header: ['repetition', 'run', 'people', 'emails (digests + reminders)', 'RCU', 'WCU', 'wall time', 'of which reads', 'ms / priority', 'mean write / SES send', 'email bytes (largest)'],
    rows: runs.map((run) => [
      String(run.repetition + 1),
      run.label,
      count(run.people),
      `${run.emails} (${run.result.digests.sent} + ${run.result.reminders.sent})`,
      String(round(run.readUnits, 2)),
      String(round(run.writeUnits, 2)),
      `${round(run.ms, 0)} ms`,
      `${round(run.readPhaseMs, 0)} ms`,
      `${round(run.ms / run.priorities, 2)} ms`,
      `${round(run.meanWriteMs, 1)} / ${round(run.meanSendMs, 1)} ms`,
      `${round(run.emailBytes / 2 ** 20, 2)} MB (${round(run.largestEmailBytes / 1024, 1)} KB)`,
    ]),
  };
  const first = runs.filter((run) => run.repetition === repetitions[0]);
  const callKey = (op: MeteredOperation) =>
    `${op.operation}${op.operation === 'GetItem' || op.operation === 'Query' ? (op.consistentRead ? ' (consistent)' : ' (eventual)') : ''}${op.failed ? ' (failed)' : ''}|${op.target}`;
  const keysInOrder: string[] = [];
  for (const run of first) for (const op of run.operations) if (!keysInOrder.includes(callKey(op))) keysInOrder.push(callKey(op));
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
    title: 'Digest call by call (calls and units of one run; every repetition makes the same calls)',
    header: ['call', 'item', ...first.map((run) => run.label)],
    rows: keysInOrder.map((key) => {
      const [call, item] = key.split('|');
      return [call!, item!, ...first.map((run) => callCell(run, key))];
    }),
  };

  // What dominates, for the notes.
  const largest = first.filter((run) => run.updates > 0).sort((a, b) => b.priorities - a.priorities)[0] ?? first[0]!;
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
      ? [`Quick run: ${options.priorities.join(' / ')} priorities with ${count(options.updates)} update items in the table, instead of ${digestPlan.priorities.join(' / ')} with ${count(digestPlan.updatesInTable)}; the time goal keeps its ${digestTimePerPriority}× per priority (${digestTimeGoal(largestSize, smallest)}× at ${largestSize} against ${smallest}, as 110× at 700).`]
      : []),
    `Each size has a table of its own in the bench’s DynamoDB Local, seeded once, without a stream (no consumer sees the seeded items): a synthetic programme of N priorities (ids priority-001…, profiles cloned from the real catalogue’s text) loaded with seedProgramme (shared/services/seed.ts), a sponsor and a delivery lead per priority plus 2 board members (example.org), summaries as summarise would leave them, and ${count(options.updates)} update items spread evenly across the priorities with BatchWriteItem. Every priority last reported 45 days before the run, in an earlier period, so sponsors and leads get a reminder as well as a digest.`,
    `${plural(repetitions.length, 'repetition')}; each runs the digest once on every table, smallest first in the odd ones and largest first in the even ones, after ${plural(warmUpRuns, 'unmeasured warm-up run')} on the smallest. The last digest’s record is set back before every run, to one in which every priority had another status, so each run does the same work (the same calls, units and emails) and every digest says what changed for every priority (sponsors’ and delivery leads’ of a programme above ${wholePortfolioUpTo} priorities carry the most changed rows they can); what a run writes (delivery records, personal-link credentials) is in partitions the digest never reads. The time goal is judged on each repetition’s own ratio: all of them must be within it.`,
    `The run is runDigest (shared/services/digest.ts) with the settings and the mailer the digest handler builds, but table stores on each size’s own table (the handler fixes its table at load). DynamoDB calls go through the shared client, metered; emails go to the local stack’s SES emulator (aws-ses-v2-local, in this process), whose store is cleared after each run. The wall time therefore includes the emulator’s work of receiving every email, which SES does elsewhere.`,
    `“Flat in updates”: the ${smallest}-priority programme has a second table with the same summaries but no update items, so the only difference is the ${count(options.updates)} items in the update partitions. “Linear”: reads per priority at each size at most ${linearTolerance * 100}% above the ${smallest}-priority figure, and each step’s marginal reads per added priority at most ${linearTolerance * 100}% above the first step’s.`,
    estimated === 0
      ? `DynamoDB Local returned ConsumedCapacity for all ${count(all.length)} metered calls.`
      : `${estimated} of ${all.length} calls came back without ConsumedCapacity; their units are estimated from item sizes.`,
    `What dominates, at ${count(largest.priorities)} priorities: writes, ${round(largest.writeUnits, 0)} WCU against ${round(largest.readUnits, 1)} RCU. The largest writes, for ${count(largest.emails)} emails: ${topWrites.map((c) => `${c.key} ${round(c.writes, 1)} WCU (×${c.calls})`).join(', ')}.`,
    `Reads: ${topReads.map((c) => `${c.key} ${round(c.reads, 1)} RCU (×${c.calls})`).join(', ')}. ${all.some((op) => op.target.includes('update')) ? 'Some calls touched update items (see the call-by-call table).' : 'No call touched an update item.'}`,
    `Time: the reads take ${round(largest.readPhaseMs, 0)} ms of the ${round(largest.ms, 0)} ms at ${count(largest.priorities)} priorities (repetition ${largest.repetition + 1}); the rest is the deliveries: each DynamoDB write takes ${round(largest.meanWriteMs, 0)} ms on average and each SES send ${round(largest.meanSendMs, 0)} ms (round trips, with the other deliveries in flight). About ${round(largest.ms / Math.max(1, largest.emails), 1)} ms per email here.`,
    `Email volume (subject, HTML and text of every email): the board’s digests carry the whole portfolio table; sponsors’ and delivery leads’ carry it up to ${wholePortfolioUpTo} priorities, and above that the counts by status and at most ${wholePortfolioUpTo} changed priorities, so theirs stop growing: ${first
      .filter((r) => r.updates > 0)
      .map((r) => `${round(r.emailBytes / 2 ** 20, 2)} MB in all, ${round(r.largestEmailBytes / 1024, 0)} KB the largest, at ${r.priorities}`)
      .join('; ')}.`,
  ];
  for (const skip of skipped) notes.push(`${skip.label}: not measured (${skip.reason}).`);
  return {
    rows,
    notes,
    tables: [runTable, callTable],
    details: {
      measured: true,
      plan: digestPlan,
      options: { priorities: options.priorities, updates: options.updates, repetitions: options.repetitions },
      seeding: seeded.map((table) => ({ label: table.label, seedMs: round(table.table.seedMs, 0), seedUpdatesMs: round(table.table.seedUpdatesMs, 0) })),
      runs: runs.map(({ operations, ...run }) => ({
        ...run,
        ms: round(run.ms, 1),
        readPhaseMs: round(run.readPhaseMs, 1),
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
