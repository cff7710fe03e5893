/**
 * The functions' bundles as esbuild builds them, and their source maps kept apart from them.
 * NodejsFunction turns `lambdaBundling` into an esbuild command line; `esbuildOptionsOf` turns
 * it into the same options, for the bench's artifacts and for `bundleWithSourceMap`, which
 * rebuilds one function of the current checkout with its map beside it (the deployed zip carries
 * none, docs/operations.md#reading-an-error). `mapStackTrace` maps the bundle's frames in a logged
 * stack trace back to the TypeScript sources.
 */
import { readFileSync } from 'node:fs';
import { SourceMap, type SourceMapPayload } from 'node:module';
import { dirname, join, relative, resolve } from 'node:path';
import type { BundlingOptions } from 'aws-cdk-lib/aws-lambda-nodejs';
import { type BuildOptions, build } from 'esbuild';
import { lambdaBundling } from './constructs/project-function.ts';

const projectRoot = resolve(import.meta.dirname, '..');

/** The bundling props a build may set: the deployed ones, with minify and sourceMap free and keepNames (the bench's source-map options). */
export type Bundling = Omit<typeof lambdaBundling, 'minify' | 'sourceMap'> & Pick<BundlingOptions, 'minify' | 'sourceMap' | 'keepNames'>;

/**
 * How NodejsFunction passes each bundling prop to esbuild (aws-lambda-nodejs/lib/bundling.js,
 * buildEsbuildArgs): one entry per prop, so a prop added to `lambdaBundling` fails the type
 * check here until these builds follow.
 */
const asEsbuild: { [K in keyof Bundling]-?: (value: Bundling[K]) => BuildOptions } = {
  format: (format) => ({ format: format as BuildOptions['format'] }), // --format=esm
  target: (target) => ({ target }), // --target=node22
  minify: (minify) => ({ minify }), // --minify
  sourceMap: (sourcemap) => ({ sourcemap }), // --sourcemap when true (a linked index.mjs.map)
  keepNames: (keepNames) => ({ keepNames }), // --keep-names
  mainFields: (mainFields) => ({ mainFields }), // --main-fields=module,main
  banner: (js) => ({ banner: { js } }), // --banner:js=…
  externalModules: (external) => ({ external }), // one --external: per module; none
  forceDockerBundling: () => ({}), // where esbuild runs, not what it builds
};

/** The esbuild options of a set of bundling props, for a build whose outputs are `<name>/index.mjs`. */
export function esbuildOptionsOf(bundling: Bundling = lambdaBundling): BuildOptions {
  const unknown = Object.keys(bundling).filter((key) => !(key in asEsbuild));
  if (unknown.length > 0) throw new Error(`infra/source-maps.ts does not know how NodejsFunction passes ${unknown.join(', ')} to esbuild`);
  const options: BuildOptions = {
    // What NodejsFunction always passes: --bundle, --platform=node, and --outfile=index.mjs for ESM.
    bundle: true,
    platform: 'node',
    outExtension: { '.js': '.mjs' },
  };
  for (const key of Object.keys(bundling) as (keyof Bundling)[]) {
    Object.assign(options, (asEsbuild[key] as (value: unknown) => BuildOptions)(bundling[key]));
  }
  return options;
}

/**
 * Builds one entry as it is deployed, into `outdir/index.mjs`, with its map beside it as
 * `index.mjs.map`. The map is external (the bundle does not name it), so the bundle's bytes are
 * the deployed bundle's: esbuild is deterministic, and a map changes nothing in the code.
 */
export async function bundleWithSourceMap(entry: string, outdir: string): Promise<{ bundle: string; map: string }> {
  await build({
    ...esbuildOptionsOf(),
    sourcemap: 'external',
    // The map names the sources; their text is in the checkout.
    sourcesContent: false,
    entryPoints: { index: resolve(projectRoot, entry) },
    outdir,
    absWorkingDir: projectRoot,
    logLevel: 'error',
  });
  return { bundle: join(outdir, 'index.mjs'), map: join(outdir, 'index.mjs.map') };
}

/** A frame's place in a bundle: `file:///var/task/index.mjs:2:48213`, `/var/task/index.mjs:2:48213` or `index.mjs:2:48213`. */
const bundleFrame = /(?:file:\/\/)?[^\s()'"]*index\.mjs:(\d+):(\d+)/g;

/**
 * The text with every place in the bundle replaced by the place in the source it was built from,
 * as a path from the project's root: `shared/data/updates.ts:42:11`. Other text, JSON log lines
 * included, is left as it is; a place the map does not cover too.
 */
export function mapStackTrace(text: string, mapFile: string): string {
  const map = new SourceMap(JSON.parse(readFileSync(mapFile, 'utf8')) as SourceMapPayload);
  const from = dirname(mapFile);
  return text.replace(bundleFrame, (place, line: string, column: string) => {
    const origin = map.findOrigin(Number(line), Number(column));
    if (!('fileName' in origin)) return place;
    return `${relative(projectRoot, resolve(from, origin.fileName))}:${origin.lineNumber}:${origin.columnNumber}`;
  });
}
