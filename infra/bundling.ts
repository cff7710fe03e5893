/**
 * How every function is bundled, in one place: `lambdaBundling`, the props, and
 * `esbuildOptionsOf`, the esbuild options they make. The construct (infra/constructs/project-function.ts),
 * the bench's artifacts and `npm run stack-trace` all build through `bundleFunction`, so what is
 * measured and mapped is what is deployed.
 *
 * Each function is built alone, with esbuild's code splitting: `index.mjs` and, beside it, a
 * chunk for each part its handler loads on demand (`import()`) and for code two such parts
 * share. A chunk is parsed only when a request path imports it; a chunk `index.mjs` imports
 * statically is loaded at start like the rest of it. Chunk names carry a hash of their content,
 * so an asset's hash changes only with its code.
 */
import { resolve } from 'node:path';
import { type BuildOptions, build, buildSync, type Metafile } from 'esbuild';

const projectRoot = resolve(import.meta.dirname, '..');

/** ESM has no `require`; some bundled CommonJS dependencies still call it. Aliased, so no module's own `createRequire` collides with it unminified. */
const createRequireBanner = "import { createRequire as createBannerRequire } from 'module'; const require = createBannerRequire(import.meta.url);";

/** The bundling props a build may set: the deployed ones, with minify, sourceMap and keepNames free (the bench's source-map options). */
export interface Bundling {
  format: 'esm';
  target: string;
  minify: boolean;
  /** A linked `.map` beside each output (and a `sourceMappingURL` comment in it). */
  sourceMap: boolean;
  keepNames?: boolean;
  mainFields: string[];
  banner: string;
  externalModules: string[];
}

/** How every function is bundled. */
export const lambdaBundling = {
  format: 'esm',
  target: 'node22',
  minify: true,
  // No map in the zip and none loaded: `npm run stack-trace` maps a logged stack trace with the
  // maps of the same build (infra/source-maps.ts; the figures: docs/performance.md#decisions-the-figures-support).
  sourceMap: false,
  mainFields: ['module', 'main'],
  banner: createRequireBanner,
  // Bundle the SDK: a pinned, tree-shaken client instead of whatever the runtime ships.
  externalModules: [],
} satisfies Bundling;

/** How each bundling prop becomes esbuild options: one entry per prop, so a prop added to `Bundling` fails the type check until it is built. */
const asEsbuild: { [K in keyof Bundling]-?: (value: Bundling[K]) => BuildOptions } = {
  format: (format) => ({ format }),
  target: (target) => ({ target }),
  minify: (minify) => ({ minify }),
  sourceMap: (sourceMap) => ({ sourcemap: sourceMap ? 'linked' : false }),
  keepNames: (keepNames) => ({ keepNames }),
  mainFields: (mainFields) => ({ mainFields }),
  banner: (js) => ({ banner: { js } }),
  externalModules: (external) => ({ external }),
};

/** The esbuild options of a set of bundling props, for one function's build into a folder of its own (entry `index`). */
function esbuildOptionsOf(bundling: Bundling = lambdaBundling): BuildOptions {
  const options: BuildOptions = {
    bundle: true,
    platform: 'node',
    splitting: true,
    outExtension: { '.js': '.mjs' },
    chunkNames: '[name]-[hash]',
    absWorkingDir: projectRoot,
    logLevel: 'error',
  };
  for (const key of Object.keys(bundling) as (keyof Bundling)[]) {
    Object.assign(options, (asEsbuild[key] as (value: unknown) => BuildOptions)(bundling[key]));
  }
  return options;
}

/** What a function's build is given: its entry, its folder, and optionally other bundling or extra esbuild options (a map apart, no writing). */
export interface FunctionBuild {
  entry: string;
  outdir: string;
  bundling?: Bundling;
  extra?: BuildOptions;
}

function optionsOf({ entry, outdir, bundling, extra }: FunctionBuild): BuildOptions {
  return { ...esbuildOptionsOf(bundling), entryPoints: { index: resolve(projectRoot, entry) }, outdir, metafile: true, ...extra };
}

/** Builds one function into `outdir`: `index.mjs` and its chunks. Returns esbuild's metafile (inputs of each output). */
export async function bundleFunction(spec: FunctionBuild): Promise<Metafile> {
  return (await build(optionsOf(spec))).metafile!;
}

/** The same build, synchronously: the CDK's local bundling cannot wait. */
export function bundleFunctionSync(spec: FunctionBuild): Metafile {
  return buildSync(optionsOf(spec)).metafile!;
}
