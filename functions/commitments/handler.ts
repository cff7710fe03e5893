/**
 * DynamoDB stream consumer: each new update that reports any of its priority's asks of
 * government, milestones or measures has those reports applied to the current items and their
 * history. Records fail one by one (partial batch response), so a poison record is retried and
 * then sent to the on-failure destination without holding back its batch; each is logged under
 * the update's id, so a record delivered again changes nothing.
 */
import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import type { Context, DynamoDBBatchResponse, DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda';
import { Commitments } from '#shared/data/commitments';
import { TableCore } from '#shared/data/core';
import { Updates } from '#shared/data/updates';
import { progressUpdateSchema } from '#shared/domain/update';
import { logger } from '#shared/logger';
import { withMetrics } from '#shared/metrics';
import { applyReportedCommitments, type ReportPorts } from '#shared/services/commitments';
import { settingsFor } from '#shared/settings';
import { definition } from './definition.ts';

const table = new TableCore(settingsFor(definition).TABLE_NAME);
const ports: ReportPorts = { commitments: new Commitments(table), updates: new Updates(table) };
const processor = new BatchProcessor(EventType.DynamoDBStreams);

async function applyRecord(record: DynamoDBRecord): Promise<void> {
  const image = record.dynamodb?.NewImage;
  // The event source filter already limits records to these; this keeps the handler safe without it.
  if (record.eventName !== 'INSERT' || image?.entity?.S !== 'update') return;
  const update = progressUpdateSchema.parse(unmarshall(image as Record<string, AttributeValue>));
  const changed = await applyReportedCommitments(ports, update);
  logger.info('Applied reported commitments', {
    sequenceNumber: record.dynamodb?.SequenceNumber,
    priorityId: update.priorityId,
    updateId: update.id,
    ...changed,
  });
}

export const handler = withMetrics(async (event: DynamoDBStreamEvent, context: Context): Promise<DynamoDBBatchResponse> => {
  logger.addContext(context);
  // In order: two updates of one priority may report the same commitment.
  return processPartialResponse(event, applyRecord, processor, { context, processInParallel: false });
});
