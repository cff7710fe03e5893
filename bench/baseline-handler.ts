/**
 * The cold-start baseline: an SDK-only Lambda function doing one PutItem. It holds the DynamoDB
 * client and the DocumentClient, built once at module scope as every function does, and stores
 * the item its event carries (the update record-update would store) under the same condition.
 * It is bundled, deployed and invoked exactly as the functions are, and every function's artifact
 * size and cold request are reported as ratios against it.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, PutCommand } from '@aws-sdk/lib-dynamodb';

const client = new DynamoDBClient({ maxAttempts: 3 });
const documents = DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true } });
const tableName = process.env.TABLE_NAME;

export const handler = async (event: { item: Record<string, unknown> }): Promise<{ stored: true }> => {
  await documents.send(new PutCommand({ TableName: tableName, Item: event.item, ConditionExpression: 'attribute_not_exists(pk)' }));
  return { stored: true };
};
