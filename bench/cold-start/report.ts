/**
 * Cold requests and deployed size, reported: a row per function against the baseline and the
 * goals, each function's own code's share (its load above the libraries' floor), tables of load
 * and first request apart, of the source-map options (source-map-report.ts) and of what each
 * library alone costs, and notes on how it was measured.
 */
import type { FunctionDefinition } from '#shared/function-definition';
import { type FunctionName, functions } from '../../functions/index.ts';
import { lambdaBundling } from '../../infra/bundling.ts';
import { defaultStage } from '../../infra/config.ts';
import { lambdaRuntimeEnvironment } from '../../infra/constructs/project-function.ts';
import type { Artifact, CdkComparison } from '../lib/artifacts.ts';
import { judged, minRepetitions, plural, type Row, type SectionResult, spreadOf, type Table } from '../lib/report.ts';
import { median, pairedRatios, type Repeated, repeated, round } from '../lib/stats.ts';
import { type BuiltArtifacts, baselineName, floorProbe, isProbe, pageFloorProbe, probes, type SourceMapOption } from './artifacts.ts';
import type { Fixtures } from './events.ts';
import type { ProcessSample } from './process.ts';
import { reportSourceMapOptions } from './source-map-report.ts';

/** A function a person waits on: it serves a route (every API route and page, the form posts, the board pack on request). */
const waitedOn = (name: string) => ((functions[name as FunctionName] as FunctionDefinition | undefined)?.routes?.length ?? 0) > 0;
/**
 * Goals against the baseline (docs/performance.md#goals): a cold request of a function a person
 * waits on at most 1.5×, notify's at most 2.0×; other stream consumers and schedules have none.
 */
function coldRequestGoalOf(name: string): number | undefined {
  if (waitedOn(name)) return 1.5;
  return name === 'notify' ? 2.0 : undefined;
}
/** The deployed zip of a function a person waits on at most 1.6× the baseline's. */
const zipGoalOf = (name: string): number | undefined => (waitedOn(name) ? 1.6 : undefined);
const goalCell = (goal: number | undefined) => (goal === undefined ? {} : { goal: `≤ ${goal}×` });

export interface PerRepetition {
  /** Per artifact: medians of its processes in this repetition. */
  load: Map<string, number>;
  request: Map<string, number>;
  total: Map<string, number>;
  /** Per `option|function`: the median load under that source-map option. */
  optionLoad: Map<string, number>;
  /** Per library probe: the median load, built and run as deployed. */
  probeLoad: Map<string, number>;
}

const kb = (bytes: number) => round(bytes / 1024, 1);

export function reportColdStart(
  names: string[],
  built: BuiltArtifacts,
  repetitions: PerRepetition[],
  samples: Map<string, ProcessSample[]>,
  fixtures: Fixtures,
  { failures, failed }: { failures: string[]; failed: Map<string, number> },
  cdk: CdkComparison[],
  optionNames: string[],
  counts: { lambdaInvocations: number; segments: number },
  options: { processes: number; probes: boolean },
): SectionResult {
  const { artifacts } = built;
  const base = artifacts.get(baselineName)!;
  const series = (pick: (rep: PerRepetition) => Map<string, number>, name: string) => repetitions.map((rep) => pick(rep).get(name) ?? Number.NaN);
  const against = (pick: (rep: PerRepetition) => Map<string, number>, name: string): { value: Repeated; baseline: Repeated; ratio: Repeated } => ({
    value: repeated(series(pick, name)),
    baseline: repeated(series(pick, baselineName)),
    ratio: repeated(pairedRatios(series(pick, name), series(pick, baselineName))),
  });
  const functionNames = names.filter((name) => name !== baselineName && !isProbe(name));
  /** Every function is sized, whether or not it was timed. */
  const allFunctions = [...artifacts.keys()].filter((name) => name !== baselineName && !isProbe(name));

  const coldSection = `Cold request: fresh process, deployed artifact, one realistic event (load + first request) vs an SDK-only function doing one PutItem`;
  const sizeSection = 'Deployed artifact: zip of the bundle (and any source map) + run-time files vs the baseline’s zip';
  const rows: Row[] = [];
  // What a page function cannot go below: the page floor probe, timed the same way, first.
  const pageFloor = {
    total: against((rep) => rep.total, pageFloorProbe),
    load: against((rep) => rep.load, pageFloorProbe),
    request: against((rep) => rep.request, pageFloorProbe),
  };
  if (names.includes(pageFloorProbe) && Number.isFinite(pageFloor.total.ratio.median)) {
    rows.push({
      section: coldSection,
      figure: `for scale, a page function’s floor (${pageFloorProbe}: the libraries’ floor and Nunjucks’ runtime, rendering the smallest GOV.UK page, then the baseline’s PutItem): load ${round(pageFloor.load.value.median, 0)} ms + first request ${round(pageFloor.request.value.median, 0)} ms`,
      value: round(pageFloor.total.value.median, 1),
      unit: 'ms',
      baseline: round(pageFloor.total.baseline.median, 1),
      baselineLabel: `load ${round(pageFloor.load.baseline.median, 0)} + request ${round(pageFloor.request.baseline.median, 0)}`,
      ratio: round(pageFloor.total.ratio.median, 2),
      spread: spreadOf(pageFloor.total.ratio),
    });
  }
  for (const name of functionNames) {
    const total = against((rep) => rep.total, name);
    const load = against((rep) => rep.load, name);
    const request = against((rep) => rep.request, name);
    if (!Number.isFinite(total.ratio.median)) {
      rows.push({
        section: coldSection,
        figure: name,
        value: null,
        unit: 'ms',
        text: 'not measured: no repetition finished in the time allowed',
        ...goalCell(coldRequestGoalOf(name)),
        met: null,
      });
      continue;
    }
    const failedRequests = failed.get(name) ?? 0;
    rows.push({
      section: coldSection,
      figure: `${name}: load ${round(load.value.median, 0)} ms + first request ${round(request.value.median, 0)} ms${failedRequests > 0 ? ` (${plural(failedRequests, 'request')} did not answer as expected: not judged)` : ''}`,
      value: round(total.value.median, 1),
      unit: 'ms',
      baseline: round(total.baseline.median, 1),
      baselineLabel: `load ${round(load.baseline.median, 0)} + request ${round(request.baseline.median, 0)}`,
      ratio: round(total.ratio.median, 2),
      spread: spreadOf(total.ratio),
      ...goalCell(coldRequestGoalOf(name)),
      met: failedRequests > 0 ? null : judgedAgainst(coldRequestGoalOf(name), repetitions.length, total.ratio.median),
    });
  }
  // Each function's own code: its load above the libraries' floor, in the same repetitions.
  const ownSection = `Own code: each function’s load above the libraries’ floor (${probes[floorProbe].label}), as deployed; no goal`;
  for (const name of functionNames) {
    const load = series((rep) => rep.load, name);
    const floor = series((rep) => rep.probeLoad, floorProbe);
    const above = repeated(load.map((value, index) => value - floor[index]!));
    const ratio = repeated(pairedRatios(load, floor));
    if (!Number.isFinite(ratio.median)) continue;
    rows.push({
      section: ownSection,
      figure: `${name} (load ${round(repeated(load).median, 0)} ms): its own code, in ms above the floor; ratio: its load over the floor’s`,
      value: round(above.median, 1),
      unit: 'ms',
      baseline: round(repeated(floor).median, 1),
      baselineLabel: 'floor’s load',
      ratio: round(ratio.median, 2),
      spread: spreadOf(ratio),
    });
  }
  for (const name of allFunctions) {
    const artifact = artifacts.get(name)!;
    const sizeRatio = artifact.zipBytes / base.zipBytes;
    rows.push({
      section: sizeSection,
      figure: `${name}${artifact.fileCount > 0 ? ` (${artifact.fileCount} run-time files)` : ''}`,
      value: kb(artifact.zipBytes),
      unit: 'KB',
      baseline: kb(base.zipBytes),
      ratio: round(sizeRatio, 2),
      spread: 'exact',
      ...goalCell(zipGoalOf(name)),
      met: judgedAgainst(zipGoalOf(name), minRepetitions, sizeRatio),
    });
  }

  // Load and first request apart, each against the baseline's.
  const splitTable: Table = {
    title: 'Cold request, load and first request apart (medians over repetitions; ratio against the baseline’s, with the spread of the repetitions’ ratios)',
    header: ['function', 'event', 'load', 'load ratio', 'first request', 'first request ratio', 'cold request', 'ratio', 'whole process (spawn to exit)'],
    rows: names.map((name) => {
      const load = against((rep) => rep.load, name);
      const request = against((rep) => rep.request, name);
      const total = against((rep) => rep.total, name);
      const wall = median((samples.get(name) ?? []).map((sample) => sample.wallMs));
      const ratioCell = (r: Repeated) => (name === baselineName ? '1×' : `${round(r.median, 2)}× (${round(r.min, 2)}–${round(r.max, 2)})`);
      return [
        name,
        fixtures.described[name] ?? '',
        `${round(load.value.median, 1)} ms`,
        ratioCell(load.ratio),
        `${round(request.value.median, 1)} ms`,
        ratioCell(request.ratio),
        `${round(total.value.median, 1)} ms`,
        ratioCell(total.ratio),
        `${round(wall, 0)} ms`,
      ];
    }),
  };

  const sourceMaps = reportSourceMapOptions(
    built,
    series((rep) => rep.load, baselineName),
    (option: SourceMapOption, name: string) => series((rep) => rep.optionLoad, `${option}|${name}`),
    optionNames,
  );
  rows.push(...sourceMaps.rows);

  // What the libraries alone cost, against the same baseline load (both as deployed).
  const probeSection = 'Libraries on their own: the baseline plus one library, built and loaded as deployed (figures for the goals above; no goal)';
  const probeRows = Object.entries(probes).map(([name, { label }]) => {
    const artifact = artifacts.get(name)!;
    const load = repeated(
      pairedRatios(
        series((rep) => rep.probeLoad, name),
        series((rep) => rep.load, baselineName),
      ),
    );
    return { name, label, artifact, load, loadMs: repeated(series((rep) => rep.probeLoad, name)) };
  });
  for (const { label, artifact, load, loadMs } of probeRows) {
    rows.push({
      section: probeSection,
      figure: `${label}: load${Number.isFinite(load.median) ? '' : ' (not timed)'}; its zip ${kb(artifact.zipBytes)} KB is ${round(artifact.zipBytes / base.zipBytes, 2)}× the baseline’s`,
      value: Number.isFinite(loadMs.median) ? round(loadMs.median, 1) : null,
      unit: 'ms',
      ...(Number.isFinite(load.median)
        ? { baseline: round(median(series((rep) => rep.load, baselineName)), 1), ratio: round(load.median, 2), spread: spreadOf(load) }
        : {}),
    });
  }
  const probeTable: Table = {
    title: 'Libraries on their own: what each adds to the baseline’s bundle, zip and load',
    header: ['probe', 'bundle added', 'zip', 'zip ratio', 'load', 'load ratio (spread)'],
    rows: probeRows.map(({ label, artifact, load, loadMs }) => [
      label,
      `${kb(artifact.bundleBytes - base.bundleBytes)} KB`,
      `${kb(artifact.zipBytes)} KB`,
      `${round(artifact.zipBytes / base.zipBytes, 2)}×`,
      Number.isFinite(loadMs.median) ? `${round(loadMs.median, 1)} ms` : 'not timed',
      Number.isFinite(load.median) ? `${round(load.median, 2)}× (${round(load.min, 2)}–${round(load.max, 2)})` : '—',
    ]),
  };

  const notes = [
    `Built as infra/constructs/project-function.ts builds each function: infra/bundling.ts's \`lambdaBundling\` (${describeBundling()}) as esbuild options with code splitting, each function built alone into a folder with index.mjs, the chunks it loads on demand${lambdaBundling.sourceMap ? ', their maps' : ''}, zipped as the CDK CLI zips assets (deflate, zlib's default level); a bundle's size counts index.mjs and every chunk. Built in ${round(built.buildMs / 1000, 1)} s.`,
    cdk.length > 0
      ? `Checked against the CDK: ${cdk.length} function(s) (${cdk.map((c) => c.name).join(', ')}) synthesised with ProjectFunction; ${cdk.filter((c) => c.bundleSame && c.mapSame && c.filesSame).length} gave the same bundle bytes, the same source-map mappings (or neither a map) and the same files as the bench's build${
          cdk.some((c) => !(c.bundleSame && c.mapSame && c.filesSame))
            ? `; different: ${cdk
                .filter((c) => !(c.bundleSame && c.mapSame && c.filesSame))
                .map(
                  (c) =>
                    `${c.name} (bundle ${c.bundleSame ? 'same' : 'different'}, map ${c.mapSame ? 'same' : 'different'}, files ${c.filesSame ? 'same' : 'different'})`,
                )
                .join(', ')}`
            : ''
        }.`
      : 'Not checked against a CDK synth in this run (the full run does it).',
    `A cold request is a fresh \`node ${process.version}\` process started in the artifact's folder with the function's environment as deployed: its settings (shared/settings.ts functionEnvironment, log level of the ${defaultStage} stage), project-function.ts's \`lambdaRuntimeEnvironment\` (${
      Object.entries(lambdaRuntimeEnvironment)
        .map(([key, value]) => `${key}=${value}`)
        .join(', ') || 'nothing: no NODE_OPTIONS'
    }), Lambda's runtime variables with active tracing (a local UDP sink stands in for the X-Ray daemon: ${counts.segments} segments received from the functions, which carry no X-Ray SDK), and endpoints for the bench's DynamoDB Local, SES emulator and a Lambda API stand-in (${counts.lambdaInvocations} invocations). Load is the \`import()\` of index.mjs; first request is one \`handler(event, context)\` call. Node's own start (the same for every artifact) is left out of both; the whole process, spawn to exit, is in the table.`,
    ...(functionNames.length < allFunctions.length
      ? [
          `Quick run: cold requests timed for ${functionNames.join(', ')} only (${functionNames.length} of ${allFunctions.length} functions); the full run times every function. Sizes cover every function.`,
        ]
      : []),
    `Events are prepared before any process is timed: see the table for each function's. A new update, token, schedule time or stream record each time, so no request is a replay the function can skip.`,
    `${plural(repetitions.length, 'repetition')}${repetitions.length > 0 ? `, each running every timed artifact ${plural(options.processes, 'time')} in a new random order (a repetition's figure for an artifact is the median of its processes)` : ''}; the ratio is the median of the repetitions' ratios and the spread their range.${repetitions.length >= minRepetitions ? '' : ` Fewer than ${minRepetitions} repetitions finished in the time allowed: the cold-request goals are not judged.`}`,
    'Sizes are exact byte counts of one build (esbuild is deterministic), hence “exact” in place of a spread.',
    `Library probes (bench/probes/): the baseline's handler with one library made at load as the functions make it, built like every artifact; each load is timed in the same repetitions as the baseline's and the ratio is against the baseline's load${options.probes ? '' : ` (this run timed only the libraries' floor, ${floorProbe}; the others are sized)`}. They show what no project code can remove: the libraries every function carries against the goals' budgets. Each function's own code's share is its load above the floor's, in the same repetitions.`,
    `Source-map options: each function built again under (a), (b) and (c) (bench/cold-start/artifacts.ts) and sized; the functions ${optionNames.length > 0 ? optionNames.join(', ') : '(none in this run)'} loaded (import only) under each, interleaved with the cold requests; ratios against the baseline's load as deployed.`,
    ...sizeNotes(
      artifacts,
      allFunctions.filter((name) => artifacts.get(name)!.zipBytes / base.zipBytes > (zipGoalOf(name) ?? Number.POSITIVE_INFINITY)),
    ),
  ];
  if (failures.length > 0) notes.push(`Did not go as expected (a function with a request that failed is not judged): ${failures.join('; ')}.`);
  return {
    rows,
    notes,
    tables: [splitTable, sourceMaps.table, probeTable],
    details: {
      node: process.version,
      repetitions: repetitions.length,
      buildMs: round(built.buildMs, 0),
      cdk,
      artifacts: Object.fromEntries(
        names.map((name) => {
          const artifact = artifacts.get(name)!;
          return [
            name,
            {
              bundleBytes: artifact.bundleBytes,
              startBytes: artifact.startBytes,
              mapBytes: artifact.mapBytes,
              filesBytes: artifact.filesBytes,
              zipBytes: artifact.zipBytes,
              packages: artifact.packages,
              event: fixtures.described[name],
              loadMs: series((rep) => rep.load, name).map((v) => round(v, 1)),
              requestMs: series((rep) => rep.request, name).map((v) => round(v, 1)),
              optionLoadMs: Object.fromEntries(
                Object.keys(built.options).map((option) => [option, series((rep) => rep.optionLoad, `${option}|${name}`).map((v) => round(v, 1))]),
              ),
            },
          ];
        }),
      ),
      failures,
    },
  };
}

/** A goal's verdict, or null for a figure with no goal. */
function judgedAgainst(goal: number | undefined, repetitions: number, ratio: number): boolean | null {
  return goal === undefined ? null : judged(repetitions, ratio <= goal);
}

/** The bundling props as they are, for the notes: `format esm, target node22, …`. */
function describeBundling(): string {
  return Object.entries(lambdaBundling)
    .map(([key, value]) => {
      if (key === 'banner') return 'banner (createRequire)';
      if (Array.isArray(value)) return `${key} ${value.length > 0 ? value.join('/') : 'none'}`;
      return `${key} ${String(value)}`;
    })
    .join(', ');
}

/** What the artifacts over the size goal carry beyond the baseline's: each package with the functions that carry it, then run-time files and source maps. */
function sizeNotes(artifacts: Map<string, Artifact>, over: string[]): string[] {
  if (over.length === 0) return [];
  const base = artifacts.get(baselineName)!;
  const carriers = new Map<string, { bytes: number[]; names: string[] }>();
  for (const name of over) {
    for (const [pkg, bytes] of Object.entries(artifacts.get(name)!.packages)) {
      const extra = bytes - (base.packages[pkg] ?? 0);
      if (extra < 4096) continue;
      const entry = carriers.get(pkg) ?? { bytes: [], names: [] };
      entry.bytes.push(extra);
      entry.names.push(name);
      carriers.set(pkg, entry);
    }
  }
  const who = (names: string[]) =>
    names.length === over.length
      ? `all ${over.length}`
      : names.length > over.length / 2
        ? `all but ${over.filter((name) => !names.includes(name)).join(', ')}`
        : names.join(', ');
  const packages = [...carriers.entries()]
    .sort((a, b) => b[1].names.length - a[1].names.length || Math.max(...b[1].bytes) - Math.max(...a[1].bytes))
    .map(
      ([pkg, { bytes, names }]) =>
        `${pkg} ${kb(Math.min(...bytes))}${Math.max(...bytes) - Math.min(...bytes) >= 1024 ? `–${kb(Math.max(...bytes))}` : ''} KB (${who(names)})`,
    );
  const withFiles = over.filter((name) => artifacts.get(name)!.fileCount > 0);
  const notes = [`What the ${over.length} artifacts over the size goal carry beyond the baseline’s, in minified bundle bytes: ${packages.join('; ')}.`];
  if (withFiles.length > 0) {
    notes.push(
      `Run-time files: ${withFiles.map((name) => `${name} ${artifacts.get(name)!.fileCount} (${kb(artifacts.get(name)!.filesBytes)} KB before compression)`).join(', ')}.`,
    );
  }
  return notes;
}
