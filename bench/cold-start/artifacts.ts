/**
 * The artifacts the cold-start bench times and sizes: every function's, built as it is deployed
 * (lib/artifacts.ts: the bundle, any source map, its run-time files, zipped), the baseline's (an
 * SDK-only function doing one PutItem, baseline-handler.ts) and the library probes', built the
 * same way; and every function's again under each source-map option, for the figures the
 * decision between them rests on.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stop } from 'esbuild';
import { entryOf, type FunctionName, functions } from '../../functions/index.ts';
import { type Bundling, lambdaBundling } from '../../infra/bundling.ts';
import { lambdaRuntimeEnvironment } from '../../infra/constructs/project-function.ts';
import { type Artifact, type ArtifactSpec, buildArtifacts } from '../lib/artifacts.ts';

export const baselineName = 'baseline';

/**
 * Library probes: the baseline plus one library the functions carry whatever their own code
 * (bench/probes/), so the goals can be read against what the libraries alone cost.
 */
export const probes = {
  'probe-zod': { entry: 'bench/probes/zod.ts', label: 'baseline + zod/mini' },
  'probe-logger': { entry: 'bench/probes/logger.ts', label: 'baseline + Powertools Logger' },
  'probe-metrics': { entry: 'bench/probes/metrics.ts', label: 'baseline + Powertools Metrics' },
  'probe-middy': { entry: 'bench/probes/middy.ts', label: 'baseline + middy' },
  'probe-sesv2': { entry: 'bench/probes/sesv2.ts', label: 'baseline + an SES v2 client' },
  'probe-fixed-libraries': {
    entry: 'bench/probes/fixed-libraries.ts',
    label: 'baseline + the four libraries every function carries (zod/mini, Logger, Metrics, middy): the libraries’ floor',
  },
  'probe-page-runtime': {
    entry: 'bench/probes/page-runtime.ts',
    label: 'the libraries’ floor + what every page carries (Nunjucks’ runtime, the GOV.UK page template): a page function’s floor',
  },
} as const;
export const isProbe = (name: string) => name in probes;
/** The libraries' floor: a function's own code's share is its load above this probe's. */
export const floorProbe = 'probe-fixed-libraries';
/** A page function's floor: timed as a cold request, with the baseline's event, in every run. */
export const pageFloorProbe = 'probe-page-runtime';

/**
 * The three ways of reading an error the bench compares (docs/performance.md#decisions-the-figures-support):
 * (a) maps in the zip, loaded at run time; (b) maps built apart by `npm run stack-trace`, neither
 * in the zip nor loaded; (c) unminified bundles that keep their names, with no maps.
 */
export const sourceMapOptions = {
  a: {
    label: '(a) maps in the zip, loaded (--enable-source-maps)',
    bundling: { ...lambdaBundling, minify: true, sourceMap: true },
    nodeOptions: '--enable-source-maps',
  },
  b: { label: '(b) minified, maps kept apart (npm run stack-trace)', bundling: { ...lambdaBundling, minify: true, sourceMap: false }, nodeOptions: undefined },
  c: {
    label: '(c) unminified, names kept, no maps',
    bundling: { ...lambdaBundling, minify: false, sourceMap: false, keepNames: true },
    nodeOptions: undefined,
  },
} satisfies Record<string, { label: string; bundling: Bundling; nodeOptions: string | undefined }>;
export type SourceMapOption = keyof typeof sourceMapOptions;

/** The option the functions are deployed with (project-function.ts), if it is one of them. */
export function deployedOption(): SourceMapOption | undefined {
  const deployedNodeOptions = lambdaRuntimeEnvironment.NODE_OPTIONS;
  return (Object.keys(sourceMapOptions) as SourceMapOption[]).find((key) => {
    const { bundling, nodeOptions } = sourceMapOptions[key];
    return (
      bundling.minify === lambdaBundling.minify &&
      bundling.sourceMap === lambdaBundling.sourceMap &&
      Boolean((bundling as Bundling).keepNames) === Boolean((lambdaBundling as Bundling).keepNames) &&
      nodeOptions === deployedNodeOptions
    );
  });
}

export interface BuiltArtifacts {
  outdir: string;
  artifacts: Map<string, Artifact>;
  /** The functions' artifacts under each source-map option. */
  options: Record<SourceMapOption, Map<string, Artifact>>;
  buildMs: number;
  remove(): void;
}

/**
 * Builds the baseline's, the probes' and every function's artifact, and those of `optionFunctions`
 * under each source-map option ('all': every function), into a folder outside the project (so
 * nothing can reach back into node_modules).
 */
export async function buildAllArtifacts(optionFunctions: 'all' | readonly string[]): Promise<BuiltArtifacts> {
  const outdir = mkdtempSync(join(tmpdir(), 'recovery-progress-bench-'));
  const started = performance.now();
  const functionSpecs: ArtifactSpec[] = (Object.keys(functions) as FunctionName[]).map((name) => ({ name, entry: entryOf(name) }));
  const specs = [
    { name: baselineName, entry: 'bench/baseline-handler.ts' },
    ...Object.entries(probes).map(([name, { entry }]) => ({ name, entry })),
    ...functionSpecs,
  ];
  try {
    const artifacts = await buildArtifacts(outdir, specs);
    const options = {} as BuiltArtifacts['options'];
    for (const [key, { bundling }] of Object.entries(sourceMapOptions) as [SourceMapOption, (typeof sourceMapOptions)[SourceMapOption]][]) {
      const specsOf = functionSpecs.filter((spec) => optionFunctions === 'all' || optionFunctions.includes(spec.name));
      options[key] = await buildArtifacts(join(outdir, `option-${key}`), specsOf, bundling);
    }
    return { outdir, artifacts, options, buildMs: performance.now() - started, remove: () => rmSync(outdir, { recursive: true, force: true }) };
  } catch (error) {
    rmSync(outdir, { recursive: true, force: true });
    throw error;
  } finally {
    // esbuild's service process is not needed again; ended here, it does not outlive the bench.
    void stop();
  }
}
