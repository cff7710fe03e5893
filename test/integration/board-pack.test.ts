/**
 * Quarterly board packs on the local stack: made once from the updates, assessments and
 * barrier log, identical (and nothing written) when made again, the page and the CSV, the
 * board told once each, and who may make one.
 */
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Assessments } from '#shared/data/assessments';
import { Barriers } from '#shared/data/barriers';
import { auditEntry } from '#shared/domain/audit';
import { issueToken, tokenIdOf } from '#shared/domain/credential';
import { newUpdateId } from '#shared/domain/ids';
import type { Status } from '#shared/domain/rating';
import { csrfTokenFor, newSession, sessionCookie } from '#shared/domain/session';
import type { ProgressUpdate } from '#shared/domain/update';
import type { BoardPackRun } from '../../functions/board-pack-on-schedule/handler.ts';
import { invoke } from '../../infra/local/lambda.ts';
import { form, type SentEmail, startTestStack, type TestStack } from './stack.ts';

let stack: TestStack;
let priorityIds: string[];
let titles: Map<string, string>;
const hostile = '=HYPERLINK("http://x","y")';
const board = ['board.chair@example.org', 'board.secretariat@example.org'];

function update(priorityId: string, period: string, status: Status, submittedAt: string, summary = `Progress for ${period}.`): ProgressUpdate {
  return {
    id: newUpdateId(new Date(submittedAt)),
    priorityId,
    period,
    status,
    summary,
    statusRationale: 'As planned.',
    achievements: ['Something done'],
    nextSteps: ['Something next'],
    barriers: [],
    submittedAt,
    author: { tokenId: '0123456789abcdef', name: 'A sponsor', email: 'sponsor@example.org' },
  };
}

/** Every item of the pack's partitions and its emails' delivery records, read consistently. */
async function packItems(quarter: string): Promise<Record<string, unknown>[]> {
  const items: Record<string, unknown>[] = [];
  for (const pk of [`BOARDPACK#${quarter}`, 'BOARDPACKS', `OUTBOX#board-pack#${quarter}`]) {
    const { Items = [] } = await stack.documents.send(
      new QueryCommand({ TableName: stack.tableName, KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': pk }, ConsistentRead: true }),
    );
    items.push(...Items.filter((item) => pk !== 'BOARDPACKS' || item.sk === `QUARTER#${quarter}`));
  }
  return items;
}

const packEmails = async (quarter: string): Promise<SentEmail[]> =>
  (await stack.emails()).filter((email) => email.subject === `Board pack for ${quarter} is ready`);

async function make(quarter: string, authorization: string) {
  return stack.request('POST', '/board-packs', { headers: { 'content-type': 'application/json', authorization }, body: JSON.stringify({ quarter }) });
}

beforeAll(async () => {
  stack = await startTestStack();
  const snapshot = await stack.stores.programme.snapshot();
  priorityIds = snapshot.priorities.map((priority) => priority.id);
  titles = new Map(snapshot.priorities.map((priority) => [priority.id, priority.title]));
  const [first, second] = priorityIds as [string, string];
  // The first priority reported in and before the quarter; the second only before it; the rest never.
  await stack.stores.updates.record(update(first, '2020-12', 'green', '2021-01-05T10:00:00Z'));
  await stack.stores.updates.record(update(first, '2021-02', 'amber', '2021-03-02T10:00:00Z', hostile));
  await stack.stores.updates.record(update(second, '2020-11', 'amber', '2020-12-01T10:00:00Z'));
  await new Assessments(stack.stores.table).record(
    {
      priorityId: first,
      period: '2021-Q1',
      status: 'red',
      rationale: 'Funding is not in place.',
      assessor: { role: 'board', tokenId: '0123456789abcdef', name: 'Board chair' },
      assessedAt: '2021-03-20T10:00:00Z',
    },
    auditEntry('assessment', { role: 'board', name: 'Board chair' }, { kind: 'assessment', id: '2021-Q1#board', priorityId: first }),
  );
  const barriers = new Barriers(stack.stores.table);
  const raising = newUpdateId(new Date('2021-02-10T10:00:00Z'));
  await barriers.applyState(
    first,
    `${raising}-0`,
    { description: 'Data sharing with DWP is slow', needsBoardSupport: true, status: 'open' },
    { updateId: raising, submittedAt: '2021-02-10T10:00:00Z', period: '2021-02', raises: true },
  );
  await barriers.applyState(
    first,
    `${raising}-1`,
    { description: 'Venue booking', needsBoardSupport: false, status: 'open' },
    { updateId: raising, submittedAt: '2021-02-10T10:00:00Z', period: '2021-02', raises: true },
  );
  const resolving = newUpdateId(new Date('2021-03-15T10:00:00Z'));
  await barriers.applyState(
    first,
    `${raising}-1`,
    { description: 'Venue booking', needsBoardSupport: false, status: 'resolved' },
    { updateId: resolving, submittedAt: '2021-03-15T10:00:00Z', period: '2021-03', raises: false },
  );
});
afterAll(async () => stack?.stop());

describe('making a board pack', () => {
  let before: Record<string, unknown>[];
  let csv: string;

  it('is made by a board token, and each board member is emailed the link once', async () => {
    const answer = await make('2021-Q1', `Bearer ${await stack.boardToken({ name: 'Board chair' })}`);
    expect(answer.status).toBe(201);
    expect(answer.headers.get('location')).toBe('/board-packs/2021-Q1');
    const body = (await answer.json()) as { made: boolean; priorities: number; noUpdate: string[]; url: string };
    expect(body).toMatchObject({ made: true, priorities: priorityIds.length, noUpdate: priorityIds.slice(1), url: `${stack.apiUrl}/board-packs/2021-Q1` });
    const emails = await packEmails('2021-Q1');
    expect(emails.map((email) => email.destination.to[0]).sort()).toEqual(board);
    expect(emails[0]!.body.text).toContain(`${stack.apiUrl}/board-packs/2021-Q1`);
    before = await packItems('2021-Q1');
    // A head, a listing, one part per priority and per update of the quarter, and a delivery record per board member.
    expect(before.length).toBe(2 + priorityIds.length + 1 + board.length);
  });

  it('shows the pack as a page: the portfolio at the quarter’s end, then each priority in a section of its own', async () => {
    const answer = await stack.request('GET', '/board-packs/2021-Q1', { headers: { accept: 'text/html' } });
    expect(answer.status).toBe(200);
    const page = await answer.text();
    expect(page.match(/<section class="app-board-pack__priority"/g)?.length).toBe(priorityIds.length);
    const [first, second] = priorityIds as [string, string];
    const section = page.slice(page.indexOf(`id="priority-${first}"`), page.indexOf(`id="priority-${second}"`));
    expect(section).toContain('Amber');
    expect(section).toContain('Green; worse'); // green at the end of 2020-Q4, amber now
    expect(section).toContain('Funding is not in place.'); // the independent rating's rationale
    expect(section).toContain('Data sharing with DWP is slow');
    expect(section).toContain('=HYPERLINK(&quot;http://x&quot;,&quot;y&quot;)');
    const noUpdate = page.slice(page.indexOf('data-section="no-update"'), page.indexOf('</ul>', page.indexOf('data-section="no-update"')));
    expect(noUpdate).toContain(titles.get(second)!.replace(/&/g, '&amp;'));
    expect(noUpdate).not.toContain(titles.get(first)!.replace(/&/g, '&amp;'));
  });

  it('exports the pack as CSV, one row per priority, with formulas neutralised', async () => {
    const answer = await stack.request('GET', '/board-packs/2021-Q1/pack.csv');
    expect(answer.status).toBe(200);
    expect(answer.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    csv = await answer.text();
    const lines = csv.trim().split('\r\n');
    expect(lines.length).toBe(1 + priorityIds.length);
    const row = lines.find((line) => line.includes(`"${priorityIds[0]}"`))!;
    expect(row).toContain(`"'=HYPERLINK(""http://x"",""y"")"`);
    expect(row).toContain('"Amber","2021-02","Green","Worse","Red","2021-Q1"');
    expect(csv).not.toMatch(/(^|,)"=/m);
  });

  it('is the same when made again, by the board or by the schedule’s function, after the data changed: nothing is written or sent', async () => {
    await stack.stores.updates.record(update(priorityIds[2]!, '2021-03', 'red', '2021-04-01T10:00:00Z'));
    const again = await make('2021-Q1', `Bearer ${await stack.boardToken()}`);
    expect(again.status).toBe(200);
    expect(((await again.json()) as { made: boolean }).made).toBe(false);
    const run = await invoke<BoardPackRun>('board-pack-on-schedule', { quarter: '2021-Q1' });
    expect(run).toMatchObject({ quarter: '2021-Q1', made: false, emails: { sent: 0 } });

    expect(await packItems('2021-Q1')).toEqual(before);
    expect(await (await stack.request('GET', '/board-packs/2021-Q1/pack.csv')).text()).toBe(csv);
    expect((await packEmails('2021-Q1')).length).toBe(board.length);
  });

  it('is made by the quarterly schedule for the quarter just ended', async () => {
    const run = await invoke<BoardPackRun>('board-pack-on-schedule', { scheduledTime: '2021-07-01T05:00:00Z' });
    expect(run).toMatchObject({ quarter: '2021-Q2', made: true, emails: { sent: board.length, skipped: 0 } });
    expect((await stack.request('GET', '/board-packs/2021-Q2')).status).toBe(200);
    const list = await (await stack.request('GET', '/board-packs', { headers: { accept: 'text/html' } })).text();
    expect(list.indexOf('data-quarter="2021-Q2"')).toBeLessThan(list.indexOf('data-quarter="2021-Q1"'));
    expect(list.indexOf('data-quarter="2021-Q1"')).toBeGreaterThan(0);
  });
});

describe('who may make a board pack', () => {
  it('refuses a sponsor (403), no proof (401) and an expired board token (401), writing nothing', async () => {
    const expired = issueToken({ role: 'board', now: new Date(Date.now() - 3 * 86_400_000), days: 1 });
    await stack.stores.credentials.save(expired.credential);
    const answers = [
      await make('2020-Q3', `Bearer ${await stack.token(priorityIds[0]!)}`),
      await stack.request('POST', '/board-packs', { headers: { 'content-type': 'application/json' }, body: JSON.stringify({ quarter: '2020-Q3' }) }),
      await make('2020-Q3', `Bearer ${expired.token}`),
    ];
    expect(answers.map((answer) => answer.status)).toEqual([403, 401, 401]);
    expect(await packItems('2020-Q3')).toEqual([]);
  });

  it('takes a board session’s form post with its CSRF token, and refuses one without', async () => {
    const token = await stack.boardToken({ name: 'Board secretariat' });
    const credential = (await stack.stores.credentials.get(tokenIdOf(token)!))!;
    const { sessionId, stored } = newSession(credential);
    await stack.stores.sessions.save(stored);
    const cookie = `${sessionCookie}=${sessionId}`;

    const page = await (await stack.request('GET', '/board-packs', { headers: { accept: 'text/html', cookie } })).text();
    expect(page).toContain(`name="csrfToken" value="${csrfTokenFor(sessionId)}"`);
    const anonymous = await (await stack.request('GET', '/board-packs', { headers: { accept: 'text/html' } })).text();
    expect(anonymous).not.toContain('name="csrfToken"');

    const post = (fields: Record<string, string>) =>
      stack.request('POST', '/board-packs', {
        headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'text/html', cookie },
        body: form(fields),
      });
    expect((await post({ quarter: '2020-Q4' })).status).toBe(403);
    expect(await packItems('2020-Q4')).toEqual([]);
    const invalid = await post({ quarter: '2020-Q9', csrfToken: csrfTokenFor(sessionId) });
    expect(invalid.status).toBe(400);
    expect(await invalid.text()).toContain('govuk-error-summary');
    const made = await post({ quarter: '2020-Q4', csrfToken: csrfTokenFor(sessionId) });
    expect(made.status).toBe(303);
    expect(made.headers.get('location')).toBe('/board-packs/2020-Q4');
  });
});

describe('addresses and quarters', () => {
  it('answers 400 for anything but a quarter', async () => {
    const boardToken = `Bearer ${await stack.boardToken()}`;
    expect((await stack.request('GET', '/board-packs/2021-Q5')).status).toBe(400);
    expect((await stack.request('GET', '/board-packs/2021-03/pack.csv')).status).toBe(400);
    expect((await make('2021-1', boardToken)).status).toBe(400);
  });

  it.each(['2099-Q1', '1900-Q1', '2020-Q3'])(
    'answers 422 naming the field for %s, outside the programme’s start to the last quarter ended, and makes nothing',
    async (quarter) => {
      const answer = await make(quarter, `Bearer ${await stack.boardToken()}`);
      expect(answer.status).toBe(422);
      const problem = (await answer.json()) as { errors: { field: string; message: string }[] };
      expect(problem.errors).toEqual([
        { field: 'quarter', message: expect.stringMatching(quarter === '2099-Q1' ? /has not ended/ : /before the programme began on 2020-11-20/) },
      ]);
      expect(await packItems(quarter)).toEqual([]);
    },
  );

  it('refuses a quarter before the programme’s start on the scheduled and command paths too', async () => {
    await expect(invoke<BoardPackRun>('board-pack-on-schedule', { quarter: '1900-Q1' })).rejects.toThrow(/before the programme began/);
    expect(await packItems('1900-Q1')).toEqual([]);
  });

  it('answers 404 for a quarter without a pack, as a page and as CSV', async () => {
    expect((await stack.request('GET', '/board-packs/2019-Q1', { headers: { accept: 'text/html' } })).status).toBe(404);
    expect((await stack.request('GET', '/board-packs/2019-Q1/pack.csv')).status).toBe(404);
  });
});
