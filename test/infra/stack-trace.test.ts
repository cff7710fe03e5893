/**
 * A stack trace logged by a deployed bundle, which carries no source map, maps back to the
 * TypeScript through the map `npm run stack-trace` builds apart for the same code.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'esbuild';
import { afterAll, describe, expect, it } from 'vitest';
import { bundleWithSourceMap, esbuildOptionsOf, mapStackTrace } from '../../infra/source-maps.ts';
import { root } from './test-app.ts';

const folder = mkdtempSync(join(tmpdir(), 'recovery-progress-stack-trace-'));
afterAll(() => rmSync(folder, { recursive: true, force: true }));

/** A handler that throws on line 8 of its module, from a helper on line 4 of another. */
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
    "import { checkPeriod } from './rules.ts';",
    '',
    'interface Event {',
    '  period: string;',
    '}',
    '',
    'export const handler = async (event: Event) => {',
    '  return { period: checkPeriod(event.period) };',
    '};',
    '',
  ],
};

describe('npm run stack-trace', () => {
  it('maps each frame of a deployed bundle’s stack trace to the TypeScript file, line and column', async () => {
    // Prepare: the module as deployed (no map), and again with its map apart.
    for (const [name, lines] of Object.entries(modules)) writeFileSync(join(folder, name), lines.join('\n'));
    const entry = join(folder, 'handler.ts');
    const deployed = join(folder, 'deployed');
    await build({ ...esbuildOptionsOf(), entryPoints: { index: entry }, outdir: deployed, absWorkingDir: root, logLevel: 'error' });
    const { bundle, map } = await bundleWithSourceMap(entry, join(folder, 'mapped'));
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
    const mapped = mapStackTrace(logged, map);

    // Assess: the bundle the map belongs to is the deployed one; the trace pointed into it and now points at the sources.
    expect(readFileSync(bundle)).toEqual(readFileSync(join(deployed, 'index.mjs')));
    expect(logged).toMatch(/RangeError: not a period: spring\n\s+at \S+ \(file:\/\/.*index\.mjs:\d+:\d+\)/);
    expect(mapped).toMatch(/RangeError: not a period: spring\n\s+at \S+ \(\S*rules\.ts:4:9\)\n\s+at \S+ \(\S*handler\.ts:8:20\)/);
    expect(mapped).not.toContain('index.mjs');
  });
});
