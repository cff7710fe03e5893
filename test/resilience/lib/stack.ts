/**
 * The local stack as the resilience checks use it: a table of its own on the suite's DynamoDB
 * Local (or on a dedicated one the test controls), tokens, raw table reads, the SES emulator's
 * store, and bounded waiting.
 */
import { randomUUID } from 'node:crypto';
import { request as httpRequest, type OutgoingHttpHeaders } from 'node:http';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand, QueryCommand, ScanCommand } from '@aws-sdk/lib-dynamodb';
import { inject } from 'vitest';
import { catalogue } from '../../../shared/catalogue/index.ts';
import { issueToken } from '../../../shared/domain/credential.ts';
import { ProgressStore } from '../../../shared/data/progress-store.ts';
import { startLocalStack, type LocalStack } from '../../../infra/local/runtime.ts';

export const programmeId = 'west-midlands-community-recovery';
export const priorityIds: readonly string[] = catalogue(programmeId).priorities.map((priority) => priority.id);

export type Item = Record<string, unknown>;

export interface RawResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

export interface ResilienceStack extends LocalStack {
  tableName: string;
  store: ProgressStore;
  documents: DynamoDBDocumentClient;
  token(priorityId: string, options?: { days?: number; name?: string; email?: string; now?: Date }): Promise<string>;
  request(method: string, path: string, init?: { headers?: Record<string, string>; body?: string | Buffer }): Promise<Response>;
  /** node:http, for what fetch will not send: repeated headers, raw paths, no content type. */
  raw(method: string, path: string, init?: { headers?: OutgoingHttpHeaders; body?: string | Buffer }): Promise<RawResponse>;
  emails(): Promise<SentEmail[]>;
  /** Every update item stored for a priority (sort key UPDATE#…), read straight from the table. */
  storedUpdates(priorityId: string): Promise<Item[]>;
  scan(): Promise<Item[]>;
  getItem(pk: string, sk: string): Promise<Item | undefined>;
}

export interface SentEmail {
  messageId: string;
  destination: { to: string[]; cc?: string[]; bcc?: string[] };
  subject: string;
  body: { html?: string; text?: string };
  headers?: { name: string; value: string }[];
}

export interface StackOptions {
  /** An already running DynamoDB; the suite's shared one by default. */
  dynamoDbEndpoint?: string;
  /** Checkpoints and dead letters go to files here; null keeps them in memory. */
  dataDir?: string | null;
  pollIntervalMs?: number;
  startPollers?: boolean;
  /** Runs right after the stack starts, before any handler has loaded (handlers read their environment once). */
  beforeHandlersLoad?: (stack: LocalStack) => void;
}

export async function startStack(options: StackOptions = {}): Promise<ResilienceStack> {
  const tableName = `resilience-${randomUUID()}`;
  const endpoint = options.dynamoDbEndpoint ?? inject('resilienceDynamoDbEndpoint');
  const stack = await startLocalStack({
    PORT: 0,
    DYNAMODB_PORT: 0,
    SES_PORT: 0,
    SENDER_ADDRESS: 'progress@recovery-progress.example',
    REPORTING_PERIOD: 'month',
    STALE_AFTER_DAYS: 42,
    TABLE_NAME: tableName,
    PROGRAMME: programmeId,
    RATING_SCALE: 'five-point',
    AWS_REGION: 'eu-west-2',
    LOG_LEVEL: 'SILENT',
    dataDir: options.dataDir ?? null,
    externalDynamoDb: endpoint,
    pollIntervalMs: options.pollIntervalMs ?? 100,
  });
  // Synchronously, before the pollers' first tick can load a handler.
  options.beforeHandlersLoad?.(stack);
  if (options.startPollers === false) await Promise.all([...stack.pollers.values()].map((poller) => poller.stop()));
  const client = new DynamoDBClient({ endpoint, region: 'eu-west-2', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
  const documents = DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true } });
  const store = new ProgressStore(tableName, documents);

  async function queryAll(input: { pk: string; skPrefix: string }): Promise<Item[]> {
    const items: Item[] = [];
    let startKey: Record<string, unknown> | undefined;
    for (let page = 0; page < 1000; page += 1) {
      const result = await documents.send(
        new QueryCommand({
          TableName: tableName,
          KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
          ExpressionAttributeValues: { ':pk': input.pk, ':prefix': input.skPrefix },
          ConsistentRead: true,
          ExclusiveStartKey: startKey,
        }),
      );
      items.push(...(result.Items ?? []));
      startKey = result.LastEvaluatedKey;
      if (!startKey) return items;
    }
    throw new Error('query did not finish within 1000 pages');
  }

  return {
    ...stack,
    tableName,
    store,
    documents,
    async token(priorityId, tokenOptions = {}) {
      const { token, credential } = issueToken({ priorityId, ...tokenOptions });
      await store.saveCredential(credential);
      return token;
    },
    request(method, path, init = {}) {
      return fetch(`${stack.apiUrl}${path}`, {
        method,
        headers: init.headers ?? {},
        ...(init.body !== undefined ? { body: init.body } : {}),
        redirect: 'manual',
        signal: AbortSignal.timeout(30_000),
      });
    },
    raw(method, path, init = {}) {
      const url = new URL(stack.apiUrl);
      return new Promise<RawResponse>((resolveResponse, reject) => {
        const outgoing = httpRequest(
          { host: url.hostname, port: url.port, method, path, headers: init.headers ?? {}, timeout: 30_000 },
          (response) => {
            const chunks: Buffer[] = [];
            response.on('data', (chunk: Buffer) => chunks.push(chunk));
            response.on('end', () => resolveResponse({ status: response.statusCode ?? 0, headers: response.headers, body: Buffer.concat(chunks).toString('utf8') }));
            response.on('error', reject);
          },
        );
        outgoing.on('timeout', () => outgoing.destroy(new Error('request timed out')));
        outgoing.on('error', reject);
        outgoing.end(init.body);
      });
    },
    async emails() {
      const response = await fetch(`${stack.sesEndpoint}/store`, { signal: AbortSignal.timeout(10_000) });
      return ((await response.json()) as { emails: SentEmail[] }).emails;
    },
    storedUpdates: (priorityId) => queryAll({ pk: `PRIORITY#${priorityId}`, skPrefix: 'UPDATE#' }),
    async scan() {
      const items: Item[] = [];
      let startKey: Record<string, unknown> | undefined;
      for (let page = 0; page < 1000; page += 1) {
        const result = await documents.send(new ScanCommand({ TableName: tableName, ConsistentRead: true, ExclusiveStartKey: startKey }));
        items.push(...(result.Items ?? []));
        startKey = result.LastEvaluatedKey;
        if (!startKey) return items;
      }
      throw new Error('scan did not finish within 1000 pages');
    },
    async getItem(pk, sk) {
      const { Item } = await documents.send(new GetCommand({ TableName: tableName, Key: { pk, sk }, ConsistentRead: true }));
      return Item;
    },
    async stop() {
      await stack.stop();
      client.destroy();
    },
  };
}

/** Polls until `check` returns a truthy value; fails after `timeoutMs` naming what it waited for. */
export async function eventually<T>(what: string, check: () => Promise<T | undefined | false | null>, timeoutMs = 20_000, intervalMs = 100): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`Waited ${timeoutMs} ms for ${what}`);
    await new Promise((resolveWait) => setTimeout(resolveWait, intervalMs));
  }
}

export const validUpdate = {
  status: 'amber',
  period: '2021-03',
  summary: 'Kickstart placements are up across the region.',
  achievements: ['500 placements agreed'],
  nextSteps: ['Open the second round'],
  barriers: [{ description: 'Data sharing with DWP is slow', needsBoardSupport: false }],
  statusRationale: 'Placements are behind plan.',
} as const;

/** Runs `tasks` with at most `concurrency` in flight, keeping their order in the results. */
export async function pool<T, R>(items: readonly T[], concurrency: number, task: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const workers = Array.from({ length: Math.min(concurrency, items.length) }, async () => {
    while (next < items.length) {
      const index = next;
      next += 1;
      results[index] = await task(items[index]!, index);
    }
  });
  await Promise.all(workers);
  return results;
}
