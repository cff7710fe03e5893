/** The table's aggregate modules and the summariser's retry, with faults a real engine will not produce on demand. */
import { ConditionalCheckFailedException, DynamoDBClient, TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { BatchGetCommand, DynamoDBDocumentClient, GetCommand, PutCommand, QueryCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { Barriers } from '#shared/data/barriers';
import { Commitments } from '#shared/data/commitments';
import { StaleWrite, TableCore } from '#shared/data/core';
import { Credentials } from '#shared/data/credentials';
import { ProgrammeReads } from '#shared/data/programme';
import { Sessions } from '#shared/data/sessions';
import { Summaries } from '#shared/data/summaries';
import { Updates } from '#shared/data/updates';
import { issueToken } from '#shared/domain/credential';
import { emptySummary } from '#shared/domain/summary';
import { recordUpdate } from '#shared/services/record-update';
import { summarise } from '#shared/services/summarise';
import { sampleUpdate } from './fixtures.ts';

const documents = DynamoDBDocumentClient.from(new DynamoDBClient({ region: 'eu-west-2' }));
const mock = mockClient(documents);
const table = new TableCore('table', documents);
const stores = {
  updates: new Updates(table),
  summaries: new Summaries(table),
  programme: new ProgrammeReads(table),
  credentials: new Credentials(table),
};
const conditionFailed = () => new ConditionalCheckFailedException({ message: 'The conditional request failed', $metadata: {} });

const update = sampleUpdate();

beforeEach(() => mock.reset());

describe('table modules', () => {
  it('reads a credential eventually consistently, and again consistently only when that read finds nothing', async () => {
    const stored = { pk: 'TOKEN#t1', sk: 'TOKEN', entity: 'credential', tokenId: 't1', priorityId: 'jobs-and-training' };
    mock.on(GetCommand, { ConsistentRead: false }).resolvesOnce({ Item: stored }).resolvesOnce({});
    mock.on(GetCommand, { ConsistentRead: true }).resolves({ Item: stored });
    expect(await stores.credentials.get('t1')).toMatchObject({ tokenId: 't1' });
    expect(mock.commandCalls(GetCommand).map((call) => call.args[0].input.ConsistentRead)).toEqual([false]);
    // Just written, not yet replicated: found by the consistent read.
    expect(await stores.credentials.get('t1')).toMatchObject({ tokenId: 't1' });
    expect(mock.commandCalls(GetCommand).map((call) => call.args[0].input.ConsistentRead)).toEqual([false, false, true]);
  });

  it('writes updates once only and tags items with their entity', async () => {
    mock.on(PutCommand).resolves({});
    await stores.updates.record(update);
    const input = mock.commandCalls(PutCommand)[0]!.args[0].input;
    expect(input.ConditionExpression).toBe('attribute_not_exists(pk)');
    expect(input.Item).toMatchObject({ pk: 'PRIORITY#jobs-and-training', sk: `UPDATE#${update.id}`, entity: 'update', status: 'amber' });
  });

  it('versioned writes create at version 0, replace only the expected version, and report a lost race', async () => {
    mock.on(PutCommand).resolvesOnce({}).resolvesOnce({}).rejectsOnce(conditionFailed());
    await stores.summaries.save(emptySummary('p'), 0);
    await stores.summaries.save(emptySummary('p'), 4);
    const [create, replace] = mock.commandCalls(PutCommand).map((call) => call.args[0].input);
    expect(create).toMatchObject({ ConditionExpression: 'attribute_not_exists(pk)', Item: { version: 1, entity: 'summary' } });
    expect(replace).toMatchObject({ ConditionExpression: 'version = :version', ExpressionAttributeValues: { ':version': 4 }, Item: { version: 5 } });
    await expect(stores.summaries.save(emptySummary('p'), 5)).rejects.toBeInstanceOf(StaleWrite);
  });

  it('strips bookkeeping from what it reads', async () => {
    mock.on(GetCommand).resolves({ Item: { pk: 'PROGRAMME', sk: 'SUMMARY#p', entity: 'summary', version: 3, ...emptySummary('p') } });
    expect(await stores.summaries.get('p')).toEqual({ value: emptySummary('p'), version: 3 });
  });

  it('reports unprocessed keys of a batch read as throttling instead of silently dropping them', async () => {
    mock.on(BatchGetCommand).resolves({ Responses: { table: [] }, UnprocessedKeys: { table: { Keys: [{ pk: 'a', sk: 'b' }] } } });
    await expect(stores.programme.priority('p')).rejects.toMatchObject({ name: 'ThrottlingException' });
  });

  it('reads a post’s summary and credential in one batch, and a credential it missed again consistently', async () => {
    const { token, credential } = issueToken({ priorityId: 'jobs-and-training' });
    const credentialItem = { pk: `TOKEN#${credential.tokenId}`, sk: 'TOKEN', entity: 'credential', ...credential };
    const summaryItem = { pk: 'PROGRAMME', sk: 'SUMMARY#jobs-and-training', entity: 'summary', version: 2, ...emptySummary('jobs-and-training') };
    mock
      .on(BatchGetCommand)
      .resolvesOnce({ Responses: { table: [summaryItem, credentialItem] } })
      .resolvesOnce({ Responses: { table: [summaryItem] } });
    mock.on(GetCommand, { ConsistentRead: true }).resolves({ Item: credentialItem });
    mock.on(GetCommand, { ConsistentRead: false }).resolves({});
    expect(await stores.programme.summaryWithCredential('jobs-and-training', credential.tokenId)).toEqual({
      summary: emptySummary('jobs-and-training'),
      credential,
    });
    expect(mock.commandCalls(BatchGetCommand)[0]!.args[0].input.RequestItems!.table!.Keys).toEqual([
      { pk: 'PROGRAMME', sk: 'SUMMARY#jobs-and-training' },
      { pk: `TOKEN#${credential.tokenId}`, sk: 'TOKEN' },
    ]);
    expect(mock.commandCalls(GetCommand)).toHaveLength(0);

    // A token issued a moment ago, not yet in the batch's eventually consistent answer: the post still goes through.
    mock.on(PutCommand).resolves({});
    const ports = { ...stores, sessions: new Sessions(table), barriers: new Barriers(table), commitments: new Commitments(table) };
    const candidate = { status: 'green', summary: 'On track.', period: '2026-11' };
    const { recorded } = await recordUpdate(ports, { priorityId: 'jobs-and-training', proof: { kind: 'token', token }, candidate, scale: 'three-point' });
    expect(recorded).toBe(true);
    expect(mock.commandCalls(GetCommand).map((call) => call.args[0].input.ConsistentRead)).toContain(true);
    expect(mock.commandCalls(PutCommand)).toHaveLength(1);
  });

  it('reads every page of the programme partition', async () => {
    mock
      .on(QueryCommand)
      .resolvesOnce({
        Items: [
          { entity: 'programme', priorityIds: ['b', 'a'], id: 'x', title: 't' },
          { entity: 'priority', id: 'a' },
        ],
        LastEvaluatedKey: { pk: 'PROGRAMME', sk: 'PRIORITY#a' },
      })
      .resolvesOnce({
        Items: [
          { entity: 'priority', id: 'b' },
          { entity: 'summary', ...emptySummary('a') },
        ],
      });
    const snapshot = await stores.programme.snapshot();
    expect(mock.commandCalls(QueryCommand)).toHaveLength(2);
    expect(snapshot.priorities.map((p) => p.id)).toEqual(['b', 'a']);
    expect(snapshot.summaries.get('a')).toEqual(emptySummary('a'));
  });

  it('stores a keyed update and its idempotency record in one transaction, or returns the earlier record', async () => {
    const key = { keyHash: 'k', payloadHash: 'p', updateId: update.id, expiresAt: '2099-01-01T00:00:00.000Z' };
    mock
      .on(TransactWriteCommand)
      .resolvesOnce({})
      .rejectsOnce(
        new TransactionCanceledException({ message: 'cancelled', $metadata: {}, CancellationReasons: [{ Code: 'None' }, { Code: 'ConditionalCheckFailed' }] }),
      );
    mock.on(GetCommand).resolves({ Item: { pk: 'PRIORITY#jobs-and-training', sk: 'IDEMPOTENCY#k', entity: 'idempotency', ...key, updateId: 'EARLIER' } });

    expect(await stores.updates.recordOnce(update, key)).toEqual({ stored: true });
    const items = mock.commandCalls(TransactWriteCommand)[0]!.args[0].input.TransactItems!;
    expect(items.map((item) => [item.Put!.Item!.sk, item.Put!.ConditionExpression])).toEqual([
      [`UPDATE#${update.id}`, 'attribute_not_exists(pk)'],
      ['IDEMPOTENCY#k', 'attribute_not_exists(pk) OR expiresAt < :now'],
    ]);
    expect(await stores.updates.recordOnce(update, key)).toEqual({ stored: false, earlier: { ...key, updateId: 'EARLIER' } });
  });

  it('revoking an unknown token says so', async () => {
    mock.on(GetCommand).resolves({});
    expect(await stores.credentials.revoke('nope')).toBe(false);
  });
});

describe('summarise under contention', () => {
  it('re-reads and retries when another writer got there first, and never loses the update', async () => {
    const summaryItem = (version: number) => ({ Item: { entity: 'summary', version, ...emptySummary('jobs-and-training') } });
    mock
      .on(GetCommand, { Key: { pk: 'PROGRAMME', sk: 'SUMMARY#jobs-and-training' } })
      .resolvesOnce(summaryItem(1))
      .resolves(summaryItem(2));
    mock.on(PutCommand).rejectsOnce(conditionFailed()).resolves({});

    const outcome = await summarise(stores.summaries, update);

    expect(outcome).toMatchObject({ summaryChanged: true, summary: { status: 'amber', updateCount: 1 } });
    const puts = mock.commandCalls(PutCommand).map((call) => call.args[0].input);
    expect(puts.map((p) => [p.Item!.entity, p.ExpressionAttributeValues?.[':version']])).toEqual([
      ['summary', 1],
      ['summary', 2],
    ]);
  });

  it('gives up after repeated conflicts so the record fails and is retried by the stream', async () => {
    mock.on(GetCommand).resolves({ Item: { entity: 'summary', version: 1, ...emptySummary('jobs-and-training') } });
    mock.on(PutCommand).rejects(conditionFailed());
    await expect(summarise(stores.summaries, update)).rejects.toBeInstanceOf(StaleWrite);
  });
});
