/**
 * Leavers lose access at once, on the local stack: removing a person, or changing their
 * access, revokes every credential issued to them (yesterday's digest link, an operator's token
 * for them) and so ends their open sessions; each act is in the audit log with its actor.
 */
import { execFile } from 'node:child_process';
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { AuditLog } from '#shared/data/audit';
import { issueToken } from '#shared/domain/credential';
import { newPerson, type Person } from '#shared/domain/people';
import { sessionCookie } from '#shared/domain/session';
import { openSession } from '#shared/services/access';
import { changePerson, removePerson } from '#shared/services/people';
import { invoke } from '../../infra/local/lambda.ts';
import { startTestStack, type TestStack, validUpdate } from './stack.ts';

let stack: TestStack;
beforeAll(async () => {
  stack = await startTestStack();
});
afterAll(async () => stack?.stop());

const priority = 'jobs-and-training';
const operator = { role: 'operator' as const, name: 'test-operator' };
const json = { 'content-type': 'application/json' };

/** The token of the personal link in the latest digest sent to `address`. */
async function digestToken(address: string, runId: string): Promise<string> {
  const before = (await stack.emails()).length;
  await invoke('digest', { runId });
  const email = (await stack.emails()).slice(before).find((sent) => sent.destination.to[0] === address);
  const token = /[?&]token=([^\s"&<]+)/.exec(email?.body.text ?? '')?.[1];
  if (!token) throw new Error(`No personal link in the digest to ${address}`);
  return decodeURIComponent(token);
}

/** A browser session made from a token, as its cookie. */
async function sessionOf(token: string): Promise<string> {
  const { sessionId } = await openSession(stack.stores, token, { page: 'update-form', priorityId: priority });
  return `${sessionCookie}=${sessionId}`;
}

const post = (token: string, period: string) =>
  stack.request('POST', `/priorities/${priority}/updates`, {
    headers: { ...json, authorization: `Bearer ${token}` },
    body: JSON.stringify({ ...validUpdate, period }),
  });
const openForm = (cookie: string) => stack.request('GET', `/priorities/${priority}/updates/new`, { headers: { accept: 'text/html', cookie } });

async function addPerson(person: Person): Promise<Person> {
  await stack.stores.people.save(person, operator);
  return person;
}

describe('a removed sponsor', () => {
  it('loses yesterday’s digest link, an operator’s token for them and their open session at once; the audit log has every act', async () => {
    const since = new Date(Date.now() - 1000);
    const sponsor = await addPerson(newPerson({ name: 'Sam Zed', email: 'sponsor.zqx@example.org', role: 'sponsor', priorityId: priority }));
    const link = await digestToken('sponsor.zqx@example.org', 'leaver-1');
    const issued = issueToken({ priorityId: priority, personId: sponsor.personId, name: 'Sam Zed' });
    await stack.stores.credentials.save(issued.credential, operator);
    const cookie = await sessionOf(link);
    expect((await post(link, '2021-01')).status).toBe(201);
    expect((await openForm(cookie)).status).toBe(200);

    const { revoked } = await removePerson(stack.stores, sponsor.personId, operator);

    expect(revoked).toBe(2);
    expect((await post(link, '2021-02')).status).toBe(401);
    expect((await post(issued.token, '2021-02')).status).toBe(401);
    expect((await openForm(cookie)).status).toBe(401);
    expect(await stack.stores.people.get(sponsor.personId)).toBeUndefined();
    const acts = (await new AuditLog(stack.stores.table).between(since))
      .filter((entry) => entry.subject.id === sponsor.personId || entry.after?.personId === sponsor.personId || entry.before?.personId === sponsor.personId)
      .map((entry) => [entry.act, entry.actor.name]);
    expect(acts).toEqual([
      ['person-added', 'test-operator'],
      ['credential-issued', 'digest'],
      ['credential-issued', 'test-operator'],
      ['credential-revoked', 'test-operator'],
      ['credential-revoked', 'test-operator'],
      ['person-removed', 'test-operator'],
    ]);
  });

  it('removed again, loses a link issued during the removal; with nothing left, is found no more', async () => {
    const sponsor = await addPerson(newPerson({ name: 'Ada Once', email: 'once@example.org', role: 'sponsor', priorityId: priority }));
    await removePerson(stack.stores, sponsor.personId, operator);
    // A digest run that listed people before the removal issues its link after it.
    const late = issueToken({ priorityId: priority, personId: sponsor.personId, name: 'Ada Once' });
    await stack.stores.credentials.save(late.credential, { role: 'service', name: 'digest' });

    expect(await removePerson(stack.stores, sponsor.personId, operator)).toEqual({ revoked: 1 });
    expect((await post(late.token, '2021-06')).status).toBe(401);
    await expect(removePerson(stack.stores, sponsor.personId, operator)).rejects.toThrow(/No person/);
  });
});

describe('a person whose access changes', () => {
  it('keeps their credentials when only their name changes, and loses them when their priority does', async () => {
    const sponsor = await addPerson(newPerson({ name: 'Pat Moved', email: 'moved@example.org', role: 'sponsor', priorityId: priority }));
    const { token, credential } = issueToken({ priorityId: priority, personId: sponsor.personId });
    await stack.stores.credentials.save(credential, operator);

    expect((await changePerson(stack.stores, sponsor.personId, { name: 'Pat Moved-On' }, operator)).revoked).toBe(0);
    expect((await post(token, '2021-03')).status).toBe(201);

    const moved = await changePerson(stack.stores, sponsor.personId, { priorityId: 'education-and-young-people' }, operator);
    expect(moved).toMatchObject({ revoked: 1, person: { priorityId: 'education-and-young-people', name: 'Pat Moved-On' } });
    expect((await post(token, '2021-04')).status).toBe(401);
  });
});

/** Runs `npm run people` as a real process against this test's table, without blocking the stack that runs in this one. */
function people(...args: string[]): Promise<{ status: number; stdout: string; stderr: string }> {
  const root = resolve(import.meta.dirname, '../..');
  const env = { ...process.env, TABLE_NAME: stack.tableName, DYNAMODB_PORT: new URL(inject('dynamoDbEndpoint')).port, LOG_LEVEL: 'ERROR' };
  return new Promise((done) => {
    execFile(resolve(root, 'node_modules/.bin/tsx'), ['infra/local/cli/people.ts', ...args], { cwd: root, env, encoding: 'utf8' }, (error, stdout, stderr) => {
      done({ status: error ? Number(error.code ?? 1) : 0, stdout: stdout.trim(), stderr: stderr.trim() });
    });
  });
}

describe('the people command', () => {
  it('adds a person with a display name only, and says how many credentials a removal revoked', async () => {
    const refused = await people('add', '--role', 'sponsor', '--priority', priority, '--name', 'ops.kwz', '--email', 'ops.kwz@example.org');
    expect(refused).toMatchObject({ status: 1, stderr: expect.stringMatching(/^--name: must be the person’s name, not their email address/) });

    const added = await people('add', '--role', 'sponsor', '--priority', priority, '--name', 'Olu Ops', '--email', 'ops.kwz@example.org');
    expect(added.status, added.stderr).toBe(0);
    const personId = added.stdout;
    const { token, credential } = issueToken({ priorityId: priority, personId });
    await stack.stores.credentials.save(credential, operator);

    const changed = await people('change', '--id', personId, '--name', 'ops.kwz');
    expect(changed).toMatchObject({ status: 1, stderr: expect.stringMatching(/^--name: must be the person’s name/) });
    const removed = await people('remove', '--id', personId);
    expect(removed.status, removed.stderr).toBe(0);
    expect(removed.stdout).toBe(`Removed ${personId} (sponsor of ${priority}); 1 credential revoked, and the sessions made from them ended.`);
    expect((await post(token, '2021-05')).status).toBe(401);
    const audited = (await new AuditLog(stack.stores.table).between(new Date(Date.now() - 60_000))).filter((entry) => entry.subject.id === personId);
    expect(audited.map((entry) => [entry.act, entry.actor.role])).toEqual([
      ['person-added', 'operator'],
      ['person-removed', 'operator'],
    ]);
  });
});
