/**
 * DynamoDB stream consumer for summary changes: emails the people of a priority (and the
 * board when it needs to know) once per new update, however often the record is delivered.
 */
import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import type { Context, DynamoDBBatchResponse, DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda';
import { config } from '#shared/config';
import type { PrioritySummary } from '#shared/domain/summary';
import { ProgressStore } from '#shared/data/progress-store';
import { SesEmailSender } from '#shared/email/sender';
import { emailSettings } from '#shared/email/settings';
import { logger } from '#shared/logger';
import type { Mailer } from '#shared/services/deliveries';
import { notifyUpdate } from '#shared/services/notify';

const settings = emailSettings();
const mailer: Mailer = {
  store: new ProgressStore(config().TABLE_NAME),
  sender: new SesEmailSender(settings.SENDER_ADDRESS, settings.SES_CONFIGURATION_SET),
  baseUrl: settings.PUBLIC_BASE_URL,
};
const processor = new BatchProcessor(EventType.DynamoDBStreams);

type Image = NonNullable<DynamoDBRecord['dynamodb']>['NewImage'];

function summaryOf(image: Image): PrioritySummary | null {
  return image ? (unmarshall(image as Record<string, AttributeValue>) as PrioritySummary) : null;
}

async function notifyRecord(record: DynamoDBRecord): Promise<void> {
  const after = summaryOf(record.dynamodb?.NewImage);
  if (!after || record.dynamodb?.NewImage?.entity?.S !== 'summary') return;
  const outcome = await notifyUpdate(mailer, summaryOf(record.dynamodb?.OldImage), after);
  if (outcome.sent + outcome.skipped > 0) {
    logger.info('Notified', { sequenceNumber: record.dynamodb?.SequenceNumber, priorityId: after.priorityId, updateId: after.lastUpdateId, ...outcome });
  }
}

export const handler = async (event: DynamoDBStreamEvent, context: Context): Promise<DynamoDBBatchResponse> => {
  logger.addContext(context);
  return processPartialResponse(event, notifyRecord, processor, { context, processInParallel: false });
};
