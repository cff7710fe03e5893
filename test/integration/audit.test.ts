/**
 * The audit log on the local stack: each privileged act of the governance cycle writes exactly
 * one entry, in its own transaction (a refused or failed act writes none), `npm run audit` prints
 * each act once with its actor, and GET /audit.csv answers the board only. The cycle takes in
 * every act the log knows: the operator's people, token and commitments commands, the digest's
 * personal links, the board's responses, packs and milestone and measure definitions, and assessments.
 */
import { spawn } from 'node:child_process';
import { userInfo } from 'node:os';
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Assessments } from '#shared/data/assessments';
import { AuditLog } from '#shared/data/audit';
import type { Assessment } from '#shared/domain/assessment';
import { type Actor, type AuditAct, type AuditEntry, type AuditSubject, actorText, auditActs, auditEntry, subjectText } from '#shared/domain/audit';
import type { BoardResponse } from '#shared/domain/barrier';
import { quarterJustEnded } from '#shared/domain/board-pack';
import { issueToken, tokenIdOf } from '#shared/domain/credential';
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
/** The operator's commands on this machine name the OS user. */
const operator: Actor = { role: 'operator', name: userInfo().username };
const digest: Actor = { role: 'service', name: 'digest' };

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
  // The seed's entries (the example people, added as the stack started) are all before the cycle:
  // a few milliseconds on, none can share its first instant.
  await new Promise((done) => setTimeout(done, 5));
  started = new Date();
});
afterAll(async () => stack?.stop());

const entries = () => log.between(started);
const post = (path: string, token: string, body: unknown) =>
  stack.request('POST', path, { headers: { ...json, authorization: `Bearer ${token}` }, body: JSON.stringify(body) });

/**
 * An operator command (`npm run audit`, `people`, `issue-token`, `revoke-token`), run as an
 * operator runs it against this test's table. Not spawnSync: the stack serves from this process,
 * and a blocked event loop would drop its kept-alive connections.
 */
function command(name: string, ...args: string[]): Promise<{ status: number | null; stdout: string; stderr: string }> {
  const child = spawn(resolve(root, 'node_modules/.bin/tsx'), [`infra/local/cli/${name}.ts`, ...args], {
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

/** The acts of the cycle below, each with the actor and subject it must name, in the order done. */
const governanceActs: { act: AuditAct; actor: Actor; subject: string }[] = [];
const cycleAct = (act: AuditAct, actor: Actor, subject: AuditSubject) => governanceActs.push({ act, actor, subject: subjectText(subject) });
/** An act as `npm run audit` prints it, without its time and change: `act  actor  subject`. */
const actText = ({ act, actor, subject }: { act: AuditAct; actor: Actor; subject: string }) => `${act}  ${actorText(actor)}  ${subject}`;

describe('a governance cycle', () => {
  let barrierId: string;
  let updateId: string;
  /** The person the people command adds, changes and removes. */
  let newcomerId: string;
  /** The secrets of the tokens the cycle issued: none may reach the log. */
  const secrets: string[] = [];
  /** A token's secret: what follows `rp_<token id>_` (it may hold `_` itself). */
  const secretOf = (token: string) => token.slice(`rp_${tokenIdOf(token)}_`.length);

  it('an update raises a barrier for the board (a sponsor’s update is not a privileged act)', async () => {
    const answer = await post(`/priorities/${priority}/updates`, sponsorToken, validUpdate);
    expect(answer.status).toBe(201);
    const update = (await answer.json()) as ProgressUpdate;
    barrierId = update.barriers[0]!.id!;
    updateId = update.id;
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
    cycleAct('board-response', board, { kind: 'barrier', id: barrierId, priorityId: priority });
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
    const subject = { kind: 'assessment' as const, id: '2021-03#delivery-lead', priorityId: priority };
    expect(assessments).toMatchObject([
      { actor: lead, subject, after: { status: 'amber' } },
      { actor: lead, subject, before: { status: 'amber', assessedAt: replaced.assessedAt }, after: { status: 'red' } },
    ]);
    expect(assessments[0]).not.toHaveProperty('before');
    cycleAct('assessment', lead, subject);
    cycleAct('assessment', lead, subject);
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

  it('a correction writes one entry, naming the update, its period and rating before and after; a refused or second one writes none', async () => {
    const path = `/priorities/${priority}/updates/${updateId}/corrections`;
    const correction = { status: 'red', period: '2021-02', summary: 'For February.', statusRationale: 'Further behind.', reason: 'Wrong period.' };
    expect((await post(path, leadToken, { ...correction, reason: '' })).status).toBe(422);
    const answer = await post(path, sponsorToken, correction);
    expect(answer.status).toBe(201);
    expect((await post(path, boardToken, correction)).status).toBe(409);
    const corrections = (await entries()).filter((entry) => entry.act === 'update-corrected');
    const sponsor = { role: 'sponsor', name: 'Sam Sponsor' } as const;
    const subject = { kind: 'update' as const, id: updateId, priorityId: priority };
    expect(corrections).toMatchObject([
      {
        actor: sponsor,
        subject,
        before: { period: validUpdate.period, status: validUpdate.status },
        after: { correctionId: ((await answer.json()) as ProgressUpdate).id, period: '2021-02', status: 'red', reason: 'Wrong period.' },
      },
    ]);
    cycleAct('update-corrected', sponsor, subject);
  });

  it('an ask changed through its route writes one entry with the state before and after; a refused or stale change writes none', async () => {
    const askId = 'get-people-back-work';
    const current = (await stack.stores.commitments.ask(priority, askId, true))!;
    const before = (await entries()).length;
    const other = await stack.token('local-businesses-and-high-streets');
    expect((await post(`/asks/${priority}/${askId}`, other, { status: 'raised' })).status).toBe(403);
    expect((await post(`/asks/${priority}/${askId}`, boardToken, { status: 'raised', version: current.version + 5 })).status).toBe(409);
    expect(await entries()).toHaveLength(before);
    const answer = await post(`/asks/${priority}/${askId}`, boardToken, {
      status: 'raised',
      department: 'DWP',
      reason: 'Raised at the spring meeting',
      version: current.version,
    });
    expect(answer.status).toBe(200);
    const changed = (await entries()).filter((entry) => entry.act === 'ask-changed');
    const subject = { kind: 'ask' as const, id: askId, priorityId: priority };
    expect(changed).toMatchObject([
      { actor: board, subject, before: { status: 'not-yet-raised' }, after: { status: 'raised', department: 'DWP', reason: 'Raised at the spring meeting' } },
    ]);
    cycleAct('ask-changed', board, subject);
  });

  it('a board pack made writes one entry as the board member who asked; asking again for the kept pack writes none', async () => {
    const quarter = quarterJustEnded(new Date());
    expect((await post('/board-packs', boardToken, { quarter })).status).toBe(201);
    expect((await post('/board-packs', boardToken, { quarter })).status).toBe(200);
    const packs = (await entries()).filter((entry) => entry.act === 'board-pack-made');
    expect(packs).toMatchObject([{ actor: board, subject: { kind: 'board-pack', id: quarter } }]);
    cycleAct('board-pack-made', board, { kind: 'board-pack', id: quarter });
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
    cycleAct('board-pack-made', { role: 'operator' }, { kind: 'board-pack', id: operatorRun.quarter });
    cycleAct('board-pack-made', { role: 'service' }, { kind: 'board-pack', id: scheduledRun.quarter });
  });

  it('milestones and measures: each definition by the board, and each change by the commitments command, writes one entry', async () => {
    const from = new Date();
    const milestone = await post(`/priorities/${priority}/milestones`, boardToken, { title: 'Hub open', baseline: '2021-06-30' });
    expect(milestone.status).toBe(201);
    const measure = {
      name: 'Placements',
      unit: 'count',
      better: 'higher',
      baseline: { value: 0, date: '2021-01-01' },
      target: { value: 100, date: '2022-01-01' },
    };
    expect((await post(`/priorities/${priority}/measures`, boardToken, measure)).status).toBe(201);
    // Refused, so none: a sponsor, and a re-baseline without its reason.
    expect((await post(`/priorities/${priority}/milestones`, sponsorToken, { title: 'Other', baseline: '2021-06-30' })).status).toBe(403);
    expect((await post(`/priorities/${priority}/milestones/hub-open`, boardToken, { baseline: '2021-07-30' })).status).toBe(422);
    const rebaseline = await command(
      'commitments',
      'rebaseline',
      '--priority',
      priority,
      '--id',
      'hub-open',
      '--baseline',
      '2021-07-30',
      '--reason',
      'Lease late',
    );
    expect(rebaseline.status, rebaseline.stderr).toBe(0);
    const retarget = await command(
      'commitments',
      'set-target',
      '--priority',
      priority,
      '--id',
      'placements',
      '--target-value',
      '120',
      '--target-date',
      '2022-01-01',
    );
    expect(retarget.status, retarget.stderr).toBe(0);
    const milestoneSubject = { kind: 'milestone' as const, id: 'hub-open', priorityId: priority };
    const measureSubject = { kind: 'measure' as const, id: 'placements', priorityId: priority };
    expect(await log.between(from)).toMatchObject([
      { act: 'milestone-defined', actor: board, subject: milestoneSubject, after: { baseline: '2021-06-30' } },
      { act: 'measure-defined', actor: board, subject: measureSubject },
      {
        act: 'milestone-changed',
        actor: operator,
        subject: milestoneSubject,
        before: { baseline: '2021-06-30' },
        after: { baseline: '2021-07-30', reason: 'Lease late' },
      },
      { act: 'measure-changed', actor: operator, subject: measureSubject, after: { target: { value: 120, date: '2022-01-01' } } },
    ]);
    cycleAct('milestone-defined', board, milestoneSubject);
    cycleAct('measure-defined', board, measureSubject);
    cycleAct('milestone-changed', operator, milestoneSubject);
    cycleAct('measure-changed', operator, measureSubject);
  });

  describe('people and their credentials', () => {
    const newcomer = { name: 'Kit Newcomer', email: 'kit.newcomer@example.org' };
    let operatorTokenId: string;
    /** The digest's personal links, by the address each was sent to. */
    const links = new Map<string, string>();
    /** What the acts below wrote to the log, oldest first. */
    const writtenBy = async (act: () => Promise<unknown>) => {
      const from = new Date();
      await act();
      return log.between(from);
    };
    /** An entry's act, actor and subject id, to compare as one string. */
    const brief = ({ act, actor, subject }: Pick<AuditEntry, 'act' | 'actor' | 'subject'>) => `${act}  ${actorText(actor)}  ${subject.id}`;
    const ok = (run: { status: number | null; stdout: string; stderr: string }) => {
      expect(run.status, run.stderr).toBe(0);
      return run.stdout.trim();
    };

    it('a person added by the people command writes one entry, as the operator', async () => {
      const written = await writtenBy(async () => {
        newcomerId = ok(await command('people', 'add', '--role', 'sponsor', '--priority', priority, '--name', newcomer.name, '--email', newcomer.email));
      });
      const subject = { kind: 'person' as const, id: newcomerId, priorityId: priority };
      expect(written).toMatchObject([{ act: 'person-added', actor: operator, subject, after: { name: newcomer.name, role: 'sponsor' } }]);
      expect(JSON.stringify(written)).not.toContain('@');
      cycleAct('person-added', operator, subject);
    });

    it('a token the operator issues them writes one entry, with its scope and no secret', async () => {
      let token = '';
      const written = await writtenBy(async () => {
        token = ok(await command('issue-token', '--person', newcomerId, '--days', '30'));
      });
      operatorTokenId = tokenIdOf(token)!;
      const subject = { kind: 'credential' as const, id: operatorTokenId, priorityId: priority };
      expect(written).toMatchObject([{ act: 'credential-issued', actor: operator, subject, after: { role: 'sponsor', personId: newcomerId } }]);
      secrets.push(secretOf(token));
      expect(secretOf(token)).toHaveLength(43);
      expect(JSON.stringify(written)).not.toContain(secretOf(token));
      cycleAct('credential-issued', operator, subject);
    });

    it('each personal link the digest sends writes one entry, as the digest', async () => {
      const sentBefore = (await stack.emails()).length;
      const written = await writtenBy(() => invoke('digest', { runId: 'audit-cycle' }));
      for (const email of (await stack.emails()).slice(sentBefore)) {
        const token = /[?&]token=([^\s"&<]+)/.exec(email.body.text ?? '')?.[1];
        if (token) links.set(email.destination.to[0]!, decodeURIComponent(token));
      }
      // A link to each person on the list: the newcomer and the example people.
      expect(links.get(newcomer.email)).toBeDefined();
      expect(links.size).toBeGreaterThan(2);
      secrets.push(...[...links.values()].map(secretOf));
      const issued = [...links.values()].map((token) => tokenIdOf(token)!);
      expect(written.map(brief).sort()).toEqual(
        issued.map((id) => brief({ act: 'credential-issued', actor: digest, subject: { kind: 'credential', id } })).sort(),
      );
      for (const entry of written) cycleAct('credential-issued', digest, entry.subject);
    });

    it('a change of priority writes the change and revokes each of their credentials, one entry apiece', async () => {
      const written = await writtenBy(async () => {
        const said = ok(await command('people', 'change', '--id', newcomerId, '--priority', 'education-and-young-people'));
        expect(said).toContain('2 credentials revoked');
      });
      const linkId = tokenIdOf(links.get(newcomer.email)!)!;
      // The revocations first (one instant, in no fixed order), the change last.
      expect(written.map(brief).sort()).toEqual(
        [
          ...[operatorTokenId, linkId].map((id) => brief({ act: 'credential-revoked', actor: operator, subject: { kind: 'credential', id } })),
          brief({ act: 'person-changed', actor: operator, subject: { kind: 'person', id: newcomerId } }),
        ].sort(),
      );
      expect(written.at(-1)).toMatchObject({ act: 'person-changed', before: { priorityId: priority }, after: { priorityId: 'education-and-young-people' } });
      for (const id of [operatorTokenId, linkId]) cycleAct('credential-revoked', operator, { kind: 'credential', id, priorityId: priority });
      cycleAct('person-changed', operator, { kind: 'person', id: newcomerId, priorityId: 'education-and-young-people' });
    });

    it('a token revoked by the command writes one entry; revoking it again writes none', async () => {
      const tokenId = tokenIdOf(links.get('board.chair@example.org')!)!;
      const written = await writtenBy(async () => {
        ok(await command('revoke-token', '--token-id', tokenId));
        ok(await command('revoke-token', '--token-id', tokenId));
      });
      const subject = { kind: 'credential' as const, id: tokenId };
      expect(written).toMatchObject([{ act: 'credential-revoked', actor: operator, subject, before: { role: 'board' } }]);
      expect(written).toHaveLength(1);
      cycleAct('credential-revoked', operator, subject);
    });

    it('a person removed writes one entry; their credentials are revoked already, so no more', async () => {
      const written = await writtenBy(async () => {
        expect(ok(await command('people', 'remove', '--id', newcomerId))).toContain('0 credentials revoked');
      });
      const subject = { kind: 'person' as const, id: newcomerId, priorityId: 'education-and-young-people' };
      expect(written).toMatchObject([{ act: 'person-removed', actor: operator, subject, before: { name: newcomer.name } }]);
      expect(written).toHaveLength(1);
      cycleAct('person-removed', operator, subject);
    });
  });

  it('appears in npm run audit, each act exactly once with its actor, oldest first', async () => {
    const stored: AuditEntry[] = await entries();
    const run = await command('audit', '--since', started.toISOString().slice(0, 10));
    expect(run.status, run.stderr).toBe(0);
    // The command reads whole days: the seed's entries, from the stack's start, are before the cycle's.
    const lines = run.stdout
      .trim()
      .split('\n')
      .filter((line) => line.slice(0, 24) >= started.toISOString());
    expect(lines).toHaveLength(governanceActs.length);
    expect(lines.map((line) => line.split('  ')[0])).toEqual(stored.map((entry) => entry.at));
    expect(lines.map((line) => line.split('  ')[0])).toEqual(stored.map((entry) => entry.at).sort());
    // Each act of the cycle exactly once, with its actor and subject (the digest's links in no fixed order).
    expect(lines.map((line) => line.split('  ').slice(1, 4).join('  ')).sort()).toEqual(governanceActs.map(actText).sort());
    expect(run.stdout).toContain(`Ana Board (board, person ${personId})`);
    expect(run.stdout).toContain(`${actorText(operator)}  person ${newcomerId}`);
    expect(run.stdout).toContain('credential-issued  digest (service)');
    expect(run.stdout).not.toMatch(/@|rp_[a-f0-9]{16}_/);
    for (const secret of secrets) expect(run.stdout).not.toContain(secret);
    // The cycle covers every act the log knows.
    expect([...new Set(governanceActs.map((act) => act.act))].sort()).toEqual([...auditActs].sort());
  });

  it('npm run audit refuses a bad date, naming it', async () => {
    const run = await command('audit', '--since', '2021-02-30');
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
    // Whole days again: the cycle's rows are those from its start.
    const cycle = rows.slice(1).filter((row) => row.slice(1, 25) >= started.toISOString());
    expect(cycle.map((row) => row.split(',')[1])).toEqual((await entries()).map(({ act }) => `"${act}"`));
    expect(cycle.map((row) => row.split(',')[1]).sort()).toEqual(governanceActs.map(({ act }) => `"${act}"`).sort());
    expect(cycle[0]).toContain(`"Ana Board","board","${personId}"`);
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
