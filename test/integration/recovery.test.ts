/**
 * Recovery, end to end on the local stack: a summary corrupted by hand is made right again by
 * `npm run reconcile` with no email sent, and a record that exhausted its retries is applied
 * once its fault is gone, both from a local dead-letter file (`npm run redrive`) and from
 * Lambda's on-failure message through the redrive function. Both paths read the record back
 * from the stream by shard and sequence number through the same service.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { DynamoDBStreamsClient } from '@aws-sdk/client-dynamodb-streams';
import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { DynamoDBBatchResponse, DynamoDBRecord, DynamoDBStreamEvent, SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { type PrioritySummary, positionAfter, sameContent } from '#shared/domain/summary';
import { functionNameOf } from '#shared/services/redrive';
import { functions, streamConsumerFilters } from '../../functions/index.ts';
import { invoke } from '../../infra/local/lambda.ts';
import { localCredentials } from '../../infra/local/settings.ts';
import { Checkpoints, type DeadLetter, DeadLetters, failedBatchOf, StreamPoller } from '../../infra/local/stream-poller.ts';
import { eventually, startTestStack, streamRecords, type TestStack, validUpdate } from './stack.ts';

const root = resolve(import.meta.dirname, '../..');
let stack: TestStack;
let dataDir: string;

beforeAll(async () => {
  // No pollers: each test hands records to the consumers itself, so it knows what was delivered.
  dataDir = mkdtempSync(join(tmpdir(), 'recovery-'));
  stack = await startTestStack({ startPollers: false });
});
afterAll(async () => stack?.stop());

/** Runs an operator command as a real process against this test's table; its stdout carries the EMF lines the function would log. */
function command(script: string, args: string[]) {
  const run = spawnSync(resolve(root, 'node_modules/.bin/tsx'), [script, ...args], {
    cwd: root,
    encoding: 'utf8',
    env: { ...process.env, LOCAL_DATA_DIR: dataDir, TABLE_NAME: stack.tableName, DYNAMODB_PORT: new URL(inject('dynamoDbEndpoint')).port, LOG_LEVEL: 'ERROR' },
  });
  expect(run.status, run.stderr).toBe(0);
  return run.stdout;
}

/** The embedded-metric-format lines of an output. */
function emf(output: string): Record<string, unknown>[] {
  return output
    .split('\n')
    .filter((line) => line.startsWith('{"_aws"'))
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}

async function post(priorityId: string, status: string): Promise<string> {
  const token = await stack.token(priorityId);
  const response = await stack.request('POST', `/priorities/${priorityId}/updates`, {
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ ...validUpdate, status, summary: `${status} for ${priorityId}` }),
  });
  expect(response.status).toBe(201);
  return ((await response.json()) as { id: string }).id;
}

/** Stream records after a position, of one entity. */
async function recordsAfter(position: string, entity: 'update' | 'summary'): Promise<DynamoDBRecord[]> {
  return (await streamRecords(stack)).filter(
    (record) => positionAfter(record.dynamodb!.SequenceNumber!, position) && record.dynamodb?.NewImage?.entity?.S === entity,
  );
}

async function deliver(name: 'summarise' | 'notify', records: DynamoDBRecord[]): Promise<void> {
  const response = await invoke<DynamoDBBatchResponse>(name, { Records: records });
  expect(response.batchItemFailures).toEqual([]);
}

async function summaryOf(priorityId: string): Promise<PrioritySummary> {
  return (await stack.stores.summaries.get(priorityId, true))!.value;
}

describe('reconcile', () => {
  it('makes a summary corrupted by hand right again, and sends no email', async () => {
    const priorityId = 'jobs-and-training';
    const first = await post(priorityId, 'amber');
    const second = await post(priorityId, 'red');
    await deliver('summarise', await recordsAfter('0', 'update'));
    await deliver('notify', await recordsAfter('0', 'summary'));
    const right = await summaryOf(priorityId);
    expect(right).toMatchObject({ lastUpdateId: second, updateCount: 2, status: 'red' });
    const emailsBefore = (await stack.emails()).length;
    expect(emailsBefore).toBeGreaterThan(0);
    const [lastSeen] = (await streamRecords(stack)).slice(-1).map((record) => record.dynamodb!.SequenceNumber!);

    // By hand, as an operator might: the count and last update set back to older values.
    const key = JSON.stringify({ pk: { S: 'PROGRAMME' }, sk: { S: `SUMMARY#${priorityId}` } });
    const values = JSON.stringify({ ':count': { N: '1' }, ':last': { S: first }, ':status': { S: 'amber' } });
    const expression = 'SET updateCount = :count, lastUpdateId = :last, #status = :status';
    const cli = spawnSync(
      'aws',
      [
        'dynamodb',
        'update-item',
        '--endpoint-url',
        inject('dynamoDbEndpoint'),
        '--region',
        'eu-west-2',
        '--table-name',
        stack.tableName,
        '--key',
        key,
        '--update-expression',
        expression,
        '--expression-attribute-names',
        '{"#status":"status"}',
        '--expression-attribute-values',
        values,
      ],
      {
        encoding: 'utf8',
        env: { ...process.env, AWS_ACCESS_KEY_ID: localCredentials.accessKeyId, AWS_SECRET_ACCESS_KEY: localCredentials.secretAccessKey },
      },
    );
    if (cli.error) {
      // No AWS CLI on this machine (CI installs it): the same update through the SDK.
      expect(process.env.CI, 'the AWS CLI is required under CI').not.toBe('true');
      await stack.documents.send(
        new UpdateCommand({
          TableName: stack.tableName,
          Key: { pk: 'PROGRAMME', sk: `SUMMARY#${priorityId}` },
          UpdateExpression: expression,
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: { ':count': 1, ':last': first, ':status': 'amber' },
        }),
      );
    } else expect(cli.status, cli.stderr).toBe(0);
    expect(await summaryOf(priorityId)).toMatchObject({ lastUpdateId: first, updateCount: 1 });

    const output = command('infra/local/cli/reconcile.ts', []);
    expect(output).toContain(`Repaired the summary of ${priorityId}: last update ${first} → ${second}, 1 → 2 updates, status amber → red.`);
    expect(output).toContain('read the whole history of 1.');
    // The metric the reconcile-repairs alarm watches.
    expect(emf(output)).toContainEqual(expect.objectContaining({ RecordsReconciled: 1 }));
    expect(sameContent(await summaryOf(priorityId), right)).toBe(true);

    // The notifier sees the corruption and the repair on the stream; neither sends anything.
    const changes = await recordsAfter(lastSeen!, 'summary');
    expect(changes.length).toBe(2);
    await deliver('notify', changes);
    expect((await stack.emails()).length).toBe(emailsBefore);

    // A second pass, and a full one, find nothing more to do.
    const again = command('infra/local/cli/reconcile.ts', []);
    expect(again).toContain('Every summary agrees with the updates.');
    expect(emf(again)).toEqual([]);
    const full = command('infra/local/cli/reconcile.ts', ['--full']);
    expect(full).toContain(`read the whole history of ${(await stack.stores.programme.snapshot()).priorities.length}.`);
    expect(full).toContain('Every summary agrees with the updates.');
  });
});

describe('a record that exhausted its retries', () => {
  /** Feeds summarise from the stream with a fault that fails every delivery while it lasts. */
  async function deadLetterOne(priorityId: string, file: string): Promise<{ updateId: string; letter: DeadLetter }> {
    let faulty = true;
    const letters = new DeadLetters(file);
    const streams = new DynamoDBStreamsClient({ endpoint: inject('dynamoDbEndpoint'), region: 'eu-west-2', credentials: localCredentials });
    const poller = new StreamPoller({
      client: streams,
      streamArn: stack.streamArn,
      consumer: {
        name: 'summarise',
        settings: { ...functions.summarise.stream, retryAttempts: 1 },
        invoke: (event: DynamoDBStreamEvent) => (faulty ? Promise.reject(new Error('injected fault')) : invoke<DynamoDBBatchResponse>('summarise', event)),
      },
      checkpoints: new Checkpoints(stack.streamArn),
      deadLetters: letters,
      retryDelayMs: () => 0,
    });
    try {
      // Everything already on the stream is passed over first: only the new update meets the fault.
      faulty = false;
      await poller.pollOnce();
      const updateId = await post(priorityId, 'amber-red');
      faulty = true;
      await eventually(
        async () => {
          await poller.pollOnce();
          return letters.entries.length > 0;
        },
        undefined,
        50,
        'the record to be set aside',
      );
      expect(letters.entries).toHaveLength(1);
      expect(letters.entries[0]).toMatchObject({ condition: 'RetryAttemptsExhausted', consumer: 'summarise', error: 'injected fault' });
      expect((await summaryOf(priorityId)).lastUpdateId).not.toBe(updateId);
      return { updateId, letter: letters.entries[0]! };
    } finally {
      await poller.stop();
      streams.destroy();
    }
  }

  const paths = [
    {
      path: 'from a local dead-letter file, by npm run redrive',
      priorityId: 'mental-health-support-and-awareness',
      async redrive(file: string) {
        const output = command('infra/local/cli/redrive.ts', ['--function', 'summarise']);
        expect(output).toContain('Redrove 1 of 1 records through summarise; 0 still fail');
        expect(emf(output)).toContainEqual(expect.objectContaining({ FailedRecordsRecovered: 1 }));
        expect(readFileSync(file, 'utf8')).toBe('');
      },
    },
    {
      path: "from Lambda's on-failure message, by the redrive function",
      priorityId: 'education-and-young-people',
      async redrive(_file: string, letter: DeadLetter) {
        // The deployed names of the consumers; Lambda's Invoke API is the one part no local engine answers.
        const functionArn = 'arn:aws:lambda:eu-west-2:123456789012:function:recovery-progress-dev-Summarise';
        // The service stack gives the redrive each consumer's filter under its deployed name; read when the handler loads.
        process.env.STREAM_CONSUMER_FILTERS = JSON.stringify(
          streamConsumerFilters((name) => (name === 'summarise' ? 'recovery-progress-dev-Summarise' : name)),
        );
        const lambda = mockClient(LambdaClient);
        lambda.on(InvokeCommand).callsFake(async (input: { FunctionName: string; Payload: string }) => {
          expect(functionNameOf(input.FunctionName)).toBe('recovery-progress-dev-Summarise');
          const answer = await invoke('summarise', JSON.parse(input.Payload));
          return { StatusCode: 200, Payload: new TextEncoder().encode(JSON.stringify(answer)) };
        });
        try {
          const event: SQSEvent = {
            Records: [
              {
                messageId: 'message-1',
                receiptHandle: 'handle-1',
                body: JSON.stringify(failedBatchOf(letter, functionArn)),
                attributes: { ApproximateReceiveCount: '1', SentTimestamp: '0', SenderId: 'lambda', ApproximateFirstReceiveTimestamp: '0' },
                messageAttributes: {},
                md5OfBody: '',
                eventSource: 'aws:sqs',
                eventSourceARN: 'arn:aws:sqs:eu-west-2:123456789012:failed-stream-batches',
                awsRegion: 'eu-west-2',
              },
            ],
          };
          const response = await invoke<SQSBatchResponse>('redrive', event);
          expect(response.batchItemFailures).toEqual([]);
          expect(lambda.commandCalls(InvokeCommand)).toHaveLength(1);
        } finally {
          lambda.restore();
        }
      },
    },
  ];

  it.each(paths)('is applied once its fault is gone, $path', async ({ priorityId, redrive }) => {
    const file = join(dataDir, 'dead-letters', 'summarise.jsonl');
    const { updateId, letter } = await deadLetterOne(priorityId, file);
    await redrive(file, letter);
    expect(await summaryOf(priorityId)).toMatchObject({ lastUpdateId: updateId, updateCount: 1, status: 'amber-red' });
  });
});
