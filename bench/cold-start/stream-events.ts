/**
 * The cold-start bench's events for the functions the table's stream drives: summarise and notify
 * get records read back from the stream itself, after writes made for them; redrive gets the
 * on-failure destination's message naming one of those records.
 */
import { randomUUID } from 'node:crypto';
import { DescribeStreamCommand, DynamoDBStreamsClient, GetRecordsCommand, GetShardIteratorCommand } from '@aws-sdk/client-dynamodb-streams';
import type { DynamoDBRecord } from 'aws-lambda';
import { toLambdaRecord } from '#shared/data/stream';
import { newUpdateId } from '#shared/domain/ids';
import { newMeasure } from '#shared/domain/measure';
import { applyUpdate } from '#shared/domain/summary';
import { projectName } from '../../infra/naming.ts';
import { type BenchStack, storedUpdate } from '../lib/fixture.ts';
import { type AddEvents, type Check, type EventContext, region } from './event-context.ts';

const noBatchFailures: Check = (result: unknown) => {
  const failures = (result as { batchItemFailures?: unknown[] } | undefined)?.batchItemFailures;
  return failures === undefined || failures.length === 0 ? undefined : `reported ${failures.length} failed records`;
};

const streamsClient = (stack: BenchStack) =>
  new DynamoDBStreamsClient({ endpoint: stack.endpoint, region, credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });

/** Reads whatever the table's stream receives while `write` runs, through iterators opened at its tip. */
async function streamRecordsOf(stack: BenchStack, write: () => Promise<void>, expected: number): Promise<DynamoDBRecord[]> {
  const client = streamsClient(stack);
  try {
    const streamArn = stack.stack.streamArn;
    const { StreamDescription } = await client.send(new DescribeStreamCommand({ StreamArn: streamArn }));
    const open = (StreamDescription?.Shards ?? []).filter((shard) => !shard.SequenceNumberRange?.EndingSequenceNumber);
    const iterators = new Map<string, string | undefined>();
    for (const shard of open) {
      const { ShardIterator } = await client.send(new GetShardIteratorCommand({ StreamArn: streamArn, ShardId: shard.ShardId!, ShardIteratorType: 'LATEST' }));
      iterators.set(shard.ShardId!, ShardIterator);
    }
    await write();
    const records: DynamoDBRecord[] = [];
    for (let attempt = 0; records.length < expected && attempt < 50; attempt += 1) {
      for (const [shardId, iterator] of iterators) {
        if (!iterator) continue;
        const page = await client.send(new GetRecordsCommand({ ShardIterator: iterator, Limit: 1000 }));
        records.push(...(page.Records ?? []).map((record) => toLambdaRecord(record, streamArn)));
        iterators.set(shardId, page.NextShardIterator);
      }
      if (records.length < expected) await new Promise((resolveWait) => setTimeout(resolveWait, 50));
    }
    if (records.length < expected) throw new Error(`the stream showed ${records.length} of ${expected} records`);
    return records;
  } finally {
    client.destroy();
  }
}

/** The shard each record came from (a Lambda record carries only its sequence number). */
async function shardsOf(stack: BenchStack, records: DynamoDBRecord[]): Promise<Map<string, string>> {
  const client = streamsClient(stack);
  try {
    const { StreamDescription } = await client.send(new DescribeStreamCommand({ StreamArn: stack.stack.streamArn }));
    const shardOf = new Map<string, string>();
    const inRange = (sequence: string, start: string, end: string | undefined) =>
      BigInt(sequence) >= BigInt(start) && (end === undefined || BigInt(sequence) <= BigInt(end));
    for (const record of records) {
      const sequence = record.dynamodb!.SequenceNumber!;
      const shard = (StreamDescription?.Shards ?? []).find((candidate) =>
        inRange(sequence, candidate.SequenceNumberRange?.StartingSequenceNumber ?? '0', candidate.SequenceNumberRange?.EndingSequenceNumber),
      );
      if (!shard) throw new Error(`No shard holds record ${sequence}`);
      shardOf.set(sequence, shard.ShardId!);
    }
    return shardOf;
  } finally {
    client.destroy();
  }
}

/**
 * For each process, a new update of the stream priority and the summary it changes, as the stream
 * delivers them: the summary's MODIFY records (notify's) and the update's INSERT records (redrive's).
 */
async function summaryChanges({ stack, streamPriority, author, count }: EventContext): Promise<{ modified: DynamoDBRecord[]; inserted: DynamoDBRecord[] }> {
  const { observer } = stack;
  const modified: DynamoDBRecord[] = [];
  const inserted: DynamoDBRecord[] = [];
  for (let index = 0; index < count; index += 1) {
    const records = await streamRecordsOf(
      stack,
      async () => {
        const now = new Date();
        const update = storedUpdate(streamPriority, newUpdateId(now), now, author);
        await observer.updates.record(update);
        const current = await observer.summaries.get(streamPriority, true);
        const next = current ? applyUpdate(current.value, update) : undefined;
        if (!current || !next) throw new Error(`The summary of ${streamPriority} did not take a new update`);
        await observer.summaries.save(next, current.version);
      },
      2,
    );
    const summary = records.find((record) => record.dynamodb?.NewImage?.entity?.S === 'summary');
    const update = records.find((record) => record.dynamodb?.NewImage?.entity?.S === 'update');
    if (!summary || !update) throw new Error('The stream did not show the summary change and the update');
    modified.push(summary);
    inserted.push(update);
  }
  return { modified, inserted };
}

/** The SQS event of the on-failure destination's message for a batch of summarise that failed every retry. */
function failedBatchEvent(record: DynamoDBRecord, shardId: string, streamArn: string): unknown {
  const sequence = record.dynamodb!.SequenceNumber!;
  const message = {
    requestContext: {
      requestId: randomUUID(),
      functionArn: `arn:aws:lambda:${region}:000000000000:function:summarise`,
      condition: 'RetryAttemptsExhausted',
      approximateInvokeCount: 11,
    },
    responseContext: { statusCode: 200, executedVersion: '$LATEST', functionError: 'Unhandled' },
    version: '1.0',
    timestamp: new Date().toISOString(),
    DDBStreamBatchInfo: {
      shardId,
      startSequenceNumber: sequence,
      endSequenceNumber: sequence,
      batchSize: 1,
      streamArn,
    },
  };
  const body = JSON.stringify(message);
  return {
    Records: [
      {
        messageId: randomUUID(),
        receiptHandle: randomUUID(),
        body,
        attributes: {
          ApproximateReceiveCount: '1',
          SentTimestamp: String(Date.now()),
          SenderId: 'AIDAEXAMPLE',
          ApproximateFirstReceiveTimestamp: String(Date.now()),
        },
        messageAttributes: {},
        md5OfBody: '',
        eventSource: 'aws:sqs',
        eventSourceARN: `arn:aws:sqs:${region}:000000000000:${projectName}-failed-stream-batches`,
        awsRegion: region,
      },
    ],
  };
}

/** Adds notify's, summarise's, commitments' and redrive's events, in that order. */
export async function addStreamEvents(add: AddEvents, context: EventContext): Promise<void> {
  const { stack, streamPriority, author, count } = context;
  // notify: a summary changed by a new update, as the stream delivers it; each a different update.
  const { modified, inserted } = await summaryChanges(context);
  add(
    'notify',
    'a DynamoDB stream event: one summary MODIFY record for a new update with a barrier for the board (4 emails)',
    noBatchFailures,
    modified.map((record) => ({ Records: [record] })),
  );

  // summarise: a new update's INSERT record; updates newer than every one above, applied one per process.
  const summariseRecords = await streamRecordsOf(
    stack,
    async () => {
      for (let index = 0; index < count; index += 1) {
        const now = new Date();
        await stack.observer.updates.record(storedUpdate(streamPriority, newUpdateId(now), now, author));
      }
    },
    count,
  );
  add(
    'summarise',
    'a DynamoDB stream event: one update INSERT record (the summary rewritten)',
    noBatchFailures,
    summariseRecords.map((record) => ({ Records: [record] })),
  );

  // commitments: a new update's INSERT record reporting a measure's value (the measure defined first).
  const measureId = 'bench-placements';
  if (!(await stack.observer.commitments.list(streamPriority)).measures.some(({ value }) => value.measureId === measureId)) {
    const measure = newMeasure(streamPriority, measureId, {
      name: 'Placements',
      unit: 'count',
      better: 'higher',
      baseline: { value: 0, date: '2021-01-01' },
      target: { value: 100, date: '2022-03-31' },
    });
    const at = new Date().toISOString();
    await stack.observer.commitments.commit(
      { priorityId: streamPriority, kind: 'MEASURE', id: measureId, at, changeId: 'bench', by: { role: 'operator' }, state: measure },
      0,
    );
  }
  const reportingRecords = await streamRecordsOf(
    stack,
    async () => {
      for (let index = 0; index < count; index += 1) {
        const now = new Date();
        await stack.observer.updates.record({ ...storedUpdate(streamPriority, newUpdateId(now), now, author), measures: [{ id: measureId, value: index }] });
      }
    },
    count,
  );
  add(
    'commitments',
    'a DynamoDB stream event: one update INSERT record reporting one measure’s value (the measure and its log entry written)',
    noBatchFailures,
    reportingRecords.map((record) => ({ Records: [record] })),
  );

  // redrive: a failed batch of one of notify's update records, picked at random for each process.
  const shardOf = await shardsOf(stack, inserted);
  add('redrive', 'an SQS event: one failed-batch message naming one stream record, read back and re-invoked (Lambda API stand-in)', noBatchFailures, () => {
    const record = inserted[Math.floor(Math.random() * inserted.length)]!;
    return failedBatchEvent(record, shardOf.get(record.dynamodb!.SequenceNumber!)!, stack.stack.streamArn);
  });
}
