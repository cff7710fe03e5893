/**
 * `npm run bench` (and `npm run bench -- --quick`): every performance figure of the product as a
 * ratio against a baseline measured in the same run, on an in-memory DynamoDB Local of its own.
 * `--only digest` (repeatable) runs only the sections named, with the profile's shares for them.
 * Progress goes to stderr; the results table to stdout and to bench/artifacts/latest.{json,md}
 * (ignored by git; `npm run bench:publish` copies a full run's to the committed bench/results/).
 * The run bounds its own time: each phase has a share, and a watchdog ends the process if the
 * whole run overstays.
 */
import { spawnSync } from 'node:child_process';
import { cpus, totalmem } from 'node:os';
import { parseArgs } from 'node:util';
import { catalogue } from '#shared/catalogue/index';
import { localSettings } from '../infra/local/settings.ts';
import { type BuiltArtifacts, buildAllArtifacts } from './cold-start/artifacts.ts';
import { measureColdStart } from './cold-start/measure.ts';
import { costModel } from './cost-model.ts';
import { type CostResult, measureCostPerUpdate, warmUp } from './cost-per-update.ts';
import { measureDigest } from './digest/measure.ts';
import { measureEventLag } from './event-lag.ts';
import { type BenchStack, startBenchStack } from './lib/fixture.ts';
import { Deadline, elapsedSeconds, progress } from './lib/progress.ts';
import { type BenchResults, renderMarkdown, runDir, type SectionResult, writeResults } from './lib/report.ts';
import { measureWritePath } from './write-path.ts';

const profiles = {
  quick: {
    budgetMs: 55_000,
    histories: [10, 1_000, 3_000],
    cost: { repetitions: 3, idempotencyRepetitions: 0, commitmentRepetitions: 1, shareMs: 12_000 },
    lag: { samples: 9, warmup: 1, repetitions: 3, shareMs: 5_000 },
    coldStart: {
      functions: ['health', 'record-update', 'get-priority', 'summarise', 'notify'],
      repetitions: 3,
      processes: 1,
      warmup: false,
      sourceMapOptions: ['record-update', 'get-priority'],
      probes: false,
      cdkCheck: [],
      shareMs: 16_000,
    },
    write: { concurrencies: [1, 8], repetitions: 3, samples: 30, warmup: 10, block: 10, shareMs: 5_000 },
    digest: { priorities: [7, 35], updates: 1_000, repetitions: 3, smallestRuns: 3, shareMs: 15_000 },
  },
  full: {
    budgetMs: 20 * 60_000,
    histories: [10, 1_000, 100_000],
    cost: { repetitions: 5, idempotencyRepetitions: 3, commitmentRepetitions: 3, shareMs: 60_000 },
    lag: { samples: 99, warmup: 5, repetitions: 3, shareMs: 90_000 },
    coldStart: { functions: 'all', repetitions: 3, processes: 3, warmup: true, sourceMapOptions: 'all', probes: true, cdkCheck: 'all', shareMs: 420_000 },
    write: { concurrencies: [1, 8], repetitions: 3, samples: 200, warmup: 50, block: 50, shareMs: 150_000 },
    digest: { priorities: [7, 70, 700], updates: 10_000, repetitions: 3, smallestRuns: 5, shareMs: 300_000 },
  },
} as const;

type SectionName = 'cost' | 'lag' | 'coldStart' | 'write' | 'digest';
/** Each section by its name on the command line (`--only`), in the order the run takes them. */
const sectionNames: Record<string, SectionName> = { cost: 'cost', lag: 'lag', 'cold-start': 'coldStart', write: 'write', digest: 'digest' };

/**
 * A section's time: its share of the profile, or, when the run is behind, its part of what is left
 * in proportion to its share, so a slow start shortens every section instead of starving the last.
 */
function shareOf(name: SectionName): Deadline {
  const later = sectionOrder.slice(sectionOrder.indexOf(name));
  const weights = later.reduce((sum, section) => sum + profile[section].shareMs, 0);
  return deadline.within(Math.min(profile[name].shareMs, (deadline.leftMs * profile[name].shareMs) / weights));
}

/** History of every priority that is not one of the cost sizes: enough to fill its summary. */
const otherHistory = 10;

const { values } = parseArgs({ options: { quick: { type: 'boolean', default: false }, only: { type: 'string', multiple: true } } });
const mode = values.quick ? 'quick' : 'full';
const profile = profiles[mode];
const unknownSections = (values.only ?? []).filter((name) => !(name in sectionNames));
if (unknownSections.length > 0) throw new Error(`--only takes ${Object.keys(sectionNames).join(', ')}; not ${unknownSections.join(', ')}`);
/** The sections this run measures, in order: every one, or those named by `--only`. */
const sectionOrder = Object.entries(sectionNames).flatMap(([cli, name]) => (!values.only || values.only.includes(cli) ? [name] : []));
const runs = (name: SectionName) => sectionOrder.includes(name);
const deadline = Deadline.in(profile.budgetMs);
let stack: BenchStack | undefined;
/** Removes the built artifacts (a temporary folder) when the run ends early. */
let removeArtifacts: () => void = () => undefined;

// The watchdog: if a phase hangs, stop everything this run started and say so.
const watchdog = setTimeout(() => {
  progress(`over the ${profile.budgetMs / 1000} s budget by 30 s: stopping`);
  removeArtifacts();
  const stopped = stack?.stop() ?? Promise.resolve();
  void Promise.race([stopped, new Promise((r) => setTimeout(r, 5000))]).finally(() => process.exit(2));
}, profile.budgetMs + 30_000);
watchdog.unref();
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    progress(`${signal}: stopping`);
    removeArtifacts();
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
  progress(
    `${mode} run of ${sectionOrder.length < Object.keys(sectionNames).length ? `only ${values.only!.join(', ')}` : 'every section'}, at most ${profile.budgetMs / 1000} s`,
  );
  const priorityIds = catalogue(localSettings({}).PROGRAMME).priorities.map((priority) => priority.id);
  if (priorityIds.length < profile.histories.length + 2) throw new Error('The bench needs a programme with at least five priorities');
  // Separate priorities per measurement, so no measurement changes another's summary.
  const costPriorities = profile.histories.map((earlier, index) => ({ priorityId: priorityIds[index]!, earlier }));
  const writePriority = priorityIds[profile.histories.length]!;
  const lagPriority = priorityIds[profile.histories.length + 1]!;
  // Pages and reads in the cold requests: a priority no other measurement touches, with the ordinary history.
  const readPriority = priorityIds[profile.histories.length + 2] ?? lagPriority;
  const histories = new Map(priorityIds.map((id) => [id, otherHistory]));
  if (runs('cost')) for (const { priorityId, earlier } of costPriorities) histories.set(priorityId, earlier);

  const sections: Record<string, SectionResult> = {};
  let cost: CostResult | undefined;
  let building: Promise<BuiltArtifacts> | undefined;
  let built: BuiltArtifacts | undefined;
  // The artifacts are built while DynamoDB Local is seeded (esbuild runs in a process of its own; Java's start
  // is left alone, as it slows badly when they share the machine), and awaited before anything is timed.
  const build = () => {
    progress('building every function’s artifact and the baseline’s (esbuild), while seeding');
    building = buildAllArtifacts(profile.coldStart.sourceMapOptions);
    building.then(
      (late) => (removeArtifacts = late.remove),
      () => undefined,
    );
  };
  try {
    stack = await startBenchStack({ histories, deadline, ...(runs('coldStart') ? { onDynamoDbStarted: build } : {}) });
  } catch (error) {
    void building?.then(
      (late) => late.remove(),
      () => undefined,
    );
    throw error;
  }
  try {
    // While the build finishes: one unmeasured update loads the handlers of the flow (nothing is timed yet).
    progress('one unmeasured update (loads the handlers) while the build finishes');
    [built] = await Promise.all([
      runs('coldStart') ? (building ?? buildAllArtifacts(profile.coldStart.sourceMapOptions)) : undefined,
      warmUp(stack, costPriorities[0]!.priorityId),
    ]);
    if (built) progress(`artifacts built in ${(built.buildMs / 1000).toFixed(1)} s`);
    // The stream-driven measurements first; the cold requests and the write path pause the pollers and
    // leave a backlog. The digest then uses tables of its own in the same DynamoDB Local and SES emulator.
    if (runs('cost')) {
      progress('cost per update');
      cost = await measureCostPerUpdate(stack, {
        histories: costPriorities,
        repetitions: profile.cost.repetitions,
        idempotencyRepetitions: profile.cost.idempotencyRepetitions,
        commitmentRepetitions: profile.cost.commitmentRepetitions,
        warmedUp: true,
        deadline: shareOf('cost'),
      });
    }
    if (runs('lag')) {
      progress('event lag');
      sections['event lag'] = await measureEventLag(stack, lagPriority, { ...profile.lag, deadline: shareOf('lag') });
    }
    if (built) {
      progress('cold start');
      const { shareMs: _share, ...cold } = profile.coldStart;
      sections['cold start'] = await measureColdStart(stack, built, {
        ...cold,
        priorities: { read: readPriority, write: writePriority, stream: lagPriority },
        deadline: shareOf('coldStart'),
      });
    }
    if (runs('write')) {
      progress('write path');
      sections['write path'] = await measureWritePath(stack, writePriority, {
        ...profile.write,
        concurrencies: [...profile.write.concurrencies],
        deadline: shareOf('write'),
      });
    }
    if (runs('digest')) {
      progress('digest');
      sections.digest = await measureDigest(stack, { ...profile.digest, priorities: [...profile.digest.priorities], deadline: shareOf('digest') });
    }
  } finally {
    progress('stopping the local stack and DynamoDB Local');
    await stack.stop();
    stack = undefined;
    built?.remove();
    if (!built)
      void building?.then(
        (late) => late.remove(),
        () => undefined,
      );
  }
  if (cost) {
    sections['cost per update'] = cost;
    sections['cost model'] = costModel(cost.perUpdate);
  }

  const order = ['cold start', 'write path', 'cost per update', 'digest', 'event lag', 'cost model'];
  const results: BenchResults = {
    generatedAt: new Date().toISOString(),
    mode,
    ...(values.only ? { only: values.only } : {}),
    durationSeconds: Math.round(elapsedSeconds() * 10) / 10,
    machine: machine(),
    rows: order.flatMap((name) => sections[name]?.rows ?? []),
    notes: Object.fromEntries(order.map((name) => [name, sections[name]?.notes ?? []])),
    tables: order.flatMap((name) => sections[name]?.tables ?? []),
    details: Object.fromEntries(order.map((name) => [name, sections[name]?.details])),
  };
  if (mode === 'quick' && cost) {
    results.notes['cost per update'] = [
      `Quick run: histories of ${profile.histories.map((n) => n.toLocaleString('en-GB')).join(' / ')} earlier updates instead of 10 / 1,000 / 100,000, and fewer samples everywhere.`,
      ...(results.notes['cost per update'] ?? []),
    ];
  }

  const files = writeResults(runDir, results);
  process.stdout.write(renderMarkdown(results));
  const goals = results.rows.filter((row) => row.met !== undefined && row.met !== null);
  progress(
    `done in ${elapsedSeconds().toFixed(1)} s: ${goals.filter((row) => row.met).length} of ${goals.length} goals met; wrote ${files.json} and ${files.markdown}`,
  );
}

main().then(
  () => process.exit(0),
  async (error: unknown) => {
    progress(`failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    await stack?.stop().catch(() => undefined);
    process.exit(1);
  },
);
