/**
 * The local stack as the resilience checks use it: a table of its own on the suite's DynamoDB
 * Local (or on a dedicated one the test controls), tokens, raw table reads, the SES emulator's
 * store, and bounded waiting.
 */
import { request as httpRequest, type OutgoingHttpHeaders } from 'node:http';
import { GetCommand, ScanCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, inject } from 'vitest';
import { catalogue } from '#shared/catalogue/index';
import type { LocalStack } from '../../../infra/local/runtime.ts';
import {
  validUpdate as baseUpdate,
  patience,
  type SentEmail,
  startTestStack,
  type TestStack,
  type TestStackOptions,
  eventually as waitFor,
} from '../../integration/stack.ts';
import { type FaultProxy, startFaultProxy } from './proxy.ts';

export { patience };

/** How long one request may take before it counts as hung: far beyond any answer, even on a loaded machine. */
const requestHangBound = 2 * 60_000;

const programmeId = 'west-midlands-community-recovery';
export const priorityIds: readonly string[] = catalogue(programmeId).priorities.map((priority) => priority.id);

export type Item = Record<string, unknown>;

interface RawResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

export interface ResilienceStack extends TestStack {
  /** node:http, for what fetch will not send: repeated headers, raw paths, no content type. */
  raw(method: string, path: string, init?: { headers?: OutgoingHttpHeaders; body?: string | Buffer }): Promise<RawResponse>;
  scan(): Promise<Item[]>;
  getItem(pk: string, sk: string): Promise<Item | undefined>;
}

export type { SentEmail };

/** The local services a fault proxy can stand in front of: the variable the functions' SDK client reads, and the stack's own endpoint. */
const proxiable = {
  dynamodb: { variable: 'AWS_ENDPOINT_URL_DYNAMODB', endpoint: (started: LocalStack) => started.dynamoDbEndpoint },
  ses: { variable: 'AWS_ENDPOINT_URL_SESV2', endpoint: (started: LocalStack) => started.sesEndpoint },
} as const;

/** A stack whose functions reach one service through the proxy: set before any handler loads, as handlers read their endpoints once. */
export function startStackBehind(
  proxy: FaultProxy,
  service: keyof typeof proxiable,
  options: Omit<TestStackOptions, 'beforeHandlersLoad'> = {},
): Promise<ResilienceStack> {
  const { variable, endpoint } = proxiable[service];
  return startStack({
    ...options,
    beforeHandlersLoad: (started) => {
      proxy.target = endpoint(started);
      process.env[variable] = proxy.url;
    },
  });
}

export interface StackBehindProxy {
  proxy: FaultProxy;
  stack: ResilienceStack;
  /** A sponsor's token for each priority, named `Sponsor of <id>`. */
  tokens: Record<string, string>;
}

/** For a whole test file: a fault proxy, a stack reaching `service` through it and a token per priority, handed to `ready` once started and stopped after the file. */
export function stackBehindProxyForFile(
  service: keyof typeof proxiable,
  options: Omit<TestStackOptions, 'beforeHandlersLoad'>,
  ready: (started: StackBehindProxy) => void,
): void {
  let started: Partial<StackBehindProxy> = {};
  beforeAll(async () => {
    const proxy = await startFaultProxy();
    started = { proxy };
    const stack = await startStackBehind(proxy, service, options);
    started.stack = stack;
    const tokens: Record<string, string> = {};
    for (const priorityId of priorityIds) tokens[priorityId] = await stack.token(priorityId, { name: `Sponsor of ${priorityId}` });
    ready({ proxy, stack, tokens });
  });
  afterAll(async () => {
    await started.stack?.stop();
    await started.proxy?.close();
  });
}

/** The integration tests' stack on the suite's own DynamoDB Local, with raw HTTP, scans and bounded requests. */
export async function startStack(options: TestStackOptions = {}): Promise<ResilienceStack> {
  const stack = await startTestStack({ ...options, dynamoDbEndpoint: options.dynamoDbEndpoint ?? inject('resilienceDynamoDbEndpoint') });
  const { documents, tableName } = stack;
  return {
    ...stack,
    request(method, path, init = {}) {
      return fetch(`${stack.apiUrl}${path}`, {
        method,
        headers: init.headers ?? {},
        ...(init.body !== undefined ? { body: init.body } : {}),
        redirect: 'manual',
        signal: AbortSignal.timeout(requestHangBound),
      });
    },
    raw(method, path, init = {}) {
      const url = new URL(stack.apiUrl);
      return new Promise<RawResponse>((resolveResponse, reject) => {
        const outgoing = httpRequest(
          { host: url.hostname, port: url.port, method, path, headers: init.headers ?? {}, timeout: requestHangBound },
          (response) => {
            const chunks: Buffer[] = [];
            response.on('data', (chunk: Buffer) => chunks.push(chunk));
            response.on('end', () =>
              resolveResponse({ status: response.statusCode ?? 0, headers: response.headers, body: Buffer.concat(chunks).toString('utf8') }),
            );
            response.on('error', reject);
          },
        );
        outgoing.on('timeout', () => outgoing.destroy(new Error('request timed out')));
        outgoing.on('error', reject);
        outgoing.end(init.body);
      });
    },
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
  };
}

/** The integration tests' `eventually` (and its patience), with what it waits for named first. */
export function eventually<T>(what: string, check: () => Promise<T | undefined | false | null>, timeoutMs = patience, intervalMs = 100): Promise<T> {
  return waitFor(check, timeoutMs, intervalMs, what);
}

/** The integration tests' update, with a barrier that does not ask for the board (no board emails). */
export const validUpdate = {
  ...baseUpdate,
  barriers: [{ description: baseUpdate.barriers[0]!.description, needsBoardSupport: false }],
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
