/**
 * Every function's deployment artifact, built as infra/constructs/project-function.ts builds it:
 * `bundleFunction` (infra/bundling.ts) with the deployed bundling, into a folder of its own
 * (index.mjs, the chunks it loads on demand or shares between them, a map beside each when the
 * bundling makes maps), and the folder zipped as the CDK CLI zips it. Other bundling props (the bench's source-map options)
 * build the same way.
 *
 * Each function is built alone, as the construct builds it: a build of several entries would
 * share chunks between them. `checkAgainstCdk` proves the folders are the deployed ones for the
 * functions it is given by synthesising them with the real construct and comparing.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join, resolve } from 'node:path';
import { App, Stack } from 'aws-cdk-lib';
import type { Metafile } from 'esbuild';
import type { FunctionDefinition } from '#shared/function-definition';
import { type Bundling, bundleFunction } from '../../infra/bundling.ts';
import { loadStage } from '../../infra/config.ts';
import { ProjectFunction } from '../../infra/constructs/project-function.ts';
import { filesUnder, zipDirectory } from './zip.ts';

const root = resolve(import.meta.dirname, '../..');

export interface Artifact {
  name: string;
  /** The folder as deployed: index.mjs, its chunks, their maps when the bundling makes them, and any run-time files. */
  dir: string;
  /** index.mjs, the file a cold start imports. */
  bundle: string;
  /** index.mjs and every chunk. */
  bundleBytes: number;
  /** index.mjs and the chunks it imports statically: what a cold start loads before the handler runs. */
  startBytes: number;
  /** 0 when the bundling makes no maps. */
  mapBytes: number;
  /** What the source maps take in the zip (compressed); 0 without them. */
  mapZipBytes: number;
  /** Files in the folder besides the build's output: none, as the deployed functions carry none. */
  filesBytes: number;
  fileCount: number;
  zipBytes: number;
  /** Bytes of index.mjs and its chunks by npm package ("project" for this repository's code). */
  packages: Record<string, number>;
}

export interface ArtifactSpec {
  name: string;
  entry: string;
}

/** Bytes in a build's code files by npm package (or "project", or the project's compiled views). */
function packagesOf(metafile: Metafile): Record<string, number> {
  const byPackage: Record<string, number> = {};
  for (const { inputs } of codeOutputs(metafile).map(([, output]) => output)) {
    for (const [path, { bytesInOutput }] of Object.entries(inputs)) {
      const match = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(path);
      const name = match ? match[1]! : path.includes('shared/views/compiled/') ? 'compiled views' : 'project';
      byPackage[name] = (byPackage[name] ?? 0) + bytesInOutput;
    }
  }
  return byPackage;
}

/** A build's code files (index.mjs and its chunks), without maps. */
function codeOutputs(metafile: Metafile): [string, Metafile['outputs'][string]][] {
  return Object.entries(metafile.outputs).filter(([path]) => path.endsWith('.mjs'));
}

/** The bytes of index.mjs and of every chunk it imports statically, however deep. */
function startBytesOf(metafile: Metafile): number {
  const outputs = metafile.outputs;
  const entry = Object.keys(outputs).find((path) => basename(path) === 'index.mjs')!;
  const loaded = new Set<string>();
  const visit = (path: string) => {
    if (loaded.has(path)) return;
    loaded.add(path);
    for (const imported of outputs[path]!.imports) if (imported.kind === 'import-statement' && imported.path in outputs) visit(imported.path);
  };
  visit(entry);
  return [...loaded].reduce((sum, path) => sum + outputs[path]!.bytes, 0);
}

/** Builds, copies and zips every artifact into `outdir/<name>/`, with the deployed bundling unless told otherwise. */
export async function buildArtifacts(outdir: string, specs: ArtifactSpec[], bundling?: Bundling): Promise<Map<string, Artifact>> {
  const artifacts = new Map<string, Artifact>();
  await Promise.all(
    specs.map(async (spec) => {
      const dir = join(outdir, spec.name);
      const metafile = await bundleFunction({ entry: join(root, spec.entry), outdir: dir, ...(bundling ? { bundling } : {}) });
      const code = codeOutputs(metafile);
      const built = new Set(Object.keys(metafile.outputs).map((path) => basename(path)));
      const { zip, entries } = await zipDirectory(dir);
      const maps = entries.filter((entry) => built.has(entry.name) && entry.name.endsWith('.map'));
      const files = entries.filter((entry) => !built.has(entry.name));
      artifacts.set(spec.name, {
        name: spec.name,
        dir,
        bundle: join(dir, 'index.mjs'),
        bundleBytes: code.reduce((sum, [, output]) => sum + output.bytes, 0),
        startBytes: startBytesOf(metafile),
        mapBytes: maps.reduce((sum, entry) => sum + entry.bytes, 0),
        mapZipBytes: maps.reduce((sum, entry) => sum + entry.compressedBytes, 0),
        filesBytes: files.reduce((sum, entry) => sum + entry.bytes, 0),
        fileCount: files.length,
        zipBytes: zip.length,
        packages: packagesOf(metafile),
      });
    }),
  );
  // In the order given, whatever order the builds finished in.
  return new Map(specs.map((spec) => [spec.name, artifacts.get(spec.name)!]));
}

export interface CdkComparison {
  name: string;
  /** index.mjs and every chunk byte for byte the same as the CDK's. */
  bundleSame: boolean;
  /** index.mjs's source map's mappings and names the same, or neither has one (their `sources` paths depend on the build folder). */
  mapSame: boolean;
  /** The same files in both folders. */
  filesSame: boolean;
  cdkZipBytes: number;
  zipBytes: number;
}

/**
 * Synthesises the named functions with ProjectFunction (the CDK's own bundling, esbuild from npm)
 * and compares each staged asset folder with the bench's artifact.
 */
export async function checkAgainstCdk(
  artifacts: Map<string, Artifact>,
  definitions: Record<string, FunctionDefinition>,
  names: string[],
): Promise<CdkComparison[]> {
  const outdir = mkdtempSync(join(tmpdir(), 'recovery-progress-bench-cdk-'));
  try {
    const app = new App({ outdir });
    const stack = new Stack(app, 'bench');
    const config = loadStage('dev').config;
    for (const name of names) new ProjectFunction(stack, `Fn${names.indexOf(name)}`, { definition: definitions[name]!, config, settings: {} });
    const template = app.synth().getStackByName('bench').template as { Resources: Record<string, { Type: string; Properties: { Code?: { S3Key: string } } }> };
    const functionsById = Object.entries(template.Resources).filter(([, resource]) => resource.Type === 'AWS::Lambda::Function');
    const comparisons: CdkComparison[] = [];
    for (const [index, name] of names.entries()) {
      const ours = artifacts.get(name)!;
      const [, resource] = functionsById.find(([id]) => id.startsWith(`Fn${index}Function`))!;
      const cdkDir = join(outdir, `asset.${resource.Properties.Code!.S3Key.replace(/\.zip$/, '')}`);
      const mapOf = (dir: string) => {
        if (!existsSync(join(dir, 'index.mjs.map'))) return 'none';
        const map = JSON.parse(readFileSync(join(dir, 'index.mjs.map'), 'utf8')) as { mappings: string; names: string[] };
        return JSON.stringify([map.mappings, map.names]);
      };
      comparisons.push({
        name,
        bundleSame:
          codeFiles(cdkDir).join() === codeFiles(ours.dir).join() &&
          codeFiles(ours.dir).every((file) => readFileSync(join(cdkDir, file)).equals(readFileSync(join(ours.dir, file)))),
        mapSame: mapOf(cdkDir) === mapOf(ours.dir),
        filesSame: filesUnder(cdkDir).join('\n') === filesUnder(ours.dir).join('\n'),
        cdkZipBytes: (await zipDirectory(cdkDir)).zip.length,
        zipBytes: ours.zipBytes,
      });
    }
    return comparisons;
  } finally {
    rmSync(outdir, { recursive: true, force: true });
  }
}

/** The code files in an artifact's folder: index.mjs and its chunks. */
function codeFiles(dir: string): string[] {
  return filesUnder(dir).filter((file) => file.endsWith('.mjs'));
}
