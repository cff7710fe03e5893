/**
 * On the local stack a handler's table calls are held to its function's grants, as IAM holds
 * them in AWS: the same code that a read function may not use to write fails here.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runAs } from '../../infra/local/table-guard.ts';
import { tableStores } from '../../infra/local/stores.ts';
import { startTestStack, type TestStack } from './stack.ts';

let stack: TestStack;
beforeAll(async () => {
  stack = await startTestStack({ startPollers: false });
});
afterAll(async () => stack?.stop());

const update = {
  id: '01JQ0000000000000000000000',
  priorityId: 'jobs-and-training',
  submittedAt: '2021-03-01T09:00:00.000Z',
  author: { tokenId: '0123456789abcdef' },
  status: 'amber' as const,
  period: '2021-03',
  summary: 'Written by a function that may not.',
  achievements: [],
  nextSteps: [],
  barriers: [],
};

describe('the local table guard', () => {
  it('refuses a write a function is not granted, and stores nothing', async () => {
    // Through the functions' own client, which the local stack guards.
    const stores = tableStores(stack.tableName);
    await expect(runAs('dashboard', () => stores.updates.record(update))).rejects.toMatchObject({ name: 'AccessDeniedException' });
    await expect(runAs('summarise', () => stores.updates.record(update))).rejects.toThrow(/may not write to partition PRIORITY#jobs-and-training/);
    expect(await stack.storedUpdates('jobs-and-training')).toEqual([]);
  });

  it('lets the function that is granted the write make it', async () => {
    const stores = tableStores(stack.tableName);
    await runAs('record-update', () => stores.updates.record(update));
    expect(await stack.storedUpdates('jobs-and-training')).toHaveLength(1);
  });
});
