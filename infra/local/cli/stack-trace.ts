/**
 * `npm run stack-trace -- --function record-update [file]`: a stack trace (or whole log lines)
 * that a deployed function logged, from the file or stdin, with every place in its minified
 * bundle (index.mjs or one of its chunks) replaced by the TypeScript file, line and column. The
 * deployed zip carries no source map: this builds the function and its maps for the current
 * checkout, as the deployment builds it, so check out the commit that was deployed first.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { entryOf, type FunctionName, functions } from '../../../functions/index.ts';
import { mapStackTrace, sourceMapsOf } from '../../source-maps.ts';

const { values, positionals } = parseArgs({ options: { function: { type: 'string' } }, allowPositionals: true });
const name = values.function;
if (!name || !(name in functions)) {
  console.error(`Usage: npm run stack-trace -- --function <name> [file]; the names: ${Object.keys(functions).join(', ')}`);
  process.exit(2);
}
const text = readFileSync(positionals[0] ?? 0, 'utf8');
const outdir = mkdtempSync(join(tmpdir(), 'recovery-progress-stack-trace-'));
try {
  const maps = await sourceMapsOf(entryOf(name as FunctionName), outdir);
  process.stdout.write(mapStackTrace(text, maps));
} finally {
  rmSync(outdir, { recursive: true, force: true });
}
