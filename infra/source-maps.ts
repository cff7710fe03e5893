/**
 * The source maps of a function's deployed build, kept apart from it (the deployed zip carries
 * none, docs/operations.md#reading-an-error). `sourceMapsOf` rebuilds one function of the current
 * checkout with its maps, and `mapStackTrace` maps the places in a logged stack trace, in
 * `index.mjs` or in any of its chunks, back to the TypeScript sources.
 */
import { readFileSync } from 'node:fs';
import { SourceMap, type SourceMapPayload } from 'node:module';
import { basename, dirname, join, relative, resolve } from 'node:path';
import type { Metafile } from 'esbuild';
import { bundleFunction } from './bundling.ts';

const projectRoot = resolve(import.meta.dirname, '..');

/** A build's code files (no maps), each named by the modules it holds: the same modules make the same file in either build. */
function filesByModules(metafile: Metafile): Map<string, string> {
  return new Map(
    Object.entries(metafile.outputs)
      .filter(([output]) => output.endsWith('.mjs'))
      .map(([output, { inputs }]) => [Object.keys(inputs).sort().join('\n'), output]),
  );
}

/**
 * Builds one entry as it is deployed, and again with a map beside each file, into `outdir`.
 * Returns each deployed file's name (`index.mjs`, `pages-5LQXH2ZD.mjs`) with its map. Code is
 * the same in both builds, but a chunk's name hashes its map too, so the map build's chunks
 * have other names: each is paired with the deployed file that holds the same modules.
 */
export async function sourceMapsOf(entry: string, outdir: string): Promise<Record<string, string>> {
  const deployed = await bundleFunction({ entry, outdir: join(outdir, 'deployed'), extra: { write: false } });
  // External maps: the code names no map, so its bytes are the deployed code's apart from chunk names. The sources are in the checkout.
  const mapped = await bundleFunction({ entry, outdir: join(outdir, 'mapped'), extra: { sourcemap: 'external', sourcesContent: false } });
  const mappedFiles = filesByModules(mapped);
  const maps: Record<string, string> = {};
  for (const [modules, output] of filesByModules(deployed)) {
    const twin = mappedFiles.get(modules);
    if (twin) maps[basename(output)] = resolve(projectRoot, `${twin}.map`);
  }
  return maps;
}

/** A frame's place in a deployed file: `file:///var/task/index.mjs:2:48213`, `/var/task/pages-5LQXH2ZD.mjs:1:930` or `index.mjs:2:48213`. */
const bundleFrame = /(?:file:\/\/)?(?:[^\s()'"]*\/)?([\w.-]+\.mjs):(\d+):(\d+)/g;

/**
 * The text with every place in a deployed file replaced by the place in the source it was built
 * from, as a path from the project's root: `shared/data/updates.ts:42:11`. Other text, JSON log
 * lines included, is left as it is; a file with no map, or a place its map does not cover, too.
 */
export function mapStackTrace(text: string, maps: Record<string, string>): string {
  const loaded = new Map<string, SourceMap>();
  return text.replace(bundleFrame, (place, file: string, line: string, column: string) => {
    const mapFile = maps[file];
    if (!mapFile) return place;
    if (!loaded.has(mapFile)) loaded.set(mapFile, new SourceMap(JSON.parse(readFileSync(mapFile, 'utf8')) as SourceMapPayload));
    const origin = loaded.get(mapFile)!.findOrigin(Number(line), Number(column));
    if (!('fileName' in origin)) return place;
    return `${relative(projectRoot, resolve(dirname(mapFile), origin.fileName))}:${origin.lineNumber}:${origin.columnNumber}`;
  });
}
