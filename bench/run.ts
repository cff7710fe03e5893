/**
 * `npm run bench` (and `npm run bench -- --quick`): every performance figure of the product as a
 * ratio against a baseline measured in the same run, on an in-memory DynamoDB Local of its own.
 * Progress goes to stderr; the results table to stdout and to bench/results/latest.{json,md}.
 * The run bounds its own time: each phase has a share, and a watchdog ends the process if the
 * whole run overstays.
 */
import { spawnSync } from 'node:child_process';
import { cpus, totalmem } from 'node:os';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { localSettings } from '../infra/local/settings.ts';
import { catalogue } from '#shared/catalogue/index';
import { measureColdStart } from './cold-start.ts';
import { costModel } from './cost-model.ts';
import { measureCostPerUpdate, type CostResult } from './cost-per-update.ts';
import { measureDigest } from './digest.ts';
import { measureEventLag } from './event-lag.ts';
import { startBenchStack, type BenchStack } from './lib/fixture.ts';
import { Deadline, elapsedSeconds, progress } from './lib/progress.ts';
import { renderMarkdown, writeResults, type BenchResults, type SectionResult } from './lib/report.ts';
import { measureWritePath } from './write-path.ts';

const profiles = {
  quick: {
    budgetMs: 55_000,
    histories: [10, 1_000, 10_000],
    costSamples: 1,
    idempotencySamples: 1,
    lag: { samples: 15, warmup: 2, shareMs: 7_000 },
    write: { concurrencies: [1, 8], samples: 80, warmup: 15, block: 20, shareMs: 12_000 },
    cost: { shareMs: 10_000 },
    digest: { priorities: [7, 35, 70], updates: 1_000, shareMs: 18_000 },
    coldStart: { rounds: 3, shareMs: 12_000 },
  },
  full: {
    budgetMs: 15 * 60_000,
    histories: [10, 1_000, 100_000],
    costSamples: 5,
    idempotencySamples: 3,
    lag: { samples: 100, warmup: 5, shareMs: 120_000 },
    write: { concurrencies: [1, 8], samples: 600, warmup: 50, block: 50, shareMs: 240_000 },
    cost: { shareMs: 60_000 },
    digest: { priorities: [7, 70, 700], updates: 10_000, shareMs: 180_000 },
    coldStart: { rounds: 21, shareMs: 240_000 },
  },
} as const;

/** History of every priority that is not one of the cost sizes: enough to fill summaries and the portfolio. */
const otherHistory = 10;

const { values } = parseArgs({ options: { quick: { type: 'boolean', default: false } } });
const mode = values.quick ? 'quick' : 'full';
const profile = profiles[mode];
const deadline = Deadline.in(profile.budgetMs);
let stack: BenchStack | undefined;

// The watchdog: if a phase hangs, stop everything this run started and say so.
const watchdog = setTimeout(() => {
  progress(`over the ${profile.budgetMs / 1000} s budget by 30 s: stopping`);
  const stopped = stack?.stop() ?? Promise.resolve();
  void Promise.race([stopped, new Promise((r) => setTimeout(r, 5000))]).finally(() => process.exit(2));
}, profile.budgetMs + 30_000);
watchdog.unref();
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    progress(`${signal}: stopping`);
    void (stack?.stop() ?? Promise.resolve()).finally(() => process.exit(130));
  });
}

function machine(): Record<string, string | number> {
  const java = spawnSync('java', ['-version'], { encoding: 'utf8' });
  return {
    cpus: cpus().length,
    cpu: cpus()[0]?.model.trim() ?? 'unknown',
    memoryGb: Math.round(totalmem() / 2 ** 30),
    node: process.version,
    java: (java.stderr ?? '').split('\n')[0]?.trim() || 'unknown',
    platform: `${process.platform}-${process.arch}`,
  };
}

async function main(): Promise<void> {
  progress(`${mode} run, at most ${profile.budgetMs / 1000} s`);
  const priorityIds = catalogue(localSettings({}).PROGRAMME).priorities.map((priority) => priority.id);
  if (priorityIds.length < profile.histories.length + 2) throw new Error('The bench needs a programme with at least five priorities');
  // Separate priorities per measurement, so no measurement changes another's summary.
  const costPriorities = profile.histories.map((earlier, index) => ({ priorityId: priorityIds[index]!, earlier }));
  const writePriority = priorityIds[profile.histories.length]!;
  const lagPriority = priorityIds[profile.histories.length + 1]!;
  const histories = new Map(priorityIds.map((id) => [id, otherHistory]));
  for (const { priorityId, earlier } of costPriorities) histories.set(priorityId, earlier);

  const sections: Record<string, SectionResult> = {};
  let cost: CostResult;
  stack = await startBenchStack({ histories, deadline });
  try {
    // The write path runs last of the measurements on the stack's table: it leaves the pollers paused
    // with a backlog. The digest then uses tables of its own in the same DynamoDB Local and SES emulator.
    progress('cost per update');
    cost = await measureCostPerUpdate(stack, { histories: costPriorities, samples: profile.costSamples, idempotencySamples: profile.idempotencySamples, deadline: deadline.within(profile.cost.shareMs) });
    progress('event lag');
    sections['event lag'] = await measureEventLag(stack, lagPriority, { ...profile.lag, deadline: deadline.within(profile.lag.shareMs) });
    progress('write path');
    sections['write path'] = await measureWritePath(stack, writePriority, {
      ...profile.write,
      concurrencies: [...profile.write.concurrencies],
      deadline: deadline.within(profile.write.shareMs),
    });
    progress('digest');
    sections.digest = await measureDigest(stack, { ...profile.digest, priorities: [...profile.digest.priorities], deadline: deadline.within(profile.digest.shareMs) });
  } finally {
    progress('stopping the local stack and DynamoDB Local');
    await stack.stop();
    stack = undefined;
  }
  sections['cost per update'] = cost;
  // Fresh node processes are timed with DynamoDB Local stopped, so nothing else competes for the CPU.
  sections['cold start'] = await measureColdStart({ rounds: profile.coldStart.rounds, deadline: deadline.within(profile.coldStart.shareMs) });
  sections['cost model'] = costModel(cost.perUpdate);

  const order = ['write path', 'event lag', 'cost per update', 'digest', 'cold start', 'cost model'];
  const results: BenchResults = {
    generatedAt: new Date().toISOString(),
    mode,
    durationSeconds: Math.round(elapsedSeconds() * 10) / 10,
    machine: machine(),
    rows: order.flatMap((name) => sections[name]?.rows ?? []),
    notes: Object.fromEntries(order.map((name) => [name, sections[name]?.notes ?? []])),
    tables: order.flatMap((name) => sections[name]?.tables ?? []),
    details: Object.fromEntries(order.map((name) => [name, sections[name]?.details])),
  };
  if (mode === 'quick') {
    results.notes['cost per update'] = [`Quick run: histories of ${profile.histories.map((n) => n.toLocaleString('en-GB')).join(' / ')} earlier updates instead of 10 / 1,000 / 100,000, and fewer samples everywhere.`, ...(results.notes['cost per update'] ?? [])];
  }
  const files = writeResults(resolve(import.meta.dirname, 'results'), results);
  process.stdout.write(renderMarkdown(results));
  const goals = results.rows.filter((row) => row.met !== undefined && row.met !== null);
  progress(`done in ${elapsedSeconds().toFixed(1)} s: ${goals.filter((row) => row.met).length} of ${goals.length} goals met; wrote ${files.json} and ${files.markdown}`);
}

main().then(
  () => process.exit(0),
  async (error: unknown) => {
    progress(`failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    await stack?.stop().catch(() => undefined);
    process.exit(1);
  },
);
