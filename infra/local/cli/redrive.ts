/**
 * `npm run redrive [-- --function <name>]`: the local stack's counterpart of the redrive
 * function. Each record a stream consumer set aside in `.local/dead-letters/<name>.jsonl` is
 * named the way Lambda's on-failure message names it, read back from the stream by shard and
 * sequence number, and applied again by the same code the deployed function runs. Records
 * that now succeed leave the file, as do those the stream no longer holds (run reconcile);
 * the rest stay for another try. Consumers are idempotent, so a record that had in fact been
 * applied changes nothing.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { DynamoDBStreamsClient } from '@aws-sdk/client-dynamodb-streams';
import type { DynamoDBBatchResponse } from 'aws-lambda';
import { StreamRecords } from '#shared/data/stream';
import type { FunctionDefinition } from '#shared/function-definition';
import { functionNameOf, type RedrivePorts } from '#shared/services/redrive';
import { type FunctionName, functions } from '../../../functions/index.ts';
import { invoke, localFunctionArn } from '../lambda.ts';
import { localCredentials, localFunctionEnvironment, localSettings } from '../settings.ts';
import { type DeadLetter, failedBatchOf } from '../stream-poller.ts';
import { explain, fail } from './target.ts';

function consumerFilter(name: FunctionName): Record<string, unknown> {
  const definition = functions[name] as FunctionDefinition;
  if (!definition.stream) throw new Error(`${name} consumes no stream`);
  return definition.stream.filter;
}

const consumers = Object.entries(functions)
  .filter(([, definition]) => 'stream' in definition)
  .map(([name]) => name as FunctionName);
const usage = `Usage: npm run redrive [-- --function <${consumers.join('|')}>]`;

let values;
try {
  ({ values } = parseArgs({ options: { function: { type: 'string' } } }));
} catch (error) {
  fail(`${error instanceof Error ? error.message : String(error)}\n${usage}`);
}
if (values.function !== undefined && !consumers.includes(values.function as FunctionName)) fail(usage);
const chosen = values.function ? [values.function as FunctionName] : consumers;

const settings = localSettings();
Object.assign(process.env, localFunctionEnvironment(settings));
// Loaded once the environment is set, as a function's code is: metrics and logging read it at load.
const { metrics } = await import('#shared/metrics');
const { redriveAndCount } = await import('../../../functions/redrive/handler.ts');
const streams = new DynamoDBStreamsClient({ region: settings.AWS_REGION, endpoint: settings.dynamoDbEndpoint, credentials: localCredentials, maxAttempts: 2 });
const ports: RedrivePorts = {
  records: new StreamRecords(streams),
  invoke: (functionArn, event) => invoke<DynamoDBBatchResponse>(functionNameOf(functionArn) as FunctionName, event),
  // The filter the local poller applies to the consumer: its definition's.
  filterOf: (functionArn) => consumerFilter(functionNameOf(functionArn) as FunctionName),
};

async function redriveFile(name: FunctionName): Promise<void> {
  const file = join(settings.dataDir, 'dead-letters', `${name}.jsonl`);
  if (!existsSync(file)) {
    console.log(`No dead letters for ${name} (${file}).`);
    return;
  }
  const letters = readFileSync(file, 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as DeadLetter);
  const remaining: DeadLetter[] = [];
  let applied = 0;
  let trimmed = 0;
  for (const letter of letters) {
    const result = await redriveAndCount(ports, failedBatchOf(letter, localFunctionArn(name))).catch((error: unknown) => {
      console.error(`${letter.record.dynamodb?.SequenceNumber}: ${error instanceof Error ? error.message : String(error)}`);
      return { outcome: 'still failing' as const };
    });
    if (result.outcome === 'still failing') remaining.push(letter);
    else if (result.outcome === 'trimmed') trimmed += 1;
    else applied += 1;
  }
  writeFileSync(file, remaining.map((letter) => JSON.stringify(letter)).join('\n') + (remaining.length ? '\n' : ''));
  console.log(`Redrove ${applied} of ${letters.length} records through ${name}; ${remaining.length} still fail and stay in ${file}.`);
  if (trimmed > 0) console.log(`${trimmed} records are no longer in the stream: npm run reconcile re-derives what they changed.`);
}

try {
  for (const name of chosen) await redriveFile(name);
} catch (error) {
  fail(explain(error, `table ${settings.TABLE_NAME} on ${settings.dynamoDbEndpoint}`));
} finally {
  // The EMF line the deployed function would write to its log.
  if (metrics.hasStoredMetrics()) metrics.publishStoredMetrics();
  streams.destroy();
}
