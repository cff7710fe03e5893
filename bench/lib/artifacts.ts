/**
 * Every function's deployment artifact, built as infra/constructs/project-function.ts builds it:
 * its `lambdaBundling` (NodejsFunction's bundling props) turned into esbuild options the way
 * aws-cdk-lib's NodejsFunction turns them into an esbuild command line (infra/source-maps.ts),
 * the bundle as `index.mjs` (with `index.mjs.map` when the bundling makes a map) in a folder of
 * its own, the function's run-time files copied beside it (`runtimeCopies`), and the folder
 * zipped as the CDK CLI zips it. Other bundling props (the bench's source-map options) build the
 * same way.
 *
 * All functions are built in one esbuild call (one parse of the shared code); each output is the
 * same bytes a build of that entry alone gives. `checkAgainstCdk` proves it for the functions it
 * is given by synthesising them with the real construct and comparing the folders.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { cp, mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { App, Stack } from 'aws-cdk-lib';
import { build, type Metafile } from 'esbuild';
import type { FunctionDefinition } from '#shared/function-definition';
import { loadStage } from '../../infra/config.ts';
import { ProjectFunction, runtimeCopies } from '../../infra/constructs/project-function.ts';
import { type Bundling, esbuildOptionsOf } from '../../infra/source-maps.ts';
import { filesUnder, zipDirectory } from './zip.ts';

const root = resolve(import.meta.dirname, '../..');

export interface Artifact {
  name: string;
  /** The folder as deployed: index.mjs, its map when the bundling makes one, and any run-time files. */
  dir: string;
  bundle: string;
  bundleBytes: number;
  /** 0 when the bundling makes no map. */
  mapBytes: number;
  /** What the source map takes in the zip (compressed); 0 without one. */
  mapZipBytes: number;
  /** Run-time files beside the bundle (stylesheets, images). */
  filesBytes: number;
  fileCount: number;
  zipBytes: number;
  /** Bytes of the bundle by npm package ("project" for this repository's code). */
  packages: Record<string, number>;
}

export interface ArtifactSpec {
  name: string;
  entry: string;
  files?: FunctionDefinition['files'];
}

/** Bytes in one output by npm package (or "project", or the project's compiled views). */
function packagesOf(metafile: Metafile, output: string): Record<string, number> {
  const inputs = metafile.outputs[output]?.inputs ?? {};
  const byPackage: Record<string, number> = {};
  for (const [path, { bytesInOutput }] of Object.entries(inputs)) {
    const match = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(path);
    const name = match ? match[1]! : path.includes('shared/views/compiled/') ? 'compiled views' : 'project';
    byPackage[name] = (byPackage[name] ?? 0) + bytesInOutput;
  }
  return byPackage;
}

/** Builds, copies and zips every artifact into `outdir/<name>/`, with the deployed bundling unless told otherwise. */
export async function buildArtifacts(outdir: string, specs: ArtifactSpec[], bundling?: Bundling): Promise<Map<string, Artifact>> {
  const entryPoints = Object.fromEntries(specs.map((spec) => [`${spec.name}/index`, join(root, spec.entry)]));
  const result = await build({ ...esbuildOptionsOf(bundling), entryPoints, outdir, metafile: true, absWorkingDir: root, logLevel: 'error' });
  const artifacts = new Map<string, Artifact>();
  for (const spec of specs) {
    const dir = join(outdir, spec.name);
    // The CDK's afterBundling hook: for each copy, `mkdir -p` the parent, then `cp -R` the source to its place.
    for (const { from, to } of runtimeCopies(spec.files ?? [])) {
      await mkdir(join(dir, to, '..'), { recursive: true });
      await cp(join(root, from), join(dir, to), { recursive: true });
    }
    const bundle = join(dir, 'index.mjs');
    const bundleBytes = statSync(bundle).size;
    const mapBytes = existsSync(`${bundle}.map`) ? statSync(`${bundle}.map`).size : 0;
    const { zip, entries } = await zipDirectory(dir);
    const files = entries.filter((entry) => entry.name !== 'index.mjs' && entry.name !== 'index.mjs.map');
    const output = Object.keys(result.metafile.outputs).find((key) => key.endsWith(`/${spec.name}/index.mjs`))!;
    artifacts.set(spec.name, {
      name: spec.name,
      dir,
      bundle,
      bundleBytes,
      mapBytes,
      mapZipBytes: entries.find((entry) => entry.name === 'index.mjs.map')?.compressedBytes ?? 0,
      filesBytes: files.reduce((sum, entry) => sum + entry.bytes, 0),
      fileCount: files.length,
      zipBytes: zip.length,
      packages: packagesOf(result.metafile, output),
    });
  }
  return artifacts;
}

export interface CdkComparison {
  name: string;
  /** index.mjs byte for byte the same as the CDK's. */
  bundleSame: boolean;
  /** The source maps' mappings and names the same, or neither has one (their `sources` paths depend on the build folder). */
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
        bundleSame: readFileSync(join(cdkDir, 'index.mjs')).equals(readFileSync(ours.bundle)),
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
