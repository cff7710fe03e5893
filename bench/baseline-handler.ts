/**
 * The cold-start baseline: a Lambda module holding only the DynamoDB client and the
 * DocumentClient, built once at module scope as every function does. A function's bundle size and
 * load time are reported as ratios against this.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

const documents = DynamoDBDocumentClient.from(new DynamoDBClient({ maxAttempts: 3 }));

export const handler = async (): Promise<{ ready: boolean }> => ({ ready: documents.config.maxAttempts !== undefined });
