/**
 * Feeds a function from the table's stream with the settings the local poller follows too:
 * batches, partial batch responses, bisecting on error, bounded retries and record age, a
 * filter so only the records it acts on invoke it, and a dead-letter queue for the rest.
 */
import { Duration } from 'aws-cdk-lib';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import { FilterCriteria, type IFunction, StartingPosition } from 'aws-cdk-lib/aws-lambda';
import { DynamoEventSource, SqsDlq } from 'aws-cdk-lib/aws-lambda-event-sources';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import { filterAlternatives } from '#shared/domain/event-filter';
import type { StreamSettings } from '#shared/function-definition';

export function consumeTableStream(fn: IFunction, table: ITable, settings: StreamSettings, failedRecords: IQueue): DynamoEventSource {
  const source = new DynamoEventSource(table, {
    // Every update counts toward its summary: start from the oldest record still in the stream.
    startingPosition: StartingPosition.TRIM_HORIZON,
    batchSize: settings.batchSize,
    maxBatchingWindow: Duration.seconds(settings.maxBatchingWindowSeconds),
    reportBatchItemFailures: true,
    bisectBatchOnError: true,
    retryAttempts: settings.retryAttempts,
    maxRecordAge: Duration.seconds(settings.maxRecordAgeSeconds),
    onFailure: new SqsDlq(failedRecords),
    // Lambda ORs a mapping's filters: a pattern's `$or` becomes one filter per alternative.
    filters: filterAlternatives(settings.filter).map((pattern) => FilterCriteria.filter(pattern)),
  });
  fn.addEventSource(source);
  return source;
}
