/**
 * The stream side: the poller feeds real stream records from DynamoDB Local to the summarise
 * handler; replays, reordering and poison records are checked against the stored summaries.
 */
import type { DynamoDBBatchResponse, DynamoDBRecord } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { invoke } from '../../infra/local/lambda.ts';
import { eventually, startTestStack, streamRecords, type TestStack, validUpdate } from './stack.ts';

let stack: TestStack;

beforeAll(async () => {
  stack = await startTestStack();
});
afterAll(async () => stack?.stop());

async function post(priorityId: string, body: Record<string, unknown>) {
  const token = await stack.token(priorityId);
  const response = await stack.request('POST', `/priorities/${priorityId}/updates`, {
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify(body),
  });
  expect(response.status).toBe(201);
  return (await response.json()) as { id: string; submittedAt: string };
}

const updateRecords = (records: DynamoDBRecord[], priorityId: string) =>
  records.filter((r) => r.eventName === 'INSERT' && r.dynamodb?.NewImage?.entity?.S === 'update' && r.dynamodb.NewImage.priorityId?.S === priorityId);

async function summaryOf(priorityId: string) {
  return (await stack.stores.summaries.get(priorityId, true))!.value;
}

describe('post → stream → summary', () => {
  // How soon it shows is measured by the bench (event lag), not asserted here: a loaded machine is slower.
  it('a new status shows in the priority summary and the portfolio', async () => {
    const update = await post('jobs-and-training', validUpdate);
    const summary = await eventually(async () => {
      const response = await stack.request('GET', '/priorities/jobs-and-training');
      const body = (await response.json()) as { summary: { lastUpdateId: string; status: string; updateCount: number } };
      return body.summary.lastUpdateId === update.id ? body.summary : undefined;
    });
    expect(summary).toMatchObject({ status: 'amber', updateCount: 1, trend: 'new' });
    // The portfolio is derived from the summaries: it shows the update as soon as the summary does.
    const portfolio = (await (await stack.request('GET', '/portfolio')).json()) as { counts: Record<string, number>; byStatus: Record<string, string[]> };
    expect(portfolio.byStatus.amber).toEqual(['jobs-and-training']);
    expect(portfolio.counts.none).toBe(6);
  });

  it('summarises a worsening status with trend, previous status and board-support barriers', async () => {
    const update = await post('jobs-and-training', { ...validUpdate, status: 'red', statusRationale: 'Funding withdrawn' });
    const summary = await eventually(async () => {
      const value = await summaryOf('jobs-and-training');
      return value.lastUpdateId === update.id ? value : undefined;
    });
    expect(summary).toMatchObject({
      status: 'red',
      previousStatus: 'amber',
      trend: 'worsening',
      statusChangedAt: update.submittedAt,
      updateCount: 2,
      barriersNeedingBoardSupport: [validUpdate.barriers[0]],
    });
    const portfolio = (await (await stack.request('GET', '/portfolio')).json()) as { recentChanges: { priorityId: string; from: string; to: string }[] };
    expect(portfolio.recentChanges[0]).toMatchObject({ priorityId: 'jobs-and-training', from: 'amber', to: 'red' });
  });
});

describe('replays and reordering', () => {
  it('replaying a batch leaves the summary unchanged', async () => {
    const priority = 'education-and-young-people';
    let last = '';
    for (const status of ['green', 'amber', 'amber']) last = (await post(priority, { ...validUpdate, status })).id;
    await eventually(async () => (await summaryOf(priority)).lastUpdateId === last);
    const before = await stack.stores.summaries.get(priority, true);

    const batch = updateRecords(await streamRecords(stack), priority);
    expect(batch.length).toBe(3);
    const response = await invoke<DynamoDBBatchResponse>('summarise', { Records: batch });
    expect(response.batchItemFailures).toEqual([]);

    expect(await stack.stores.summaries.get(priority, true)).toEqual(before); // same version: nothing was rewritten
  });

  it('out-of-order delivery ends in the same summary as in-order delivery', async () => {
    const priority = 'mental-health-support-and-awareness';
    await Promise.all([...stack.pollers.values()].map((poller) => poller.stop()));
    try {
      for (const status of ['green', 'amber', 'red', 'amber-red']) await post(priority, { ...validUpdate, status });
      const records = updateRecords(await streamRecords(stack), priority);
      expect(records.length).toBe(4);

      // Reversed, and each record delivered twice, against a summary that has seen none of them.
      const shuffled = [...records].reverse();
      for (const record of [...shuffled, ...shuffled]) {
        expect((await invoke<DynamoDBBatchResponse>('summarise', { Records: [record] })).batchItemFailures).toEqual([]);
      }
      const reordered = await summaryOf(priority);

      // What in-order delivery gives: the latest is amber-red, after red.
      expect(reordered).toMatchObject({ status: 'amber-red', previousStatus: 'red', trend: 'improving', updateCount: 4 });
      expect(reordered.recent.map((entry) => entry.status)).toEqual(['green', 'amber', 'red', 'amber-red']);
    } finally {
      for (const poller of stack.pollers.values()) poller.start();
    }
  });
});

describe('poison records', () => {
  it('an unreadable image fails alone; the rest of its batch is applied', async () => {
    const priority = 'local-businesses-and-high-streets';
    await Promise.all([...stack.pollers.values()].map((poller) => poller.stop()));
    try {
      await post(priority, { ...validUpdate, status: 'green', statusRationale: undefined });
      await post(priority, { ...validUpdate, status: 'amber' });
      const [first, second] = updateRecords(await streamRecords(stack), priority);
      const poison: DynamoDBRecord = structuredClone(first!);
      poison.dynamodb!.SequenceNumber = '999999999999';
      poison.dynamodb!.NewImage!.status = { S: 'purple' };

      const response = await invoke<DynamoDBBatchResponse>('summarise', { Records: [first!, poison, second!] });
      expect(response.batchItemFailures).toEqual([{ itemIdentifier: '999999999999' }]);
      expect(await summaryOf(priority)).toMatchObject({ status: 'amber', updateCount: 2 });
    } finally {
      for (const poller of stack.pollers.values()) poller.start();
    }
  });
});
