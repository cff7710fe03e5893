/**
 * The one way the project builds a DynamoDB DocumentClient. Functions use the module-scope
 * client (built once per process); operator commands, tests and benchmarks wrap their own
 * DynamoDBClient. Endpoints come from the standard AWS_ENDPOINT_URL_DYNAMODB
 * variable, so the same code talks to AWS or DynamoDB Local.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

export function documentClientFor(client: DynamoDBClient): DynamoDBDocumentClient {
  return DynamoDBDocumentClient.from(client, {
    marshallOptions: { removeUndefinedValues: true, convertClassInstanceToMap: false },
  });
}

export const dynamoDb = new DynamoDBClient({ maxAttempts: 3 });

export const documentClient = documentClientFor(dynamoDb);
