/** Failed stream batches: reading a range back from the stream (with the faults DynamoDB Local does not produce: empty pages first, a trimmed start), and handing it to its consumer. */
import { DynamoDBStreamsClient, GetRecordsCommand, GetShardIteratorCommand, TrimmedDataAccessException } from '@aws-sdk/client-dynamodb-streams';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import { StreamRecords } from '#shared/data/stream';
import { failedStreamBatchSchema, functionNameOf, redriveFailedBatch } from '#shared/services/redrive';
import { functions } from '../../functions/index.ts';

const streams = mockClient(DynamoDBStreamsClient);
const client = () => new DynamoDBStreamsClient({ region: 'eu-west-2', credentials: { accessKeyId: 'test', secretAccessKey: 'test' } });
const range = { streamArn: 'arn:aws:dynamodb:eu-west-2:1:table/t/stream/x', shardId: 'shard-1', startSequenceNumber: '200', endSequenceNumber: '400' };
const record = (sequenceNumber: string) => ({
  eventID: sequenceNumber,
  eventName: 'INSERT' as const,
  dynamodb: { SequenceNumber: sequenceNumber, ApproximateCreationDateTime: new Date(0) },
});

afterEach(() => streams.reset());

describe('reading a range of a shard back', () => {
  it('passes over empty pages, keeps the range and stops after its end', async () => {
    streams.on(GetShardIteratorCommand).resolves({ ShardIterator: 'i0' });
    streams
      .on(GetRecordsCommand, { ShardIterator: 'i0' })
      .resolves({ Records: [], NextShardIterator: 'i1' })
      .on(GetRecordsCommand, { ShardIterator: 'i1' })
      .resolves({ Records: [record('200'), record('300')], NextShardIterator: 'i2' })
      .on(GetRecordsCommand, { ShardIterator: 'i2' })
      .resolves({ Records: [record('400'), record('1000')], NextShardIterator: 'i3' });

    const records = await new StreamRecords(client()).read(range);

    expect(records === 'trimmed' ? records : records.map((r) => r.dynamodb?.SequenceNumber)).toEqual(['200', '300', '400']);
    expect(streams.commandCalls(GetShardIteratorCommand)[0]!.args[0].input).toMatchObject({
      ShardIteratorType: 'AT_SEQUENCE_NUMBER',
      SequenceNumber: '200',
      ShardId: 'shard-1',
    });
    expect(streams.commandCalls(GetRecordsCommand)).toHaveLength(3);
  });

  it('stops at the tip of an open shard once it has part of the range', async () => {
    streams.on(GetShardIteratorCommand).resolves({ ShardIterator: 'i0' });
    streams
      .on(GetRecordsCommand, { ShardIterator: 'i0' })
      .resolves({ Records: [record('200')], NextShardIterator: 'i1' })
      .on(GetRecordsCommand, { ShardIterator: 'i1' })
      .resolves({ Records: [], NextShardIterator: 'i2' });

    const records = await new StreamRecords(client()).read(range);

    expect(records).toHaveLength(1);
    expect(streams.commandCalls(GetRecordsCommand)).toHaveLength(2);
  });

  it('says trimmed when the stream no longer holds the start', async () => {
    streams.on(GetShardIteratorCommand).rejects(new TrimmedDataAccessException({ message: 'trimmed', $metadata: {} }));
    expect(await new StreamRecords(client()).read(range)).toBe('trimmed');
  });
});

describe('redriving a failed batch', () => {
  const message = failedStreamBatchSchema.parse({
    requestContext: { functionArn: 'arn:aws:lambda:eu-west-2:1:function:summarise', condition: 'RetryAttemptsExhausted', approximateInvokeCount: 11 },
    version: '1.0',
    DDBStreamBatchInfo: { ...range, batchSize: 2, approximateArrivalOfFirstRecord: '2026-01-01T00:00:00Z' },
  });
  const records = [record('200'), record('300')].map((r) => ({ eventName: r.eventName, dynamodb: { SequenceNumber: r.dynamodb.SequenceNumber } }));

  it('hands the records to the consumer named in the message, and reports what still fails', async () => {
    const calls: [string, number][] = [];
    const ports = (failures: string[]) => ({
      records: { read: async () => records },
      filterOf: () => ({ eventName: ['INSERT'] }),
      invoke: async (arn: string, event: { Records: unknown[] }) => {
        calls.push([arn, event.Records.length]);
        return { batchItemFailures: failures.map((itemIdentifier) => ({ itemIdentifier })) };
      },
    });
    expect(await redriveFailedBatch(ports([]), message)).toEqual({ outcome: 'applied', records: 2 });
    expect(await redriveFailedBatch(ports(['300']), message)).toEqual({ outcome: 'still failing', records: 2, failed: 1 });
    expect(calls).toEqual([
      [message.requestContext.functionArn, 2],
      [message.requestContext.functionArn, 2],
    ]);
  });

  it('leaves records the stream dropped to reconcile, without invoking anything', async () => {
    let invoked = false;
    const invoke = async () => {
      invoked = true;
      return null;
    };
    const outcome = await redriveFailedBatch({ records: { read: async () => 'trimmed' as const }, invoke, filterOf: () => ({}) }, message);
    expect(outcome).toEqual({ outcome: 'trimmed', records: 2 });
    expect(invoked).toBe(false);
  });

  it('passes the consumer only the records its own event filter passes, as its event source mapping does', async () => {
    const image = (entity: string, pk: string) => ({ entity: { S: entity }, pk: { S: pk } });
    const range = [
      { eventName: 'INSERT', dynamodb: { SequenceNumber: '200', Keys: { pk: { S: 'PRIORITY#jobs' } }, NewImage: image('update', 'PRIORITY#jobs') } },
      { eventName: 'INSERT', dynamodb: { SequenceNumber: '210', Keys: { pk: { S: 'TOKEN#abc' } }, NewImage: image('credential', 'TOKEN#abc') } },
      { eventName: 'MODIFY', dynamodb: { SequenceNumber: '220', Keys: { pk: { S: 'PROGRAMME' } }, NewImage: image('summary', 'PROGRAMME') } },
      {
        eventName: 'INSERT',
        dynamodb: { SequenceNumber: '230', Keys: { pk: { S: 'PROGRAMME' } }, NewImage: { ...image('summary', 'PROGRAMME'), rebuilt: { S: 'x' } } },
      },
      { eventName: 'REMOVE', dynamodb: { SequenceNumber: '240', Keys: { pk: { S: 'PRIORITY#jobs' } } } },
      // An assessment as recorded, and the current copy the summarise consumer itself writes.
      { eventName: 'MODIFY', dynamodb: { SequenceNumber: '250', Keys: { pk: { S: 'ASSESSMENT#jobs' } }, NewImage: image('assessment', 'ASSESSMENT#jobs') } },
      { eventName: 'MODIFY', dynamodb: { SequenceNumber: '260', Keys: { pk: { S: 'PROGRAMME' } }, NewImage: image('assessment', 'PROGRAMME') } },
    ];
    const handed = async (consumer: 'summarise' | 'notify') => {
      const passed: string[] = [];
      await redriveFailedBatch(
        {
          records: { read: async () => range as never },
          filterOf: (arn) => {
            expect(functionNameOf(arn)).toBe(consumer);
            return functions[consumer].stream.filter;
          },
          invoke: async (_arn, event) => {
            passed.push(...event.Records.map((r) => r.dynamodb!.SequenceNumber!));
            return { batchItemFailures: [] };
          },
        },
        { ...message, requestContext: { ...message.requestContext, functionArn: `arn:aws:lambda:eu-west-2:1:function:${consumer}` } },
      );
      return passed;
    };
    expect(await handed('summarise')).toEqual(['200', '250']);
    // A summary reconcile rebuilt is no one's news.
    expect(await handed('notify')).toEqual(['220']);
  });

  it('invokes nothing when the filter passes none of the range', async () => {
    let invoked = false;
    const outcome = await redriveFailedBatch(
      {
        records: { read: async () => records },
        filterOf: () => ({ eventName: ['REMOVE'] }),
        invoke: async () => {
          invoked = true;
          return null;
        },
      },
      message,
    );
    expect(outcome).toEqual({ outcome: 'applied', records: 0 });
    expect(invoked).toBe(false);
  });

  it('refuses a message that does not name a stream batch', () => {
    expect(failedStreamBatchSchema.safeParse({ requestContext: { functionArn: 'x', condition: 'y' } }).success).toBe(false);
  });
});
