/**
 * Cost per update: the DynamoDB capacity of the whole flow for one new update (the write path,
 * then every stream consumer in turn), on priorities with different lengths of history. A meter
 * on the shared client (shared/data/client.ts) records every call the handlers and Powertools
 * make. Each update runs alone and one function at a time: all pollers are paused during the
 * POST, then each consumer's poller runs by itself until the client has been quiet for longer
 * than a poll interval, so every call is attributed to the function that made it.
 */
import { randomUUID } from 'node:crypto';
import { dynamoDb } from '#shared/data/client';
import { newTrackedAsk } from '#shared/domain/ask';
import { newMeasure } from '#shared/domain/measure';
import { newMilestone } from '#shared/domain/milestone';
import { CapacityMeter, type MeteredOperation } from './lib/capacity.ts';
import { type BenchStack, benchCommitments, commitmentsBody, postUpdate, summaryShows } from './lib/fixture.ts';
import { type Deadline, progress, until } from './lib/progress.ts';
import { judged, plural, type Row, type SectionResult, spreadOf, type Table } from './lib/report.ts';
import { median, pairedRatios, repeated, round } from './lib/stats.ts';

/** Goals for one update with four recipients: at most this many write and read units, the same at every length of history. */
const costGoal = { writeUnits: 6, readUnits: 3, recipients: 4 } as const;

export interface CostOptions {
  /** Priorities and how many updates each already has (seeded by the fixture). */
  histories: { priorityId: string; earlier: number }[];
  /** Repetitions: each runs one flow on every history, in a rotating order. */
  repetitions: number;
  /** Flows with an Idempotency-Key (on the shortest history), one per repetition up to this many. */
  idempotencyRepetitions: number;
  /** Flows of an update that changes one ask, one milestone and two measures (on the shortest history), one per repetition up to this many. */
  commitmentRepetitions: number;
  /** True when warmUp has loaded the handlers already. */
  warmedUp?: boolean;
  deadline: Deadline;
}

const writePathFunction = 'record-update';

interface FlowSample {
  operations: MeteredOperation[];
  /** Per function: its local duration (the POST round trip for record-update; first to last call for a consumer) and whether it ran. */
  functions: Record<string, { ms: number; invoked: boolean }>;
  emails: number;
}

interface UnitsPerUpdate {
  writeUnits: number;
  readUnits: number;
}

export type PerUpdate = UnitsPerUpdate & { emails: number; functions: { name: string; invocations: number; ms: number }[] };

export interface CostResult extends SectionResult {
  /** Measured figures for the cost model: the plain JSON flow on the smallest history. */
  perUpdate: PerUpdate & {
    /** The same, for each repetition's flow on the smallest history. */
    repetitions: PerUpdate[];
  };
}

const flowTimeoutMs = 10_000;

type Variant = 'plain' | 'idempotency key' | 'commitments';

/** One ask, one milestone and two measures for the priority, so an update can report a change to each; none is replaced. */
async function defineCommitments(stack: BenchStack, priorityId: string): Promise<void> {
  const { commitments } = stack.observer;
  await commitments.track(newTrackedAsk(priorityId, { id: benchCommitments.askId, title: 'Bench ask of government', amountGbp: 1_000_000 }));
  const { milestones, measures } = await commitments.list(priorityId, true);
  const change = { priorityId, at: new Date().toISOString(), changeId: 'bench', by: { role: 'operator' as const } };
  if (!milestones.some(({ value }) => value.milestoneId === benchCommitments.milestoneId)) {
    const state = newMilestone(priorityId, benchCommitments.milestoneId, { title: 'Bench milestone', baseline: '2021-06-30' });
    await commitments.commit({ ...change, kind: 'MILESTONE', id: benchCommitments.milestoneId, state }, 0);
  }
  for (const measureId of benchCommitments.measureIds) {
    if (measures.some(({ value }) => value.measureId === measureId)) continue;
    const state = newMeasure(priorityId, measureId, {
      name: measureId,
      unit: 'count',
      better: 'higher',
      baseline: { value: 0, date: '2021-01-01' },
      target: { value: 100, date: '2022-03-31' },
    });
    await commitments.commit({ ...change, kind: 'MEASURE', id: measureId, state }, 0);
  }
}

async function runFlow(
  stack: BenchStack,
  meter: CapacityMeter,
  priorityId: string,
  token: string,
  headers: Record<string, string>,
  body?: string,
): Promise<FlowSample> {
  await stack.pausePollers();
  meter.take();
  const emailsBefore = await stack.emailsSent();
  const functions: FlowSample['functions'] = {};

  meter.record(writePathFunction);
  const started = performance.now();
  const posted = await postUpdate(stack.apiUrl, priorityId, token, headers, body);
  functions[writePathFunction] = { ms: performance.now() - started, invoked: true };
  if (!posted.id) throw new Error(`The post was not accepted: ${posted.status} ${posted.body.slice(0, 300)}`);

  // One consumer at a time, in function-list order (summarise writes what notify reads).
  const quietMs = stack.pollIntervalMs + 250;
  for (const consumer of stack.consumers) {
    meter.record(consumer);
    const resumedAt = performance.now();
    meter.lastActivityAt = resumedAt;
    stack.resumePollers([consumer]);
    const quiet = await until(async () => (performance.now() - meter.lastActivityAt >= quietMs ? true : undefined), {
      timeoutMs: flowTimeoutMs,
      intervalMs: 20,
    });
    await stack.pausePollers([consumer]);
    if (!quiet) throw new Error(`${consumer} was still busy ${flowTimeoutMs} ms after update ${posted.id}`);
  }
  meter.pause();
  if (!(await summaryShows(stack, priorityId, posted.id)())) throw new Error(`Update ${posted.id} did not reach the summary`);

  const operations = meter.take();
  for (const consumer of stack.consumers) {
    const own = operations.filter((op) => op.phase === consumer);
    functions[consumer] =
      own.length > 0 ? { ms: Math.max(...own.map((op) => op.endedAt)) - Math.min(...own.map((op) => op.startedAt)), invoked: true } : { ms: 0, invoked: false };
  }
  return { operations, functions, emails: (await stack.emailsSent()) - emailsBefore };
}

/**
 * One unmeasured update through the running stack, so the handlers of the flow are loaded (a cold
 * start is not part of an update's cost). It times nothing, so it may share the machine with other
 * unmeasured work, such as building the artifacts.
 */
export async function warmUp(stack: BenchStack, priorityId: string): Promise<void> {
  const posted = await postUpdate(stack.apiUrl, priorityId, await stack.token(priorityId));
  if (!posted.id) throw new Error(`The warm-up post was not accepted: ${posted.status} ${posted.body.slice(0, 300)}`);
  const reached = await until(async () => ((await summaryShows(stack, priorityId, posted.id!)()) ? true : undefined), { timeoutMs: 60_000, intervalMs: 50 });
  if (!reached) throw new Error(`The warm-up update ${posted.id} did not reach the summary within 60 s`);
  // notify runs after summarise: give it the time a flow gives each consumer to finish.
  await new Promise((resolveWait) => setTimeout(resolveWait, 2 * stack.pollIntervalMs + 250));
}

function totals(operations: MeteredOperation[]): UnitsPerUpdate {
  return {
    writeUnits: operations.reduce((sum, op) => sum + op.writeUnits, 0),
    readUnits: operations.reduce((sum, op) => sum + op.readUnits, 0),
  };
}

const mean = (values: number[]) => values.reduce((sum, v) => sum + v, 0) / values.length;

/** One line per distinct call of the flow, with its mean units per update. */
interface CallCost {
  key: string;
  phase: string;
  call: string;
  item: string;
  itemBytes: number | undefined;
  writeUnits: number;
  readUnits: number;
}

function breakdown(samples: FlowSample[]): CallCost[] {
  const calls = new Map<string, { phase: string; call: string; item: string; bytes: number[]; write: number; read: number; count: number }>();
  for (const sample of samples) {
    for (const op of sample.operations) {
      const call = `${op.operation}${op.operation === 'GetItem' || op.operation === 'Query' ? (op.consistentRead ? ' (consistent)' : ' (eventual)') : ''}${op.failed ? ' (failed)' : ''}`;
      const key = `${op.phase}|${call}|${op.target}`;
      const entry = calls.get(key) ?? { phase: op.phase, call, item: op.target, bytes: [], write: 0, read: 0, count: 0 };
      if (op.itemBytes !== undefined) entry.bytes.push(op.itemBytes);
      entry.write += op.writeUnits;
      entry.read += op.readUnits;
      entry.count += 1;
      calls.set(key, entry);
    }
  }
  return [...calls.entries()].map(([key, entry]) => ({
    key,
    phase: entry.phase,
    call: entry.count > samples.length ? `${entry.call} ×${round(entry.count / samples.length, 1)}` : entry.call,
    item: entry.item,
    itemBytes: entry.bytes.length > 0 ? Math.round(mean(entry.bytes)) : undefined,
    writeUnits: entry.write / samples.length,
    readUnits: entry.read / samples.length,
  }));
}

function units(cost: CallCost | undefined): string {
  if (!cost) return '—';
  const parts = [];
  if (cost.writeUnits > 0 || Number.isNaN(cost.writeUnits)) parts.push(`${round(cost.writeUnits, 2)} WCU`);
  if (cost.readUnits > 0 || Number.isNaN(cost.readUnits)) parts.push(`${round(cost.readUnits, 2)} RCU`);
  return parts.join(' + ') || '0';
}

export async function measureCostPerUpdate(stack: BenchStack, options: CostOptions): Promise<CostResult> {
  const meter = new CapacityMeter();
  meter.install(dynamoDb);
  const measured: { earlier: number; priorityId: string; samples: FlowSample[]; variant: Variant }[] = [];
  try {
    const tokens = new Map<string, string>();
    for (const { priorityId } of options.histories) tokens.set(priorityId, await stack.token(priorityId));
    // One unmeasured flow first, unless warmUp has run: loading the handlers is a cold start, not part of an update's cost.
    const first = options.histories[0]!;
    if (!options.warmedUp) {
      progress('cost per update: one unmeasured update first (loads the handlers)');
      await runFlow(stack, meter, first.priorityId, tokens.get(first.priorityId)!, {});
    }

    if (options.commitmentRepetitions > 0) await defineCommitments(stack, first.priorityId);
    const plan = [
      ...options.histories.map((history) => ({ ...history, variant: 'plain' as const })),
      { ...first, variant: 'idempotency key' as const },
      { ...first, variant: 'commitments' as const },
    ];
    for (const step of plan) measured.push({ ...step, samples: [] });
    const keyed = measured.at(-2)!;
    const committing = measured.at(-1)!;
    // At least one repetition, however late: the cost model is priced from it.
    for (let repetition = 0; repetition < options.repetitions && (repetition === 0 || !options.deadline.passed); repetition += 1) {
      // Rotate the order, so no history is always measured first.
      const order = measured.slice(0, options.histories.length);
      const rotated = [...order.slice(repetition % order.length), ...order.slice(0, repetition % order.length)];
      if (repetition < options.idempotencyRepetitions) rotated.push(keyed);
      if (repetition < options.commitmentRepetitions) rotated.push(committing);
      for (const step of rotated) {
        const headers: Record<string, string> = step.variant === 'idempotency key' ? { 'idempotency-key': `bench-${randomUUID()}` } : {};
        const body = step.variant === 'commitments' ? commitmentsBody(repetition) : undefined;
        step.samples.push(await runFlow(stack, meter, step.priorityId, tokens.get(step.priorityId)!, headers, body));
      }
      progress(`cost per update: repetition ${repetition + 1} of ${options.repetitions} measured (${rotated.length} flows)`);
    }
    measured.splice(0, measured.length, ...measured.filter((step) => step.samples.length > 0));
  } finally {
    meter.pause();
    meter.uninstall();
    stack.resumePollers();
  }

  const plain = measured.filter((m) => m.variant === 'plain');
  const smallest = plain[0];
  if (!smallest) throw new Error('No update flow could be measured within the time allowed');
  const baseEach = smallest.samples.map((s) => totals(s.operations));
  const base = { writeUnits: mean(baseEach.map((t) => t.writeUnits)), readUnits: mean(baseEach.map((t) => t.readUnits)) };

  const section = `Cost per update with ${costGoal.recipients} recipients: DynamoDB capacity of the whole flow (write path + stream consumers)`;
  const rows: Row[] = [];
  const perSize: { earlier: number; variant: string; writeUnits: number; readUnits: number; spread: UnitsPerUpdate; emails: number; samples: number }[] = [];
  const baseWrites = baseEach.map((t) => t.writeUnits);
  const baseReads = baseEach.map((t) => t.readUnits);
  for (const { earlier, samples, variant } of measured) {
    const each = samples.map((s) => totals(s.operations));
    const writes = each.map((t) => t.writeUnits);
    const reads = each.map((t) => t.readUnits);
    const w = mean(writes);
    const r = mean(reads);
    const spread = {
      writeUnits: Math.max(...writes) - Math.min(...writes),
      readUnits: Math.max(...reads) - Math.min(...reads),
    };
    const emails = samples.map((sample) => sample.emails);
    perSize.push({ earlier, variant, writeUnits: w, readUnits: r, spread, emails: mean(emails), samples: samples.length });
    const label =
      variant === 'plain'
        ? `${earlier.toLocaleString('en-GB')} earlier updates`
        : variant === 'idempotency key'
          ? `with Idempotency-Key, ${earlier.toLocaleString('en-GB')} earlier`
          : `changing 1 ask, 1 milestone and 2 measures, ${earlier.toLocaleString('en-GB')} earlier`;
    const same = (values: number[], against: number[]) => values.every((value, index) => Math.abs(value - (against[index] ?? Number.NaN)) < 1e-9);
    // Met: enough repetitions, every one within the limit, four emails each, and (plain) each the same as the shortest history's in its repetition.
    const judge = (values: number[], against: number[], limit: number) =>
      judged(
        values.length,
        values.every((value) => value <= limit) && emails.every((n) => n === costGoal.recipients) && (variant !== 'plain' || same(values, against)),
        true,
      );
    for (const [kind, unit, values, baseValues, limit] of [
      ['write', 'WCU', writes, baseWrites, costGoal.writeUnits],
      ['read', 'RCU', reads, baseReads, costGoal.readUnits],
    ] as const) {
      const ratios = repeated(pairedRatios(values, baseValues));
      rows.push({
        section,
        figure: `${kind} units, ${label} (${plural(samples.length, 'repetition')})`,
        value: round(repeated(values).median, 2),
        unit,
        baseline: round(repeated(baseValues).median, 2),
        baselineLabel: `${smallest.earlier} earlier`,
        ratio: round(ratios.median, 2),
        spread: spreadOf(ratios),
        // An update that changes commitments does more work by design: its cost is reported, with no goal.
        goal: variant === 'plain' ? `≤ ${limit}, same at every size` : variant === 'idempotency key' ? `≤ ${limit}` : 'reported',
        met: variant === 'commitments' ? null : judge(values, baseValues, limit),
      });
    }
  }

  // The call-by-call breakdown: one column per history size, and the idempotency variant.
  const columns = measured.map((m) => ({
    title:
      m.variant === 'plain'
        ? `@ ${m.earlier.toLocaleString('en-GB')} earlier`
        : m.variant === 'idempotency key'
          ? 'with Idempotency-Key'
          : 'changing commitments',
    calls: breakdown(m.samples),
  }));
  const lines: CallCost[] = [];
  for (const column of columns) for (const call of column.calls) if (!lines.some((line) => line.key === call.key)) lines.push(call);
  const phaseOrder = [writePathFunction, ...stack.consumers];
  lines.sort((a, b) => phaseOrder.indexOf(a.phase) - phaseOrder.indexOf(b.phase));
  const table: Table = {
    title: 'Cost per update, call by call (mean units per update; item size by DynamoDB’s rules)',
    header: ['function', 'call', 'item', 'item size', ...columns.map((c) => c.title)],
    rows: [
      ...lines.map((call) => [
        call.phase,
        call.call,
        call.item,
        call.itemBytes === undefined ? '—' : `${call.itemBytes.toLocaleString('en-GB')} B`,
        ...columns.map((column) => units(column.calls.find((c) => c.key === call.key))),
      ]),
      ['**total**', '', '', '', ...measured.map((m) => units({ key: '', phase: '', call: '', item: '', itemBytes: undefined, ...totalsPerUpdate(m.samples) }))],
    ],
  };

  const all = measured.flatMap((m) => m.samples.flatMap((s) => s.operations));
  const estimated = all.filter((op) => !op.reported).length;
  const notes = [
    estimated === 0
      ? `DynamoDB Local returned ConsumedCapacity for all ${all.length} metered calls, and the figures are its numbers. They follow DynamoDB's rules: a write costs 1 unit per KB of the larger of the old and new item, a read 1 unit per 4 KB, and an eventually consistent read half that.`
      : `${estimated} of ${all.length} calls came back without ConsumedCapacity; their units are estimated from item sizes by DynamoDB's rules.`,
    `History: ${options.histories.map((h) => h.earlier.toLocaleString('en-GB')).join(' / ')} earlier updates, seeded with BatchWriteItem while the table's stream was off, with each summary written as summarise would have left it. The stream carries only the measured updates.`,
    `Stream consumers measured: ${stack.consumers.join(', ')}. Their GetRecords calls are not counted: DynamoDB Streams reads by a Lambda event source mapping are free and do not use the table's capacity.`,
    `Emails sent per update: ${round(perSize[0]?.emails ?? 0, 2)} (to the example people that the local stack seeds: the priority's sponsor and delivery lead, and the two board members, as the sample update has a barrier for the board). A flow with another number of emails does not count towards the goal.`,
    `${options.repetitions} repetitions, each one flow per history in a rotating order${options.idempotencyRepetitions > 0 ? `, plus one keyed flow in each of the first ${options.idempotencyRepetitions}` : ''}${options.commitmentRepetitions > 0 ? `, plus one flow changing commitments in each of the first ${options.commitmentRepetitions}` : ''}. Units are exact, so they repeat unless the flow itself changes; the spread shows it when they do.`,
    'The flow changing commitments posts the sample update reporting one ask of government (a new status), one milestone (a new forecast) and two measures (new values) of its priority: the write path reads the priority’s commitments once, and the commitments consumer writes each changed item with its history entry in one transaction.',
  ];
  const spreads = perSize.filter((s) => s.spread.writeUnits > 0 || s.spread.readUnits > 0);
  if (spreads.length > 0) notes.push(`Units varied between flows for: ${spreads.map((s) => `${s.variant} @ ${s.earlier}`).join(', ')} (see latest.json).`);

  const durations = (name: string) => median(smallest.samples.map((s) => s.functions[name]?.ms ?? 0));
  const invocations = (name: string) => mean(smallest.samples.map((s) => (s.functions[name]?.invoked ? 1 : 0)));
  return {
    rows,
    notes,
    tables: [table],
    perUpdate: {
      ...base,
      emails: mean(smallest.samples.map((s) => s.emails)),
      functions: phaseOrder.map((name) => ({ name, invocations: invocations(name), ms: durations(name) })),
      repetitions: smallest.samples.map((sample) => ({
        ...totals(sample.operations),
        emails: sample.emails,
        functions: phaseOrder.map((name) => ({ name, invocations: sample.functions[name]?.invoked ? 1 : 0, ms: sample.functions[name]?.ms ?? 0 })),
      })),
    },
    details: {
      perSize,
      breakdown: columns.map((c) => ({ column: c.title, calls: c.calls })),
      durationsMs: measured.map((m) => ({
        variant: m.variant,
        earlier: m.earlier,
        functions: Object.fromEntries(phaseOrder.map((name) => [name, m.samples.map((s) => round(s.functions[name]?.ms ?? 0, 1))])),
      })),
    },
  };
}

function totalsPerUpdate(samples: FlowSample[]): UnitsPerUpdate {
  const each = samples.map((s) => totals(s.operations));
  return { writeUnits: mean(each.map((t) => t.writeUnits)), readUnits: mean(each.map((t) => t.readUnits)) };
}
