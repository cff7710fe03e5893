/**
 * The artifacts the cold-start bench times and sizes: every function's, built as it is deployed
 * (lib/artifacts.ts: the bundle, its source map, its run-time files, zipped), the baseline's (an
 * SDK-only function doing one PutItem, baseline-handler.ts) and the library probes', built the
 * same way.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FunctionDefinition } from '#shared/function-definition';
import { entryOf, type FunctionName, functions } from '../../functions/index.ts';
import { type Artifact, buildArtifacts } from '../lib/artifacts.ts';

export const baselineName = 'baseline';

/**
 * Library probes: the baseline plus one library the functions carry whatever their own code
 * (bench/probes/), so the goals can be read against what the libraries alone cost.
 */
export const probes = {
  'probe-zod': { entry: 'bench/probes/zod.ts', label: 'baseline + zod' },
  'probe-logger': { entry: 'bench/probes/logger.ts', label: 'baseline + Powertools Logger' },
  'probe-metrics': { entry: 'bench/probes/metrics.ts', label: 'baseline + Powertools Metrics' },
  'probe-tracer': { entry: 'bench/probes/tracer.ts', label: 'baseline + Powertools Tracer (capturing the client)' },
  'probe-middy': { entry: 'bench/probes/middy.ts', label: 'baseline + middy' },
  'probe-sesv2': { entry: 'bench/probes/sesv2.ts', label: 'baseline + an SES v2 client' },
  'probe-fixed-libraries': {
    entry: 'bench/probes/fixed-libraries.ts',
    label: 'baseline + all five libraries every function carries (zod, Logger, Metrics, Tracer, middy)',
  },
} as const;
export const isProbe = (name: string) => name in probes;

export interface BuiltArtifacts {
  outdir: string;
  artifacts: Map<string, Artifact>;
  buildMs: number;
  remove(): void;
}

/** Builds the baseline's and every function's artifact into a folder outside the project (so nothing can reach back into node_modules). */
export async function buildAllArtifacts(): Promise<BuiltArtifacts> {
  const outdir = mkdtempSync(join(tmpdir(), 'recovery-progress-bench-'));
  const started = performance.now();
  const specs = [
    { name: baselineName, entry: 'bench/baseline-handler.ts' },
    ...Object.entries(probes).map(([name, { entry }]) => ({ name, entry })),
    ...(Object.entries(functions) as [FunctionName, FunctionDefinition][]).map(([name, definition]) => ({
      name,
      entry: entryOf(name),
      ...(definition.files ? { files: definition.files } : {}),
    })),
  ];
  try {
    const artifacts = await buildArtifacts(outdir, specs);
    return { outdir, artifacts, buildMs: performance.now() - started, remove: () => rmSync(outdir, { recursive: true, force: true }) };
  } catch (error) {
    rmSync(outdir, { recursive: true, force: true });
    throw error;
  }
}
