/** Test helpers: a local stack on the shared DynamoDB Local with a table of its own, and a small HTTP client. */
import { randomUUID } from 'node:crypto';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DescribeStreamCommand, DynamoDBStreamsClient, GetRecordsCommand, GetShardIteratorCommand } from '@aws-sdk/client-dynamodb-streams';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { DynamoDBRecord } from 'aws-lambda';
import { inject } from 'vitest';
import { toLambdaRecord } from '#shared/data/stream';
import { issueToken } from '#shared/domain/credential';
import { type LocalStack, startLocalStack } from '../../infra/local/runtime.ts';
import { localCredentials, localSettings } from '../../infra/local/settings.ts';
import { type TableStores, tableStores } from '../../infra/local/stores.ts';
import { missedUpdateCells } from '../unit/fixtures.ts';

type TokenOptions = Pick<Parameters<typeof issueToken>[0], 'name' | 'email' | 'days' | 'now'>;
export interface TestStack extends LocalStack {
  tableName: string;
  stores: TableStores;
  documents: DynamoDBDocumentClient;
  token(priorityId: string, options?: TokenOptions & { role?: 'sponsor' | 'delivery-lead' }): Promise<string>;
  /** A board member's token: it acts as the board, on no priority of its own. */
  boardToken(options?: TokenOptions): Promise<string>;
  request(method: string, path: string, init?: { headers?: Record<string, string>; body?: string | Buffer }): Promise<Response>;
  /** Every email the local SES endpoint has accepted so far. */
  emails(): Promise<SentEmail[]>;
  /** Every update item stored for a priority (sort key UPDATE#…), read straight from the table. */
  storedUpdates(priorityId: string): Promise<Record<string, unknown>[]>;
}

export interface TestStackOptions {
  /** An already running DynamoDB; the test run's shared one by default. */
  dynamoDbEndpoint?: string;
  /** Checkpoints and dead letters go to files here; null keeps them in memory. */
  dataDir?: string | null;
  pollIntervalMs?: number;
  startPollers?: boolean;
  /** Local settings (environment variable names) that differ from `npm start`'s defaults. */
  settings?: Record<string, string>;
  /** Runs right after the stack starts, before any handler has loaded (handlers read their environment once). */
  beforeHandlersLoad?: (stack: LocalStack) => void;
}

export interface SentEmail {
  messageId: string;
  destination: { to: string[]; cc?: string[]; bcc?: string[] };
  subject: string;
  body: { html?: string; text?: string };
  headers?: { name: string; value: string }[];
}

export async function startTestStack(options: TestStackOptions = {}): Promise<TestStack> {
  const tableName = `test-${randomUUID()}`;
  const endpoint = options.dynamoDbEndpoint ?? inject('dynamoDbEndpoint');
  // The local stack's defaults, as `npm start` has them, on ports of its own and a table of its own.
  const stack = await startLocalStack({
    ...localSettings({ PORT: '0', DYNAMODB_PORT: '0', SES_PORT: '0', TABLE_NAME: tableName, LOG_LEVEL: 'SILENT', ...options.settings }),
    dataDir: options.dataDir ?? null,
    externalDynamoDb: endpoint,
    pollIntervalMs: options.pollIntervalMs ?? 100,
  });
  // Synchronously, before the pollers' first tick can load a handler.
  options.beforeHandlersLoad?.(stack);
  if (options.startPollers === false) await Promise.all([...stack.pollers.values()].map((poller) => poller.stop()));
  const client = new DynamoDBClient({ endpoint, region: 'eu-west-2', credentials: localCredentials });
  const stores = tableStores(tableName, client);
  const documents = stores.table.client;
  return {
    ...stack,
    tableName,
    stores,
    documents,
    async token(priorityId, tokenOptions = {}) {
      const { token, credential } = issueToken({ priorityId, ...tokenOptions });
      await stores.credentials.save(credential);
      return token;
    },
    async boardToken(tokenOptions = {}) {
      const { token, credential } = issueToken({ role: 'board', ...tokenOptions });
      await stores.credentials.save(credential);
      return token;
    },
    request(method, path, init = {}) {
      return fetch(`${stack.apiUrl}${path}`, {
        method,
        headers: init.headers ?? {},
        ...(init.body !== undefined ? { body: init.body } : {}),
        redirect: 'manual',
      });
    },
    async emails() {
      const response = await fetch(`${stack.sesEndpoint}/store`);
      return ((await response.json()) as { emails: SentEmail[] }).emails;
    },
    async storedUpdates(priorityId) {
      return stores.table.queryPartition(`PRIORITY#${priorityId}`, 'UPDATE#', true);
    },
    async stop() {
      await stack.stop();
      client.destroy();
    },
  };
}

/**
 * A personal link followed as a browser follows it: the GET answers the link's Continue page,
 * and the page's same-origin post makes the session. The cookie to send back (`name=value`);
 * it throws when either step is refused.
 */
export async function followPersonalLink(stack: Pick<TestStack, 'request' | 'apiUrl'>, link: string): Promise<string> {
  const continuePage = await stack.request('GET', link, { headers: { accept: 'text/html' } });
  const body = await continuePage.text();
  const field = (name: string) => new RegExp(`name="${name}" value="([^"]*)"`).exec(body)?.[1];
  const [token, next] = [field('token'), field('next')];
  if (continuePage.status !== 200 || !token || !next) throw new Error(`no Continue page for ${link.split('?')[0]}: ${continuePage.status}`);
  const made = await stack.request('POST', '/sessions', {
    headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'text/html', 'sec-fetch-site': 'same-origin', origin: stack.apiUrl },
    body: new URLSearchParams({ token, next }).toString(),
  });
  const cookie = made.headers.getSetCookie()[0]?.split(';')[0];
  if (made.status !== 303 || !cookie) throw new Error(`no session for ${next}: ${made.status}`);
  return cookie;
}

/**
 * How long `eventually` waits by default. It returns as soon as its condition holds, so a
 * passing run never waits for this; it is long because a loaded two-core machine can take many
 * times longer than an idle one to start a poller or deliver a stream record.
 */
export const patience = 3 * 60_000;

/** Polls until `check` returns a truthy value, or fails after `timeoutMs`, naming what it waited for. */
export async function eventually<T>(
  check: () => Promise<T | undefined | false | null>,
  timeoutMs = patience,
  intervalMs = 50,
  what = 'the condition',
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`Waited ${timeoutMs} ms for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}

export const validUpdate = {
  status: 'amber',
  period: '2021-03',
  summary: 'Kickstart placements are up across the region.',
  achievements: ['500 placements agreed'],
  nextSteps: ['Open the second round'],
  barriers: [{ description: 'Data sharing with DWP is slow', needsBoardSupport: true }],
  statusRationale: 'Placements are behind plan.',
} as const;

/** Posts an update for a period as a sponsor (with an address of its own, so nobody's emails are held back as the author's), and waits for its summary. */
export async function post(stack: TestStack, priorityId: string, period: string): Promise<string> {
  const token = await stack.token(priorityId, { email: 'poster@example.org' });
  const answer = await stack.request('POST', `/priorities/${priorityId}/updates`, {
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ ...validUpdate, barriers: [], period }),
  });
  if (answer.status !== 201) throw new Error(`The update was refused (${answer.status}): ${await answer.text()}`);
  const { id } = (await answer.json()) as { id: string };
  await eventually(async () => (await stack.stores.summaries.get(priorityId, true))?.value.lastUpdateId === id, patience, 50, `the summary of ${priorityId}`);
  return id;
}

/** The rows of the missed-updates page: each priority's id and the text of each cell after its name. */
export async function missedUpdateRows(stack: TestStack): Promise<string[][]> {
  const answer = await stack.request('GET', '/missed-updates', { headers: { accept: 'text/html' } });
  if (answer.status !== 200) throw new Error(`GET /missed-updates answered ${answer.status}`);
  return missedUpdateCells(await answer.text());
}

export function form(fields: Record<string, string>): string {
  return new URLSearchParams(fields).toString();
}

/** Every record on a stack's table stream so far, as Lambda would deliver them. */
export async function streamRecords(stack: Pick<TestStack, 'streamArn'>): Promise<DynamoDBRecord[]> {
  const client = new DynamoDBStreamsClient({
    endpoint: inject('dynamoDbEndpoint'),
    region: 'eu-west-2',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
  const records: DynamoDBRecord[] = [];
  try {
    const { StreamDescription } = await client.send(new DescribeStreamCommand({ StreamArn: stack.streamArn }));
    for (const shard of StreamDescription?.Shards ?? []) {
      let { ShardIterator } = await client.send(
        new GetShardIteratorCommand({ StreamArn: stack.streamArn, ShardId: shard.ShardId, ShardIteratorType: 'TRIM_HORIZON' }),
      );
      while (ShardIterator) {
        const page = await client.send(new GetRecordsCommand({ ShardIterator }));
        records.push(...(page.Records ?? []).map((record) => toLambdaRecord(record, stack.streamArn)));
        if ((page.Records ?? []).length === 0) break;
        ShardIterator = page.NextShardIterator;
      }
    }
  } finally {
    client.destroy();
  }
  return records;
}
