/**
 * The whole event flow on one machine: DynamoDB Local, the table and catalogue, the HTTP API
 * over the functions' routes, a stream poller for every stream consumer among the functions,
 * and the SES emulator's events to the functions that consume them. Used by `npm start` and
 * by the integration tests.
 */
import type { Server } from 'node:http';
import { join } from 'node:path';
import { DynamoDBClient, ListTablesCommand } from '@aws-sdk/client-dynamodb';
import { DynamoDBStreamsClient } from '@aws-sdk/client-dynamodb-streams';
import type { APIGatewayProxyStructuredResultV2, DynamoDBBatchResponse, SQSBatchResponse } from 'aws-lambda';
import type { FunctionDefinition } from '#shared/function-definition';
import { type FunctionName, functions } from '../../functions/index.ts';
import { ensureTable, seedCatalogue } from './bootstrap.ts';
import { type RunningDynamoDb, startDynamoDbLocal } from './dynamodb-local.ts';
import { LocalEventBus } from './event-bus.ts';
import { createHttpApi } from './http-api.ts';
import { invoke } from './lambda.ts';
import { type RunningSes, startSes } from './ses.ts';
import { type LocalSettings, localCredentials, localFunctionEnvironment } from './settings.ts';
import { Checkpoints, DeadLetters, StreamPoller } from './stream-poller.ts';
import { guardTable } from './table-guard.ts';

export interface LocalStackOptions extends Omit<LocalSettings, 'dataDir' | 'dynamoDbEndpoint' | 'sesEndpoint' | 'apiUrl' | 'LOCAL_DATA_DIR'> {
  /** Null keeps everything in memory. */
  dataDir: string | null;
  /** Connect to an already running DynamoDB at this endpoint instead of starting one. */
  externalDynamoDb?: string;
  pollIntervalMs?: number;
  log?: (message: string, detail?: Record<string, unknown>) => void;
}

export interface LocalStack {
  apiUrl: string;
  dynamoDbEndpoint: string;
  sesEndpoint: string;
  dynamoDb: RunningDynamoDb | undefined;
  pollers: Map<FunctionName, StreamPoller>;
  deadLetters: Map<FunctionName, DeadLetters>;
  streamArn: string;
  stop(): Promise<void>;
}

export async function startLocalStack(options: LocalStackOptions): Promise<LocalStack> {
  const log = options.log ?? (() => undefined);
  const dynamoDb = options.externalDynamoDb
    ? undefined
    : await startDynamoDbLocal({ port: options.DYNAMODB_PORT, dbPath: options.dataDir ? join(options.dataDir, 'dynamodb') : null });
  const dynamoDbEndpoint = options.externalDynamoDb ?? dynamoDb!.endpoint;
  const clientConfig = { region: options.AWS_REGION, endpoint: dynamoDbEndpoint, credentials: localCredentials };
  const client = new DynamoDBClient(clientConfig);
  const streams = new DynamoDBStreamsClient(clientConfig);
  let ses: RunningSes | undefined;
  const consumers = (Object.entries(functions) as [FunctionName, FunctionDefinition][]).flatMap(([name, definition]) =>
    definition.emailEvents ? [{ name, settings: definition.emailEvents }] : [],
  );
  const eventBus = new LocalEventBus(consumers, (name, event) => invoke<SQSBatchResponse | undefined>(name, event), log);
  let server: Server | undefined;
  const pollers = new Map<FunctionName, StreamPoller>();
  const deadLetters = new Map<FunctionName, DeadLetters>();
  const stopAll = async () => {
    if (server?.listening) {
      await new Promise<void>((resolveClose) => {
        server!.close(() => resolveClose());
        server!.closeAllConnections();
      });
    }
    await Promise.all([...pollers.values()].map((poller) => poller.stop()));
    await ses?.stop();
    await eventBus.drain();
    client.destroy();
    streams.destroy();
    await dynamoDb?.stop();
  };
  try {
    const streamArn = await ensureTable(client, options.TABLE_NAME);
    await seedCatalogue(client, options.TABLE_NAME, options.PROGRAMME);
    ses = await startSes(options.SES_PORT, (type, event) => eventBus.publish(type, event));

    // Handlers load on first use, so the server can listen before their environment is set.
    server = createHttpApi(
      (name, event) => invoke<APIGatewayProxyStructuredResultV2>(name, event),
      (error) => log('Unhandled error in a handler', { error: String(error) }),
    );
    await new Promise<void>((resolveListen, reject) => {
      server!.once('error', reject);
      server!.listen(options.PORT, '127.0.0.1', () => resolveListen());
    });
    const address = server.address();
    const apiUrl = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : options.PORT}`;
    // The handlers read their settings when first loaded, as they would on a Lambda cold start.
    Object.assign(process.env, localFunctionEnvironment({ ...options, dynamoDbEndpoint, sesEndpoint: ses.endpoint, apiUrl }));
    // The functions' own client, loaded now that its environment is set: what IAM checks in AWS is checked on it here.
    guardTable((await import('#shared/data/client')).dynamoDb);

    for (const [name, definition] of Object.entries(functions) as [FunctionName, FunctionDefinition][]) {
      if (!definition.stream) continue;
      const letters = new DeadLetters(options.dataDir ? join(options.dataDir, 'dead-letters', `${name}.jsonl`) : undefined);
      const poller = new StreamPoller({
        client: streams,
        streamArn,
        consumer: { name, settings: definition.stream, invoke: (event) => invoke<DynamoDBBatchResponse>(name, event) },
        checkpoints: new Checkpoints(streamArn, options.dataDir ? join(options.dataDir, 'checkpoints', `${name}.json`) : undefined),
        deadLetters: letters,
        ...(options.pollIntervalMs ? { pollIntervalMs: options.pollIntervalMs } : {}),
        dependencyAvailable: () =>
          client.send(new ListTablesCommand({ Limit: 1 })).then(
            () => true,
            () => false,
          ),
        log,
      });
      pollers.set(name, poller);
      deadLetters.set(name, letters);
      poller.start();
    }

    let stopped: Promise<void> | undefined;
    return {
      apiUrl,
      dynamoDbEndpoint,
      sesEndpoint: ses.endpoint,
      dynamoDb,
      pollers,
      deadLetters,
      streamArn,
      stop: () => (stopped ??= stopAll()),
    };
  } catch (error) {
    await stopAll();
    throw error;
  }
}
