/**
 * After a whole governance cycle on the local stack (a digest with personal links, an update
 * with a barrier for the board, the board's response, a delivery lead's assessment, the barrier
 * resolved, a board pack), no public page, JSON or CSV holds an email address of a person, the
 * part of one before the @, or a token id; nor does any email name another person by address.
 * The board member and the delivery lead are stored as records made before display names were
 * checked: named after their address.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tokenIdOf } from '#shared/domain/credential';
import { newPerson, type Person } from '#shared/domain/people';
import type { ProgressUpdate } from '#shared/domain/update';
import { invoke } from '../../infra/local/lambda.ts';
import { localSettings } from '../../infra/local/settings.ts';
import { eventually, startTestStack, type TestStack, validUpdate } from './stack.ts';

let stack: TestStack;
beforeAll(async () => {
  stack = await startTestStack();
});
afterAll(async () => stack?.stop());

const priority = 'jobs-and-training';
const json = { 'content-type': 'application/json' };
const quarter = '2021-Q1';

/** A person as stored before names were checked: named after their address. */
const namedByAddress = (person: Person): Person => ({ ...person, name: person.email.split('@')[0]! });

const people = {
  sponsor: newPerson({ name: 'Sam Zed', email: 'sponsor.zqx@example.org', role: 'sponsor', priorityId: priority }),
  lead: namedByAddress(newPerson({ name: 'Lee Qu', email: 'lead.qpw@example.org', role: 'delivery-lead', priorityId: priority })),
  board: namedByAddress(newPerson({ name: 'Kay Wu', email: 'chair.kwv@example.org', role: 'board' })),
};

/** The token of the first personal link in this run's email to `address`. */
function linkToken(emails: Awaited<ReturnType<TestStack['emails']>>, address: string): string {
  const email = emails.find((sent) => sent.destination.to[0] === address);
  const token = /[?&]token=([^\s"&<]+)/.exec(email?.body.text ?? '')?.[1];
  if (!token) throw new Error(`No personal link in the digest to ${address}`);
  return decodeURIComponent(token);
}

async function send(path: string, token: string, body: unknown): Promise<Response> {
  return stack.request('POST', path, { headers: { ...json, authorization: `Bearer ${token}` }, body: JSON.stringify(body) });
}

describe('the public record after a governance cycle', () => {
  const tokenIds: string[] = [];
  const addresses: string[] = [];

  beforeAll(async () => {
    for (const person of Object.values(people)) await stack.stores.people.save(person);
    const before = (await stack.emails()).length;
    await invoke('digest', { runId: 'privacy' });
    const sent = (await stack.emails()).slice(before);
    const [sponsor, lead, board] = [people.sponsor, people.lead, people.board].map((person) => linkToken(sent, person.email)) as [string, string, string];
    tokenIds.push(...[sponsor, lead, board].map((token) => tokenIdOf(token)!));

    const raised = await send(`/priorities/${priority}/updates`, sponsor, {
      ...validUpdate,
      period: '2021-02',
      barriers: [{ description: 'Data sharing with DWP is slow', needsBoardSupport: true }],
    });
    expect(raised.status).toBe(201);
    const first = (await raised.json()) as ProgressUpdate;
    const barrierId = `${first.id}-0`;
    await eventually(async () => (await stack.stores.barriers.list(priority)).some((barrier) => barrier.barrierId === barrierId), undefined, 50, 'the barrier');
    const responded = await send(`/priorities/${priority}/barriers/${barrierId}/responses`, board, {
      decision: 'The chair will raise it with the DWP.',
      owner: 'Board chair',
      dueDate: '2021-04-30',
    });
    expect(responded.status).toBe(201);
    expect(
      (await send(`/priorities/${priority}/assessments`, lead, { status: 'amber-red', period: '2021-03', rationale: 'Sign-ups have stalled.' })).status,
    ).toBe(201);
    const resolved = await send(`/priorities/${priority}/updates`, sponsor, {
      ...validUpdate,
      period: '2021-03',
      barriers: [{ id: barrierId, status: 'resolved' }],
    });
    expect(resolved.status).toBe(201);
    const { id } = (await resolved.json()) as ProgressUpdate;
    await eventually(async () => (await stack.stores.summaries.get(priority, true))?.value.lastUpdateId === id, undefined, 50, 'the summary');
    await eventually(
      async () => (await stack.stores.barriers.list(priority)).find((barrier) => barrier.barrierId === barrierId)?.status === 'resolved',
      undefined,
      50,
      'the barrier resolved',
    );
    expect([200, 201]).toContain((await send('/board-packs', board, { quarter })).status);
    for (const person of await stack.stores.people.list()) addresses.push(person.email);
  });

  it('holds no address, no local part of one and no token id on any public page, JSON or CSV', async () => {
    const updates = ((await (await stack.request('GET', `/priorities/${priority}/updates`)).json()) as { updates: ProgressUpdate[] }).updates;
    expect(updates.length).toBeGreaterThanOrEqual(2);
    const paths = [
      '/',
      '/priorities',
      `/priorities/${priority}`,
      `/priorities/${priority}/updates`,
      `/priorities/${priority}/updates.csv`,
      ...updates.map((update) => `/priorities/${priority}/updates/${update.id}`),
      '/barriers',
      '/portfolio',
      '/portfolio.csv',
      '/missed-updates',
      '/board-packs',
      `/board-packs/${quarter}`,
      `/board-packs/${quarter}/pack.csv`,
      '/accessibility',
      '/privacy',
      '/cookies',
    ];
    // The service's own contact addresses are meant to be public.
    const published = new Set(Object.values(localSettings()).filter((value): value is string => typeof value === 'string' && value.includes('@')));
    const localParts = addresses.map((address) => address.split('@')[0]!);
    expect(localParts).toEqual(expect.arrayContaining(['sponsor.zqx', 'lead.qpw', 'chair.kwv']));
    for (const path of paths) {
      for (const accept of ['text/html', 'application/json']) {
        const answer = await stack.request('GET', path, { headers: { accept } });
        const body = await answer.text();
        if (accept === 'text/html' || answer.status !== 406) expect(answer.status, `${path} as ${accept}`).toBe(200);
        const where = `${path} as ${accept}`;
        for (const found of body.match(/[\w.+-]+@[\w-]+(\.[\w-]+)+/g) ?? []) expect(published, `${where} shows ${found}`).toContain(found);
        for (const part of localParts) expect(body.toLowerCase(), `${where} shows ${part}`).not.toContain(part);
        for (const tokenId of tokenIds) expect(body, `${where} shows a token id`).not.toContain(tokenId);
      }
    }
    // Names that may be shown are, with the role; the rest by role alone.
    const page = await (await stack.request('GET', `/priorities/${priority}`, { headers: { accept: 'text/html' } })).text();
    expect(page).toContain('Sam Zed (sponsor)');
    expect(page).toContain('A delivery lead');
  });

  it('sends no email that names someone else by their address', async () => {
    const localParts = addresses.map((address) => address.split('@')[0]!);
    for (const email of await stack.emails()) {
      const recipient = email.destination.to[0]!.split('@')[0]!;
      const text = `${email.subject}\n${email.body.text ?? ''}\n${email.body.html ?? ''}`.toLowerCase();
      for (const part of localParts.filter((other) => other !== recipient)) expect(text, `${email.subject} to ${recipient}`).not.toContain(part);
    }
  });
});
