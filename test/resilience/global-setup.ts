/**
 * One in-memory DynamoDB Local for the suite (each file has a table of its own); the
 * dependency-fault file starts a dedicated one it can kill. Clears the figures of the last run.
 * At the end, before it stops, every table on it is scanned with the AWS CLI: a table a standard
 * client cannot read fails the run.
 */
import type { TestProject } from 'vitest/node';
import { freePort, startDynamoDbLocal } from '../../infra/local/dynamodb-local.ts';
import { checkTablesReadable } from './lib/aws-cli.ts';
import { resetFigures } from './lib/figures.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    resilienceDynamoDbEndpoint: string;
  }
}

export default async function setup(project: TestProject) {
  resetFigures();
  // Java may start slowly on a loaded machine; this bound only catches one that never answers.
  const dynamoDb = await startDynamoDbLocal({ port: await freePort(), dbPath: null, timeoutMs: 5 * 60_000 });
  project.provide('resilienceDynamoDbEndpoint', dynamoDb.endpoint);
  return async () => {
    try {
      const { report, problems } = await checkTablesReadable(dynamoDb.endpoint);
      console.log(`\n${report}`);
      if (problems.length > 0) {
        // Vitest logs an error thrown here but does not fail the run for it; the exit code does.
        process.exitCode = 1;
        throw new Error(`The stored tables are not readable by a standard client:\n  ${problems.join('\n  ')}`);
      }
    } finally {
      await dynamoDb.stop();
    }
  };
}
