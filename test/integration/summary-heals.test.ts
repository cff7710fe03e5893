/**
 * A lost summary heals: a priority whose summary item is gone still takes posts (its existence
 * comes from the catalogue), and the next normal reconcile pass rebuilds the summary exactly as a
 * full rebuild would, with no email. The stream's records reach the consumers through each one's
 * own event filter, as the local poller and Lambda's event source mapping pass them.
 */
import { DeleteCommand } from '@aws-sdk/lib-dynamodb';
import type { DynamoDBBatchResponse, DynamoDBRecord } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { catalogue } from '#shared/catalogue/index';
import { strip } from '#shared/data/core';
import { keys } from '#shared/data/keys';
import { matchesFilter } from '#shared/domain/event-filter';
import { type PrioritySummary, positionAfter, sameContent, summaryFromHistory } from '#shared/domain/summary';
import type { ProgressUpdate } from '#shared/domain/update';
import type { ReconcileReport } from '#shared/services/reconcile';
import { functions } from '../../functions/index.ts';
import { invoke } from '../../infra/local/lambda.ts';
import { localSettings } from '../../infra/local/settings.ts';
import { startTestStack, streamRecords, type TestStack, validUpdate } from './stack.ts';

let stack: TestStack;
beforeAll(async () => {
  // No pollers: the test hands each consumer the records its filter passes, so it knows what was delivered.
  stack = await startTestStack({ startPollers: false });
});
afterAll(async () => stack?.stop());

const priorityId = 'jobs-and-training';
const title = catalogue(localSettings().PROGRAMME).priorities.find((priority) => priority.id === priorityId)!.title;
let delivered = '0';

/**
 * Hands each stream consumer the records written since the last call that its own event filter
 * passes, again and again until the consumers write nothing more (summarise's writes are records too).
 */
async function deliverStream(): Promise<{ notified: DynamoDBRecord[]; summaryRecords: DynamoDBRecord[] }> {
  const notified: DynamoDBRecord[] = [];
  const summaryRecords: DynamoDBRecord[] = [];
  for (;;) {
    const records = (await streamRecords(stack)).filter((record) => positionAfter(record.dynamodb!.SequenceNumber!, delivered));
    if (records.length === 0) return { notified, summaryRecords };
    delivered = records[records.length - 1]!.dynamodb!.SequenceNumber!;
    summaryRecords.push(...records.filter((record) => record.dynamodb?.Keys?.sk?.S === keys.summary(priorityId).sk));
    for (const name of ['summarise', 'notify'] as const) {
      const passed = records.filter((record) => matchesFilter(functions[name].stream.filter, record));
      if (name === 'notify') notified.push(...passed);
      if (passed.length === 0) continue;
      const response = await invoke<DynamoDBBatchResponse>(name, { Records: passed });
      expect(response.batchItemFailures).toEqual([]);
    }
  }
}

async function post(status: string): Promise<Response> {
  return stack.request('POST', `/priorities/${priorityId}/updates`, {
    headers: { 'content-type': 'application/json', authorization: `Bearer ${await stack.token(priorityId, { email: 'poster@example.org' })}` },
    body: JSON.stringify({ ...validUpdate, barriers: [], status, statusRationale: `Reasons for ${status}.` }),
  });
}

const deleteSummary = () => stack.documents.send(new DeleteCommand({ TableName: stack.tableName, Key: keys.summary(priorityId) }));
const storedSummary = async () => (await stack.stores.summaries.get(priorityId, true))?.value;

/** What a full rebuild gives: the summary derived from every stored update, with the catalogue's title. */
async function fullRebuild(kept: Pick<PrioritySummary, 'appliedThrough'>): Promise<PrioritySummary> {
  const updates = (await stack.storedUpdates(priorityId)).map((item) => strip<ProgressUpdate>(item));
  return summaryFromHistory(priorityId, updates, { ...kept, title });
}

describe('a priority whose summary item is lost', () => {
  it('still takes posts: 201, and the stream starts a summary again', async () => {
    expect((await post('amber')).status).toBe(201);
    await deliverStream();
    await deleteSummary();
    expect(await storedSummary()).toBeUndefined();

    // The form and the history are still there too.
    expect((await stack.request('GET', `/priorities/${priorityId}/updates`)).status).toBe(200);
    const answer = await post('red');
    expect(answer.status).toBe(201);
    const { id } = (await answer.json()) as { id: string };
    await deliverStream();
    // Started from nothing: it knows the newest update only.
    expect(await storedSummary()).toMatchObject({ lastUpdateId: id, updateCount: 1, trend: 'new' });
    // The catalogue, not the summary, says which priorities exist.
    const unknown = await stack.request('POST', '/priorities/no-such-priority/updates', {
      headers: { 'content-type': 'application/json', authorization: `Bearer ${await stack.token('no-such-priority')}` },
      body: JSON.stringify(validUpdate),
    });
    expect(unknown.status).toBe(404);
  });

  it('is rebuilt exactly by the next normal reconcile pass, and nobody is emailed', async () => {
    const emailsBefore = (await stack.emails()).length;
    expect(emailsBefore).toBeGreaterThan(0); // the posts were told as usual

    const report = await invoke<ReconcileReport>('reconcile', {});
    expect(report.summariesRepaired).toEqual([expect.objectContaining({ priorityId, missing: false, after: expect.objectContaining({ updateCount: 2 }) })]);
    const rebuilt = (await storedSummary())!;
    expect(sameContent(rebuilt, await fullRebuild({ appliedThrough: rebuilt.appliedThrough ?? null }))).toBe(true);
    expect(rebuilt).toMatchObject({ updateCount: 2, status: 'red', previousStatus: 'amber', trend: 'worsening', title });

    // The rebuilt summary is on the stream, and notify's filter leaves it out.
    const { notified, summaryRecords } = await deliverStream();
    expect(summaryRecords).toHaveLength(1);
    expect(notified).toEqual([]);
    // Even handed to notify without its filter, a rebuilt summary tells no one.
    const response = await invoke<DynamoDBBatchResponse>('notify', { Records: summaryRecords });
    expect(response.batchItemFailures).toEqual([]);
    expect((await stack.emails()).length).toBe(emailsBefore);

    // A second normal pass and a full one find nothing more to do.
    expect((await invoke<ReconcileReport>('reconcile', {})).summariesRepaired).toEqual([]);
    expect((await invoke<ReconcileReport>('reconcile', { full: true })).summariesRepaired).toEqual([]);
  });

  it('is rebuilt by the normal pass when nothing was posted since it was lost, with no email', async () => {
    const before = (await storedSummary())!;
    const emailsBefore = (await stack.emails()).length;
    await deleteSummary();

    const report = await invoke<ReconcileReport>('reconcile', {});
    expect(report.summariesRepaired).toEqual([expect.objectContaining({ priorityId, missing: true })]);
    expect(sameContent(await storedSummary(), { ...before, appliedThrough: undefined })).toBe(true);

    const { notified, summaryRecords } = await deliverStream();
    expect(summaryRecords.map((record) => record.eventName)).toEqual(['REMOVE', 'INSERT']);
    expect(notified).toEqual([]);
    expect((await stack.emails()).length).toBe(emailsBefore);
  });
});
