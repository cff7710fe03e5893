/**
 * The table's stream, read back by shard and sequence number: how records that failed every
 * retry are found again from the on-failure destination's message, which names them but does
 * not carry them. Records leave the stream after 24 hours; after that only reconcile helps.
 */
import {
  DynamoDBStreamsClient,
  GetRecordsCommand,
  GetShardIteratorCommand,
  type _Record as StreamRecord,
  TrimmedDataAccessException,
} from '@aws-sdk/client-dynamodb-streams';
import type { DynamoDBRecord } from 'aws-lambda';
import { positionAfter } from '#shared/domain/summary';

/** A run of records of one shard, as the on-failure destination names it. */
export interface StreamRange {
  streamArn: string;
  shardId: string;
  startSequenceNumber: string;
  endSequenceNumber: string;
}

/** A stream record as Lambda delivers it: plain JSON, creation time in epoch seconds. */
export function toLambdaRecord(record: StreamRecord, streamArn: string): DynamoDBRecord {
  const { ApproximateCreationDateTime, ...dynamodb } = record.dynamodb ?? {};
  return {
    eventID: record.eventID,
    eventName: record.eventName as DynamoDBRecord['eventName'],
    eventVersion: record.eventVersion ?? '1.1',
    eventSource: 'aws:dynamodb',
    awsRegion: record.awsRegion,
    dynamodb: {
      ...(dynamodb as DynamoDBRecord['dynamodb']),
      ...(ApproximateCreationDateTime ? { ApproximateCreationDateTime: Math.floor(new Date(ApproximateCreationDateTime).getTime() / 1000) } : {}),
    },
    eventSourceARN: streamArn,
  };
}

/** GetRecords may answer empty pages before a shard's records; this bounds the walk when a range is never reached. */
const maxPages = 20;

export class StreamRecords {
  constructor(private readonly client: DynamoDBStreamsClient = new DynamoDBStreamsClient({ maxAttempts: 3 })) {}

  /** The records of the range, in order; `trimmed` when the stream no longer holds its start. */
  async read(range: StreamRange): Promise<DynamoDBRecord[] | 'trimmed'> {
    let iterator: string | undefined;
    try {
      ({ ShardIterator: iterator } = await this.client.send(
        new GetShardIteratorCommand({
          StreamArn: range.streamArn,
          ShardId: range.shardId,
          ShardIteratorType: 'AT_SEQUENCE_NUMBER',
          SequenceNumber: range.startSequenceNumber,
        }),
      ));
    } catch (error) {
      if (error instanceof TrimmedDataAccessException) return 'trimmed';
      throw error;
    }
    const records: DynamoDBRecord[] = [];
    for (let page = 0; iterator && page < maxPages; page += 1) {
      const { Records = [], NextShardIterator } = await this.client.send(new GetRecordsCommand({ ShardIterator: iterator, Limit: 1000 }));
      for (const record of Records) {
        const position = record.dynamodb?.SequenceNumber ?? '';
        if (positionAfter(position, range.endSequenceNumber)) return records;
        if (!positionAfter(range.startSequenceNumber, position)) records.push(toLambdaRecord(record, range.streamArn));
      }
      // After some of the range, an empty page is the tip of an open shard: nothing more is coming.
      if (Records.length === 0 && records.length > 0) break;
      iterator = NextShardIterator;
    }
    return records;
  }
}
