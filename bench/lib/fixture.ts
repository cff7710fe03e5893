/**
 * The bench's own world: an in-memory DynamoDB Local on a free port, a table built from the
 * shared definition, each priority's history seeded straight into its update partition, and the
 * local stack (HTTP API, handlers, stream pollers) on top, exactly as `npm start` runs it.
 *
 * History is seeded while the table's stream is switched off, so the stream consumer never sees
 * it: summaries and the portfolio are computed from the seeded updates with the shared summary
 * rules and written directly, as if summarise had processed every one of them. The stream is
 * switched on again before the stack starts, so it carries only what the bench measures.
 */

import { DynamoDBClient, UpdateTableCommand } from '@aws-sdk/client-dynamodb';
import { BatchWriteCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { ulid } from 'ulid';
import { catalogue } from '#shared/catalogue/index';
import { documentClientFor } from '#shared/data/client';
import { keys } from '#shared/data/keys';
import { table } from '#shared/data/table';
import { issueToken } from '#shared/domain/credential';
import { statuses } from '#shared/domain/rating';
import { applyUpdate, emptySummary, type PrioritySummary, recentWindow } from '#shared/domain/summary';
import type { Author, ProgressUpdate } from '#shared/domain/update';
import { ensureTable } from '../../infra/local/bootstrap.ts';
import { freePort, type RunningDynamoDb, startDynamoDbLocal } from '../../infra/local/dynamodb-local.ts';
import { type LocalStack, startLocalStack } from '../../infra/local/runtime.ts';
import { localSettings } from '../../infra/local/settings.ts';
import { type TableStores, tableStores } from '../../infra/local/stores.ts';
import { counter, type Deadline, progress, until } from './progress.ts';

const region = 'eu-west-2';
const credentials = { accessKeyId: 'local', secretAccessKey: 'local' };

/** What a sponsor sends: a realistic update with every field filled, and a rationale so any status is accepted. */
const sampleInput = {
  status: 'amber',
  period: '2021-03',
  summary:
    'Kickstart placements agreed with 40 employers across the region; the first cohort started in March and a second round opens next month. Referral routes from the Jobcentres are working.',
  achievements: ['40 employers signed up', 'First cohort of 120 young people started'],
  nextSteps: ['Open the second round of placements'],
  barriers: [{ description: 'Data sharing with DWP is slow', needsBoardSupport: true }],
  statusRationale: 'Placements are behind the plan for the quarter.',
} as const;

export const sampleBody = JSON.stringify(sampleInput);

/** The commitments a priority is given for the cost of an update that changes one ask, one milestone and two measures. */
export const benchCommitments = { askId: 'bench-ask', milestoneId: 'bench-hub', measureIds: ['bench-placements', 'bench-starts'] } as const;

/** The sample update reporting on the bench's commitments, each a little different in turn so that every report is a change. */
export function commitmentsBody(turn: number): string {
  return JSON.stringify({
    ...sampleInput,
    asks: [{ id: benchCommitments.askId, status: turn % 2 === 0 ? 'raised' : 'in-discussion' }],
    milestones: [{ id: benchCommitments.milestoneId, forecast: turn % 2 === 0 ? '2021-07-14' : '2021-07-21', status: 'at-risk' }],
    measures: benchCommitments.measureIds.map((id, index) => ({ id, value: turn * 10 + index })),
  });
}

const seedAuthor = { tokenId: '0000000000000000', name: 'Seeded sponsor' };

/** The name on every token the bench issues, so the author of a posted update is known in advance. */
export const benchSponsor = 'Bench sponsor';

/** An update as record-update stores it: the sample input plus what the server sets. */
export function storedUpdate(
  priorityId: string,
  id: string,
  at: Date,
  author: Author,
  changes: Partial<Pick<ProgressUpdate, 'status' | 'period'>> = {},
): ProgressUpdate {
  return {
    ...sampleInput,
    achievements: [...sampleInput.achievements],
    nextSteps: [...sampleInput.nextSteps],
    barriers: sampleInput.barriers.map((barrier) => ({ ...barrier })),
    ...changes,
    id,
    priorityId,
    submittedAt: at.toISOString(),
    author,
  };
}

/** One update of a seeded history, at time `at`; statuses vary so the summary rules have work to do. */
function historicalUpdate(priorityId: string, at: number, index: number): ProgressUpdate {
  const when = new Date(at);
  return storedUpdate(priorityId, ulid(at), when, seedAuthor, { status: statuses[index % statuses.length]!, period: when.toISOString().slice(0, 7) });
}

export interface BenchStack {
  tableName: string;
  endpoint: string;
  apiUrl: string;
  /** Priority ids of the seeded programme, in catalogue order. */
  priorityIds: string[];
  /** The bench's own client: seeding and observing, never metered. */
  observer: TableStores;
  stack: LocalStack;
  /** Issues a token for a priority and stores its credential. */
  token(priorityId: string): Promise<string>;
  /** Stream consumers in function-list order: the stack runs one poller for each. */
  consumers: string[];
  /** Stops every stream poller, or the named ones. */
  pausePollers(names?: string[]): Promise<void>;
  /** Starts every stream poller, or the named ones. */
  resumePollers(names?: string[]): void;
  /** How many emails the local SES endpoint has accepted so far. */
  emailsSent(): Promise<number>;
  pollIntervalMs: number;
  stop(): Promise<void>;
}

/** Seeds `count` updates for a priority, oldest first, in parallel BatchWriteItem calls; returns the newest few. */
async function seedHistory(
  documents: DynamoDBDocumentClient,
  tableName: string,
  priorityId: string,
  count: number,
  deadline: Deadline,
): Promise<ProgressUpdate[]> {
  // One update a minute, ending an hour ago, so every update the bench posts is newer.
  const newestAt = Date.now() - 3_600_000;
  const report = counter(`seeding ${count.toLocaleString('en-GB')} updates of ${priorityId}`, count);
  const newest: ProgressUpdate[] = [];
  let next = 0;
  let written = 0;
  const writer = async () => {
    while (next < count) {
      if (deadline.passed) throw new Error(`Seeding ${priorityId} ran out of time after ${written} of ${count} updates`);
      const first = next;
      const end = Math.min(count, first + 25);
      next = end;
      let requests = [];
      for (let index = first; index < end; index += 1) {
        const update = historicalUpdate(priorityId, newestAt - (count - index) * 60_000, index);
        if (index >= count - recentWindow) newest.push(update);
        requests.push({ PutRequest: { Item: { ...keys.update(priorityId, update.id), entity: 'update', ...update } } });
      }
      for (let attempt = 1; requests.length > 0; attempt += 1) {
        if (attempt > 8) throw new Error(`DynamoDB Local kept ${requests.length} seeded updates unprocessed`);
        const { UnprocessedItems } = await documents.send(new BatchWriteCommand({ RequestItems: { [tableName]: requests } }));
        requests = (UnprocessedItems?.[tableName] ?? []) as typeof requests;
        if (requests.length > 0) await new Promise((resolve) => setTimeout(resolve, 20 * attempt));
      }
      written += end - first;
      report(written);
    }
  };
  await Promise.all(Array.from({ length: 4 }, writer));
  return newest.sort((a, b) => (a.id < b.id ? -1 : 1));
}

/** The summary summarise would hold after the whole history: the last updates through the shared rules. */
function summaryAfter(priorityId: string, newest: ProgressUpdate[], count: number): PrioritySummary {
  let summary = emptySummary(priorityId);
  for (const update of newest) summary = applyUpdate(summary, update) ?? summary;
  return { ...summary, updateCount: count };
}

export async function startBenchStack(options: {
  histories: Map<string, number>;
  deadline: Deadline;
  /** Called once DynamoDB Local answers, before seeding: for work that may share the machine with the seeding but not with Java's start. */
  onDynamoDbStarted?: () => void;
}): Promise<BenchStack> {
  const defaults = localSettings({});
  const programme = catalogue(defaults.PROGRAMME);
  const tableName = `bench-${Date.now()}`;
  progress('starting DynamoDB Local (in memory)');
  const dynamoDb: RunningDynamoDb = await startDynamoDbLocal({ port: await freePort(), dbPath: null });
  options.onDynamoDbStarted?.();
  const client = new DynamoDBClient({ endpoint: dynamoDb.endpoint, region, credentials, maxAttempts: 3 });
  const documents = documentClientFor(client);
  const observer = tableStores(tableName, client);
  let stack: LocalStack | undefined;
  try {
    await ensureTable(client, tableName);
    // Seeded history must not reach the stream consumer: seed with the stream off.
    await client.send(new UpdateTableCommand({ TableName: tableName, StreamSpecification: { StreamEnabled: false } }));
    const summaries: PrioritySummary[] = [];
    for (const priority of programme.priorities) {
      const count = options.histories.get(priority.id) ?? 0;
      const newest = count > 0 ? await seedHistory(documents, tableName, priority.id, count, options.deadline) : [];
      summaries.push(count > 0 ? summaryAfter(priority.id, newest, count) : emptySummary(priority.id));
    }
    for (const summary of summaries) await observer.summaries.save(summary, 0);
    await client.send(new UpdateTableCommand({ TableName: tableName, StreamSpecification: { StreamEnabled: true, StreamViewType: table.streamView } }));

    progress('starting the local stack (HTTP API, handlers, stream pollers)');
    // Every other setting as `npm start` has it by default, so new settings need no change here.
    stack = await startLocalStack({
      ...defaults,
      PORT: 0,
      SES_PORT: 0,
      DYNAMODB_PORT: dynamoDb.port,
      TABLE_NAME: tableName,
      AWS_REGION: region,
      LOG_LEVEL: 'SILENT',
      dataDir: null,
      externalDynamoDb: dynamoDb.endpoint,
      log: (message, detail) => progress(`local stack: ${message}${detail ? ` ${JSON.stringify(detail)}` : ''}`),
    });
  } catch (error) {
    client.destroy();
    await dynamoDb.stop();
    throw error;
  }
  const running = stack;
  const pollers = (names?: string[]) => [...running.pollers.entries()].filter(([name]) => !names || names.includes(name)).map(([, poller]) => poller);
  return {
    tableName,
    endpoint: dynamoDb.endpoint,
    apiUrl: running.apiUrl,
    priorityIds: programme.priorities.map((priority) => priority.id),
    observer,
    stack: running,
    pollIntervalMs: pollers()[0]?.pollIntervalMs ?? 250,
    consumers: [...running.pollers.keys()],
    async token(priorityId) {
      const { token, credential } = issueToken({ priorityId, name: benchSponsor });
      await observer.credentials.save(credential);
      return token;
    },
    async pausePollers(names) {
      await Promise.all(pollers(names).map((poller) => poller.stop()));
    },
    resumePollers(names) {
      for (const poller of pollers(names)) poller.start();
    },
    async emailsSent() {
      const response = await fetch(`${running.sesEndpoint}/store`);
      return ((await response.json()) as { emails?: unknown[] }).emails?.length ?? 0;
    },
    async stop() {
      await running.stop();
      client.destroy();
      await dynamoDb.stop();
    },
  };
}

export interface Posted {
  status: number;
  /** The stored update's id when the post was accepted. */
  id: string | undefined;
  body: string;
}

/** POST /priorities/{id}/updates as JSON with a bearer token. */
export async function postUpdate(
  apiUrl: string,
  priorityId: string,
  token: string,
  extraHeaders: Record<string, string> = {},
  body: string = sampleBody,
): Promise<Posted> {
  const response = await fetch(`${apiUrl}/priorities/${encodeURIComponent(priorityId)}/updates`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', ...extraHeaders },
    body,
  });
  const answer = await response.text();
  const id = response.status === 201 ? (JSON.parse(answer) as { id?: string }).id : undefined;
  return { status: response.status, id, body: answer };
}

/**
 * Polls the table until `ready` holds, and returns the performance.now() at which it was first
 * seen, or undefined after `timeoutMs`. Consistent reads through the bench's own client.
 */
export async function firstSeen(ready: () => Promise<boolean>, options: { timeoutMs: number; intervalMs: number }): Promise<number | undefined> {
  const seenAt = await until(async () => ((await ready()) ? performance.now() : undefined), options);
  return seenAt;
}

export function summaryShows(stack: BenchStack, priorityId: string, updateId: string): () => Promise<boolean> {
  return async () => (await stack.observer.summaries.get(priorityId, true))?.value.lastUpdateId === updateId;
}
