/** Which table an operator command works on: the running local stack (the default). */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { ProgressStore } from '../../../shared/data/progress-store.ts';
import { functionEnvironment, localSettings } from '../settings.ts';

export function localStore(): { store: ProgressStore; describe: string; close(): void } {
  const settings = localSettings();
  const env = functionEnvironment(settings);
  const client = new DynamoDBClient({
    region: env.AWS_REGION,
    endpoint: settings.dynamoDbEndpoint,
    credentials: { accessKeyId: env.AWS_ACCESS_KEY_ID!, secretAccessKey: env.AWS_SECRET_ACCESS_KEY! },
    maxAttempts: 2,
  });
  const documents = DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true } });
  return {
    store: new ProgressStore(settings.TABLE_NAME, documents),
    describe: `table ${settings.TABLE_NAME} on ${settings.dynamoDbEndpoint}`,
    close: () => client.destroy(),
  };
}

export function fail(message: string): never {
  console.error(message);
  process.exit(1);
}

/** Turns "connection refused" into advice. */
export function explain(error: unknown, where: string): string {
  const text = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  if (/ECONNREFUSED|connect/i.test(text)) return `Could not reach DynamoDB (${where}). Is the local stack running? Start it with: npm start`;
  if (/ResourceNotFound/.test(text)) return `The table was not found (${where}). Start the local stack once with: npm start`;
  return `Failed against ${where}: ${text}`;
}
