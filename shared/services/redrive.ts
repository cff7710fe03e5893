/**
 * Applies stream records that failed every retry again, once their cause is gone. The
 * on-failure destination's message names a range of one shard (Lambda's SQS message in AWS,
 * a dead-letter file locally); the records are read back from the stream and handed to the
 * consumer that failed them, less those its event filter leaves out (as its event source
 * mapping does). Consumers are idempotent, so a record applied in the meantime changes
 * nothing. Records the stream no longer holds are left to reconcile.
 */
import type { DynamoDBBatchResponse, DynamoDBStreamEvent } from 'aws-lambda';
import * as z from 'zod/mini';
import type { StreamRange, StreamRecords } from '#shared/data/stream';
import { type EventFilter, matchesFilter } from '#shared/domain/event-filter';

/** The parts of Lambda's on-failure message for a stream event source that say what failed. */
export const failedStreamBatchSchema = z.object({
  requestContext: z.object({
    functionArn: z.string().check(z.minLength(1)),
    condition: z.string(),
    approximateInvokeCount: z.optional(z.number()),
  }),
  timestamp: z.optional(z.string()),
  DDBStreamBatchInfo: z.object({
    shardId: z.string().check(z.minLength(1)),
    startSequenceNumber: z.string().check(z.regex(/^\d+$/)),
    endSequenceNumber: z.string().check(z.regex(/^\d+$/)),
    batchSize: z.number().check(z.int(), z.minimum(0)),
    streamArn: z.string().check(z.minLength(1)),
  }),
});
export type FailedStreamBatch = z.infer<typeof failedStreamBatchSchema>;

export interface RedrivePorts {
  records: Pick<StreamRecords, 'read'>;
  /** The event filter of the consumer the function ARN names: the one its event source mapping applies. */
  filterOf(functionArn: string): EventFilter;
  /** Invokes the consumer named by its function ARN with the records, as its event source would. */
  invoke(functionArn: string, event: DynamoDBStreamEvent): Promise<DynamoDBBatchResponse | undefined | null>;
}

/** The function an ARN (or a plain name) names: its name, without a version or alias. */
export function functionNameOf(arnOrName: string): string {
  return /:function:([^:]+)/.exec(arnOrName)?.[1] ?? arnOrName;
}

export type RedriveOutcome =
  | { outcome: 'applied'; records: number }
  | { outcome: 'still failing'; records: number; failed: number }
  /** The stream has dropped the records (24 hours): reconcile re-derives what they would have changed. */
  | { outcome: 'trimmed'; records: number };

export async function redriveFailedBatch(ports: RedrivePorts, message: FailedStreamBatch): Promise<RedriveOutcome> {
  const info = message.DDBStreamBatchInfo;
  const range: StreamRange = {
    streamArn: info.streamArn,
    shardId: info.shardId,
    startSequenceNumber: info.startSequenceNumber,
    endSequenceNumber: info.endSequenceNumber,
  };
  const records = await ports.records.read(range);
  if (records === 'trimmed') return { outcome: 'trimmed', records: info.batchSize };
  // The range holds every record of the shard between its ends; the consumer gets only those its mapping passes it.
  const filter = ports.filterOf(message.requestContext.functionArn);
  const passed = records.filter((record) => matchesFilter(filter, record));
  if (passed.length === 0) return { outcome: 'applied', records: 0 };
  const response = await ports.invoke(message.requestContext.functionArn, { Records: passed });
  const failed = response?.batchItemFailures?.length ?? 0;
  return failed > 0 ? { outcome: 'still failing', records: passed.length, failed } : { outcome: 'applied', records: passed.length };
}
