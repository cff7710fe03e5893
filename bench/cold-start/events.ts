/**
 * The cold-start bench's events: one per process of each function, prepared before any process
 * is timed, each a new update, token, schedule time or stream record so that no request is a
 * replay the function can skip; and what each answer must look like for its timing to count.
 */
import { randomUUID } from 'node:crypto';
import { DescribeStreamCommand, DynamoDBStreamsClient, GetRecordsCommand, GetShardIteratorCommand } from '@aws-sdk/client-dynamodb-streams';
import type { DynamoDBRecord } from 'aws-lambda';
import { keys } from '#shared/data/keys';
import { toLambdaRecord } from '#shared/data/stream';
import { buildBoardPack } from '#shared/domain/board-pack';
import { issueToken, tokenIdOf } from '#shared/domain/credential';
import { newUpdateId } from '#shared/domain/ids';
import { applyUpdate } from '#shared/domain/summary';
import { functions } from '../../functions/index.ts';
import { defaultStage, loadStage } from '../../infra/config.ts';
import { matchRoute, toEvent } from '../../infra/local/http-api.ts';
import { projectName } from '../../infra/naming.ts';
import { type BenchStack, benchSponsor, sampleBody, storedUpdate } from '../lib/fixture.ts';
import { baselineName } from './artifacts.ts';

/** The region every event's ARNs and every process's environment name. */
export const region = 'eu-west-2';

type EventFactory = () => unknown;

export interface Fixtures {
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
    return status !== undefined && statuses.includes(status)
      ? undefined
      : `answered ${status ?? JSON.stringify(result)?.slice(0, 200)}, expected ${statuses.join(' or ')}`;
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
export async function prepareFixtures(
  stack: BenchStack,
  options: { readPriority: string; writePriority: string; streamPriority: string; count: number },
): Promise<Fixtures> {
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

  add(
    baselineName,
    'one PutItem of the update record-update stores (same item, same condition)',
    () => undefined,
    () => {
      const now = new Date();
      const update = storedUpdate(writePriority, newUpdateId(now), now, author);
      return { item: { ...keys.update(writePriority, update.id), entity: 'update', ...update } };
    },
  );

  // Routes: what a browser or a client sends through HTTP API.
  add('health', 'GET /health', statusIs(200), () => apiEvent('health', 'GET', '/health', jsonAccept));
  add('list-priorities', 'GET /priorities (JSON)', statusIs(200), () => apiEvent('list-priorities', 'GET', '/priorities', jsonAccept));
  add('get-priority', `GET /priorities/{id} as a page`, statusIs(200), () => apiEvent('get-priority', 'GET', `/priorities/${readPriority}`, html));
  add('list-updates', 'GET /priorities/{id}/updates (JSON)', statusIs(200), () =>
    apiEvent('list-updates', 'GET', `/priorities/${readPriority}/updates`, jsonAccept),
  );
  add('get-update', 'GET /priorities/{id}/updates/{updateId} as a page', statusIs(200), () =>
    apiEvent('get-update', 'GET', `/priorities/${readPriority}/updates/${someUpdate.id}`, html),
  );
  add('get-portfolio', 'GET /portfolio (JSON)', statusIs(200), () => apiEvent('get-portfolio', 'GET', '/portfolio', jsonAccept));
  add('record-update', 'POST /priorities/{id}/updates, JSON with a bearer token (a new update each time)', statusIs(201), () =>
    apiEvent(
      'record-update',
      'POST',
      `/priorities/${writePriority}/updates`,
      { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      sampleBody,
    ),
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
  add(
    'record-assessment',
    'POST /priorities/{id}/assessments, JSON with a board bearer token (the period’s assessment replaced each time)',
    statusIs(201),
    () =>
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
  await observer.barriers.applyState(
    readPriority,
    barrierId,
    { description: 'Data sharing with DWP is slow', needsBoardSupport: true, status: 'open' },
    { updateId: someUpdate.id, submittedAt: someUpdate.submittedAt, raises: true },
  );
  const boardToken = issueToken({ role: 'board', name: 'Bench board member' });
  await observer.credentials.save(boardToken.credential);
  add('board-barriers', 'GET /barriers (the barriers needing board support, a page)', statusIs(200), () =>
    apiEvent('board-barriers', 'GET', '/barriers', html),
  );
  add('respond-to-barrier', 'POST /priorities/{id}/barriers/{barrierId}/responses, JSON with a board token (a new response each time)', statusIs(201), () =>
    apiEvent(
      'respond-to-barrier',
      'POST',
      `/priorities/${readPriority}/barriers/${barrierId}/responses`,
      { authorization: `Bearer ${boardToken.token}`, 'content-type': 'application/json' },
      JSON.stringify({ decision: 'The chair will raise it with the DWP regional director.', owner: 'Board chair', dueDate: '2021-04-30' }),
    ),
  );
  add('missed-updates', 'GET /missed-updates (the priorities without the period’s update, a page)', statusIs(200), () =>
    apiEvent('missed-updates', 'GET', '/missed-updates', html),
  );
  add('statutory-pages', 'GET /privacy (the privacy notice, a page)', statusIs(200), () => apiEvent('statutory-pages', 'GET', '/privacy', html));
  // A quarter's pack to show: built from the table as it stands, stored once.
  const packQuarter = '2021-Q1';
  if (!(await observer.boardPacks.get(packQuarter))) {
    const snapshot = await observer.programme.snapshot();
    const records = await Promise.all(
      snapshot.priorities.map(async (priority) => ({
        priority,
        updates: (await observer.updates.list(priority.id, { limit: 100 })).updates,
        assessments: [],
        barriers: [],
      })),
    );
    await observer.boardPacks.create(buildBoardPack({ quarter: packQuarter, programmeTitle: 'Bench', madeAt: new Date(), priorities: records }), 'bench');
  }
  add('board-pack-pages', `GET /board-packs/${packQuarter} (a board pack, a printable page)`, statusIs(200), () =>
    apiEvent('board-pack-pages', 'GET', `/board-packs/${packQuarter}`, html),
  );
  // The quarter made above: the bench's updates are all posted now for 2021's periods, so making
  // a 2021 pack here would read a 100,000-update history, which is the job's cost, not a cold start.
  add('board-pack-on-request', `POST /board-packs for ${packQuarter}, JSON with a board token (the pack as stored)`, statusIs(200), () =>
    apiEvent(
      'board-pack-on-request',
      'POST',
      '/board-packs',
      { authorization: `Bearer ${boardToken.token}`, 'content-type': 'application/json', ...jsonAccept },
      JSON.stringify({ quarter: packQuarter }),
    ),
  );
  add('export-portfolio', 'GET /portfolio.csv', statusIs(200), () => apiEvent('export-portfolio', 'GET', '/portfolio.csv', { accept: 'text/csv' }));
  add('export-updates', 'GET /priorities/{id}/updates.csv', statusIs(200), () =>
    apiEvent('export-updates', 'GET', `/priorities/${readPriority}/updates.csv`, { accept: 'text/csv' }),
  );
  add('assets', 'GET /assets/recovery-progress.css (the stylesheet every page loads)', statusIs(200), () =>
    apiEvent('assets', 'GET', '/assets/recovery-progress.css', { accept: 'text/css' }),
  );
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
  add(
    'notify',
    'a DynamoDB stream event: one summary MODIFY record for a new update with a barrier for the board (4 emails)',
    noBatchFailures,
    notifyRecords.map((record) => ({ Records: [record] })),
  );

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
  add(
    'summarise',
    'a DynamoDB stream event: one update INSERT record (the summary rewritten)',
    noBatchFailures,
    summariseRecords.map((record) => ({ Records: [record] })),
  );

  // redrive: the on-failure destination's message for a batch of summarise that failed every retry.
  const shardOf = await shardsOf(stack, insertRecords);
  add('redrive', 'an SQS event: one failed-batch message naming one stream record, read back and re-invoked (Lambda API stand-in)', noBatchFailures, () => {
    const record = insertRecords[Math.floor(Math.random() * insertRecords.length)]!;
    const sequence = record.dynamodb!.SequenceNumber!;
    const message = {
      requestContext: {
        requestId: randomUUID(),
        functionArn: `arn:aws:lambda:${region}:000000000000:function:summarise`,
        condition: 'RetryAttemptsExhausted',
        approximateInvokeCount: 11,
      },
      responseContext: { statusCode: 200, executedVersion: '$LATEST', functionError: 'Unhandled' },
      version: '1.0',
      timestamp: new Date().toISOString(),
      DDBStreamBatchInfo: {
        shardId: shardOf.get(sequence)!,
        startSequenceNumber: sequence,
        endSequenceNumber: sequence,
        batchSize: 1,
        streamArn: stack.stack.streamArn,
      },
    };
    const body = JSON.stringify(message);
    return {
      Records: [
        {
          messageId: randomUUID(),
          receiptHandle: randomUUID(),
          body,
          attributes: {
            ApproximateReceiveCount: '1',
            SentTimestamp: String(Date.now()),
            SenderId: 'AIDAEXAMPLE',
            ApproximateFirstReceiveTimestamp: String(Date.now()),
          },
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
  add(
    'digest',
    'the scheduler’s event (a new run: digests and reminders to everyone in the table)',
    (result) =>
      ((result as { digests?: { sent?: number } } | undefined)?.digests?.sent ?? 0) > 0
        ? undefined
        : `sent no digests: ${JSON.stringify(result)?.slice(0, 200)}`,
    () => ({ scheduledTime: scheduledAt() }),
  );
  add(
    'board-pack-on-schedule',
    'an event naming a quarter (made by the first, returned as stored by the rest)',
    (result) => ((result as { quarter?: string } | undefined)?.quarter === '2021-Q2' ? undefined : `made no pack: ${JSON.stringify(result)?.slice(0, 200)}`),
    () => ({ quarter: '2021-Q2' }),
  );
  add(
    'reconcile',
    'the scheduler’s event (one short Query per priority)',
    () => undefined,
    () => ({ scheduledTime: new Date().toISOString() }),
  );

  // seed: the custom resource event of a deployment (the catalogue is loaded again).
  const stage = loadStage(defaultStage).config;
  add(
    'seed',
    'the CloudFormation custom resource Update event of a deployment',
    () => undefined,
    () => {
      const properties = {
        ServiceToken: `arn:aws:lambda:${region}:000000000000:function:provider`,
        programme: stage.programme,
        boardRecipients: stage.boardRecipients,
        catalogueVersion: randomUUID(),
      };
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
    },
  );

  const missing = Object.keys(functions).filter((name) => !events.has(name));
  if (missing.length > 0) throw new Error(`No cold-request event for ${missing.join(', ')}: add one in bench/cold-start/events.ts`);
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
