/** The table's whole stream from TRIM_HORIZON, as Lambda records, and direct invocation of a stream consumer. */
import { DescribeStreamCommand, DynamoDBStreamsClient, GetRecordsCommand, GetShardIteratorCommand } from '@aws-sdk/client-dynamodb-streams';
import type { DynamoDBBatchResponse, DynamoDBRecord } from 'aws-lambda';
import { toLambdaRecord } from '#shared/data/stream';
import { matchesFilter } from '#shared/domain/event-filter';
import { functions } from '../../../functions/index.ts';
import { invoke } from '../../../infra/local/lambda.ts';

export async function allStreamRecords(endpoint: string, streamArn: string): Promise<DynamoDBRecord[]> {
  const client = new DynamoDBStreamsClient({ endpoint, region: 'eu-west-2', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
  try {
    const records: DynamoDBRecord[] = [];
    const { StreamDescription } = await client.send(new DescribeStreamCommand({ StreamArn: streamArn }));
    for (const shard of StreamDescription?.Shards ?? []) {
      let { ShardIterator } = await client.send(
        new GetShardIteratorCommand({ StreamArn: streamArn, ShardId: shard.ShardId, ShardIteratorType: 'TRIM_HORIZON' }),
      );
      // An empty page means the open shard has been read to its current end.
      for (let page = 0; ShardIterator && page < 10_000; page += 1) {
        const result = await client.send(new GetRecordsCommand({ ShardIterator, Limit: 1000 }));
        records.push(...(result.Records ?? []).map((record) => toLambdaRecord(record, streamArn)));
        if ((result.Records ?? []).length === 0) break;
        ShardIterator = result.NextShardIterator;
      }
    }
    return records;
  } finally {
    client.destroy();
  }
}

export type Consumer = 'summarise' | 'notify';

/** The records a consumer's event source mapping would pass it. */
export function forConsumer(consumer: Consumer, records: readonly DynamoDBRecord[]): DynamoDBRecord[] {
  const filter = functions[consumer].stream.filter;
  return records.filter((record) => matchesFilter(filter, record));
}

/**
 * Invokes a consumer the way its event source mapping would: in batches of its batch size,
 * in order, retrying a batch from its first failed record a bounded number of times.
 * Returns the records that still failed after those retries.
 */
export async function deliver(consumer: Consumer, records: readonly DynamoDBRecord[], retries = 3): Promise<DynamoDBRecord[]> {
  const { batchSize } = functions[consumer].stream;
  const failed: DynamoDBRecord[] = [];
  for (let start = 0; start < records.length; start += batchSize) {
    let batch = records.slice(start, start + batchSize);
    for (let attempt = 0; batch.length > 0; attempt += 1) {
      const response = await invoke<DynamoDBBatchResponse>(consumer, { Records: batch });
      const failures = new Set(response.batchItemFailures.map((item) => item.itemIdentifier));
      const first = batch.findIndex((record) => failures.has(record.dynamodb?.SequenceNumber ?? ''));
      if (first === -1) break;
      if (attempt >= retries) {
        failed.push(batch[first]!);
        batch = batch.slice(first + 1);
        attempt = -1;
      } else batch = batch.slice(first);
    }
  }
  return failed;
}
