/**
 * Cold requests and deployed size. Every function's artifact is built as it is deployed
 * (lib/artifacts.ts: the bundle, its source map, its run-time files, zipped), next to a baseline
 * artifact: an SDK-only function doing one PutItem (baseline-handler.ts), built the same way.
 *
 * A cold request is a fresh `node` process, started in the artifact's folder with the
 * environment the function has in Lambda (its settings through shared/settings.ts's
 * functionEnvironment, `NODE_OPTIONS=--enable-source-maps`, Lambda's own variables with active
 * tracing), that imports the bundle and invokes `handler` once with a realistic event for that
 * function against the bench's DynamoDB Local, SES emulator and a stand-in Lambda API. Load
 * (the import) and first request (the handler call) are timed separately inside the process.
 *
 * Each repetition visits every artifact in a new random order; ratios are taken within a
 * repetition (the function's median process against the baseline's), and reported as the
 * median over repetitions with their spread. Processes that time the load without
 * `--enable-source-maps` (import only) are interleaved with the others, for the source-map figures.
 */
import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { createSocket, type Socket } from 'node:dgram';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { DescribeStreamCommand, DynamoDBStreamsClient, GetRecordsCommand, GetShardIteratorCommand } from '@aws-sdk/client-dynamodb-streams';
import type { DynamoDBRecord } from 'aws-lambda';
import { keys } from '#shared/data/keys';
import { toLambdaRecord } from '#shared/data/stream';
import { buildBoardPack } from '#shared/domain/board-pack';
import { issueToken, tokenIdOf } from '#shared/domain/credential';
import { newUpdateId } from '#shared/domain/ids';
import { applyUpdate } from '#shared/domain/summary';
import type { FunctionDefinition } from '#shared/function-definition';
import { functionEnvironment } from '#shared/settings';
import { entryOf, functions, type FunctionName } from '../functions/index.ts';
import { defaultStage, loadStage } from '../infra/config.ts';
import { functionDefaults, lambdaBundling, lambdaRuntimeEnvironment } from '../infra/constructs/project-function.ts';
import { matchRoute, toEvent } from '../infra/local/http-api.ts';
import { localSettings } from '../infra/local/settings.ts';
import { projectName } from '../infra/naming.ts';
import { buildArtifacts, checkAgainstCdk, type Artifact, type CdkComparison } from './lib/artifacts.ts';
import { benchSponsor, sampleBody, storedUpdate, type BenchStack } from './lib/fixture.ts';
import { progress, type Deadline } from './lib/progress.ts';
import { judged, minRepetitions, plural, spreadOf, type Row, type SectionResult, type Table } from './lib/report.ts';
import { median, pairedRatios, repeated, round, type Repeated } from './lib/stats.ts';

const run = promisify(execFile);
export const baselineName = 'baseline';
const region = 'eu-west-2';

/**
 * Library probes: the baseline plus one library the functions carry whatever their own code
 * (bench/probes/), so the goals can be read against what the libraries alone cost.
 */
export const probes = {
  'probe-zod': { entry: 'bench/probes/zod.ts', label: 'baseline + zod' },
  'probe-logger': { entry: 'bench/probes/logger.ts', label: 'baseline + Powertools Logger' },
  'probe-metrics': { entry: 'bench/probes/metrics.ts', label: 'baseline + Powertools Metrics' },
  'probe-tracer': { entry: 'bench/probes/tracer.ts', label: 'baseline + Powertools Tracer (capturing the client)' },
  'probe-middy': { entry: 'bench/probes/middy.ts', label: 'baseline + middy' },
  'probe-sesv2': { entry: 'bench/probes/sesv2.ts', label: 'baseline + an SES v2 client' },
  'probe-fixed-libraries': { entry: 'bench/probes/fixed-libraries.ts', label: 'baseline + all five libraries every function carries (zod, Logger, Metrics, Tracer, middy)' },
} as const;
const isProbe = (name: string) => name in probes;

/** Goals: a cold request at most 1.2× the baseline's; a deployed zip at most 1.15× the baseline's. */
export const coldRequestGoal = 1.2;
export const zipGoal = 1.15;

// ---------------------------------------------------------------------------------------------
// Building

export interface BuiltArtifacts {
  outdir: string;
  artifacts: Map<string, Artifact>;
  buildMs: number;
  remove(): void;
}

/** Builds the baseline's and every function's artifact into a folder outside the project (so nothing can reach back into node_modules). */
export async function buildAllArtifacts(): Promise<BuiltArtifacts> {
  const outdir = mkdtempSync(join(tmpdir(), 'recovery-progress-bench-'));
  const started = performance.now();
  const specs = [
    { name: baselineName, entry: 'bench/baseline-handler.ts' },
    ...Object.entries(probes).map(([name, { entry }]) => ({ name, entry })),
    ...(Object.entries(functions) as [FunctionName, FunctionDefinition][]).map(([name, definition]) => ({ name, entry: entryOf(name), ...(definition.files ? { files: definition.files } : {}) })),
  ];
  try {
    const artifacts = await buildArtifacts(outdir, specs);
    return { outdir, artifacts, buildMs: performance.now() - started, remove: () => rmSync(outdir, { recursive: true, force: true }) };
  } catch (error) {
    rmSync(outdir, { recursive: true, force: true });
    throw error;
  }
}

// ---------------------------------------------------------------------------------------------
// What the processes talk to besides DynamoDB Local and the SES emulator

/** The Lambda API as redrive calls it (Invoke): answers every invocation at once with an empty batch response. */
async function startLambdaStandIn(): Promise<{ endpoint: string; invocations: () => number; stop(): Promise<void> }> {
  let invocations = 0;
  const server: Server = createServer((request, response) => {
    request.resume();
    request.on('end', () => {
      invocations += 1;
      response.writeHead(200, { 'content-type': 'application/json', 'x-amz-executed-version': '$LATEST' });
      response.end(JSON.stringify({ batchItemFailures: [] }));
    });
  });
  await new Promise<void>((resolveListen) => server.listen(0, '127.0.0.1', () => resolveListen()));
  const address = server.address();
  return {
    endpoint: `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`,
    invocations: () => invocations,
    stop: () =>
      new Promise<void>((resolveStop) => {
        server.close(() => resolveStop());
        server.closeAllConnections();
      }),
  };
}

/** Where the traced functions send their segments (the X-Ray daemon's UDP port in Lambda): counted, then dropped. */
async function startTraceSink(): Promise<{ address: string; segments: () => number; stop(): void }> {
  const socket: Socket = createSocket('udp4');
  let segments = 0;
  socket.on('message', () => (segments += 1));
  await new Promise<void>((resolveBind) => socket.bind(0, '127.0.0.1', () => resolveBind()));
  return { address: `127.0.0.1:${socket.address().port}`, segments: () => segments, stop: () => socket.close() };
}

// ---------------------------------------------------------------------------------------------
// Events: one per process, prepared before any process is timed

type EventFactory = () => unknown;

interface Fixtures {
  /** An event for each process of each function, taken in order. */
  events: Map<string, unknown[]>;
  /** What each function's event is, for the notes. */
  described: Record<string, string>;
  /** What a process's answer must look like for its timing to count. */
  expect: Map<string, (result: unknown) => string | undefined>;
}

const html = { accept: 'text/html,application/xhtml+xml', 'user-agent': 'Mozilla/5.0 (bench)' };
const jsonAccept = { accept: 'application/json' };

/** An HTTP API (payload 2.0) event for a request, built by the local gateway from the shared route table. */
function apiEvent(name: string, method: 'GET' | 'POST', url: string, headers: Record<string, string>, body = ''): unknown {
  const path = url.split('?')[0]!;
  const match = matchRoute(method, path);
  if (!match || !('route' in match) || match.route.function !== name) throw new Error(`${method} ${path} is not a route of ${name}`);
  return toEvent({ method, url, headers: { host: 'progress.example.org', ...headers }, body: Buffer.from(body) }, match.route, match.pathParameters);
}

const statusIs =
  (...statuses: number[]) =>
  (result: unknown) => {
    const status = (result as { statusCode?: number } | undefined)?.statusCode;
    return status !== undefined && statuses.includes(status) ? undefined : `answered ${status ?? JSON.stringify(result)?.slice(0, 200)}, expected ${statuses.join(' or ')}`;
  };

const noBatchFailures = (result: unknown) => {
  const failures = (result as { batchItemFailures?: unknown[] } | undefined)?.batchItemFailures;
  return failures === undefined || failures.length === 0 ? undefined : `reported ${failures.length} failed records`;
};

/** Reads whatever the table's stream receives while `write` runs, through iterators opened at its tip. */
async function streamRecordsOf(stack: BenchStack, write: () => Promise<void>, expected: number): Promise<DynamoDBRecord[]> {
  const client = new DynamoDBStreamsClient({ endpoint: stack.endpoint, region, credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
  try {
    const streamArn = stack.stack.streamArn;
    const { StreamDescription } = await client.send(new DescribeStreamCommand({ StreamArn: streamArn }));
    const open = (StreamDescription?.Shards ?? []).filter((shard) => !shard.SequenceNumberRange?.EndingSequenceNumber);
    const iterators = new Map<string, string | undefined>();
    for (const shard of open) {
      const { ShardIterator } = await client.send(new GetShardIteratorCommand({ StreamArn: streamArn, ShardId: shard.ShardId!, ShardIteratorType: 'LATEST' }));
      iterators.set(shard.ShardId!, ShardIterator);
    }
    await write();
    const records: DynamoDBRecord[] = [];
    for (let attempt = 0; records.length < expected && attempt < 50; attempt += 1) {
      for (const [shardId, iterator] of iterators) {
        if (!iterator) continue;
        const page = await client.send(new GetRecordsCommand({ ShardIterator: iterator, Limit: 1000 }));
        records.push(...(page.Records ?? []).map((record) => toLambdaRecord(record, streamArn)));
        iterators.set(shardId, page.NextShardIterator);
      }
      if (records.length < expected) await new Promise((resolveWait) => setTimeout(resolveWait, 50));
    }
    if (records.length < expected) throw new Error(`the stream showed ${records.length} of ${expected} records`);
    return records;
  } finally {
    client.destroy();
  }
}

/**
 * Realistic events, `count` per function. Pages and reads use `readPriority` (ten updates of
 * history); record-update posts to `writePriority`; summarise and notify get stream records
 * read back from the table's own stream; redrive a failed-batch message naming one of those
 * records; digest and reconcile the scheduler's event; seed the deployment's custom resource event.
 */
async function prepareFixtures(stack: BenchStack, options: { readPriority: string; writePriority: string; streamPriority: string; count: number }): Promise<Fixtures> {
  const { readPriority, writePriority, streamPriority, count } = options;
  const events = new Map<string, unknown[]>();
  const described: Record<string, string> = {};
  const expect = new Map<string, (result: unknown) => string | undefined>();
  const observer = stack.observer;
  const add = (name: string, description: string, check: (result: unknown) => string | undefined, factory: EventFactory | unknown[]) => {
    events.set(name, Array.isArray(factory) ? factory : Array.from({ length: count }, () => factory()));
    described[name] = description;
    expect.set(name, check);
  };

  const token = await stack.token(writePriority);
  const author = { tokenId: tokenIdOf(token)!, name: benchSponsor };
  const { updates } = await observer.updates.list(readPriority, { limit: 1 });
  const someUpdate = updates[0];
  if (!someUpdate) throw new Error(`${readPriority} has no updates to show`);
  const person = (await observer.people.list()).find((candidate) => candidate.role !== 'board') ?? (await observer.people.list())[0];
  if (!person) throw new Error('The table has no people');

  add(baselineName, 'one PutItem of the update record-update stores (same item, same condition)', () => undefined, () => {
    const now = new Date();
    const update = storedUpdate(writePriority, newUpdateId(now), now, author);
    return { item: { ...keys.update(writePriority, update.id), entity: 'update', ...update } };
  });

  // Routes: what a browser or a client sends through HTTP API.
  add('health', 'GET /health', statusIs(200), () => apiEvent('health', 'GET', '/health', jsonAccept));
  add('list-priorities', 'GET /priorities (JSON)', statusIs(200), () => apiEvent('list-priorities', 'GET', '/priorities', jsonAccept));
  add('get-priority', `GET /priorities/{id} as a page`, statusIs(200), () => apiEvent('get-priority', 'GET', `/priorities/${readPriority}`, html));
  add('list-updates', 'GET /priorities/{id}/updates (JSON)', statusIs(200), () => apiEvent('list-updates', 'GET', `/priorities/${readPriority}/updates`, jsonAccept));
  add('get-update', 'GET /priorities/{id}/updates/{updateId} as a page', statusIs(200), () =>
    apiEvent('get-update', 'GET', `/priorities/${readPriority}/updates/${someUpdate.id}`, html),
  );
  add('get-portfolio', 'GET /portfolio (JSON)', statusIs(200), () => apiEvent('get-portfolio', 'GET', '/portfolio', jsonAccept));
  add('record-update', 'POST /priorities/{id}/updates, JSON with a bearer token (a new update each time)', statusIs(201), () =>
    apiEvent('record-update', 'POST', `/priorities/${writePriority}/updates`, { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, sampleBody),
  );
  const linkTokens: string[] = [];
  for (let index = 0; index < count; index += 1) {
    const issued = issueToken({ priorityId: writePriority, name: benchSponsor, email: person.email });
    await observer.credentials.save(issued.credential);
    linkTokens.push(issued.token);
  }
  add(
    'update-form',
    'GET /priorities/{id}/updates/new?token=… (a personal link from an email, exchanged for a session)',
    statusIs(200),
    linkTokens.map((link) => apiEvent('update-form', 'GET', `/priorities/${writePriority}/updates/new?token=${encodeURIComponent(link)}`, html)),
  );
  // A board member's token: it may record an assessment of any priority and open its form.
  const board = issueToken({ role: 'board', name: 'Bench board member' });
  await observer.credentials.save(board.credential);
  add('record-assessment', 'POST /priorities/{id}/assessments, JSON with a board bearer token (the period’s assessment replaced each time)', statusIs(201), () =>
    apiEvent(
      'record-assessment',
      'POST',
      `/priorities/${writePriority}/assessments`,
      { authorization: `Bearer ${board.token}`, 'content-type': 'application/json' },
      JSON.stringify({ status: 'amber', period: '2021-03', rationale: 'Placements are behind the plan for the quarter.' }),
    ),
  );
  add('assessment-form', 'GET /priorities/{id}/assessments/new?token=… (a board member’s personal link, exchanged for a session)', statusIs(200), () =>
    apiEvent('assessment-form', 'GET', `/priorities/${writePriority}/assessments/new?token=${encodeURIComponent(board.token)}`, html),
  );
  add('preferences', 'GET /people/{personId}/preferences?key=… as a page', statusIs(200), () =>
    apiEvent('preferences', 'GET', `/people/${person.personId}/preferences?key=${encodeURIComponent(person.preferencesKey)}`, html),
  );
  add('dashboard', 'GET / (the board’s dashboard page)', statusIs(200), () => apiEvent('dashboard', 'GET', '/', html));
  // The board's side: a barrier of the read priority that asks for its support, and a board token.
  const barrierId = `${someUpdate.id}-0`;
  await observer.barriers.applyState(readPriority, barrierId, { description: 'Data sharing with DWP is slow', needsBoardSupport: true, status: 'open' }, { updateId: someUpdate.id, submittedAt: someUpdate.submittedAt, raises: true });
  const boardToken = issueToken({ role: 'board', name: 'Bench board member' });
  await observer.credentials.save(boardToken.credential);
  add('board-barriers', 'GET /barriers (the barriers needing board support, a page)', statusIs(200), () => apiEvent('board-barriers', 'GET', '/barriers', html));
  add('respond-to-barrier', 'POST /priorities/{id}/barriers/{barrierId}/responses, JSON with a board token (a new response each time)', statusIs(201), () =>
    apiEvent('respond-to-barrier', 'POST', `/priorities/${readPriority}/barriers/${barrierId}/responses`, { authorization: `Bearer ${boardToken.token}`, 'content-type': 'application/json' }, JSON.stringify({ decision: 'The chair will raise it with the DWP regional director.', owner: 'Board chair', dueDate: '2021-04-30' })),
  );
  add('missed-updates', 'GET /missed-updates (the priorities without the period’s update, a page)', statusIs(200), () => apiEvent('missed-updates', 'GET', '/missed-updates', html));
  add('statutory-pages', 'GET /privacy (the privacy notice, a page)', statusIs(200), () => apiEvent('statutory-pages', 'GET', '/privacy', html));
  // A quarter's pack to show: built from the table as it stands, stored once.
  const packQuarter = '2021-Q1';
  if (!(await observer.boardPacks.get(packQuarter))) {
    const snapshot = await observer.programme.snapshot();
    const records = await Promise.all(
      snapshot.priorities.map(async (priority) => ({ priority, updates: (await observer.updates.list(priority.id, { limit: 100 })).updates, assessments: [], barriers: [] })),
    );
    await observer.boardPacks.create(buildBoardPack({ quarter: packQuarter, programmeTitle: 'Bench', madeAt: new Date(), priorities: records }), 'bench');
  }
  add('board-pack-pages', `GET /board-packs/${packQuarter} (a board pack, a printable page)`, statusIs(200), () => apiEvent('board-pack-pages', 'GET', `/board-packs/${packQuarter}`, html));
  // The quarter made above: the bench's updates are all posted now for 2021's periods, so making
  // a 2021 pack here would read a 100,000-update history, which is the job's cost, not a cold start.
  add('board-pack-on-request', `POST /board-packs for ${packQuarter}, JSON with a board token (the pack as stored)`, statusIs(200), () =>
    apiEvent('board-pack-on-request', 'POST', '/board-packs', { authorization: `Bearer ${boardToken.token}`, 'content-type': 'application/json', ...jsonAccept }, JSON.stringify({ quarter: packQuarter })),
  );
  add('export-portfolio', 'GET /portfolio.csv', statusIs(200), () => apiEvent('export-portfolio', 'GET', '/portfolio.csv', { accept: 'text/csv' }));
  add('export-updates', 'GET /priorities/{id}/updates.csv', statusIs(200), () => apiEvent('export-updates', 'GET', `/priorities/${readPriority}/updates.csv`, { accept: 'text/csv' }));
  add('assets', 'GET /assets/recovery-progress.css (the stylesheet every page loads)', statusIs(200), () => apiEvent('assets', 'GET', '/assets/recovery-progress.css', { accept: 'text/css' }));
  add('openapi', 'GET /openapi.json', statusIs(200), () => apiEvent('openapi', 'GET', '/openapi.json', jsonAccept));

  // notify: a summary changed by a new update, as the stream delivers it; each a different update.
  const notifyRecords: DynamoDBRecord[] = [];
  const insertRecords: DynamoDBRecord[] = [];
  for (let index = 0; index < count; index += 1) {
    const records = await streamRecordsOf(
      stack,
      async () => {
        const now = new Date();
        const update = storedUpdate(streamPriority, newUpdateId(now), now, author);
        await observer.updates.record(update);
        const current = await observer.summaries.get(streamPriority, true);
        const next = current ? applyUpdate(current.value, update) : undefined;
        if (!current || !next) throw new Error(`The summary of ${streamPriority} did not take a new update`);
        await observer.summaries.save(next, current.version);
      },
      2,
    );
    const modified = records.find((record) => record.dynamodb?.NewImage?.entity?.S === 'summary');
    const inserted = records.find((record) => record.dynamodb?.NewImage?.entity?.S === 'update');
    if (!modified || !inserted) throw new Error('The stream did not show the summary change and the update');
    notifyRecords.push(modified);
    insertRecords.push(inserted);
  }
  add('notify', 'a DynamoDB stream event: one summary MODIFY record for a new update with a barrier for the board (4 emails)', noBatchFailures, notifyRecords.map((record) => ({ Records: [record] })));

  // summarise: a new update's INSERT record; updates newer than every one above, applied one per process.
  const summariseRecords = await streamRecordsOf(
    stack,
    async () => {
      for (let index = 0; index < count; index += 1) {
        const now = new Date();
        await observer.updates.record(storedUpdate(streamPriority, newUpdateId(now), now, author));
      }
    },
    count,
  );
  add('summarise', 'a DynamoDB stream event: one update INSERT record (the summary rewritten)', noBatchFailures, summariseRecords.map((record) => ({ Records: [record] })));

  // redrive: the on-failure destination's message for a batch of summarise that failed every retry.
  const shardOf = await shardsOf(stack, insertRecords);
  add('redrive', 'an SQS event: one failed-batch message naming one stream record, read back and re-invoked (Lambda API stand-in)', noBatchFailures, () => {
    const record = insertRecords[Math.floor(Math.random() * insertRecords.length)]!;
    const sequence = record.dynamodb!.SequenceNumber!;
    const message = {
      requestContext: { requestId: randomUUID(), functionArn: `arn:aws:lambda:${region}:000000000000:function:summarise`, condition: 'RetryAttemptsExhausted', approximateInvokeCount: 11 },
      responseContext: { statusCode: 200, executedVersion: '$LATEST', functionError: 'Unhandled' },
      version: '1.0',
      timestamp: new Date().toISOString(),
      DDBStreamBatchInfo: { shardId: shardOf.get(sequence)!, startSequenceNumber: sequence, endSequenceNumber: sequence, batchSize: 1, streamArn: stack.stack.streamArn },
    };
    const body = JSON.stringify(message);
    return {
      Records: [
        {
          messageId: randomUUID(),
          receiptHandle: randomUUID(),
          body,
          attributes: { ApproximateReceiveCount: '1', SentTimestamp: String(Date.now()), SenderId: 'AIDAEXAMPLE', ApproximateFirstReceiveTimestamp: String(Date.now()) },
          messageAttributes: {},
          md5OfBody: '',
          eventSource: 'aws:sqs',
          eventSourceARN: `arn:aws:sqs:${region}:000000000000:${projectName}-failed-stream-batches`,
          awsRegion: region,
        },
      ],
    };
  });

  // Scheduled: a new schedule time each time, so every digest is a new run that sends.
  let minute = 0;
  const scheduledAt = () => new Date(Date.UTC(2030, 0, 7, 8, minute++)).toISOString();
  add('digest', 'the scheduler’s event (a new run: digests and reminders to everyone in the table)', (result) =>
    ((result as { digests?: { sent?: number } } | undefined)?.digests?.sent ?? 0) > 0 ? undefined : `sent no digests: ${JSON.stringify(result)?.slice(0, 200)}`,
  () => ({ scheduledTime: scheduledAt() }));
  add('board-pack-on-schedule', 'an event naming a quarter (made by the first, returned as stored by the rest)', (result) =>
    (result as { quarter?: string } | undefined)?.quarter === '2021-Q2' ? undefined : `made no pack: ${JSON.stringify(result)?.slice(0, 200)}`,
  () => ({ quarter: '2021-Q2' }));
  add('reconcile', 'the scheduler’s event (one short Query per priority)', () => undefined, () => ({ scheduledTime: new Date().toISOString() }));

  // seed: the custom resource event of a deployment (the catalogue is loaded again).
  const stage = loadStage(defaultStage).config;
  add('seed', 'the CloudFormation custom resource Update event of a deployment', () => undefined, () => {
    const properties = { ServiceToken: `arn:aws:lambda:${region}:000000000000:function:provider`, programme: stage.programme, boardRecipients: stage.boardRecipients, catalogueVersion: randomUUID() };
    return {
      RequestType: 'Update',
      ServiceToken: properties.ServiceToken,
      ResponseURL: 'https://cloudformation-custom-resource-response.example/',
      StackId: `arn:aws:cloudformation:${region}:000000000000:stack/${projectName}/${randomUUID()}`,
      RequestId: randomUUID(),
      LogicalResourceId: 'SeedOnDeploy',
      PhysicalResourceId: `catalogue-${stage.programme}`,
      ResourceType: 'Custom::CatalogueSeed',
      ResourceProperties: properties,
      OldResourceProperties: { ...properties, catalogueVersion: randomUUID() },
    };
  });

  const missing = Object.keys(functions).filter((name) => !events.has(name));
  if (missing.length > 0) throw new Error(`No cold-request event for ${missing.join(', ')}: add one in bench/cold-start.ts`);
  return { events, described, expect };
}

/** The shard each record came from (a Lambda record carries only its sequence number). */
async function shardsOf(stack: BenchStack, records: DynamoDBRecord[]): Promise<Map<string, string>> {
  const client = new DynamoDBStreamsClient({ endpoint: stack.endpoint, region, credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
  try {
    const { StreamDescription } = await client.send(new DescribeStreamCommand({ StreamArn: stack.stack.streamArn }));
    const shardOf = new Map<string, string>();
    const inRange = (sequence: string, start: string, end: string | undefined) =>
      BigInt(sequence) >= BigInt(start) && (end === undefined || BigInt(sequence) <= BigInt(end));
    for (const record of records) {
      const sequence = record.dynamodb!.SequenceNumber!;
      const shard = (StreamDescription?.Shards ?? []).find((candidate) =>
        inRange(sequence, candidate.SequenceNumberRange?.StartingSequenceNumber ?? '0', candidate.SequenceNumberRange?.EndingSequenceNumber),
      );
      if (!shard) throw new Error(`No shard holds record ${sequence}`);
      shardOf.set(sequence, shard.ShardId!);
    }
    return shardOf;
  } finally {
    client.destroy();
  }
}

// ---------------------------------------------------------------------------------------------
// One process

/**
 * Runs in the fresh process, from the artifact's folder: imports the bundle and calls its
 * handler once, timing each, then prints one marked line and exits (the SDK's sockets would keep
 * it alive, as Lambda keeps an environment alive).
 */
const loader = `
const [file, eventJson, importOnly] = process.argv.slice(1);
const event = JSON.parse(eventJson);
const startedAt = performance.now();
const module = await import('file://' + file);
const loadedAt = performance.now();
let result, error;
if (importOnly !== 'import-only') {
  const deadline = Date.now() + Number(process.env.BENCH_TIMEOUT_MS);
  const context = {
    callbackWaitsForEmptyEventLoop: true,
    functionName: process.env.AWS_LAMBDA_FUNCTION_NAME,
    functionVersion: '$LATEST',
    invokedFunctionArn: 'arn:aws:lambda:' + process.env.AWS_REGION + ':000000000000:function:' + process.env.AWS_LAMBDA_FUNCTION_NAME,
    memoryLimitInMB: process.env.AWS_LAMBDA_FUNCTION_MEMORY_SIZE,
    awsRequestId: crypto.randomUUID(),
    logGroupName: process.env.AWS_LAMBDA_LOG_GROUP_NAME,
    logStreamName: process.env.AWS_LAMBDA_LOG_STREAM_NAME,
    getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
    done() {}, fail() {}, succeed() {},
  };
  try { result = await module.handler(event, context); } catch (caught) { error = String(caught && caught.stack || caught).slice(0, 2000); }
}
const answeredAt = performance.now();
// The answer without its body and headers: what the bench checks (status, failed records, emails sent).
const summary = result === undefined ? undefined : JSON.stringify(typeof result === 'object' && result ? { ...result, body: undefined, headers: undefined, cookies: undefined } : result);
process.stdout.write('\\n@@bench ' + JSON.stringify({ bootMs: startedAt, loadMs: loadedAt - startedAt, requestMs: answeredAt - loadedAt, result: summary, error }) + '\\n', () => process.exit(0));
`;

interface ProcessSample {
  bootMs: number;
  loadMs: number;
  requestMs: number;
  /** Spawn to exit, seen from the bench. */
  wallMs: number;
  result: string | undefined;
  error: string | undefined;
}

interface Endpoints {
  dynamoDb: string;
  ses: string;
  lambda: string;
  traceDaemon: string;
  tableName: string;
  apiUrl: string;
}

/** What the function's environment holds in Lambda: its settings, the runtime variables with active tracing, and NODE_OPTIONS. */
function environmentOf(name: string, artifact: Artifact, endpoints: Endpoints, sourceMaps: boolean): Record<string, string> {
  const definition: FunctionDefinition =
    name === baselineName || isProbe(name) ? { name: baselineName, description: 'baseline', tableActions: ['dynamodb:PutItem'], writePartitions: ['PRIORITY#*'] } : functions[name as FunctionName];
  const stage = loadStage(defaultStage).config;
  const settings = localSettings({ TABLE_NAME: endpoints.tableName });
  const { NODE_OPTIONS, ...otherRuntime } = lambdaRuntimeEnvironment;
  const memory = definition.memoryMb ?? functionDefaults.memoryMb;
  return {
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    ...functionEnvironment(definition, { ...settings, PUBLIC_BASE_URL: endpoints.apiUrl }, { serviceName: projectName, logLevel: stage.logLevel }),
    ...otherRuntime,
    ...(sourceMaps ? { NODE_OPTIONS } : {}),
    // What Lambda's Node.js 22 runtime sets, with active tracing.
    AWS_REGION: region,
    AWS_DEFAULT_REGION: region,
    AWS_EXECUTION_ENV: 'AWS_Lambda_nodejs22.x',
    AWS_LAMBDA_FUNCTION_NAME: name,
    AWS_LAMBDA_FUNCTION_MEMORY_SIZE: String(memory),
    AWS_LAMBDA_FUNCTION_VERSION: '$LATEST',
    AWS_LAMBDA_INITIALIZATION_TYPE: 'on-demand',
    AWS_LAMBDA_LOG_GROUP_NAME: `/aws/lambda/${name}`,
    AWS_LAMBDA_LOG_STREAM_NAME: 'bench',
    LAMBDA_TASK_ROOT: artifact.dir,
    _HANDLER: 'index.handler',
    TZ: ':UTC',
    LANG: 'en_US.UTF-8',
    _X_AMZN_TRACE_ID: `Root=1-${Math.floor(Date.now() / 1000).toString(16)}-${randomUUID().replace(/-/g, '').slice(0, 24)};Parent=${randomUUID().replace(/-/g, '').slice(0, 16)};Sampled=1`,
    AWS_XRAY_DAEMON_ADDRESS: endpoints.traceDaemon,
    AWS_XRAY_CONTEXT_MISSING: 'LOG_ERROR',
    AWS_ACCESS_KEY_ID: 'local',
    AWS_SECRET_ACCESS_KEY: 'local',
    AWS_SESSION_TOKEN: 'local',
    // The bench's stand-ins for the AWS services.
    AWS_ENDPOINT_URL_DYNAMODB: endpoints.dynamoDb,
    AWS_ENDPOINT_URL_DYNAMODB_STREAMS: endpoints.dynamoDb,
    AWS_ENDPOINT_URL_SESV2: endpoints.ses,
    AWS_ENDPOINT_URL_LAMBDA: endpoints.lambda,
    BENCH_TIMEOUT_MS: String((definition.timeoutSeconds ?? functionDefaults.timeoutSeconds) * 1000),
  };
}

async function coldProcess(artifact: Artifact, event: unknown, env: Record<string, string>, importOnly: boolean): Promise<ProcessSample> {
  const started = performance.now();
  try {
    const { stdout } = await run(process.execPath, ['--input-type=module', '-e', loader, artifact.bundle, JSON.stringify(event ?? null), importOnly ? 'import-only' : 'invoke'], {
      cwd: artifact.dir,
      env,
      timeout: 120_000,
      maxBuffer: 64 * 2 ** 20,
    });
    const wallMs = performance.now() - started;
    const line = stdout.split('\n').find((candidate) => candidate.startsWith('@@bench '));
    if (!line) throw new Error(`no result line in:\n${stdout.slice(-500)}`);
    return { ...(JSON.parse(line.slice('@@bench '.length)) as Omit<ProcessSample, 'wallMs'>), wallMs };
  } catch (error) {
    // A minified bundle's stack is one enormous line: keep the message and the last short lines.
    const stderr = String((error as { stderr?: unknown }).stderr ?? '') || String(error);
    const tail = stderr.split('\n').filter((line) => line.length < 400).slice(-8).join('\n');
    throw new Error(`The cold process of ${artifact.name} failed:\n${tail}`);
  }
}

// ---------------------------------------------------------------------------------------------
// The section

export interface ColdStartOptions {
  /** Functions to time (the baseline always is); 'all' for every one. Every function's size is reported either way. */
  functions: 'all' | readonly string[];
  /** Repetitions; each visits every artifact `processes` times. */
  repetitions: number;
  processes: number;
  /** One untimed process per artifact first. */
  warmup: boolean;
  /** Functions whose load is also timed without --enable-source-maps (the baseline always is); 'all' for every one. */
  sourceMapsOff: 'all' | readonly string[];
  /** Whether to time the library probes' load too (their sizes are reported either way). */
  probes: boolean;
  /** Functions to build with the CDK too and compare with the bench's artifacts; 'all' for every one. */
  cdkCheck: 'all' | readonly string[];
  priorities: { read: string; write: string; stream: string };
  deadline: Deadline;
}

interface Job {
  name: string;
  variant: 'cold request' | 'load without source maps' | 'probe load';
}

interface PerRepetition {
  /** Per artifact: medians of its processes in this repetition. */
  load: Map<string, number>;
  request: Map<string, number>;
  total: Map<string, number>;
  loadWithoutMaps: Map<string, number>;
  /** Per library probe: the median load (with source maps, as deployed). */
  probeLoad: Map<string, number>;
}

const kb = (bytes: number) => round(bytes / 1024, 1);

function shuffled<T>(items: readonly T[]): T[] {
  const copy = [...items];
  for (let index = copy.length - 1; index > 0; index -= 1) {
    const other = Math.floor(Math.random() * (index + 1));
    [copy[index], copy[other]] = [copy[other]!, copy[index]!];
  }
  return copy;
}

export async function measureColdStart(stack: BenchStack, built: BuiltArtifacts, options: ColdStartOptions): Promise<SectionResult> {
  const names = [baselineName, ...Object.keys(functions).filter((name) => options.functions === 'all' || options.functions.includes(name))];
  const { artifacts } = built;
  const withoutMaps = new Set([baselineName, ...(options.sourceMapsOff === 'all' ? names : options.sourceMapsOff)]);
  const lambda = await startLambdaStandIn();
  const traces = await startTraceSink();
  const endpoints: Endpoints = { dynamoDb: stack.endpoint, ses: stack.stack.sesEndpoint, lambda: lambda.endpoint, traceDaemon: traces.address, tableName: stack.tableName, apiUrl: stack.apiUrl };
  const repetitions: PerRepetition[] = [];
  const failures: string[] = [];
  const failed = new Map<string, number>();
  const samples = new Map<string, ProcessSample[]>();
  let fixtures: Fixtures | undefined;
  try {
    await stack.pausePollers();
    const perArtifact = (options.warmup ? 1 : 0) + options.repetitions * options.processes;
    progress(`cold start: preparing ${perArtifact} events for each function`);
    fixtures = await prepareFixtures(stack, { readPriority: options.priorities.read, writePriority: options.priorities.write, streamPriority: options.priorities.stream, count: perArtifact });
    const taken = new Map<string, number>();
    const nextEvent = (name: string) => {
      const index = taken.get(name) ?? 0;
      taken.set(name, index + 1);
      return fixtures!.events.get(name)![index];
    };
    const runJob = async (job: Job): Promise<ProcessSample> => {
      const artifact = artifacts.get(job.name)!;
      const cold = job.variant === 'cold request';
      const sourceMaps = job.variant !== 'load without source maps';
      const sample = await coldProcess(artifact, cold ? nextEvent(job.name) : null, environmentOf(job.name, artifact, endpoints, sourceMaps), !cold);
      if (cold) {
        const problem = sample.error ?? fixtures!.expect.get(job.name)!(sample.result === undefined ? undefined : JSON.parse(sample.result));
        if (problem) {
          failed.set(job.name, (failed.get(job.name) ?? 0) + 1);
          if (failures.length < 20) failures.push(`${job.name}: ${problem.split('\n')[0]!.slice(0, 300)}`);
        }
      }
      return sample;
    };
    const jobs: Job[] = [
      ...names.map((name) => ({ name, variant: 'cold request' as const })),
      ...names.filter((name) => withoutMaps.has(name)).map((name) => ({ name, variant: 'load without source maps' as const })),
      ...(options.probes ? Object.keys(probes).map((name) => ({ name, variant: 'probe load' as const })) : []),
    ];
    if (options.warmup) {
      progress(`cold start: one untimed process per artifact (${names.length})`);
      for (const name of shuffled(names)) await runJob({ name, variant: 'cold request' });
    }
    let lastRepetitionMs = 0;
    for (let repetition = 0; repetition < options.repetitions; repetition += 1) {
      // Only whole repetitions count: start one only if the last one's time is left.
      if (options.deadline.passed || options.deadline.leftMs < lastRepetitionMs) break;
      const started = performance.now();
      const own = new Map<string, ProcessSample[]>();
      for (let pass = 0; pass < options.processes; pass += 1) {
        for (const job of shuffled(jobs)) {
          const sample = await runJob(job);
          const key = `${job.name}|${job.variant}`;
          own.set(key, [...(own.get(key) ?? []), sample]);
          if (job.variant === 'cold request') samples.set(job.name, [...(samples.get(job.name) ?? []), sample]);
        }
      }
      const of = (name: string, variant: Job['variant'], pick: (sample: ProcessSample) => number) => median((own.get(`${name}|${variant}`) ?? []).map(pick));
      repetitions.push({
        load: new Map(names.map((name) => [name, of(name, 'cold request', (s) => s.loadMs)])),
        request: new Map(names.map((name) => [name, of(name, 'cold request', (s) => s.requestMs)])),
        total: new Map(names.map((name) => [name, of(name, 'cold request', (s) => s.loadMs + s.requestMs)])),
        loadWithoutMaps: new Map([...withoutMaps].map((name) => [name, of(name, 'load without source maps', (s) => s.loadMs)])),
        probeLoad: new Map(Object.keys(probes).map((name) => [name, of(name, 'probe load', (s) => s.loadMs)])),
      });
      lastRepetitionMs = performance.now() - started;
      progress(`cold start: repetition ${repetition + 1} of ${options.repetitions} took ${round(lastRepetitionMs / 1000, 1)} s`);
    }
  } finally {
    await lambda.stop();
    traces.stop();
  }
  const cdk: CdkComparison[] = [];
  const checkNames = options.cdkCheck === 'all' ? Object.keys(functions) : [...options.cdkCheck];
  if (checkNames.length > 0) {
    progress(`cold start: building ${checkNames.length} function(s) with the CDK to compare`);
    try {
      cdk.push(...(await checkAgainstCdk(artifacts, functions, checkNames)));
    } catch (error) {
      failures.push(`the CDK build to compare with failed: ${String(error).slice(0, 300)}`);
    }
  }
  return report(names, built, repetitions, samples, fixtures!, { failures, failed }, cdk, withoutMaps, { lambdaInvocations: lambda.invocations(), segments: traces.segments() }, options);
}

function report(
  names: string[],
  built: BuiltArtifacts,
  repetitions: PerRepetition[],
  samples: Map<string, ProcessSample[]>,
  fixtures: Fixtures,
  { failures, failed }: { failures: string[]; failed: Map<string, number> },
  cdk: CdkComparison[],
  withoutMaps: Set<string>,
  counts: { lambdaInvocations: number; segments: number },
  options: Pick<ColdStartOptions, 'processes' | 'probes'>,
): SectionResult {
  const { artifacts } = built;
  const base = artifacts.get(baselineName)!;
  const series = (pick: (rep: PerRepetition) => Map<string, number>, name: string) => repetitions.map((rep) => pick(rep).get(name) ?? Number.NaN);
  const against = (pick: (rep: PerRepetition) => Map<string, number>, name: string): { value: Repeated; baseline: Repeated; ratio: Repeated } => ({
    value: repeated(series(pick, name)),
    baseline: repeated(series(pick, baselineName)),
    ratio: repeated(pairedRatios(series(pick, name), series(pick, baselineName))),
  });
  const functionNames = names.filter((name) => name !== baselineName);
  /** Every function is sized, whether or not it was timed. */
  const allFunctions = [...artifacts.keys()].filter((name) => name !== baselineName && !isProbe(name));

  const coldSection = `Cold request: fresh process, deployed artifact, one realistic event (load + first request) vs an SDK-only function doing one PutItem`;
  const sizeSection = 'Deployed artifact: zip of bundle + source map + run-time files vs the baseline’s zip';
  const rows: Row[] = [];
  for (const name of functionNames) {
    const total = against((rep) => rep.total, name);
    const load = against((rep) => rep.load, name);
    const request = against((rep) => rep.request, name);
    if (!Number.isFinite(total.ratio.median)) {
      rows.push({ section: coldSection, figure: name, value: null, unit: 'ms', text: 'not measured: no repetition finished in the time allowed', goal: `≤ ${coldRequestGoal}×`, met: null });
      continue;
    }
    const failedRequests = failed.get(name) ?? 0;
    rows.push({
      section: coldSection,
      figure: `${name}: load ${round(load.value.median, 0)} ms + first request ${round(request.value.median, 0)} ms${failedRequests > 0 ? ` (${plural(failedRequests, 'request')} did not answer as expected: not judged)` : ''}`,
      value: round(total.value.median, 1),
      unit: 'ms',
      baseline: round(total.baseline.median, 1),
      baselineLabel: `load ${round(load.baseline.median, 0)} + request ${round(request.baseline.median, 0)}`,
      ratio: round(total.ratio.median, 2),
      spread: spreadOf(total.ratio),
      goal: `≤ ${coldRequestGoal}×`,
      met: failedRequests > 0 ? null : judged(repetitions.length, total.ratio.median <= coldRequestGoal),
    });
  }
  for (const name of allFunctions) {
    const artifact = artifacts.get(name)!;
    const sizeRatio = artifact.zipBytes / base.zipBytes;
    rows.push({
      section: sizeSection,
      figure: `${name}${artifact.fileCount > 0 ? ` (${artifact.fileCount} run-time files)` : ''}`,
      value: kb(artifact.zipBytes),
      unit: 'KB',
      baseline: kb(base.zipBytes),
      ratio: round(sizeRatio, 2),
      spread: 'exact',
      goal: `≤ ${zipGoal}×`,
      met: sizeRatio <= zipGoal,
    });
  }

  // Load and first request apart, each against the baseline's.
  const splitTable: Table = {
    title: 'Cold request, load and first request apart (medians over repetitions; ratio against the baseline’s, with the spread of the repetitions’ ratios)',
    header: ['function', 'event', 'load', 'load ratio', 'first request', 'first request ratio', 'cold request', 'ratio', 'whole process (spawn to exit)'],
    rows: names.map((name) => {
      const load = against((rep) => rep.load, name);
      const request = against((rep) => rep.request, name);
      const total = against((rep) => rep.total, name);
      const wall = median((samples.get(name) ?? []).map((sample) => sample.wallMs));
      const ratioCell = (r: Repeated) => (name === baselineName ? '1×' : `${round(r.median, 2)}× (${round(r.min, 2)}–${round(r.max, 2)})`);
      return [
        name,
        fixtures.described[name] ?? '',
        `${round(load.value.median, 1)} ms`,
        ratioCell(load.ratio),
        `${round(request.value.median, 1)} ms`,
        ratioCell(request.ratio),
        `${round(total.value.median, 1)} ms`,
        ratioCell(total.ratio),
        `${round(wall, 0)} ms`,
      ];
    }),
  };

  // What source maps cost: the load with and without --enable-source-maps, and the map's size.
  const mapRows = [baselineName, ...allFunctions].map((name) => {
    const artifact = artifacts.get(name)!;
    const withMaps = series((rep) => rep.load, name);
    const without = series((rep) => rep.loadWithoutMaps, name);
    const measured = withoutMaps.has(name) && without.some((value) => Number.isFinite(value));
    const cost = repeated(pairedRatios(withMaps, without));
    const extra = repeated(withMaps.map((value, index) => value - without[index]!));
    return { name, artifact, measured, cost, extra, without: repeated(without), withMaps: repeated(withMaps) };
  });
  const mapTable: Table = {
    title: 'Source maps: load with `--enable-source-maps` (as deployed) vs without, and what the map adds to the artifact',
    header: ['function', 'load with', 'load without', 'with / without', 'added by source maps', 'bundle', 'source map', 'run-time files', 'zip', 'zip without the map'],
    rows: mapRows.map(({ name, artifact, measured, cost, extra, without, withMaps }) => [
      name,
      names.includes(name) ? `${round(withMaps.median, 1)} ms` : 'not timed',
      measured ? `${round(without.median, 1)} ms` : 'not timed',
      measured ? `${round(cost.median, 2)}× (${round(cost.min, 2)}–${round(cost.max, 2)})` : '—',
      measured ? `${round(extra.median, 1)} ms` : '—',
      `${kb(artifact.bundleBytes)} KB`,
      `${kb(artifact.mapBytes)} KB`,
      artifact.fileCount > 0 ? `${kb(artifact.filesBytes)} KB (${artifact.fileCount})` : '—',
      `${kb(artifact.zipBytes)} KB`,
      `≈ ${kb(artifact.zipBytes - artifact.mapZipBytes)} KB`,
    ]),
  };
  const timedMaps = mapRows.filter((row) => row.measured && row.name !== baselineName);
  const mapSection = 'Source maps (figures for the decision; no goal)';
  if (timedMaps.length > 0) {
    const costs = repeated(timedMaps.map((row) => row.cost.median));
    const extras = repeated(timedMaps.map((row) => row.extra.median));
    const baseRow = mapRows.find((row) => row.name === baselineName)!;
    rows.push(
      {
        section: mapSection,
        figure: `load with / without --enable-source-maps, median of ${plural(timedMaps.length, 'function')} (range over functions in spread)`,
        value: round(extras.median, 1),
        unit: 'ms added',
        ratio: round(costs.median, 2),
        spread: { min: round(costs.min, 2), max: round(costs.max, 2), count: timedMaps.length },
      },
      {
        section: mapSection,
        figure: 'load with / without --enable-source-maps, the baseline',
        value: round(baseRow.extra.median, 1),
        unit: 'ms added',
        ratio: round(baseRow.cost.median, 2),
        spread: spreadOf(baseRow.cost),
      },
    );
  }
  const mapShare = repeated(allFunctions.map((name) => artifacts.get(name)!.mapZipBytes / artifacts.get(name)!.zipBytes));
  rows.push({
    section: mapSection,
    figure: `source map’s share of the deployed zip, median of ${allFunctions.length} functions (range in spread)`,
    value: round(mapShare.median * 100, 0),
    unit: '%',
    spread: { min: round(mapShare.min * 100, 0), max: round(mapShare.max * 100, 0), count: allFunctions.length },
  });

  // What the libraries alone cost, against the same baseline load (both as deployed, with source maps).
  const probeSection = 'Libraries on their own: the baseline plus one library, built and loaded as deployed (figures for the goals above; no goal)';
  const probeRows = Object.entries(probes).map(([name, { label }]) => {
    const artifact = artifacts.get(name)!;
    const load = repeated(pairedRatios(series((rep) => rep.probeLoad, name), series((rep) => rep.load, baselineName)));
    return { name, label, artifact, load, loadMs: repeated(series((rep) => rep.probeLoad, name)) };
  });
  for (const { label, artifact, load, loadMs } of probeRows) {
    rows.push({
      section: probeSection,
      figure: `${label}: load${Number.isFinite(load.median) ? '' : ' (not timed)'}; its zip ${kb(artifact.zipBytes)} KB is ${round(artifact.zipBytes / base.zipBytes, 2)}× the baseline’s`,
      value: Number.isFinite(loadMs.median) ? round(loadMs.median, 1) : null,
      unit: 'ms',
      ...(Number.isFinite(load.median) ? { baseline: round(median(series((rep) => rep.load, baselineName)), 1), ratio: round(load.median, 2), spread: spreadOf(load) } : {}),
    });
  }
  const probeTable: Table = {
    title: 'Libraries on their own: what each adds to the baseline’s bundle, zip and load',
    header: ['probe', 'bundle added', 'zip', 'zip ratio', 'load', 'load ratio (spread)'],
    rows: probeRows.map(({ label, artifact, load, loadMs }) => [
      label,
      `${kb(artifact.bundleBytes - base.bundleBytes)} KB`,
      `${kb(artifact.zipBytes)} KB`,
      `${round(artifact.zipBytes / base.zipBytes, 2)}×`,
      Number.isFinite(loadMs.median) ? `${round(loadMs.median, 1)} ms` : 'not timed',
      Number.isFinite(load.median) ? `${round(load.median, 2)}× (${round(load.min, 2)}–${round(load.max, 2)})` : '—',
    ]),
  };

  const notes = [
    `Built as infra/constructs/project-function.ts builds each function: its exported \`lambdaBundling\` (${describeBundling()}) turned into esbuild options as NodejsFunction does, one folder per function with index.mjs, index.mjs.map and its run-time files (\`runtimeCopies\`), zipped as the CDK CLI zips assets (deflate, zlib's default level). Built in ${round(built.buildMs / 1000, 1)} s.`,
    cdk.length > 0
      ? `Checked against the CDK: ${cdk.length} function(s) (${cdk.map((c) => c.name).join(', ')}) synthesised with ProjectFunction; ${cdk.filter((c) => c.bundleSame && c.mapSame && c.filesSame).length} gave the same bundle bytes, the same source-map mappings and the same files as the bench's build${cdk.some((c) => !(c.bundleSame && c.mapSame && c.filesSame)) ? `; different: ${cdk.filter((c) => !(c.bundleSame && c.mapSame && c.filesSame)).map((c) => `${c.name} (bundle ${c.bundleSame ? 'same' : 'different'}, map ${c.mapSame ? 'same' : 'different'}, files ${c.filesSame ? 'same' : 'different'})`).join(', ')}` : ''}.`
      : 'Not checked against a CDK synth in this run (the full run does it).',
    `A cold request is a fresh \`node ${process.version}\` process started in the artifact's folder with the function's environment as deployed: its settings (shared/settings.ts functionEnvironment, log level of the ${defaultStage} stage), \`NODE_OPTIONS=--enable-source-maps\` (project-function.ts's \`lambdaRuntimeEnvironment\`), Lambda's runtime variables with active tracing (segments go to a local UDP sink: ${counts.segments} received), and endpoints for the bench's DynamoDB Local, SES emulator and a Lambda API stand-in (${counts.lambdaInvocations} invocations). Load is the \`import()\` of index.mjs; first request is one \`handler(event, context)\` call. Node's own start (the same for every artifact) is left out of both; the whole process, spawn to exit, is in the table.`,
    ...(functionNames.length < allFunctions.length
      ? [`Quick run: cold requests timed for ${functionNames.join(', ')} only (${functionNames.length} of ${allFunctions.length} functions); the full run times every function. Sizes cover every function.`]
      : []),
    `Events are prepared before any process is timed: see the table for each function's. A new update, token, schedule time or stream record each time, so no request is a replay the function can skip.`,
    `${plural(repetitions.length, 'repetition')}${repetitions.length > 0 ? `, each running every timed artifact ${plural(options.processes, 'time')} in a new random order (a repetition's figure for an artifact is the median of its processes)` : ''}; the ratio is the median of the repetitions' ratios and the spread their range.${repetitions.length >= minRepetitions ? '' : ` Fewer than ${minRepetitions} repetitions finished in the time allowed: the cold-request goals are not judged.`}`,
    'Sizes are exact byte counts of one build (esbuild is deterministic), hence “exact” in place of a spread.',
    `Library probes (bench/probes/): the baseline's handler with one library made at load as the functions make it, built like every artifact; each load is timed in the same repetitions as the baseline's and the ratio is against the baseline's load${options.probes ? '' : ' (this run sized them but did not time them)'}. They show what no project code can remove: the libraries every function carries (the project's fixed choices, and the Tracer that operations require) against the goals' budgets.`,
    ...sizeNotes(artifacts, allFunctions.filter((name) => artifacts.get(name)!.zipBytes / base.zipBytes > zipGoal)),
  ];
  if (failures.length > 0) notes.push(`Did not go as expected (a function with a request that failed is not judged): ${failures.join('; ')}.`);
  return {
    rows,
    notes,
    tables: [splitTable, mapTable, probeTable],
    details: {
      node: process.version,
      repetitions: repetitions.length,
      buildMs: round(built.buildMs, 0),
      cdk,
      artifacts: Object.fromEntries(
        names.map((name) => {
          const artifact = artifacts.get(name)!;
          return [
            name,
            {
              bundleBytes: artifact.bundleBytes,
              mapBytes: artifact.mapBytes,
              filesBytes: artifact.filesBytes,
              zipBytes: artifact.zipBytes,
              packages: artifact.packages,
              event: fixtures.described[name],
              loadMs: series((rep) => rep.load, name).map((v) => round(v, 1)),
              requestMs: series((rep) => rep.request, name).map((v) => round(v, 1)),
              loadWithoutSourceMapsMs: series((rep) => rep.loadWithoutMaps, name).map((v) => round(v, 1)),
            },
          ];
        }),
      ),
      failures,
    },
  };
}

/** The bundling props as they are, for the notes: `format esm, target node22, …`. */
function describeBundling(): string {
  return Object.entries(lambdaBundling)
    .map(([key, value]) => {
      if (key === 'banner') return 'banner (createRequire)';
      if (Array.isArray(value)) return `${key} ${value.length > 0 ? value.join('/') : 'none'}`;
      return `${key} ${String(value)}`;
    })
    .join(', ');
}

/** What the artifacts over the size goal carry beyond the baseline's: each package with the functions that carry it, then run-time files and source maps. */
function sizeNotes(artifacts: Map<string, Artifact>, over: string[]): string[] {
  if (over.length === 0) return [];
  const base = artifacts.get(baselineName)!;
  const carriers = new Map<string, { bytes: number[]; names: string[] }>();
  for (const name of over) {
    for (const [pkg, bytes] of Object.entries(artifacts.get(name)!.packages)) {
      const extra = bytes - (base.packages[pkg] ?? 0);
      if (extra < 4096) continue;
      const entry = carriers.get(pkg) ?? { bytes: [], names: [] };
      entry.bytes.push(extra);
      entry.names.push(name);
      carriers.set(pkg, entry);
    }
  }
  const who = (names: string[]) => (names.length === over.length ? `all ${over.length}` : names.length > over.length / 2 ? `all but ${over.filter((name) => !names.includes(name)).join(', ')}` : names.join(', '));
  const packages = [...carriers.entries()]
    .sort((a, b) => b[1].names.length - a[1].names.length || Math.max(...b[1].bytes) - Math.max(...a[1].bytes))
    .map(([pkg, { bytes, names }]) => `${pkg} ${kb(Math.min(...bytes))}${Math.max(...bytes) - Math.min(...bytes) >= 1024 ? `–${kb(Math.max(...bytes))}` : ''} KB (${who(names)})`);
  const withFiles = over.filter((name) => artifacts.get(name)!.fileCount > 0);
  const notes = [`What the ${over.length} artifacts over the size goal carry beyond the baseline’s, in minified bundle bytes (the source map grows with the bundle): ${packages.join('; ')}.`];
  if (withFiles.length > 0) {
    notes.push(
      `Run-time files: ${withFiles.map((name) => `${name} ${artifacts.get(name)!.fileCount} (${kb(artifacts.get(name)!.filesBytes)} KB before compression)`).join(', ')}.`,
    );
  }
  return notes;
}
