/**
 * The audit log on the local stack: each privileged act of the governance cycle writes exactly
 * one entry, in its own transaction (a refused or failed act writes none), `npm run audit` prints
 * each act once with its actor, and GET /audit.csv answers the board only.
 */
import { spawn } from 'node:child_process';
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Assessments } from '#shared/data/assessments';
import { AuditLog } from '#shared/data/audit';
import type { Assessment } from '#shared/domain/assessment';
import { type Actor, type AuditAct, type AuditEntry, actorText, auditActs, auditEntry } from '#shared/domain/audit';
import type { BoardResponse } from '#shared/domain/barrier';
import { quarterJustEnded } from '#shared/domain/board-pack';
import { issueToken } from '#shared/domain/credential';
import { previousPeriod } from '#shared/domain/periods';
import { newSession, sessionCookie } from '#shared/domain/session';
import type { ProgressUpdate } from '#shared/domain/update';
import type { BoardPackRun } from '../../functions/board-pack-on-schedule/handler.ts';
import { invoke } from '../../infra/local/lambda.ts';
import { eventually, startTestStack, type TestStack, validUpdate } from './stack.ts';

const root = resolve(import.meta.dirname, '../..');
const priority = 'jobs-and-training';
const json = { 'content-type': 'application/json', accept: 'application/json' };
const personId = '01JQAUD1T0000000000000000A';
const board: Actor = { role: 'board', personId, name: 'Ana Board' };
const lead: Actor = { role: 'delivery-lead', name: 'Dev Lead' };

let stack: TestStack;
let log: AuditLog;
let boardToken: string;
let leadToken: string;
let sponsorToken: string;
/** When the cycle started: entries before it belong to no act of this test. */
let started: Date;

beforeAll(async () => {
  stack = await startTestStack();
  log = new AuditLog(stack.stores.table);
  const issued = issueToken({ role: 'board', name: board.name, email: 'ana@example.org' });
  await stack.stores.credentials.save({ ...issued.credential, personId });
  boardToken = issued.token;
  leadToken = await stack.token(priority, { role: 'delivery-lead', name: lead.name, email: 'lead@example.org' });
  sponsorToken = await stack.token(priority, { name: 'Sam Sponsor', email: 'sam@example.org' });
  started = new Date(Date.now() - 1000);
});
afterAll(async () => stack?.stop());

const entries = () => log.between(started);
const post = (path: string, token: string, body: unknown) =>
  stack.request('POST', path, { headers: { ...json, authorization: `Bearer ${token}` }, body: JSON.stringify(body) });

/**
 * `npm run audit`, run as an operator runs it against this test's table. Not spawnSync: the stack
 * serves from this process, and a blocked event loop would drop its kept-alive connections.
 */
function auditCommand(...args: string[]): Promise<{ status: number | null; stdout: string; stderr: string }> {
  const child = spawn(resolve(root, 'node_modules/.bin/tsx'), ['infra/local/cli/audit.ts', ...args], {
    cwd: root,
    env: { ...process.env, TABLE_NAME: stack.tableName, DYNAMODB_PORT: new URL(stack.dynamoDbEndpoint).port },
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => {
    stdout += chunk.toString('utf8');
  });
  child.stderr.on('data', (chunk: Buffer) => {
    stderr += chunk.toString('utf8');
  });
  return new Promise((done) => child.on('close', (status) => done({ status, stdout, stderr })));
}

/** The acts of the cycle below, each with the actor it must name. */
const governanceActs: { act: AuditAct; actor: Actor; subject: string }[] = [];
/**
 * The privileged acts whose entries other modules write (credentials and people): extend the
 * cycle with them, and this list, where those entries are written.
 */
const actsRecordedElsewhere: readonly AuditAct[] = ['credential-issued', 'credential-revoked', 'person-added', 'person-changed', 'person-removed'];

describe('a governance cycle', () => {
  let barrierId: string;

  it('an update raises a barrier for the board (a sponsor’s update is not a privileged act)', async () => {
    const answer = await post(`/priorities/${priority}/updates`, sponsorToken, validUpdate);
    expect(answer.status).toBe(201);
    const update = (await answer.json()) as ProgressUpdate;
    barrierId = update.barriers[0]!.id!;
    await eventually(async () => stack.stores.barriers.get(priority, barrierId), undefined, 50, 'the barrier in the log');
    expect(await entries()).toEqual([]);
  });

  it('a board response writes one entry, with the board member and what was decided', async () => {
    // Two lines: the command still prints the entry on one.
    const decision = { decision: 'The chair will raise it with the DWP.\nThen report back.', owner: 'Board chair', dueDate: '2021-04-30' };
    const answer = await post(`/priorities/${priority}/barriers/${barrierId}/responses`, boardToken, decision);
    expect(answer.status).toBe(201);
    const [entry, ...more] = await entries();
    expect(more).toEqual([]);
    expect(entry).toMatchObject({ act: 'board-response', actor: board, subject: { kind: 'barrier', id: barrierId, priorityId: priority }, after: decision });
    expect(entry!.after).toHaveProperty('responseId');
    governanceActs.push({ act: 'board-response', actor: board, subject: `barrier ${barrierId}` });
  });

  it('a refused or failed response writes none: no barrier, bad fields, a response id stored already', async () => {
    const before = (await entries()).length;
    const missing = await post(`/priorities/${priority}/barriers/${barrierId.replace(/-\d+$/, '-9')}/responses`, boardToken, {
      decision: 'x',
      owner: 'y',
      dueDate: '2021-04-30',
    });
    expect(missing.status).toBe(404);
    expect((await post(`/priorities/${priority}/barriers/${barrierId}/responses`, boardToken, { decision: '' })).status).toBe(422);
    expect(
      (await post(`/priorities/${priority}/barriers/${barrierId}/responses`, sponsorToken, { decision: 'x', owner: 'y', dueDate: '2021-04-30' })).status,
    ).toBe(403);
    // The same response again: its condition fails, and the transaction takes the entry with it.
    const [stored] = (await stack.stores.barriers.list(priority)).flatMap((barrier) => barrier.responses) as [BoardResponse];
    const again = auditEntry('board-response', board, { kind: 'barrier', id: barrierId, priorityId: priority });
    expect(await stack.stores.barriers.respond(stored, again)).toBe(false);
    const after = await entries();
    expect(after).toHaveLength(before);
    expect(after.map((entry) => entry.auditId)).not.toContain(again.auditId);
  });

  it('an assessment writes one entry; one replacing the same role’s for the period names the rating it replaced', async () => {
    const first = await post(`/priorities/${priority}/assessments`, leadToken, { period: '2021-03', status: 'amber', rationale: 'Behind plan.' });
    expect(first.status).toBe(201);
    const replaced = (await first.json()) as Assessment;
    const second = await post(`/priorities/${priority}/assessments`, leadToken, { period: '2021-03', status: 'red', rationale: 'Further behind.' });
    expect(second.status).toBe(201);
    const assessments = (await entries()).filter((entry) => entry.act === 'assessment');
    const subject = { kind: 'assessment', id: '2021-03#delivery-lead', priorityId: priority };
    expect(assessments).toMatchObject([
      { actor: lead, subject, after: { status: 'amber' } },
      { actor: lead, subject, before: { status: 'amber', assessedAt: replaced.assessedAt }, after: { status: 'red' } },
    ]);
    expect(assessments[0]).not.toHaveProperty('before');
    governanceActs.push({ act: 'assessment', actor: lead, subject: 'assessment 2021-03#delivery-lead' });
    governanceActs.push({ act: 'assessment', actor: lead, subject: 'assessment 2021-03#delivery-lead' });
  });

  it('an assessment whose stored rating changed since it was read writes nothing, entry included', async () => {
    const before = (await entries()).length;
    const assessments = new Assessments(stack.stores.table);
    const stale = { ...(await assessments.get(priority, '2021-03', 'delivery-lead'))!, assessedAt: '2021-01-01T00:00:00.000Z' };
    const entry = auditEntry('assessment', lead, { kind: 'assessment', id: '2021-03#delivery-lead', priorityId: priority });
    expect(await assessments.record({ ...stale, status: 'green' }, entry, stale)).toBe(false);
    expect(await entries()).toHaveLength(before);
    expect((await assessments.get(priority, '2021-03', 'delivery-lead'))?.status).toBe('red');
  });

  it('a board pack made writes one entry as the board member who asked; asking again for the kept pack writes none', async () => {
    const quarter = quarterJustEnded(new Date());
    expect((await post('/board-packs', boardToken, { quarter })).status).toBe(201);
    expect((await post('/board-packs', boardToken, { quarter })).status).toBe(200);
    const packs = (await entries()).filter((entry) => entry.act === 'board-pack-made');
    expect(packs).toMatchObject([{ actor: board, subject: { kind: 'board-pack', id: quarter } }]);
    governanceActs.push({ act: 'board-pack-made', actor: board, subject: `board-pack ${quarter}` });
  });

  it('a pack made by the command is the operator’s, and one made on schedule the service’s', async () => {
    const justEnded = quarterJustEnded(new Date());
    const operatorRun = await invoke<BoardPackRun>('board-pack-on-schedule', { quarter: previousPeriod(justEnded) });
    // The schedule passes its time: a year ago, so its quarter is neither of the others.
    const scheduledRun = await invoke<BoardPackRun>('board-pack-on-schedule', { scheduledTime: new Date(Date.now() - 366 * 86_400_000).toISOString() });
    expect([operatorRun.made, scheduledRun.made]).toEqual([true, true]);
    const packs = (await entries()).filter((entry) => entry.act === 'board-pack-made').slice(1);
    expect(packs.map(({ actor, subject }) => [actor, subject.id])).toEqual([
      [{ role: 'operator' }, operatorRun.quarter],
      [{ role: 'service' }, scheduledRun.quarter],
    ]);
    governanceActs.push({ act: 'board-pack-made', actor: { role: 'operator' }, subject: `board-pack ${operatorRun.quarter}` });
    governanceActs.push({ act: 'board-pack-made', actor: { role: 'service' }, subject: `board-pack ${scheduledRun.quarter}` });
  });

  it('appears in npm run audit, each act exactly once with its actor, oldest first', async () => {
    const stored: AuditEntry[] = await entries();
    const run = await auditCommand('--since', started.toISOString().slice(0, 10));
    expect(run.status, run.stderr).toBe(0);
    const lines = run.stdout.trim().split('\n');
    // The command reads the whole day: only this cycle's acts are on this test's table.
    expect(lines).toHaveLength(governanceActs.length);
    expect(lines.map((line) => line.split('  ')[0])).toEqual(stored.map((entry) => entry.at));
    for (const entry of stored) expect(lines.filter((line) => line.startsWith(`${entry.at}  ${entry.act}  `))).toHaveLength(1);
    lines.forEach((line, index) => {
      const { act, actor, subject } = governanceActs[index]!;
      expect(line).toContain(`  ${act}  `);
      expect(line).toContain(actorText(actor));
      expect(line).toContain(subject);
    });
    expect(run.stdout).toContain(`Ana Board (board, person ${personId})`);
    expect(run.stdout).not.toMatch(/@|rp_[a-f0-9]{16}_/);
    // Every act the log knows is either in this cycle or listed as recorded elsewhere.
    expect([...new Set([...governanceActs.map((done) => done.act), ...actsRecordedElsewhere])].sort()).toEqual([...auditActs].sort());
    expect(actsRecordedElsewhere.filter((act) => governanceActs.some((done) => done.act === act))).toEqual([]);
  });

  it('npm run audit refuses a bad date, naming it', async () => {
    const run = await auditCommand('--since', '2021-02-30');
    expect(run.status).toBe(1);
    expect(run.stderr).toContain('--since must be a date, YYYY-MM-DD');
  });
});

describe('GET /audit.csv', () => {
  const today = () => new Date().toISOString().slice(0, 10);
  const get = (query: string, headers: Record<string, string> = {}) => stack.request('GET', `/audit.csv${query}`, { headers });

  it('answers a board token with the entries, oldest first', async () => {
    const answer = await get(`?since=${today()}`, { authorization: `Bearer ${boardToken}` });
    expect(answer.status).toBe(200);
    expect(answer.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    const rows = (await answer.text())
      .replace(/^\uFEFF/, '')
      .trim()
      .split('\r\n');
    expect(rows[0]).toBe('"When","Act","Actor","Role","Person id","Subject","Priority","Before -> after"');
    expect(rows.slice(1).map((row) => row.split(',')[1])).toEqual(governanceActs.map(({ act }) => `"${act}"`));
    expect(rows[1]).toContain(`"Ana Board","board","${personId}"`);
  });

  it('answers a board member’s session, with no CSRF token (a read)', async () => {
    const credential = (await stack.stores.credentials.get(boardToken.split('_')[1]!))!;
    const { sessionId, stored } = newSession(credential);
    await stack.stores.sessions.save(stored);
    expect((await get('', { cookie: `${sessionCookie}=${sessionId}` })).status).toBe(200);
  });

  it('refuses no proof (401), a sponsor or delivery lead (403), and a bad or too long range (422, naming the field)', async () => {
    expect((await get('')).status).toBe(401);
    expect((await get('', { authorization: `Bearer ${sponsorToken}` })).status).toBe(403);
    expect((await get('', { authorization: `Bearer ${leadToken}` })).status).toBe(403);
    for (const [query, field] of [
      ['?since=yesterday', 'since'],
      [`?since=${today()}&until=2021-13-01`, 'until'],
      ['?since=2020-01-01', 'since'],
    ] as const) {
      const answer = await get(query, { authorization: `Bearer ${boardToken}` });
      expect(answer.status, query).toBe(422);
      expect(((await answer.json()) as { errors: { field: string }[] }).errors.map((error) => error.field)).toEqual([field]);
    }
  });
});
