/**
 * One in-memory DynamoDB Local for the suite (each file has a table of its own); the
 * dependency-fault file starts a dedicated one it can kill. Clears the figures of the last run.
 */
import type { TestProject } from 'vitest/node';
import { freePort, startDynamoDbLocal } from '../../infra/local/dynamodb-local.ts';
import { resetFigures } from './lib/figures.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    resilienceDynamoDbEndpoint: string;
  }
}

export default async function setup(project: TestProject) {
  resetFigures();
  const dynamoDb = await startDynamoDbLocal({ port: await freePort(), dbPath: null });
  project.provide('resilienceDynamoDbEndpoint', dynamoDb.endpoint);
  return async () => {
    await dynamoDb.stop();
  };
}
