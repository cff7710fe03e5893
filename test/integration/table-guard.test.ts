/**
 * On the local stack a handler's table calls are held to its function's grants, as IAM holds
 * them in AWS: the same code that a read function may not use to write, or to read another
 * function's partitions, fails here.
 */
import { BatchGetCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { keys } from '#shared/data/keys';
import { issueToken } from '#shared/domain/credential';
import { tableStores } from '../../infra/local/stores.ts';
import { runAs } from '../../infra/local/table-guard.ts';
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

  it('refuses a public read function a token, a session, a person or a delivery record', async () => {
    // Prepare: one of each, written outside any function.
    const stores = tableStores(stack.tableName);
    const { credential } = issueToken({ priorityId: 'jobs-and-training', name: 'Sam Sponsor', email: 'sponsor@example.org', days: 1 });
    await stores.credentials.save(credential);
    await stores.deliveries.lease('update#01JQ0000000000000000000000', '*');

    // Act / Assess
    const denied = { name: 'AccessDeniedException' };
    await expect(runAs('get-update', () => stores.credentials.get(credential.tokenId))).rejects.toMatchObject(denied);
    await expect(runAs('list-updates', () => stores.sessions.get('a1'.repeat(32)))).rejects.toMatchObject(denied);
    await expect(runAs('dashboard', () => stores.people.list())).rejects.toThrow(/dashboard may not read partition PEOPLE/);
    await expect(runAs('export-updates', () => stores.table.get(keys.delivery('update#01JQ0000000000000000000000', '*')))).rejects.toMatchObject(denied);
    // One private key in a batch refuses the whole batch.
    const batch = new BatchGetCommand({
      RequestItems: { [stack.tableName]: { Keys: [keys.priority('jobs-and-training'), keys.credential(credential.tokenId)] } },
    });
    await expect(runAs('get-priority', () => stores.table.client.send(batch))).rejects.toMatchObject(denied);
  });

  it('lets a public read function read its own partitions', async () => {
    const stores = tableStores(stack.tableName);
    expect((await runAs('get-priority', () => stores.programme.priority('jobs-and-training')))?.priority.id).toBe('jobs-and-training');
    expect((await runAs('dashboard', () => stores.programme.snapshot())).priorities.length).toBeGreaterThan(0);
    expect(await runAs('list-updates', () => stores.updates.list('jobs-and-training', { limit: 5 }))).toHaveProperty('updates');
  });
});
