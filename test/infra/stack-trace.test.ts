/**
 * A stack trace logged by a deployed bundle, which carries no source map, maps back to the
 * TypeScript through the maps `npm run stack-trace` builds apart for the same code, in
 * index.mjs and in the chunks it loads on demand.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { bundleFunction } from '../../infra/bundling.ts';
import { mapStackTrace, sourceMapsOf } from '../../infra/source-maps.ts';

const folder = mkdtempSync(join(tmpdir(), 'recovery-progress-stack-trace-'));
afterAll(() => rmSync(folder, { recursive: true, force: true }));

/** A handler that throws on line 8 of its module, from a helper on line 4 of another that it loads on demand (a chunk of its own). */
const modules = {
  'rules.ts': [
    '/** A rule that fails. */',
    'export function checkPeriod(period: string): string {',
    '  if (/^\\d{4}-\\d{2}$/.test(period)) return period;',
    "  throw new RangeError('not a period: ' + period);",
    '}',
    '',
  ],
  'handler.ts': [
    '/** A handler. */',
    '',
    'interface Event {',
    '  period: string;',
    '}',
    '',
    'export const handler = async (event: Event) => {',
    "  return { period: (await import('./rules.ts')).checkPeriod(event.period) };",
    '};',
    '',
  ],
};

describe('npm run stack-trace', () => {
  it('maps each frame of a deployed bundle’s stack trace to the TypeScript file, line and column', async () => {
    // Prepare: the modules as deployed (no maps), and their maps built apart.
    for (const [name, lines] of Object.entries(modules)) writeFileSync(join(folder, name), lines.join('\n'));
    const entry = join(folder, 'handler.ts');
    const deployed = join(folder, 'deployed');
    await bundleFunction({ entry, outdir: deployed });
    const maps = await sourceMapsOf(entry, join(folder, 'maps'));
    const run = spawnSync(
      process.execPath,
      [
        '--input-type=module',
        '-e',
        "const { handler } = await import('./index.mjs'); await handler({ period: 'spring' }).catch((error) => console.log(error.stack));",
      ],
      { cwd: deployed, encoding: 'utf8', env: { PATH: process.env.PATH } },
    );
    const logged = run.stdout;

    // Act
    const mapped = mapStackTrace(logged, maps);

    // Assess: a map for each deployed file, which holds the same code; the trace pointed into the chunk and index.mjs and now points at the sources.
    const files = readdirSync(deployed).sort();
    expect(Object.keys(maps).sort()).toEqual(files);
    expect(files).toHaveLength(2);
    const chunk = files.find((file) => file !== 'index.mjs')!;
    // The map build's chunk has another name (its hash covers its map); the code is the same.
    const mappedChunk = basename(maps[chunk]!, '.map');
    for (const file of files) {
      expect(readFileSync(maps[file]!.replace(/\.map$/, ''), 'utf8').replace(mappedChunk, chunk)).toEqual(readFileSync(join(deployed, file), 'utf8'));
    }
    expect(logged).toMatch(
      new RegExp(
        `RangeError: not a period: spring\\n\\s+at \\S+ \\(file://.*${chunk.replace('.', '\\.')}:\\d+:\\d+\\)\\n\\s+at \\S+ \\(file://.*index\\.mjs:\\d+:\\d+\\)`,
      ),
    );
    expect(mapped).toMatch(/RangeError: not a period: spring\n\s+at \S+ \(\S*rules\.ts:4:9\)\n\s+at \S+ \(\S*handler\.ts:8:\d+\)/);
    expect(mapped).not.toMatch(/\.mjs:\d/);
  });
});
