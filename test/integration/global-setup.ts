/** Starts one in-memory DynamoDB Local for the whole integration run; each test file uses its own table. */
import type { TestProject } from 'vitest/node';
import { freePort, startDynamoDbLocal } from '../../infra/local/dynamodb-local.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    dynamoDbEndpoint: string;
  }
}

export default async function setup(project: TestProject) {
  // Java may start slowly on a loaded machine; this bound only catches one that never answers.
  const dynamoDb = await startDynamoDbLocal({ port: await freePort(), dbPath: null, timeoutMs: 5 * 60_000 });
  project.provide('dynamoDbEndpoint', dynamoDb.endpoint);
  return async () => {
    await dynamoDb.stop();
  };
}
