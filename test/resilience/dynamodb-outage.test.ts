/**
 * 5a. Dependency fault: DynamoDB Local killed (SIGKILL) in the middle of a steady load of
 * posts, and started again on the same port and data folder (reached through the commit gate
 * described in lib/killable-dynamodb.ts, so an answer means what it means in DynamoDB). While it is down the API must
 * answer 503 with Retry-After (never 500, never a stack trace) and write nothing half; after
 * the restart the pollers carry on from where they were and every accepted update is
 * summarised; retried posts with an idempotency key are stored once.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DescribeTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBStreamsClient } from '@aws-sdk/client-dynamodb-streams';
import type { DynamoDBBatchResponse } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { functions } from '../../functions/index.ts';
import { freePort } from '../../infra/local/dynamodb-local.ts';
import { invoke } from '../../infra/local/lambda.ts';
import { Checkpoints, DeadLetters, StreamPoller } from '../../infra/local/stream-poller.ts';
import { section } from './lib/figures.ts';
import { clip, isUpdateItem, updateItemProblems } from './lib/items.ts';
import { type KillableDynamoDb, startKillableDynamoDb } from './lib/killable-dynamodb.ts';
import { type Answer, fetchHeaders, violations } from './lib/responses.ts';
import { eventually, type Item, patience, pool, priorityIds, type ResilienceStack, startStack, validUpdate } from './lib/stack.ts';

const figures = section(5, 'Dependency faults');
const outageMs = 6_000;
let dataDir: string;
let dynamoDb: KillableDynamoDb;
let stack: ResilienceStack;
let tokens: Record<string, string>;

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'recovery-progress-resilience-'));
  dynamoDb = await startKillableDynamoDb({ port: await freePort(), dbPath: join(dataDir, 'dynamodb') });
  stack = await startStack({ dynamoDbEndpoint: dynamoDb.endpoint, dataDir, pollIntervalMs: 100 });
  tokens = {};
  for (const priorityId of priorityIds) tokens[priorityId] = await stack.token(priorityId, { name: `Sponsor of ${priorityId}` });
});
afterAll(async () => {
  await stack?.stop();
  await dynamoDb?.stop();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

type Kind = 'json' | 'json with Idempotency-Key' | 'form with submissionId';
interface Shot {
  n: number;
  priorityId: string;
  kind: Kind;
  marker: string;
  startedAt: number;
  endedAt: number;
  answer: Answer;
  id?: string;
}

const kinds: Kind[] = ['json', 'json with Idempotency-Key', 'form with submissionId'];

function requestFor(_n: number, priorityId: string, kind: Kind, marker: string): { headers: Record<string, string>; body: string } {
  const update = { ...validUpdate, summary: `${marker} during the outage test` };
  if (kind === 'form with submissionId') {
    return {
      headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
      body: new URLSearchParams({
        token: tokens[priorityId]!,
        submissionId: marker,
        status: update.status,
        period: update.period,
        summary: update.summary,
        statusRationale: update.statusRationale,
      }).toString(),
    };
  }
  const headers: Record<string, string> = { 'content-type': 'application/json', authorization: `Bearer ${tokens[priorityId]!}` };
  if (kind === 'json with Idempotency-Key') headers['idempotency-key'] = marker;
  return { headers, body: JSON.stringify(update) };
}

async function shoot(n: number, priorityId: string, kind: Kind, marker: string): Promise<Shot> {
  const startedAt = Date.now();
  let answer: Answer;
  try {
    const response = await stack.request('POST', `/priorities/${priorityId}/updates`, requestFor(n, priorityId, kind, marker));
    answer = { status: response.status, headers: fetchHeaders(response), body: await response.text() };
  } catch (error) {
    // The local gateway never drops a connection on purpose; a transport error is recorded as status 0.
    answer = { status: 0, headers: {}, body: String(error) };
  }
  const id = answer.status === 201 ? (JSON.parse(answer.body) as { id: string }).id : undefined;
  return { n, priorityId, kind, marker, startedAt, endedAt: Date.now(), answer, ...(id ? { id } : {}) };
}

async function streamArnNow(): Promise<string | undefined> {
  const client = new DynamoDBClient({ endpoint: dynamoDb.endpoint, region: 'eu-west-2', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
  try {
    return (await client.send(new DescribeTableCommand({ TableName: stack.tableName }))).Table?.LatestStreamArn;
  } finally {
    client.destroy();
  }
}

interface Run {
  shots: Shot[];
  retries: Shot[];
  killedAt: number;
  restartAt: number;
  readyAt: number;
  firstAccepted: Shot | undefined;
  recoveredAt: number | undefined;
  arnBefore: string | undefined;
  arnAfter: string | undefined;
  items: Item[];
}

let run: Run;
const wait = (ms: number) => new Promise((resolveWait) => setTimeout(resolveWait, ms));
const describeShot = (shot: Shot) =>
  `${shot.kind} ${shot.marker} at ${shot.startedAt - run.killedAt} ms from the kill → ${shot.answer.status} ${clip(shot.answer.body, 160)}`;
const deadLetters = () => [...stack.deadLetters.entries()].flatMap(([consumer, letters]) => letters.entries.map((letter) => ({ consumer, letter })));

describe('DynamoDB Local killed (SIGKILL) during a load of posts, then restarted on the same port and data', () => {
  beforeAll(async () => {
    // Prepare: three clients posting steadily (plain JSON, JSON with an Idempotency-Key, forms with a submissionId).
    const arnBefore = await streamArnNow();
    const shots: Shot[] = [];
    let phase: 'load' | 'stop' = 'load';
    let n = 0;
    // The load stops once a post is accepted after the restart; this cap only ends a load whose restart never comes.
    const loadDeadline = Date.now() + 2 * patience;
    const worker = async () => {
      while (phase !== 'stop' && Date.now() < loadDeadline && n < 5_000) {
        n += 1;
        const mine = n;
        shots.push(await shoot(mine, priorityIds[mine % priorityIds.length]!, kinds[mine % kinds.length]!, `outage-${mine}`));
        await wait(50);
      }
    };
    const workers = Promise.all(Array.from({ length: 3 }, worker));

    // Act: load, kill, outage, restart, recovery.
    await wait(1_500);
    const killedAt = Date.now();
    await dynamoDb.kill();
    await wait(outageMs);
    const restartAt = Date.now();
    await dynamoDb.restart();
    const readyAt = Date.now();
    const firstAccepted = await eventually('a post to be accepted after the restart', async () =>
      shots.find((shot) => shot.startedAt >= readyAt && shot.answer.status === 201),
    ).catch(() => undefined);
    phase = 'stop';
    await workers;

    // Recovered: every update stored by the time DynamoDB was back is summarised (or was dead-lettered, which nothing undoes).
    const deadLettered = (priorityId: string) => deadLetters().filter(({ letter }) => letter.record.dynamodb?.Keys?.pk?.S === `PRIORITY#${priorityId}`).length;
    const storedAtRecovery = new Map<string, number>();
    for (const priorityId of priorityIds) storedAtRecovery.set(priorityId, (await stack.storedUpdates(priorityId)).length);
    const recoveredAt = await eventually(
      'the backlog to be summarised',
      async () => {
        for (const priorityId of priorityIds) {
          const counted = Number((await stack.getItem('PROGRAMME', `SUMMARY#${priorityId}`))?.updateCount);
          if (counted + deadLettered(priorityId) < storedAtRecovery.get(priorityId)!) return false;
        }
        return Date.now();
      },
      patience,
      200,
    ).catch(() => undefined);

    // Every keyed post that was not accepted is retried with its key, as a client following Retry-After would.
    const retries = await pool(
      shots.filter((shot) => shot.kind !== 'json' && shot.answer.status !== 201),
      8,
      async (shot) => {
        let last: Shot | undefined;
        for (let attempt = 0; attempt < 40; attempt += 1) {
          last = await shoot(shot.n, shot.priorityId, shot.kind, shot.marker);
          if (last.answer.status !== 409 && last.answer.status !== 503) break;
          await wait(Number(last.answer.headers['retry-after'] ?? 1) * 250);
        }
        return last!;
      },
    );
    // And the retried ones summarised too.
    await eventually(
      'every stored update to be summarised or dead-lettered',
      async () => {
        for (const priorityId of priorityIds) {
          const stored = (await stack.storedUpdates(priorityId)).length;
          const counted = Number((await stack.getItem('PROGRAMME', `SUMMARY#${priorityId}`))?.updateCount);
          if (counted + deadLettered(priorityId) < stored) return false;
        }
        return true;
      },
      patience,
      200,
    ).catch(() => undefined);
    run = {
      shots,
      retries,
      killedAt,
      restartAt,
      readyAt,
      firstAccepted,
      recoveredAt,
      arnBefore,
      arnAfter: await streamArnNow(),
      items: (await stack.scan()).filter(isUpdateItem),
    };

    figures.record('posts during the load (and keyed retries)', `${shots.length} (+${retries.length})`, { info: true });
    figures.record(
      'DynamoDB Local down for',
      `${((readyAt - killedAt) / 1000).toFixed(1)} s (SIGKILL; the restart took ${((readyAt - restartAt) / 1000).toFixed(1)} s)`,
      { info: true },
    );
    figures.record('time to first 201 after DynamoDB answered again', firstAccepted ? `${((firstAccepted.endedAt - readyAt) / 1000).toFixed(1)} s` : 'none', {
      info: true,
    });
    figures.record(
      'time to recover (DynamoDB answering → backlog summarised or dead-lettered)',
      recoveredAt ? `${((recoveredAt - readyAt) / 1000).toFixed(1)} s` : `not within ${patience / 1000} s`,
      { info: true },
    );
    figures.record('transaction answers held back by the commit gate (DynamoDB Local died before confirming)', dynamoDb.unconfirmedTransactions(), {
      info: true,
    });
  });

  it('answers 503 with Retry-After while DynamoDB is down: no 500, no other 5xx, no stack trace', () => {
    const all = [...run.shots, ...run.retries];
    const during = run.shots.filter((shot) => shot.startedAt >= run.killedAt && shot.endedAt <= run.readyAt);
    const fiveHundreds = all.filter((shot) => shot.answer.status === 500);
    const otherFailures = all.filter((shot) => shot.answer.status === 0 || (shot.answer.status > 500 && shot.answer.status !== 503));
    const noRetryAfter = all.filter((shot) => shot.answer.status === 503 && !shot.answer.headers['retry-after']);
    const badAnswers = all.filter((shot) => violations(shot.answer, { fromHandler: true }).some((violation) => violation !== '5xx'));
    const duringNot503 = during.filter((shot) => shot.answer.status !== 503);
    figures.record('503s while DynamoDB was down', during.filter((shot) => shot.answer.status === 503).length, { atLeast: 1 });
    figures.record('answers while down other than 503', duringNot503.length, { equals: 0 });
    figures.record('500s during the outage test', fiveHundreds.length, { equals: 0 });
    figures.record('other 5xx or dropped connections', otherFailures.length, { equals: 0 });
    figures.record('503s without Retry-After', noRetryAfter.length, { equals: 0 });
    figures.record('error answers not clean problem+json (or with internals)', badAnswers.length, { equals: 0 });
    for (const shot of fiveHundreds.slice(0, 3))
      figures.note(`500 for a ${shot.kind} post ${shot.startedAt - run.killedAt} ms after the kill: ${clip(shot.answer.body, 200)}`);
    expect(during.length).toBeGreaterThan(0);
    expect({
      fiveHundreds: fiveHundreds.map(describeShot),
      otherFailures: otherFailures.map(describeShot),
      noRetryAfter: noRetryAfter.map(describeShot),
      duringNot503: duringNot503.map(describeShot),
      badAnswers: badAnswers.map(describeShot),
    }).toEqual({ fiveHundreds: [], otherFailures: [], noRetryAfter: [], duringNot503: [], badAnswers: [] });
  });

  it('loses no accepted update and writes nothing half', () => {
    const accepted = [...run.shots, ...run.retries].filter((shot) => shot.id);
    const storedIds = new Set(run.items.map((item) => String(item.id)));
    const lost = accepted.filter((shot) => !storedIds.has(shot.id!));
    const halfWritten = run.items.filter((item) => updateItemProblems(item).length > 0);
    const answeredIds = new Set(accepted.map((shot) => shot.id));
    figures.record('accepted (201) updates lost', lost.length, { equals: 0 });
    figures.record('half-written update items', halfWritten.length, { equals: 0 });
    figures.record(
      'updates stored although the post got no 201 (outcome unknown to the client)',
      run.items.filter((item) => /^outage-/.test(String(item.summary)) && !answeredIds.has(String(item.id))).length,
      { info: true },
    );
    expect(accepted.length).toBeGreaterThan(0);
    expect(lost.map(describeShot)).toEqual([]);
    expect(halfWritten.map((item) => updateItemProblems(item).join('; '))).toEqual([]);
  });

  it('stores each keyed post once however often it was retried, and accepts every one in the end', () => {
    const copies = new Map<string, number>();
    for (const item of run.items) {
      const marker = /^outage-\d+/.exec(String(item.summary))?.[0];
      if (marker) copies.set(marker, (copies.get(marker) ?? 0) + 1);
    }
    const keyed = new Set(run.shots.filter((shot) => shot.kind !== 'json').map((shot) => shot.marker));
    const doubled = [...copies.entries()].filter(([marker, count]) => keyed.has(marker) && count > 1).map(([marker]) => marker);
    const neverAccepted = run.retries.filter((shot) => shot.answer.status !== 201);
    figures.record('keyed posts stored twice after retries', doubled.length, { equals: 0 });
    figures.record('keyed posts never accepted after retries', neverAccepted.length, { equals: 0 });
    for (const marker of doubled.slice(0, 3)) {
      const attempts = [...run.shots, ...run.retries]
        .filter((shot) => shot.marker === marker)
        .map((shot) => `${shot.answer.status} at ${shot.startedAt - run.killedAt} ms`);
      const stored = run.items
        .filter((item) => String(item.summary).startsWith(`${marker} `))
        .map((item) => `${String(item.id)} (${String(item.submittedAt)})`);
      figures.note(
        `${marker} (${run.shots.find((shot) => shot.marker === marker)!.kind}, the same key every time) answered ${attempts.join(', ')} (times from the kill); stored twice: ${stored.join(' and ')}`,
      );
    }
    expect(doubled).toEqual([]);
    expect(neverAccepted.map(describeShot)).toEqual([]);
  });

  it('carries on after the restart: the same stream, every stored update summarised, nothing dead-lettered', async () => {
    const letters = deadLetters();
    const notSummarised: string[] = [];
    for (const priorityId of priorityIds) {
      const stored = run.items.filter((item) => item.priorityId === priorityId).length;
      const summary = await stack.getItem('PROGRAMME', `SUMMARY#${priorityId}`);
      if (Number(summary?.updateCount) !== stored) notSummarised.push(`${priorityId}: updateCount ${String(summary?.updateCount)}, stored ${stored}`);
    }
    figures.record('stream ARN unchanged by the restart', run.arnBefore === run.arnAfter ? 'yes' : `no (${String(run.arnBefore)} → ${String(run.arnAfter)})`, {
      rule: 'yes',
      holds: run.arnBefore === run.arnAfter,
    });
    figures.record('stream records dead-lettered because of the outage', letters.length, { equals: 0 });
    figures.record('priorities whose summary misses stored updates after recovery', notSummarised.length, { equals: 0 });
    for (const { consumer, letter } of letters.slice(0, 3)) {
      figures.note(
        `dead-lettered by ${consumer} after ${letter.attempts} attempts, ${Date.parse(letter.failedAt) - run.killedAt} ms after the kill: ${letter.record.dynamodb?.Keys?.sk?.S ?? '?'} (${clip(letter.error ?? 'partial batch failure', 100)})`,
      );
    }
    expect(run.arnAfter).toBe(run.arnBefore);
    expect(notSummarised).toEqual([]);
    expect(letters.map(({ consumer, letter }) => `${consumer}: ${letter.record.dynamodb?.Keys?.sk?.S ?? '?'}`)).toEqual([]);
  });

  it('resumes from its checkpoint file when the summariser’s poller itself is restarted: only the new records are delivered', async () => {
    // Prepare: the running summariser stops; three updates arrive while no poller reads the stream.
    const running = stack.pollers.get('summarise')!;
    await running.stop();
    const before = new Map<string, number>();
    for (const priorityId of priorityIds.slice(0, 3)) {
      before.set(priorityId, Number((await stack.getItem('PROGRAMME', `SUMMARY#${priorityId}`))?.updateCount));
      const shot = await shoot(0, priorityId, 'json', `after-restart-${priorityId}`);
      expect(shot.answer.status).toBe(201);
    }
    const streams = new DynamoDBStreamsClient({
      endpoint: dynamoDb.endpoint,
      region: 'eu-west-2',
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    });
    let delivered = 0;
    const fresh = new StreamPoller({
      client: streams,
      streamArn: stack.streamArn,
      consumer: {
        name: 'summarise',
        settings: functions.summarise.stream,
        invoke: (event) => {
          delivered += event.Records.length;
          return invoke<DynamoDBBatchResponse>('summarise', event);
        },
      },
      checkpoints: new Checkpoints(stack.streamArn, join(dataDir, 'checkpoints', 'summarise.json')),
      deadLetters: new DeadLetters(),
      pollIntervalMs: 100,
    });

    // Act
    fresh.start();
    try {
      await eventually('the three updates to be summarised by the new poller', async () => {
        for (const [priorityId, count] of before)
          if (Number((await stack.getItem('PROGRAMME', `SUMMARY#${priorityId}`))?.updateCount) !== count + 1) return false;
        return true;
      }).catch(() => undefined);
    } finally {
      await fresh.stop();
      streams.destroy();
      running.start();
    }

    // Assess
    const counted = await Promise.all(
      [...before.keys()].map(async (priorityId) => Number((await stack.getItem('PROGRAMME', `SUMMARY#${priorityId}`))?.updateCount)),
    );
    figures.record('records delivered by a restarted poller (3 new; the rest must come from the checkpoint)', delivered, { equals: 3 });
    expect(counted).toEqual([...before.values()].map((count) => count + 1));
    expect(delivered).toBe(3);
  });
});
