/**
 * DynamoDB stream consumer: each new update that reports on its priority's milestones or
 * measures has its reports applied to their current items and logged under the update's id, so
 * a record delivered again changes nothing. Records fail one by one (partial batch response).
 */
import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import type { Context, DynamoDBBatchResponse, DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda';
import { Commitments } from '#shared/data/commitments';
import { TableCore } from '#shared/data/core';
import { progressUpdateSchema } from '#shared/domain/update';
import { logger } from '#shared/logger';
import { withMetrics } from '#shared/metrics';
import { applyReportedCommitments, type CommitmentPorts } from '#shared/services/commitments';
import { settingsFor } from '#shared/settings';
import { definition } from './definition.ts';

const ports: CommitmentPorts = { commitments: new Commitments(new TableCore(settingsFor(definition).TABLE_NAME)) };
const processor = new BatchProcessor(EventType.DynamoDBStreams);

async function applyRecord(record: DynamoDBRecord): Promise<void> {
  const image = record.dynamodb?.NewImage;
  // The event source filter already limits records to these; this keeps the handler safe without it.
  if (record.eventName !== 'INSERT' || !image || image.entity?.S !== 'update') return;
  const update = progressUpdateSchema.parse(unmarshall(image as Record<string, AttributeValue>));
  const applied = await applyReportedCommitments(ports, update);
  logger.info('Applied reported commitments', {
    sequenceNumber: record.dynamodb?.SequenceNumber,
    priorityId: update.priorityId,
    updateId: update.id,
    ...applied,
  });
}

export const handler = withMetrics(async (event: DynamoDBStreamEvent, context: Context): Promise<DynamoDBBatchResponse> => {
  logger.addContext(context);
  // In order: a priority's later update must apply after its earlier one.
  return processPartialResponse(event, applyRecord, processor, { context, processInParallel: false });
});
