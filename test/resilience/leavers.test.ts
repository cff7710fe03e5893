/**
 * 2. Authorisation matrix, leavers: people of every role, each holding personal-link and
 * operator-issued credentials and a browser session made from each, are removed or have their
 * access changed. Every credential and session of theirs must be refused at once; one person
 * holds more credentials than one transaction can revoke, so the revocation runs in chunks.
 * The people left alone keep their access.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '#shared/domain/audit';
import { issueToken } from '#shared/domain/credential';
import { newPerson, type Person } from '#shared/domain/people';
import { sessionCookie } from '#shared/domain/session';
import { openSession } from '#shared/services/access';
import { changePerson, removePerson } from '#shared/services/people';
import { section } from './lib/figures.ts';
import { priorityIds, type ResilienceStack, startStack, validUpdate } from './lib/stack.ts';

const figures = section(2, 'Authorisation matrix');
const operator: Actor = { role: 'operator', name: 'resilience' };
let stack: ResilienceStack;

beforeAll(async () => {
  stack = await startStack({ startPollers: false });
});
afterAll(async () => stack?.stop());

interface Holder {
  person: Person;
  tokens: string[];
  cookies: string[];
}

const [home, other] = priorityIds as [string, string];

/** A person with `count` credentials, each with a session of its own. */
async function holder(input: Parameters<typeof newPerson>[0], count: number): Promise<Holder> {
  const person = newPerson(input);
  await stack.stores.people.save(person, operator);
  const tokens: string[] = [];
  const cookies: string[] = [];
  for (let i = 0; i < count; i += 1) {
    const scope = person.role === 'board' ? { role: 'board' as const } : { role: person.role, priorityId: person.priorityId! };
    const { token, credential } = issueToken({ ...scope, personId: person.personId, email: person.email, ...(person.name ? { name: person.name } : {}) });
    await stack.stores.credentials.save(credential, operator);
    const { sessionId } = await openSession(
      stack.stores,
      token,
      person.role === 'board' ? { page: 'barriers' } : { page: 'update-form', priorityId: person.priorityId! },
    );
    tokens.push(token);
    cookies.push(`${sessionCookie}=${sessionId}`);
  }
  return { person, tokens, cookies };
}

let period = 0;
/** Whether a token is accepted: a sponsor's or lead's posts an update, a board member's records an assessment. */
async function tokenAccepted(person: Person, token: string): Promise<boolean> {
  period = (period % 12) + 1;
  const month = `2021-${String(period).padStart(2, '0')}`;
  const board = person.role === 'board';
  const answer = await stack.request('POST', `/priorities/${board ? home : person.priorityId}/${board ? 'assessments' : 'updates'}`, {
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify(board ? { status: 'amber', period: month, rationale: 'Checked.' } : { ...validUpdate, period: month }),
  });
  return answer.status < 300;
}

/** Whether a session is accepted: its form opens. */
async function sessionAccepted(person: Person, cookie: string): Promise<boolean> {
  const form = person.role === 'board' ? `/priorities/${home}/assessments/new` : `/priorities/${person.priorityId}/updates/new`;
  return (await stack.request('GET', form, { headers: { accept: 'text/html', cookie } })).status === 200;
}

async function accepted(holders: readonly Holder[]): Promise<number> {
  let count = 0;
  for (const { person, tokens, cookies } of holders) {
    for (const token of tokens) if (await tokenAccepted(person, token)) count += 1;
    for (const cookie of cookies) if (await sessionAccepted(person, cookie)) count += 1;
  }
  return count;
}

describe('leavers', () => {
  it('a removed person’s credentials and sessions, and those of a person whose access changed, are refused at once', async () => {
    const leavers = [
      await holder({ name: 'Sam Leaver', email: 'sam.leaver@example.org', role: 'sponsor', priorityId: home }, 3),
      await holder({ name: 'Lee Leaver', email: 'lee.leaver@example.org', role: 'delivery-lead', priorityId: home }, 2),
      await holder({ name: 'Kay Leaver', email: 'kay.leaver@example.org', role: 'board' }, 2),
      // More credentials than one transaction of 100 items revokes (three items each).
      await holder({ name: 'Max Many', email: 'max.many@example.org', role: 'sponsor', priorityId: other }, 40),
    ];
    const moved = await holder({ name: 'Pat Moved', email: 'pat.moved@example.org', role: 'sponsor', priorityId: home }, 2);
    const stays = await holder({ name: 'Sue Stays', email: 'sue.stays@example.org', role: 'sponsor', priorityId: home }, 2);
    const affected = [...leavers, moved];
    const held = affected.reduce((sum, { tokens, cookies }) => sum + tokens.length + cookies.length, 0);
    expect(await accepted(affected)).toBe(held);

    let revoked = 0;
    for (const { person } of leavers) revoked += (await removePerson(stack.stores, person.personId, operator)).revoked;
    revoked += (await changePerson(stack.stores, moved.person.personId, { priorityId: other }, operator)).revoked;

    figures.record('credentials and sessions of removed or changed people checked', held, { info: true });
    figures.record('credentials revoked by the removals and the change', revoked, { equals: affected.reduce((sum, { tokens }) => sum + tokens.length, 0) });
    expect(figures.record('a removed person’s credentials and sessions still accepted', await accepted(affected), { equals: 0 })).toBe(0);
    expect(figures.record('credentials and sessions of a person left alone refused', 4 - (await accepted([stays])), { equals: 0 })).toBe(0);
  });
});
