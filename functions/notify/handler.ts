/**
 * DynamoDB stream consumer for summary changes and board responses: emails the people of a
 * priority (and the board when it needs to know) once per new update, and its sponsors and
 * delivery lead once per board response, however often the record is delivered.
 */
import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import type { Context, DynamoDBBatchResponse, DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda';
import { Catalogue } from '#shared/data/catalogue';
import { rebuiltMark, TableCore } from '#shared/data/core';
import { People } from '#shared/data/people';
import { Updates } from '#shared/data/updates';
import type { BoardResponse } from '#shared/domain/barrier';
import type { PrioritySummary } from '#shared/domain/summary';
import { sesMailer } from '#shared/email/mailer';
import { logger } from '#shared/logger';
import { countEmail, withMetrics } from '#shared/metrics';
import { type NotifyPorts, notifyBoardResponse, notifyUpdate } from '#shared/services/notify';
import { settingsFor } from '#shared/settings';
import { definition } from './definition.ts';

const settings = settingsFor(definition);
const table = new TableCore(settings.TABLE_NAME);
const ports: NotifyPorts = {
  updates: new Updates(table),
  catalogue: new Catalogue(table),
  people: new People(table),
  mailer: { ...sesMailer(table, settings), onOutcome: countEmail },
};
const processor = new BatchProcessor(EventType.DynamoDBStreams);

type Image = NonNullable<DynamoDBRecord['dynamodb']>['NewImage'];

function summaryOf(image: Image): PrioritySummary | null {
  return image ? (unmarshall(image as Record<string, AttributeValue>) as PrioritySummary) : null;
}

async function notifyRecord(record: DynamoDBRecord): Promise<void> {
  const image = record.dynamodb?.NewImage;
  if (image?.entity?.S === 'board-response' && record.eventName === 'INSERT') {
    const response = unmarshall(image as Record<string, AttributeValue>) as BoardResponse;
    const outcome = await notifyBoardResponse(ports, response);
    logger.info('Notified of a board response', {
      sequenceNumber: record.dynamodb?.SequenceNumber,
      priorityId: response.priorityId,
      responseId: response.responseId,
      ...outcome,
    });
    return;
  }
  const after = summaryOf(image);
  // A summary reconcile rebuilt is news to no one; the event filter leaves it out already.
  if (!after || image?.entity?.S !== 'summary' || image[rebuiltMark] !== undefined) return;
  const outcome = await notifyUpdate(ports, summaryOf(record.dynamodb?.OldImage), after);
  if (outcome.sent + outcome.skipped > 0) {
    logger.info('Notified', { sequenceNumber: record.dynamodb?.SequenceNumber, priorityId: after.priorityId, updateId: after.lastUpdateId, ...outcome });
  }
}

export const handler = withMetrics(async (event: DynamoDBStreamEvent, context: Context): Promise<DynamoDBBatchResponse> => {
  logger.addContext(context);
  return processPartialResponse(event, notifyRecord, processor, { context, processInParallel: false });
});
