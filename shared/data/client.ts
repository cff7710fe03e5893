/**
 * The DynamoDB clients, built once per process. Endpoints come from the standard
 * AWS_ENDPOINT_URL_DYNAMODB variable, so the same code talks to AWS or DynamoDB Local.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

export const dynamoDb = new DynamoDBClient({ maxAttempts: 3 });

export const documentClient = DynamoDBDocumentClient.from(dynamoDb, {
  marshallOptions: { removeUndefinedValues: true, convertClassInstanceToMap: false },
});
