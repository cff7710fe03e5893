/**
 * Cold requests and deployed size, measured: every function's artifact (artifacts.ts) next to
 * the baseline's, each timed as a fresh process (process.ts) with a realistic event for that
 * function (events.ts). Load (the import) and first request (the handler call) are timed
 * separately inside the process.
 *
 * Each repetition visits every artifact in a new random order; ratios are taken within a
 * repetition (the function's median process against the baseline's), and reported
 * (report.ts) as the median over repetitions with their spread. Processes that time the load
 * alone (import only) of each function under each source-map option, and of the libraries'
 * floor probe, are interleaved with the others.
 */
import { functions } from '../../functions/index.ts';
import { type CdkComparison, checkAgainstCdk } from '../lib/artifacts.ts';
import type { BenchStack } from '../lib/fixture.ts';
import { type Deadline, progress } from '../lib/progress.ts';
import type { SectionResult } from '../lib/report.ts';
import { median, round } from '../lib/stats.ts';
import { type BuiltArtifacts, baselineName, floorProbe, pageFloorProbe, probes, type SourceMapOption, sourceMapOptions } from './artifacts.ts';
import { type Fixtures, prepareFixtures } from './events.ts';
import { coldProcess, type Endpoints, environmentOf, type ProcessSample, runtimeWith, startLambdaStandIn, startTraceSink } from './process.ts';
import { type PerRepetition, reportColdStart } from './report.ts';

export interface ColdStartOptions {
  /** Functions to time (the baseline always is); 'all' for every one. Every function's size is reported either way. */
  functions: 'all' | readonly string[];
  /** Repetitions; each visits every artifact `processes` times (its load under each source-map option once). */
  repetitions: number;
  processes: number;
  /** One untimed process per artifact first. */
  warmup: boolean;
  /** Functions whose load is also timed under each source-map option; 'all' for every one. */
  sourceMapOptions: 'all' | readonly string[];
  /** Whether to time every library probe's load (the libraries' floor probe always is; sizes are reported either way). */
  probes: boolean;
  /** Functions to build with the CDK too and compare with the bench's artifacts; 'all' for every one. */
  cdkCheck: 'all' | readonly string[];
  priorities: { read: string; write: string; stream: string };
  deadline: Deadline;
}

interface Job {
  name: string;
  variant: 'cold request' | 'option load' | 'probe load';
  option?: SourceMapOption;
}

function shuffled<T>(items: readonly T[]): T[] {
  const copy = [...items];
  for (let index = copy.length - 1; index > 0; index -= 1) {
    const other = Math.floor(Math.random() * (index + 1));
    [copy[index], copy[other]] = [copy[other]!, copy[index]!];
  }
  return copy;
}

export async function measureColdStart(stack: BenchStack, built: BuiltArtifacts, options: ColdStartOptions): Promise<SectionResult> {
  const names = [baselineName, pageFloorProbe, ...Object.keys(functions).filter((name) => options.functions === 'all' || options.functions.includes(name))];
  const { artifacts } = built;
  const optionNames = names.filter((name) => name in functions && (options.sourceMapOptions === 'all' || options.sourceMapOptions.includes(name)));
  const optionKeys = Object.keys(sourceMapOptions) as SourceMapOption[];
  const timedProbes = options.probes ? Object.keys(probes) : [floorProbe];
  const lambda = await startLambdaStandIn();
  const traces = await startTraceSink();
  const endpoints: Endpoints = {
    dynamoDb: stack.endpoint,
    ses: stack.stack.sesEndpoint,
    lambda: lambda.endpoint,
    traceDaemon: traces.address,
    tableName: stack.tableName,
    apiUrl: stack.apiUrl,
  };
  const repetitions: PerRepetition[] = [];
  const failures: string[] = [];
  const failed = new Map<string, number>();
  const samples = new Map<string, ProcessSample[]>();
  let fixtures: Fixtures | undefined;
  try {
    await stack.pausePollers();
    const perArtifact = (options.warmup ? 1 : 0) + options.repetitions * options.processes;
    progress(`cold start: preparing ${perArtifact} events for each function`);
    fixtures = await prepareFixtures(stack, {
      readPriority: options.priorities.read,
      writePriority: options.priorities.write,
      streamPriority: options.priorities.stream,
      count: perArtifact,
    });
    const taken = new Map<string, number>();
    const nextEvent = (name: string) => {
      const index = taken.get(name) ?? 0;
      taken.set(name, index + 1);
      return fixtures!.events.get(name)![index];
    };
    const runJob = async (job: Job): Promise<ProcessSample> => {
      const option = job.option ? sourceMapOptions[job.option] : undefined;
      const artifact = (job.option ? built.options[job.option] : artifacts).get(job.name)!;
      const cold = job.variant === 'cold request';
      const environment = environmentOf(job.name, artifact, endpoints, ...(option ? [runtimeWith(option.nodeOptions)] : []));
      const sample = await coldProcess(artifact, cold ? nextEvent(job.name) : null, environment, !cold);
      if (cold) {
        const problem = sample.error ?? fixtures!.expect.get(job.name)!(sample.result === undefined ? undefined : JSON.parse(sample.result));
        if (problem) {
          failed.set(job.name, (failed.get(job.name) ?? 0) + 1);
          if (failures.length < 20) failures.push(`${job.name}: ${problem.split('\n')[0]!.slice(0, 300)}`);
        }
      }
      return sample;
    };
    const jobs: Job[] = [
      ...names.map((name) => ({ name, variant: 'cold request' as const })),
      ...optionKeys.flatMap((option) => optionNames.map((name) => ({ name, variant: 'option load' as const, option }))),
      ...timedProbes.map((name) => ({ name, variant: 'probe load' as const })),
    ];
    if (options.warmup) {
      progress(`cold start: one untimed process per artifact (${names.length})`);
      for (const name of shuffled(names)) await runJob({ name, variant: 'cold request' });
    }
    let lastRepetitionMs = 0;
    for (let repetition = 0; repetition < options.repetitions; repetition += 1) {
      // Only whole repetitions count: start one only if the last one's time is left.
      if (options.deadline.passed || options.deadline.leftMs < lastRepetitionMs) break;
      const started = performance.now();
      const own = new Map<string, ProcessSample[]>();
      for (let pass = 0; pass < options.processes; pass += 1) {
        // The options' loads once per repetition (in its first pass): three builds of every function would triple the run.
        for (const job of shuffled(pass === 0 ? jobs : jobs.filter((candidate) => candidate.variant !== 'option load'))) {
          const sample = await runJob(job);
          const key = `${job.name}|${job.variant}|${job.option ?? ''}`;
          own.set(key, [...(own.get(key) ?? []), sample]);
          if (job.variant === 'cold request') samples.set(job.name, [...(samples.get(job.name) ?? []), sample]);
        }
      }
      const of = (name: string, variant: Job['variant'], pick: (sample: ProcessSample) => number, option = '') =>
        median((own.get(`${name}|${variant}|${option}`) ?? []).map(pick));
      repetitions.push({
        load: new Map(names.map((name) => [name, of(name, 'cold request', (s) => s.loadMs)])),
        request: new Map(names.map((name) => [name, of(name, 'cold request', (s) => s.requestMs)])),
        total: new Map(names.map((name) => [name, of(name, 'cold request', (s) => s.loadMs + s.requestMs)])),
        optionLoad: new Map(
          optionKeys.flatMap((option) => optionNames.map((name) => [`${option}|${name}`, of(name, 'option load', (s) => s.loadMs, option)] as const)),
        ),
        probeLoad: new Map(timedProbes.map((name) => [name, of(name, 'probe load', (s) => s.loadMs)])),
      });
      lastRepetitionMs = performance.now() - started;
      progress(`cold start: repetition ${repetition + 1} of ${options.repetitions} took ${round(lastRepetitionMs / 1000, 1)} s`);
    }
  } finally {
    await lambda.stop();
    traces.stop();
  }
  const cdk: CdkComparison[] = [];
  const checkNames = options.cdkCheck === 'all' ? Object.keys(functions) : [...options.cdkCheck];
  if (checkNames.length > 0) {
    progress(`cold start: building ${checkNames.length} function(s) with the CDK to compare`);
    try {
      cdk.push(...(await checkAgainstCdk(artifacts, functions, checkNames)));
    } catch (error) {
      failures.push(`the CDK build to compare with failed: ${String(error).slice(0, 300)}`);
    }
  }
  return reportColdStart(
    names,
    built,
    repetitions,
    samples,
    fixtures!,
    { failures, failed },
    cdk,
    optionNames,
    { lambdaInvocations: lambda.invocations(), segments: traces.segments() },
    options,
  );
}
