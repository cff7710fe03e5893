/**
 * `npm run bench:publish`: copies the last run's results (bench/artifacts/) to the committed
 * bench/results/, which the docs link to. Only a full run of every section is published: a quick
 * or `--only` run times fewer things and would replace figures it did not measure.
 */
import { copyFileSync, existsSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { type BenchResults, publishedDir, runDir } from './lib/report.ts';

/** Says why nothing was published, without a stack trace: the reason is the whole message. */
function refuse(reason: string): never {
  console.error(reason);
  process.exit(1);
}

const resultsFile = join(runDir, 'latest.json');
if (!existsSync(resultsFile)) refuse(`No run to publish: ${relative(process.cwd(), resultsFile)} is missing; run npm run bench first`);
const results = JSON.parse(readFileSync(resultsFile, 'utf8')) as BenchResults;
if (results.mode !== 'full' || results.only)
  refuse(`The last run was ${results.only ? `of ${results.only.join(', ')} only` : 'a quick run'}: publish a full run of every section`);
for (const name of ['latest.json', 'latest.md']) copyFileSync(join(runDir, name), join(publishedDir, name));
console.log(`Published the run of ${results.generatedAt} to ${relative(process.cwd(), publishedDir)}/latest.{json,md}`);
