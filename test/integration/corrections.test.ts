/**
 * Correcting an update on the local stack: the correction stored beside the original with its
 * mark and audit entry, the summary, chart and history following it, a board pack made before
 * unchanged and the next one noting it; who may correct, and only once. And the barrier log's
 * periods: a pack of a quarter lists the barriers an update for one of its months raised,
 * whenever that update was posted.
 */
import { DeleteCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tokenIdOf } from '#shared/domain/credential';
import { newSession, sessionCookie } from '#shared/domain/session';
import type { ReconcileReport } from '#shared/services/reconcile';
import { invoke } from '../../infra/local/lambda.ts';
import { eventually, startTestStack, type TestStack, validUpdate } from './stack.ts';

let stack: TestStack;
let priorityId: string;
let otherPriorityId: string;
let sponsorToken: string;
let boardToken: string;
let original: { id: string; submittedAt: string };
const reason = 'The update was for February, and <b>red</b>.';

/** Every item of a partition, read consistently. */
async function partition(pk: string): Promise<Record<string, unknown>[]> {
  const { Items = [] } = await stack.documents.send(
    new QueryCommand({ TableName: stack.tableName, KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': pk }, ConsistentRead: true }),
  );
  return Items;
}

const correct = (token: string, body: Record<string, unknown>, updateId = original.id, onPriority = priorityId) =>
  stack.request('POST', `/priorities/${onPriority}/updates/${updateId}/corrections`, {
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify(body),
  });

const makePack = (quarter: string) =>
  stack.request('POST', '/board-packs', {
    headers: { 'content-type': 'application/json', authorization: `Bearer ${boardToken}` },
    body: JSON.stringify({ quarter }),
  });

const correction = { status: 'red', period: '2021-02', summary: 'Placements fell behind in February.', statusRationale: 'Two employers withdrew.', reason };

beforeAll(async () => {
  stack = await startTestStack();
  const snapshot = await stack.stores.programme.snapshot();
  [priorityId, otherPriorityId] = snapshot.priorities.map((priority) => priority.id) as [string, string];
  sponsorToken = await stack.token(priorityId, { email: 'sponsor@example.org' });
  boardToken = await stack.boardToken({ name: 'Board chair' });
  // An update for March 2021 posted today, raising a barrier that asks for the board's support.
  const answer = await stack.request('POST', `/priorities/${priorityId}/updates`, {
    headers: { 'content-type': 'application/json', authorization: `Bearer ${sponsorToken}` },
    body: JSON.stringify({ ...validUpdate, period: '2021-03' }),
  });
  expect(answer.status).toBe(201);
  original = (await answer.json()) as { id: string; submittedAt: string };
  await eventually(async () => (await stack.stores.summaries.get(priorityId, true))?.value.lastUpdateId === original.id);
  await eventually(async () => (await stack.stores.barriers.list(priorityId)).length === 1);
});
afterAll(async () => stack?.stop());

describe('a barrier belongs to the period of the update that raised it', () => {
  it('is listed by a pack of 2021-Q1 made after an update for 2021-03 raised it', async () => {
    const [barrier] = await stack.stores.barriers.list(priorityId);
    expect(barrier).toMatchObject({ raisedPeriod: '2021-03', raisedAt: original.submittedAt });
    expect((await makePack('2021-Q1')).status).toBe(201);
    const page = await (await stack.request('GET', '/board-packs/2021-Q1', { headers: { accept: 'text/html' } })).text();
    const section = page.slice(page.indexOf(`id="priority-${priorityId}"`), page.indexOf(`id="priority-${otherPriorityId}"`));
    const opened = section.slice(section.indexOf('Barriers opened in the quarter'), section.indexOf('Barriers resolved in the quarter'));
    expect(opened).toContain(validUpdate.barriers[0].description);
    const needing = section.slice(section.indexOf('Barriers needing the board’s support'));
    expect(needing).toContain(validUpdate.barriers[0].description);
  });
});

describe('correcting an update', () => {
  let packBefore: Record<string, unknown>[];

  it('refuses another priority’s sponsor (403) and stores nothing', async () => {
    packBefore = await partition('BOARDPACK#2021-Q1');
    const before = await partition(`PRIORITY#${priorityId}`);
    const answer = await correct(await stack.token(otherPriorityId), correction);
    expect(answer.status).toBe(403);
    // The other priority's own route does not find this update either.
    expect((await correct(await stack.token(otherPriorityId), correction, original.id, otherPriorityId)).status).toBe(404);
    expect(await partition(`PRIORITY#${priorityId}`)).toEqual(before);
  });

  it('takes the author’s correction of period and rating: the summary, the chart and the history follow, both kept', async () => {
    const answer = await correct(sponsorToken, correction);
    expect(answer.status).toBe(201);
    const stored = (await answer.json()) as { id: string; period: string; status: string; corrects: unknown; barriers: unknown[] };
    expect(stored).toMatchObject({ period: '2021-02', status: 'red', corrects: { updateId: original.id, reason } });
    expect(stored.barriers).toHaveLength(1);
    expect(answer.headers.get('location')).toBe(`/priorities/${priorityId}/updates/${stored.id}`);

    const summary = await eventually(async () => {
      const value = (await stack.stores.summaries.get(priorityId, true))?.value;
      return value?.lastUpdateId === stored.id && value;
    });
    expect(summary).toMatchObject({ status: 'red', period: '2021-02', updateCount: 1, previousStatus: null });
    const portfolio = (await (await stack.request('GET', '/portfolio')).json()) as { priorities: Record<string, { status: string }> };
    expect(portfolio.priorities[priorityId]?.status).toBe('red');

    const history = (await (await stack.request('GET', `/priorities/${priorityId}/updates`)).json()) as {
      updates: { id: string; correctedBy?: { updateId: string; reason: string }; corrects?: { updateId: string } }[];
    };
    expect(history.updates.map((u) => u.id)).toEqual([stored.id, original.id]);
    expect(history.updates[1]!.correctedBy).toMatchObject({ updateId: stored.id, reason });
    expect(history.updates[0]!.corrects).toEqual({ updateId: original.id, reason });
    const one = (await (await stack.request('GET', `/priorities/${priorityId}/updates/${original.id}`)).json()) as { correctedBy?: unknown };
    expect(one.correctedBy).toMatchObject({ updateId: stored.id });

    const page = await (await stack.request('GET', `/priorities/${priorityId}`, { headers: { accept: 'text/html' } })).text();
    const chartTable = page.slice(page.indexOf('The same, as a table'), page.indexOf('</table>', page.indexOf('The same, as a table')));
    expect(chartTable).toContain('2021-02');
    expect(chartTable).not.toContain('2021-03');
    expect(page).toContain('The update was for February, and &lt;b&gt;red&lt;/b&gt;.');
    expect(page).toMatch(/data-correction="corrected"><strong>Corrected on [^<]+ because The update was for February/);
    expect(page).toContain('data-correction="corrects"><strong>Corrects the update of');
    const csv = await (await stack.request('GET', `/priorities/${priorityId}/updates.csv`)).text();
    expect(csv).toContain(`"${original.id}: ${reason}"`);
  });

  it('leaves a pack made before as it was, and the next pack notes the correction', async () => {
    expect(await partition('BOARDPACK#2021-Q1')).toEqual(packBefore);
    expect((await makePack('2021-Q2')).status).toBe(201);
    const page = await (await stack.request('GET', '/board-packs/2021-Q2', { headers: { accept: 'text/html' } })).text();
    const section = page.slice(page.indexOf(`id="priority-${priorityId}"`), page.indexOf(`id="priority-${otherPriorityId}"`));
    expect(section).toMatch(/the update for 2021-03 \(Amber\) was corrected to 2021-02 \(Red\) because The update was for February/);
  });

  it('is followed by reconcile, which derives a lost summary from the updates that stand', async () => {
    await stack.documents.send(new DeleteCommand({ TableName: stack.tableName, Key: { pk: 'PROGRAMME', sk: `SUMMARY#${priorityId}` } }));
    const report = await invoke<ReconcileReport>('reconcile', {});
    expect(report.summariesRepaired.map((repair) => repair.priorityId)).toEqual([priorityId]);
    expect((await stack.stores.summaries.get(priorityId, true))?.value).toMatchObject({
      status: 'red',
      period: '2021-02',
      updateCount: 1,
      corrected: [original.id],
    });
    expect((await invoke<ReconcileReport>('reconcile', {})).summariesRepaired).toEqual([]);
  });

  it('answers a second correction of the same update 409 and stores nothing', async () => {
    const before = await partition(`PRIORITY#${priorityId}`);
    const board = await stack.boardToken();
    const answer = await correct(board, { ...correction, reason: 'Again.' });
    expect(answer.status).toBe(409);
    // Its form says so too, to a board member's session.
    const { sessionId, stored } = newSession((await stack.stores.credentials.get(tokenIdOf(board)!))!);
    await stack.stores.sessions.save(stored);
    const form = await stack.request('GET', `/priorities/${priorityId}/updates/${original.id}/correct`, {
      headers: { accept: 'text/html', cookie: `${sessionCookie}=${sessionId}` },
    });
    expect(form.status).toBe(409);
    expect(await partition(`PRIORITY#${priorityId}`)).toEqual(before);
  });
});
