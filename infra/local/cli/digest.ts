/**
 * `npm run digest [-- --run-id ID]`: runs the weekly digest now against the running local
 * stack, through the same handler the schedule invokes. The same run id never sends twice.
 */
import { parseArgs } from 'node:util';
import { invoke } from '../lambda.ts';
import { localFunctionEnvironment, localSettings } from '../settings.ts';
import { explain, fail } from './target.ts';

let values;
try {
  ({ values } = parseArgs({ options: { 'run-id': { type: 'string' } } }));
} catch (error) {
  fail(`${error instanceof Error ? error.message : String(error)}\nUsage: npm run digest [-- --run-id <id>]`);
}
const settings = localSettings();
Object.assign(process.env, localFunctionEnvironment(settings));
try {
  const result = await invoke('digest', values['run-id'] ? { runId: values['run-id'] } : {});
  console.log(JSON.stringify(result, null, 2));
  console.error(`Sent mail is on ${settings.sesEndpoint}`);
} catch (error) {
  fail(explain(error, `table ${settings.TABLE_NAME} on ${settings.dynamoDbEndpoint}, SES on ${settings.sesEndpoint}`));
}
