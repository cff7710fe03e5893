/**
 * The table, defined once: keys, time-to-live and stream view. The CDK stateful stack and
 * the local bootstrap both build the table from this definition.
 */
import type { CreateTableCommandInput } from '@aws-sdk/client-dynamodb';

export const table = {
  partitionKey: 'pk',
  sortKey: 'sk',
  /** Epoch seconds; expired credentials and idempotency records are removed by DynamoDB. */
  timeToLiveAttribute: 'ttl',
  streamView: 'NEW_AND_OLD_IMAGES',
} as const;

/** The same table as a CreateTable request, for DynamoDB Local and the benchmarks. */
export function createTableInput(tableName: string): CreateTableCommandInput {
  return {
    TableName: tableName,
    BillingMode: 'PAY_PER_REQUEST',
    AttributeDefinitions: [
      { AttributeName: table.partitionKey, AttributeType: 'S' },
      { AttributeName: table.sortKey, AttributeType: 'S' },
    ],
    KeySchema: [
      { AttributeName: table.partitionKey, KeyType: 'HASH' },
      { AttributeName: table.sortKey, KeyType: 'RANGE' },
    ],
    StreamSpecification: { StreamEnabled: true, StreamViewType: table.streamView },
  };
}
