/**
 * Consumes the queue that is the stream consumers' on-failure destination. Each message names
 * a failed batch by shard and sequence numbers; its records are read back from the stream and
 * the consumer is invoked with them again. A batch that still fails goes back to the queue
 * and is tried again after the visibility timeout; one the stream has dropped is left to
 * reconcile, which re-derives summaries from the update items.
 */
import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import type { Context, DynamoDBBatchResponse, SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import { StreamRecords } from '#shared/data/stream';
import { logger } from '#shared/logger';
import { emit, withMetrics } from '#shared/metrics';
import {
  type FailedStreamBatch,
  failedStreamBatchSchema,
  functionNameOf,
  type RedriveOutcome,
  type RedrivePorts,
  redriveFailedBatch,
} from '#shared/services/redrive';
import { settingsFor } from '#shared/settings';
import { definition } from './definition.ts';

export class ConsumerFailed extends Error {
  override readonly name = 'ConsumerFailed';
}

/** Redrives one failed batch, logging and counting what became of it; the local `npm run redrive` runs the same. */
export async function redriveAndCount(ports: RedrivePorts, message: FailedStreamBatch): Promise<RedriveOutcome> {
  const result = await redriveFailedBatch(ports, message);
  const detail = { consumer: message.requestContext.functionArn, shardId: message.DDBStreamBatchInfo.shardId, ...result };
  if (result.outcome === 'applied') {
    emit('FailedRecordsRecovered', result.records);
    logger.info('Redrove failed records', detail);
  } else if (result.outcome === 'trimmed') {
    emit('FailedRecordsLeftToReconcile', result.records);
    logger.warn('Failed records are no longer in the stream; reconcile will re-derive what they changed', detail);
  } else logger.warn('Failed records still fail', detail);
  return result;
}

const lambda = new LambdaClient({ maxAttempts: 3 });
const processor = new BatchProcessor(EventType.SQS);

const { STREAM_CONSUMER_FILTERS: consumerFilters } = settingsFor(definition);

const ports: RedrivePorts = {
  records: new StreamRecords(),
  filterOf(functionArn) {
    const filter = consumerFilters[functionNameOf(functionArn)];
    // Without its filter a consumer could get records its mapping never passes it: the batch waits in the queue instead.
    if (!filter) throw new ConsumerFailed(`No event filter is known for ${functionArn}`);
    return filter;
  },
  async invoke(functionArn, event) {
    const answer = await lambda.send(new InvokeCommand({ FunctionName: functionArn, Payload: JSON.stringify(event) }));
    const payload = answer.Payload ? Buffer.from(answer.Payload).toString('utf8') : 'null';
    if (answer.FunctionError) throw new ConsumerFailed(`${functionArn} failed: ${payload.slice(0, 500)}`);
    return JSON.parse(payload) as DynamoDBBatchResponse | null;
  },
};

async function redriveMessage(record: SQSRecord): Promise<void> {
  const result = await redriveAndCount(ports, failedStreamBatchSchema.parse(JSON.parse(record.body)));
  // Back to the queue: tried again after the visibility timeout, until the queue sets it aside.
  if (result.outcome === 'still failing') throw new ConsumerFailed(`${result.failed} of ${result.records} records still fail`);
}

export const handler = withMetrics(async (event: SQSEvent, context: Context): Promise<SQSBatchResponse> => {
  logger.addContext(context);
  return processPartialResponse(event, redriveMessage, processor, { context });
});
