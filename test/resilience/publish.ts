/**
 * `npm run test:resilience:publish`: copies the last run's figures (test/artifacts/resilience/)
 * to the committed test/resilience/results/, which the docs link to. Only a run of every file of
 * the suite with no failed test is published, so the committed table is always a whole one.
 */
import { copyFileSync, existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { publishedDir, runDir } from './lib/figures.ts';

/** Says why nothing was published, without a stack trace: the reason is the whole message. */
function refuse(reason: string): never {
  console.error(reason);
  process.exit(1);
}

const summaryFile = join(runDir, 'latest.json');
if (!existsSync(summaryFile)) refuse(`No run to publish: ${relative(process.cwd(), summaryFile)} is missing; run npm run test:resilience first`);
const summary = JSON.parse(readFileSync(summaryFile, 'utf8')) as { finishedAt: string; files?: string[]; tests: { failed: number } };
const suite = readdirSync(import.meta.dirname).filter((name) => name.endsWith('.test.ts'));
const missing = suite.filter((name) => !(summary.files ?? []).includes(name));
if (missing.length > 0) refuse(`The last run did not run ${missing.join(', ')}: publish a run of the whole suite`);
if (summary.tests.failed > 0) refuse(`The last run had ${summary.tests.failed} failed test(s): publish a passing run`);
for (const name of ['latest.json', 'latest.md']) copyFileSync(join(runDir, name), join(publishedDir, name));
console.log(`Published the run finished ${summary.finishedAt} to ${relative(process.cwd(), publishedDir)}/latest.{json,md}`);
