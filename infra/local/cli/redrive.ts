/**
 * `npm run redrive -- --function <name>`: sends the records a stream consumer set aside in
 * `.local/dead-letters/<name>.jsonl` through it again, once the cause is fixed. Records that
 * now succeed leave the file; the rest stay for another look. Consumers are idempotent, so a
 * record that had in fact been applied changes nothing.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import type { DynamoDBBatchResponse } from 'aws-lambda';
import { functions, type FunctionName } from '#shared/functions';
import { invoke } from '../lambda.ts';
import { localFunctionEnvironment, localSettings } from '../settings.ts';
import type { DeadLetter } from '../stream-poller.ts';
import { explain, fail } from './target.ts';

const consumers = Object.entries(functions).filter(([, definition]) => 'stream' in definition).map(([name]) => name);
const usage = `Usage: npm run redrive -- --function <${consumers.join('|')}>`;

let values;
try {
  ({ values } = parseArgs({ options: { function: { type: 'string' } } }));
} catch (error) {
  fail(`${error instanceof Error ? error.message : String(error)}\n${usage}`);
}
const name = values.function;
if (!name || !consumers.includes(name)) fail(usage);

const settings = localSettings();
const file = join(settings.dataDir, 'dead-letters', `${name}.jsonl`);
if (!existsSync(file)) {
  console.log(`No dead letters for ${name} (${file}).`);
  process.exit(0);
}
Object.assign(process.env, localFunctionEnvironment(settings));
const letters = readFileSync(file, 'utf8')
  .split('\n')
  .filter((line) => line.trim() !== '')
  .map((line) => JSON.parse(line) as DeadLetter);

const remaining: DeadLetter[] = [];
try {
  for (const letter of letters) {
    const response = await invoke<DynamoDBBatchResponse>(name as FunctionName, { Records: [letter.record] }).catch((error: unknown) => {
      console.error(`${letter.record.dynamodb?.SequenceNumber}: ${error instanceof Error ? error.message : String(error)}`);
      return { batchItemFailures: [{ itemIdentifier: letter.record.dynamodb?.SequenceNumber ?? '' }] };
    });
    if (response.batchItemFailures.length > 0) remaining.push(letter);
  }
} catch (error) {
  fail(explain(error, `table ${settings.TABLE_NAME} on ${settings.dynamoDbEndpoint}`));
}
writeFileSync(file, remaining.map((letter) => JSON.stringify(letter)).join('\n') + (remaining.length ? '\n' : ''));
console.log(`Redrove ${letters.length - remaining.length} of ${letters.length} records through ${name}; ${remaining.length} still fail and stay in ${file}.`);
