/**
 * The local event source mapping against DynamoDB Local's real stream: batching and filters,
 * partial failures with bounded retries and a dead-letter file, and a checkpoint that
 * survives a restart without losing or replaying records.
 */

import { randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBStreamsClient } from '@aws-sdk/client-dynamodb-streams';
import { DynamoDBDocumentClient, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { DynamoDBBatchResponse, DynamoDBStreamEvent } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { StreamSettings } from '#shared/function-definition';
import { ensureTable } from '../../infra/local/bootstrap.ts';
import { Checkpoints, DeadLetters, StreamPoller } from '../../infra/local/stream-poller.ts';
import { eventually } from './stack.ts';

const credentials = { accessKeyId: 'local', secretAccessKey: 'local' };
let client: DynamoDBClient;
let streams: DynamoDBStreamsClient;
let documents: DynamoDBDocumentClient;
let tableName: string;
let streamArn: string;

const settings: StreamSettings = {
  batchSize: 3,
  maxBatchingWindowSeconds: 0,
  retryAttempts: 2,
  maxRecordAgeSeconds: 3600,
  filter: { eventName: ['INSERT'], dynamodb: { NewImage: { entity: { S: ['update'] } } } },
};

beforeAll(async () => {
  const endpoint = inject('dynamoDbEndpoint');
  client = new DynamoDBClient({ endpoint, region: 'eu-west-2', credentials });
  streams = new DynamoDBStreamsClient({ endpoint, region: 'eu-west-2', credentials });
  documents = DynamoDBDocumentClient.from(client);
  tableName = `poller-${randomUUID()}`;
  streamArn = await ensureTable(client, tableName);
});
afterAll(() => {
  client?.destroy();
  streams?.destroy();
});

async function put(n: number, entity = 'update') {
  await documents.send(new PutCommand({ TableName: tableName, Item: { pk: 'P', sk: `ITEM#${String(n).padStart(4, '0')}`, entity, n } }));
}

function recorder(fail: (n: number, attempt: number) => boolean = () => false) {
  const delivered: number[][] = [];
  const attempts = new Map<number, number>();
  return {
    delivered,
    attempts,
    async invoke(event: DynamoDBStreamEvent): Promise<DynamoDBBatchResponse> {
      const ns = event.Records.map((r) => Number(r.dynamodb!.NewImage!.n!.N));
      delivered.push(ns);
      const failures = [];
      for (const [i, n] of ns.entries()) {
        const attempt = (attempts.get(n) ?? 0) + 1;
        attempts.set(n, attempt);
        if (fail(n, attempt)) failures.push({ itemIdentifier: event.Records[i]!.dynamodb!.SequenceNumber! });
      }
      return { batchItemFailures: failures };
    },
  };
}

describe('stream poller', () => {
  it('delivers filtered records in batches, retries a poison record, then sets it aside while the rest go on', async () => {
    for (let n = 1; n <= 7; n += 1) await put(n, n === 4 ? 'summary' : 'update'); // record 4 is filtered out
    const consumer = recorder((n) => n === 2); // 2 always fails
    const deadLetters = new DeadLetters();
    const checkpoints = new Checkpoints(streamArn);
    const poller = new StreamPoller({
      client: streams,
      streamArn,
      consumer: { name: 'test', settings, invoke: (event) => consumer.invoke(event) },
      checkpoints,
      deadLetters,
      retryDelayMs: () => 1,
    });
    await poller.pollOnce();

    const seen = new Set(consumer.delivered.flat());
    expect([...seen].sort()).toEqual([1, 2, 3, 5, 6, 7]);
    expect(consumer.delivered.every((batch) => batch.length <= settings.batchSize)).toBe(true);
    expect(consumer.attempts.get(1)).toBe(1); // succeeded before the failure: never redelivered
    expect(consumer.attempts.get(2)).toBe(settings.retryAttempts + 1);
    expect(consumer.attempts.get(7)).toBe(1);
    expect(deadLetters.entries).toHaveLength(1);
    expect(deadLetters.entries[0]).toMatchObject({ condition: 'RetryAttemptsExhausted', consumer: 'test', attempts: 3 });
    expect(deadLetters.entries[0]!.record.dynamodb!.NewImage!.n!.N).toBe('2');

    // Nothing new: a second poll delivers nothing.
    const before = consumer.delivered.length;
    await poller.pollOnce();
    expect(consumer.delivered.length).toBe(before);
  });

  it('waits out an outage of the database instead of spending retries on it', async () => {
    const table = `outage-${randomUUID()}`;
    const arn = await ensureTable(client, table);
    for (let n = 1; n <= 2; n += 1) await documents.send(new PutCommand({ TableName: table, Item: { pk: 'P', sk: `ITEM#${n}`, entity: 'update', n } }));
    let down = true;
    const consumer = recorder(() => down); // every attempt fails while "DynamoDB" is down
    const deadLetters = new DeadLetters();
    const poller = new StreamPoller({
      client: streams,
      streamArn: arn,
      consumer: { name: 'test', settings, invoke: (event) => consumer.invoke(event) },
      checkpoints: new Checkpoints(arn),
      deadLetters,
      retryDelayMs: () => 1,
      dependencyAvailable: async () => !down,
    });
    const polled = poller.pollOnce();
    await eventually(async () => (consumer.attempts.get(1) ?? 0) >= 1);
    await new Promise((resolve) => setTimeout(resolve, 600)); // well past the retries it would have spent
    down = false;
    await polled;

    expect(deadLetters.entries).toEqual([]);
    expect(consumer.attempts.get(1)).toBe(2); // the failure during the outage, then success
    expect(consumer.attempts.get(2)).toBe(2);
  });

  it('resumes from a checkpoint file after a restart: nothing lost, nothing replayed', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'checkpoints-'));
    const file = join(dir, 'consumer.json');
    const dlqFile = join(dir, 'dlq.jsonl');
    const table = `restart-${randomUUID()}`;
    const arn = await ensureTable(client, table);
    const write = (n: number) => documents.send(new PutCommand({ TableName: table, Item: { pk: 'P', sk: `ITEM#${n}`, entity: 'update', n } }));
    const consumer = recorder((n, attempt) => n === 3 && attempt === 1); // fails once, then succeeds
    const makePoller = () =>
      new StreamPoller({
        client: streams,
        streamArn: arn,
        consumer: { name: 'test', settings, invoke: (event) => consumer.invoke(event) },
        checkpoints: new Checkpoints(arn, file),
        deadLetters: new DeadLetters(dlqFile),
        retryDelayMs: () => 1,
        pollIntervalMs: 20,
      });

    for (let n = 1; n <= 4; n += 1) await write(n);
    const first = makePoller();
    first.start();
    await eventually(async () => consumer.delivered.flat().includes(4));
    await first.stop();
    const saved = JSON.parse(readFileSync(file, 'utf8')) as { streamArn: string };
    expect(saved.streamArn).toBe(arn);

    for (let n = 5; n <= 8; n += 1) await write(n);
    const second = makePoller();
    second.start();
    await eventually(async () => consumer.delivered.flat().includes(8));
    await second.stop();

    const counts = [1, 2, 3, 4, 5, 6, 7, 8].map((n) => consumer.attempts.get(n));
    expect(counts).toEqual([1, 1, 2, 1, 1, 1, 1, 1]); // 3 retried once; nothing replayed after the restart
  });
});
