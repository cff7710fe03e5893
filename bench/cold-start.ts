/**
 * Cold-start proxies: each function in shared/functions.ts is bundled the way the CDK bundles it
 * (esbuild, ESM, minified, AWS SDK inside, the createRequire banner), next to a baseline bundle
 * holding only the DynamoDB client and DocumentClient. Reported: minified size, and the median
 * time to import the bundle in fresh `node` processes, both as ratios against the baseline.
 * Processes run in rounds that visit every bundle in a new random order; the first round only
 * warms the file cache.
 */
import { execFile } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { build, type BuildOptions, type Metafile } from 'esbuild';
import { localFunctionEnvironment, localSettings } from '../infra/local/settings.ts';
import { runtimeCopies } from '../infra/constructs/project-function.ts';
import { functions, type FunctionDefinition, type FunctionName } from '#shared/functions';
import { counter, progress, type Deadline } from './lib/progress.ts';
import type { Row, SectionResult } from './lib/report.ts';
import { median, ratio, round } from './lib/stats.ts';

const run = promisify(execFile);
const root = resolve(import.meta.dirname, '..');
const baselineName = 'baseline';

/**
 * The bundling of infra/constructs/project-function.ts (NodejsFunction): keep the two in step.
 * Source maps are left out: they sit beside the bundle and Node does not load them by default.
 */
export function lambdaBundling(target: string): BuildOptions {
  return {
    bundle: true,
    platform: 'node',
    format: 'esm',
    target,
    minify: true,
    mainFields: ['module', 'main'],
    banner: { js: "import { createRequire } from 'module'; const require = createRequire(import.meta.url);" },
    external: [],
    outExtension: { '.js': '.mjs' },
    logLevel: 'error',
  };
}

/**
 * What a function finds in its environment: the same settings the local stack gives the handlers
 * (infra/local/settings.ts), so a function that checks its configuration at start loads as it would.
 * Nothing is contacted at import time, so the endpoints in it are never used.
 */
function functionSettings(): Record<string, string> {
  return {
    PATH: process.env.PATH ?? '',
    ...localFunctionEnvironment(localSettings({ TABLE_NAME: 'bench-cold-start', LOG_LEVEL: 'SILENT' })),
  };
}

// Imports the bundle named on the command line and prints how long the import took.
const loader = `
const started = performance.now();
const module = await import(${'`file://${process.argv[1]}`'});
const importMs = performance.now() - started;
if (typeof module.handler !== 'function') throw new Error('no handler export');
process.stdout.write(JSON.stringify({ importMs, processMs: performance.now() }));
`;

interface LoadSample {
  importMs: number;
  processMs: number;
}

async function load(file: string): Promise<LoadSample> {
  try {
    const { stdout } = await run(process.execPath, ['--input-type=module', '-e', loader, file], { env: functionSettings(), timeout: 30_000 });
    return JSON.parse(stdout) as LoadSample;
  } catch (error) {
    // A minified bundle's stack is one enormous line: keep the message and the error's last lines.
    const stderr = String((error as { stderr?: unknown }).stderr ?? error);
    const tail = stderr.split('\n').filter((line) => line.length < 400).slice(-6).join('\n');
    throw new Error(`Loading ${file} failed:\n${tail}`);
  }
}

/** Bytes in each bundle by npm package (or "project"), to say what makes a bundle bigger than the baseline. */
function packagesOf(metafile: Metafile, output: string): Record<string, number> {
  const inputs = metafile.outputs[output]?.inputs ?? {};
  const byPackage: Record<string, number> = {};
  for (const [path, { bytesInOutput }] of Object.entries(inputs)) {
    const match = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(path);
    const name = match ? match[1]! : 'project';
    byPackage[name] = (byPackage[name] ?? 0) + bytesInOutput;
  }
  return byPackage;
}

const kb = (bytes: number) => `${round(bytes / 1024, 1)} KB`;

/** What the oversized bundles carry beyond the baseline: first what they all share, then what each adds. */
function beyondBaseline(extra: Record<string, Record<string, number>>, names: string[]): string[] {
  if (names.length === 0) return [];
  const shared = Object.keys(extra[names[0]!] ?? {}).filter((pkg) => names.every((name) => (extra[name]?.[pkg] ?? 0) > 0));
  const sharedBytes = (pkg: string) => Math.min(...names.map((name) => extra[name]![pkg]!));
  const notes = [`Every bundle over the goal carries beyond the baseline: ${shared.map((pkg) => `${pkg} ${kb(sharedBytes(pkg))}`).join(', ')}.`];
  for (const name of names) {
    const own = Object.entries(extra[name] ?? {}).filter(([pkg, bytes]) => !shared.includes(pkg) && bytes >= 4096);
    if (own.length > 0) notes.push(`${name} also carries ${own.map(([pkg, bytes]) => `${pkg} ${kb(bytes)}`).join(', ')}.`);
  }
  return notes;
}

async function bundleAll(outdir: string, target: string): Promise<Metafile> {
  const entryPoints: Record<string, string> = { [baselineName]: join(root, 'bench/baseline-handler.ts') };
  for (const [name, definition] of Object.entries(functions)) entryPoints[name] = join(root, definition.entry);
  const result = await build({ ...lambdaBundling(target), entryPoints, outdir, metafile: true, absWorkingDir: root });
  // The files page functions read at run time, beside the bundles as the CDK build puts them.
  const kinds = new Set(Object.values(functions).flatMap((definition: FunctionDefinition) => definition.files ?? []));
  for (const { from, to } of runtimeCopies(kinds)) cpSync(join(root, from), join(outdir, to), { recursive: true });
  return result.metafile;
}

export async function measureColdStart(options: { rounds: number; deadline: Deadline }): Promise<SectionResult> {
  const outdir = mkdtempSync(join(tmpdir(), 'recovery-progress-bench-'));
  try {
    progress('cold start: bundling every function and the baseline with esbuild');
    let target = 'node22';
    let metafile = await bundleAll(outdir, target);
    const names = [baselineName, ...(Object.keys(functions) as FunctionName[])];
    const fileOf = (name: string) => join(outdir, `${name}.mjs`);
    try {
      await load(fileOf(baselineName));
    } catch (error) {
      // The local Node is older than Lambda's: fall back to a target it can run, and say so.
      progress(`cold start: this Node cannot load a node22 bundle (${String(error).slice(0, 120)}); using node20`);
      target = 'node20';
      metafile = await bundleAll(outdir, target);
    }

    const samples = new Map<string, number[]>(names.map((name) => [name, []]));
    const processTimes = new Map<string, number[]>(names.map((name) => [name, []]));
    const report = counter('cold start: fresh node processes (rounds)', options.rounds);
    let completed = 0;
    for (let round = 0; round <= options.rounds && !options.deadline.passed; round += 1) {
      const order = [...names].sort(() => Math.random() - 0.5);
      for (const name of order) {
        const sample = await load(fileOf(name));
        if (round === 0) continue; // warms the file cache
        samples.get(name)!.push(sample.importMs);
        processTimes.get(name)!.push(sample.processMs);
      }
      if (round > 0) report((completed = round));
    }

    const outputKey = (name: string) => Object.keys(metafile.outputs).find((key) => key.endsWith(`/${name}.mjs`))!;
    const sizeOf = (name: string) => statSync(fileOf(name)).size;
    const baseSize = sizeOf(baselineName);
    const baseLoad = median(samples.get(baselineName)!);
    const basePackages = packagesOf(metafile, outputKey(baselineName));
    const sizeSection = `Cold start: minified bundle size vs DynamoDB client + DocumentClient only (${target}, ESM, minified)`;
    const loadSection = `Cold start: module load time, median of ${completed} fresh node processes, vs the same baseline`;
    const sizeRows: Row[] = [];
    const loadRows: Row[] = [];
    const extra: Record<string, Record<string, number>> = {};
    for (const name of names.filter((n) => n !== baselineName)) {
      const size = sizeOf(name);
      const loadMs = median(samples.get(name)!);
      const sizeRatio = ratio(size, baseSize);
      const loadRatio = ratio(loadMs, baseLoad);
      sizeRows.push({ section: sizeSection, figure: name, value: round(size / 1024, 1), unit: 'KB', baseline: round(baseSize / 1024, 1), ratio: round(sizeRatio, 2), goal: '≤ 1.15×', met: sizeRatio <= 1.15 });
      loadRows.push({ section: loadSection, figure: name, value: round(loadMs, 1), unit: 'ms', baseline: round(baseLoad, 1), ratio: round(loadRatio, 2), goal: '≤ 1.15×', met: loadRatio <= 1.15 });
      // What this bundle carries beyond the baseline, by package.
      const packages = packagesOf(metafile, outputKey(name));
      extra[name] = Object.fromEntries(
        Object.entries(packages)
          .map(([pkg, bytes]) => [pkg, bytes - (basePackages[pkg] ?? 0)] as const)
          .filter(([, bytes]) => bytes > 1024)
          .sort((a, b) => b[1] - a[1]),
      );
    }
    const notes = [
      `Bundled as infra/constructs/project-function.ts does: platform node, format esm, target ${target}, minify, main fields module/main, the createRequire banner, nothing external (AWS SDK included); source maps left out of the size.`,
      `Load time is the time to import() the bundle (parse, compile, run module scope) in a fresh \`node\` process with the function's settings in the environment; the process start itself (node's own boot) is the same for every bundle and is left out. Whole-process medians are in latest.json.`,
      ...beyondBaseline(extra, sizeRows.filter((row) => row.met === false).map((row) => row.figure)),
    ];
    if (target !== 'node22') notes.push(`Built for ${target}, because this machine's Node (${process.version}) could not load a node22 build.`);
    return {
      rows: [...sizeRows, ...loadRows],
      notes,
      details: {
        target,
        rounds: completed,
        baseline: { bytes: baseSize, importMs: samples.get(baselineName), packages: basePackages },
        functions: Object.fromEntries(
          names.map((name) => [
            name,
            { bytes: sizeOf(name), importMs: samples.get(name)!.map((v) => round(v, 2)), processMedianMs: round(median(processTimes.get(name)!), 1), beyondBaseline: extra[name] },
          ]),
        ),
      },
    };
  } finally {
    rmSync(outdir, { recursive: true, force: true });
  }
}
