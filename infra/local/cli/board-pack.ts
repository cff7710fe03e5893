/**
 * `npm run board-pack -- --quarter 2021-Q1 [--stage <stage>]`: makes a quarter's board pack now,
 * through the function the quarterly schedule invokes: in this process against the local stack,
 * or with `--stage` by invoking the deployed function. A quarter that has a pack keeps it:
 * running it again changes nothing.
 */
import { parseArgs } from 'node:util';
import { quarterProblem } from '#shared/domain/board-pack';
import type { BoardPackRun } from '../../../functions/board-pack-on-schedule/handler.ts';
import { outputKeys } from '../../naming.ts';
import { invoke } from '../lambda.ts';
import { localFunctionEnvironment, localSettings } from '../settings.ts';
import { explain, fail, invokeDeployed } from './target.ts';

const usage = 'Usage: npm run board-pack -- --quarter <YYYY-Qn> [--stage <stage>]';
let values;
try {
  ({ values } = parseArgs({ options: { quarter: { type: 'string' }, stage: { type: 'string' } } }));
} catch (error) {
  fail(`${error instanceof Error ? error.message : String(error)}\n${usage}`);
}
const { quarter, stage } = values;
if (quarter === undefined) fail(`Name the quarter, for example --quarter 2021-Q1.\n${usage}`);
// Checked here without a read; the function checks the quarter against the programme's start too.
const problem = quarterProblem(quarter, new Date(), undefined);
if (problem) fail(`${problem.message}.\n${usage}`);

const settings = localSettings();
try {
  let run: BoardPackRun;
  if (stage === undefined) {
    Object.assign(process.env, localFunctionEnvironment(settings));
    run = await invoke<BoardPackRun>('board-pack-on-schedule', { quarter });
  } else {
    run = await invokeDeployed<BoardPackRun>(stage, outputKeys.boardPackFunction, { quarter });
  }
  const emails = `${run.emails.sent} board ${run.emails.sent === 1 ? 'member' : 'members'} emailed the link`;
  console.log(
    run.made
      ? `Made the board pack of ${run.quarter}: ${run.url} (${run.priorities} priorities, ${run.noUpdate.length} with no update; ${emails}).`
      : `The board pack of ${run.quarter} was made on ${run.madeAt} and is unchanged: ${run.url} (${emails}).`,
  );
} catch (error) {
  fail(explain(error, stage === undefined ? `table ${settings.TABLE_NAME} on ${settings.dynamoDbEndpoint}` : `stage ${stage}`, stage));
}
