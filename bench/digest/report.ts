/**
 * The digest bench's report: wall time and reads at each size against the smallest, judged by
 * the plan's goal and tolerances, tables run by run and call by call, and notes on what dominates.
 */
import { wholePortfolioUpTo } from '#shared/services/digest';
import type { MeteredOperation } from '../lib/capacity.ts';
import { judged, plural, type Row, type SectionResult, spreadOf, type Table } from '../lib/report.ts';
import { median, pairedRatios, repeated, round } from '../lib/stats.ts';
import {
  count,
  type DigestBenchOptions,
  type DigestRun,
  digestPlan,
  digestTimeGoal,
  digestTimePerPriority,
  flatTolerance,
  linearTolerance,
  type Seeded,
  type Skipped,
  sum,
  warmUpRuns,
} from './plan.ts';

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

export function reportDigest(runs: DigestRun[], seeded: Seeded[], skipped: Skipped[], options: DigestBenchOptions, smallest: number): SectionResult {
  const largestSize = Math.max(...options.priorities);
  const quick = options.updates !== digestPlan.updatesInTable || options.priorities.join() !== digestPlan.priorities.join();
  const section = `Digest: wall time and reads for ${options.priorities.map(count).join(' / ')} priorities, ${count(options.updates)} updates in the table`;
  const rows: Row[] = [];
  const repetitions = [...new Set(runs.map((run) => run.repetition))].sort((a, b) => a - b);
  const labelOf = (priorities: number, withUpdates: boolean) =>
    seeded.find((table) => table.priorities === priorities && table.withUpdates === withUpdates)?.label;
  /** One value per repetition for a table: the median of its runs in the repetition (NaN where it did not run). */
  const series = (label: string | undefined, pick: (run: DigestRun) => number) =>
    repetitions.map((repetition) => {
      const values = runs.filter((candidate) => candidate.label === label && candidate.repetition === repetition).map(pick);
      return values.length > 0 ? median(values) : Number.NaN;
    });
  const baseLabel = labelOf(smallest, true);
  const emptyLabel = labelOf(smallest, false);
  const sizes = [...new Set(seeded.filter((table) => table.withUpdates).map((table) => table.priorities))].sort((a, b) => a - b);

  if (runs.length === 0) {
    rows.push({
      section,
      figure: `${options.priorities.join(' / ')} priorities`,
      value: null,
      unit: '',
      text: `not measured: ${skipped.map((s) => `${s.label}: ${s.reason}`).join('; ') || 'no run completed'}`,
      goal: `≤ ${digestTimeGoal(largestSize, smallest)}× in every repetition`,
      met: null,
    });
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
                  met: judged(
                    measuredReps.length,
                    measuredReps.every((value) => value <= goal),
                    true,
                  ),
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
      met: judged(
        readRatios.values.length,
        readRatios.values.every((value) => Math.abs(value - 1) <= flatTolerance),
        true,
      ),
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
    header: [
      'repetition',
      'run',
      'people',
      'emails (digests + reminders)',
      'RCU',
      'WCU',
      'wall time',
      'of which reads',
      'ms / priority',
      'mean write / SES send',
      'email bytes (largest)',
    ],
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
  const topReads = [...byCall]
    .sort((a, b) => b.reads - a.reads)
    .filter((c) => c.reads > 0)
    .slice(0, 3);
  const topWrites = byCall
    .filter((c) => c.writes > 0)
    .sort((a, b) => b.writes - a.writes)
    .slice(0, 3);
  const all = runs.flatMap((run) => run.operations);
  const estimated = all.filter((op) => !op.reported).length;
  const notes = [
    ...(quick
      ? [
          `Quick run: ${options.priorities.join(' / ')} priorities with ${count(options.updates)} update items in the table, instead of ${digestPlan.priorities.join(' / ')} with ${count(digestPlan.updatesInTable)}; the time goal keeps its ${digestTimePerPriority}× per priority (${digestTimeGoal(largestSize, smallest)}× at ${largestSize} against ${smallest}, as 110× at 700).`,
        ]
      : []),
    `Each size has a table of its own in the bench’s DynamoDB Local, seeded once, without a stream (no consumer sees the seeded items): a synthetic programme of N priorities (ids priority-001…, profiles cloned from the real catalogue’s text) loaded with seedProgramme (shared/services/seed.ts), a sponsor and a delivery lead per priority plus 2 board members (example.org), summaries as summarise would leave them, and ${count(options.updates)} update items spread evenly across the priorities with BatchWriteItem. Every priority last reported 45 days before the run, in an earlier period, so sponsors and leads get a reminder as well as a digest.`,
    `${plural(repetitions.length, 'repetition')}; each runs the digest on every table, smallest first in the odd ones and largest first in the even ones (each smallest table ${plural(options.smallestRuns, 'time')} in a row, its time in the repetition being their median), after ${plural(warmUpRuns, 'unmeasured warm-up run')} on the smallest and one on every other table (a period’s first digest also sends its escalations, once each). The last digest’s record is set back before every run, to one in which every priority had another status, so each run does the same work (the same calls, units and emails) and every digest says what changed for every priority (sponsors’ and delivery leads’ of a programme above ${wholePortfolioUpTo} priorities carry the most changed rows they can); what a run writes (delivery records, personal-link credentials) is in partitions the digest never reads. The time goal is judged on each repetition’s own ratio: all of them must be within it.`,
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
