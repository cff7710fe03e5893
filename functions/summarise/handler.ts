/**
 * DynamoDB stream consumer: each new update regenerates its priority's summary (the
 * portfolio is derived from the summaries when read; a correction derives it again from the
 * priority's history) and applies its barriers to the log, and
 * each assessment recorded is copied beside the summaries as the current one when it is the
 * latest, so the function that answers the post never writes the PROGRAMME partition. Records
 * fail one by one (partial batch response), so a poison record is retried and then sent to the
 * on-failure destination without holding back its batch.
 */
import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import type { Context, DynamoDBBatchResponse, DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda';
import { Assessments } from '#shared/data/assessments';
import { Barriers } from '#shared/data/barriers';
import { strip, TableCore } from '#shared/data/core';
import { keys } from '#shared/data/keys';
import { Summaries } from '#shared/data/summaries';
import { Updates } from '#shared/data/updates';
import type { Assessment } from '#shared/domain/assessment';
import { progressUpdateSchema } from '#shared/domain/update';
import { logger } from '#shared/logger';
import { emit, withMetrics } from '#shared/metrics';
import { logBarriers } from '#shared/services/barriers';
import { summarise, summariseCorrection } from '#shared/services/summarise';
import { settingsFor } from '#shared/settings';
import { definition } from './definition.ts';

const table = new TableCore(settingsFor(definition).TABLE_NAME);
const summaries = new Summaries(table);
const barriers = new Barriers(table);
const assessments = new Assessments(table);
const updates = new Updates(table);
const processor = new BatchProcessor(EventType.DynamoDBStreams);

type Image = NonNullable<NonNullable<DynamoDBRecord['dynamodb']>['NewImage']>;

/** An assessment as recorded becomes the priority's current one, unless a later one is current already. */
async function keepCurrentAssessment(record: DynamoDBRecord, image: Image): Promise<void> {
  const assessment = strip<Assessment>(unmarshall(image as Record<string, AttributeValue>));
  const madeCurrent = await assessments.makeCurrent(assessment);
  logger.info('Kept the current assessment', { sequenceNumber: record.dynamodb?.SequenceNumber, priorityId: assessment.priorityId, madeCurrent });
}

async function summariseRecord(record: DynamoDBRecord): Promise<void> {
  const image = record.dynamodb?.NewImage;
  if (!image) return;
  // The event source filter already limits records to these; this keeps the handler safe without it.
  const partition = record.dynamodb?.Keys?.pk?.S ?? '';
  if (image.entity?.S === 'assessment' && partition.startsWith(keys.assessmentPartition(''))) return keepCurrentAssessment(record, image);
  if (record.eventName !== 'INSERT' || image.entity?.S !== 'update') return;
  const written = record.dynamodb?.ApproximateCreationDateTime;
  // The stream rounds the write's time down to the second, so the lag may read up to a second long.
  if (written !== undefined) emit('StreamLag', Math.max(0, Date.now() - written * 1000));
  const update = progressUpdateSchema.parse(unmarshall(image as Record<string, AttributeValue>));
  const position = record.dynamodb?.SequenceNumber;
  const outcome = update.corrects ? await summariseCorrection({ summaries, updates }, update, position) : await summarise(summaries, update, position);
  if (outcome.summaryChanged) emit('SummariesApplied');
  // Both steps change nothing a second time, so a retried record repeats neither.
  const barriersChanged = await logBarriers(barriers, update);
  logger.info('Summarised update', {
    sequenceNumber: record.dynamodb?.SequenceNumber,
    priorityId: update.priorityId,
    updateId: update.id,
    summaryChanged: outcome.summaryChanged,
    barriersChanged,
  });
}

export const handler = withMetrics(async (event: DynamoDBStreamEvent, context: Context): Promise<DynamoDBBatchResponse> => {
  logger.addContext(context);
  // In order: records of one priority depend on each other's summary writes.
  return processPartialResponse(event, summariseRecord, processor, { context, processInParallel: false });
});
