/**
 * The barrier log on the local stack: barriers raised, kept, changed and resolved by updates and
 * derived from the stream, the same under replay and reordering; the board's responses, who may
 * make them, and the one email each to the priority's sponsor and delivery lead; the board's
 * personal link from its digest.
 */
import type { DynamoDBBatchResponse } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BarrierWithResponses } from '#shared/domain/barrier';
import type { ProgressUpdate } from '#shared/domain/update';
import { logBarriers } from '#shared/services/barriers';
import { invoke } from '../../infra/local/lambda.ts';
import { eventually, followPersonalLink, form, type SentEmail, startTestStack, streamRecords, type TestStack, validUpdate } from './stack.ts';

let stack: TestStack;
beforeAll(async () => {
  stack = await startTestStack();
});
afterAll(async () => stack?.stop());

const priority = 'jobs-and-training';
const to = (email: SentEmail) => email.destination.to[0]!;
const json = { 'content-type': 'application/json' };

async function postUpdate(token: string, body: Record<string, unknown>, priorityId = priority) {
  return stack.request('POST', `/priorities/${priorityId}/updates`, { headers: { ...json, authorization: `Bearer ${token}` }, body: JSON.stringify(body) });
}

/** The priority's barriers as the log holds them once the stream has applied every barrier of `update`. */
async function logAfter(update: ProgressUpdate): Promise<BarrierWithResponses[]> {
  return eventually(
    async () => {
      const log = await stack.stores.barriers.list(update.priorityId);
      const applied = update.barriers.every(({ id }) => log.some((barrier) => barrier.barrierId === id && barrier.stateFrom >= update.id));
      return applied ? log : undefined;
    },
    undefined,
    50,
    `the barriers of update ${update.id} in the log`,
  );
}

async function respond(token: string, barrierId: string, body: Record<string, unknown>, priorityId = priority) {
  return stack.request('POST', `/priorities/${priorityId}/barriers/${barrierId}/responses`, {
    headers: { ...json, authorization: `Bearer ${token}` },
    body: JSON.stringify(body),
  });
}

const response = { decision: 'The chair will raise data sharing with the DWP regional director.', owner: 'Board chair', dueDate: '2021-04-30' };

describe('the barrier log', () => {
  let sponsor: string;
  let raisedBy: string;
  let askId: string;
  let plainId: string;

  beforeAll(async () => {
    sponsor = await stack.token(priority, { email: 'poster@example.org' });
  });

  it('an update raises each new barrier as a record of its own, with an id from the update', async () => {
    const answer = await postUpdate(sponsor, {
      ...validUpdate,
      barriers: [
        { description: 'Data sharing with DWP is slow', needsBoardSupport: true },
        { description: 'Venue booking', owner: 'Events team' },
      ],
    });
    expect(answer.status).toBe(201);
    const update = (await answer.json()) as ProgressUpdate;
    raisedBy = update.id;
    [askId, plainId] = [`${update.id}-0`, `${update.id}-1`];
    expect(update.barriers).toEqual([
      { id: askId, description: 'Data sharing with DWP is slow', needsBoardSupport: true, status: 'open' },
      { id: plainId, description: 'Venue booking', needsBoardSupport: false, owner: 'Events team', status: 'open' },
    ]);
    const log = await logAfter(update);
    expect(
      log.map(({ barrierId, status, owner, raisedBy: by, raisedAt, needsBoardSupport }) => ({ barrierId, status, owner, by, raisedAt, needsBoardSupport })),
    ).toEqual([
      { barrierId: askId, status: 'open', owner: undefined, by: update.id, raisedAt: update.submittedAt, needsBoardSupport: true },
      { barrierId: plainId, status: 'open', owner: 'Events team', by: update.id, raisedAt: update.submittedAt, needsBoardSupport: false },
    ]);
  });

  it('a later update changes a barrier it names, and leaves the others as they are', async () => {
    const answer = await postUpdate(sponsor, { ...validUpdate, barriers: [{ id: askId, status: 'being-handled', owner: 'West Midlands Combined Authority' }] });
    expect(answer.status).toBe(201);
    const update = (await answer.json()) as ProgressUpdate;
    // The stored update states the barrier whole, completed from the log.
    expect(update.barriers).toEqual([
      { id: askId, description: 'Data sharing with DWP is slow', needsBoardSupport: true, owner: 'West Midlands Combined Authority', status: 'being-handled' },
    ]);
    const log = await logAfter(update);
    const ask = log.find((barrier) => barrier.barrierId === askId)!;
    expect(ask).toMatchObject({ status: 'being-handled', owner: 'West Midlands Combined Authority', raisedBy, stateFrom: update.id });
    expect(log.find((barrier) => barrier.barrierId === plainId)).toMatchObject({ status: 'open', owner: 'Events team', stateFrom: raisedBy });
  });

  it('refuses an id that is not a barrier of the priority, or one named twice, with 422 and stores nothing', async () => {
    const before = (await stack.storedUpdates(priority)).length;
    const unknown = await postUpdate(sponsor, { ...validUpdate, barriers: [{ id: `${raisedBy}-7`, status: 'resolved' }] });
    expect(unknown.status).toBe(422);
    expect(((await unknown.json()) as { errors: { field: string }[] }).errors).toEqual([
      { field: 'barriers.0.id', message: 'is not a barrier of this priority' },
    ]);
    const twice = await postUpdate(sponsor, { ...validUpdate, barriers: [{ id: plainId }, { id: plainId, status: 'resolved' }] });
    expect(twice.status).toBe(422);
    // Another priority's barrier is unknown here.
    const otherSponsor = await stack.token('education-and-young-people');
    const foreign = await postUpdate(otherSponsor, { ...validUpdate, barriers: [{ id: askId, status: 'resolved' }] }, 'education-and-young-people');
    expect(foreign.status).toBe(422);
    const malformed = await postUpdate(sponsor, { ...validUpdate, barriers: [{ id: 'not-an-id', status: 'closed' }] });
    expect(malformed.status).toBe(422);
    expect(((await malformed.json()) as { errors: { field: string }[] }).errors.map((e) => e.field).sort()).toEqual(['barriers.0.id', 'barriers.0.status']);
    expect((await stack.storedUpdates(priority)).length).toBe(before);
  });

  it('replaying every update record, or applying updates in reverse order, changes nothing', async () => {
    const before = await stack.stores.barriers.list(priority);
    const updates = (await streamRecords(stack)).filter((record) => record.eventName === 'INSERT' && record.dynamodb?.NewImage?.entity?.S === 'update');
    const replay = await invoke<DynamoDBBatchResponse>('summarise', { Records: updates });
    expect(replay.batchItemFailures).toEqual([]);
    expect(await stack.stores.barriers.list(priority)).toEqual(before);

    const stored = (await stack.storedUpdates(priority)) as unknown as ProgressUpdate[];
    for (const update of [...stored].sort((a, b) => (a.id < b.id ? 1 : -1))) await logBarriers(stack.stores.barriers, update);
    expect(await stack.stores.barriers.list(priority)).toEqual(before);
  });

  it('the board responds; a sponsor, a delivery lead or nobody cannot; each field is checked', async () => {
    const board = await stack.boardToken({ name: 'Board chair (example)' });
    const lead = await stack.token(priority, { role: 'delivery-lead' });
    const before = (await stack.emails()).length;

    expect((await respond(sponsor, askId, response)).status).toBe(403);
    expect((await respond(lead, askId, response)).status).toBe(403);
    expect((await stack.request('POST', `/priorities/${priority}/barriers/${askId}/responses`, { headers: json, body: JSON.stringify(response) })).status).toBe(
      401,
    );
    expect((await respond(board, `${raisedBy}-9`, response)).status).toBe(404);
    expect((await respond(board, 'nonsense', response)).status).toBe(404);
    const invalid = await respond(board, askId, { decision: '', owner: 'x'.repeat(201), dueDate: '31/04/2021', extra: 1 });
    expect(invalid.status).toBe(422);
    expect(((await invalid.json()) as { errors: { field: string }[] }).errors.map((e) => e.field).sort()).toEqual(
      ['decision', 'dueDate', 'extra', 'owner'].sort(),
    );
    expect((await stack.stores.barriers.list(priority)).flatMap((barrier) => barrier.responses)).toEqual([]);

    const made = await respond(board, askId, response);
    expect(made.status).toBe(201);
    const body = (await made.json()) as Record<string, unknown>;
    expect(body).toMatchObject({ ...response, respondedBy: 'Board chair (example)' });
    expect(body).not.toHaveProperty('tokenId');

    // The priority's sponsor and delivery lead hear of it once each; the board does not.
    const told = await eventually(async () => {
      const sent = (await stack.emails()).slice(before).filter((email) => email.subject.includes('the board has responded'));
      return sent.length >= 2 ? sent : undefined;
    });
    expect(told.map(to).sort()).toEqual([`lead.${priority}@example.org`, `sponsor.${priority}@example.org`]);
    expect(told[0]!.body.text).toContain(response.decision);

    // Replaying the response's stream record sends nothing again.
    await new Promise((resolve) => setTimeout(resolve, 300));
    const total = (await stack.emails()).length;
    const records = (await streamRecords(stack)).filter((record) => record.dynamodb?.NewImage?.entity?.S === 'board-response');
    expect(records).toHaveLength(1);
    expect((await invoke<DynamoDBBatchResponse>('notify', { Records: records })).batchItemFailures).toEqual([]);
    expect((await stack.emails()).length).toBe(total);
  });

  it('a board token never posts an update', async () => {
    const board = await stack.boardToken();
    const before = (await stack.storedUpdates(priority)).length;
    const answer = await postUpdate(board, validUpdate);
    expect(answer.status).toBe(403);
    expect((await stack.storedUpdates(priority)).length).toBe(before);
  });

  it('the sponsor resolves the barrier; the priority shows it resolved, with its age and the board’s response', async () => {
    const answer = await postUpdate(sponsor, { ...validUpdate, barriers: [{ id: askId, status: 'resolved' }] });
    const update = (await answer.json()) as ProgressUpdate;
    const log = await logAfter(update);
    expect(log.find((barrier) => barrier.barrierId === askId)).toMatchObject({ status: 'resolved', resolvedBy: update.id, resolvedAt: update.submittedAt });
    // The summary's open barriers leave the resolved one out.
    expect((await stack.stores.summaries.get(priority, true))!.value.openBarriers).toEqual([]);

    const detail = (await (await stack.request('GET', `/priorities/${priority}`)).json()) as {
      barriers: { barrierId: string; status: string; responses: { decision: string }[] }[];
    };
    const shown = detail.barriers.find((barrier) => barrier.barrierId === askId)!;
    expect(shown).toMatchObject({ status: 'resolved', resolvedBy: update.id, responses: [{ decision: response.decision }] });
    const page = await (await stack.request('GET', `/priorities/${priority}`, { headers: { accept: 'text/html' } })).text();
    expect(page).toContain('Resolved barriers');
    expect(page).toContain(response.decision);
    expect(page).toMatch(/Raised (today|1 day ago|\d+ days ago)/);
    // It has left the board's list.
    const barriers = await (await stack.request('GET', '/barriers', { headers: { accept: 'text/html' } })).text();
    expect(barriers).not.toContain(`data-barrier="${askId}"`);
  });
});

describe('the board’s personal link', () => {
  it('the board’s digest links to the barriers page, oldest ask first; its session responds with the form’s CSRF token', async () => {
    const sponsor = await stack.token('local-businesses-and-high-streets', { email: 'poster@example.org' });
    const older = (await (
      await postUpdate(sponsor, { ...validUpdate, barriers: [{ description: 'Older ask', needsBoardSupport: true }] }, 'local-businesses-and-high-streets')
    ).json()) as ProgressUpdate;
    const newer = (await (
      await postUpdate(
        sponsor,
        { ...validUpdate, barriers: [{ id: `${older.id}-0` }, { description: 'Newer ask', needsBoardSupport: true }] },
        'local-businesses-and-high-streets',
      )
    ).json()) as ProgressUpdate;
    await logAfter(newer);

    const before = (await stack.emails()).length;
    await invoke('digest', { runId: 'board-link' });
    const digest = (await stack.emails()).slice(before).find((email) => to(email) === 'board.chair@example.org' && email.subject.startsWith('Weekly'))!;
    const text = digest.body.text!;
    expect(text.indexOf('Older ask')).toBeGreaterThan(-1);
    expect(text.indexOf('Older ask')).toBeLessThan(text.indexOf('Newer ask'));
    const link = new URL(/https?:\/\/\S+\/barriers\?token=[^\s"<]+/.exec(text)![0]);

    // Without a session the page is read-only.
    const anonymous = await (await stack.request('GET', '/barriers', { headers: { accept: 'text/html' } })).text();
    expect(anonymous).toContain('Older ask');
    expect(anonymous).not.toContain('<form method="post"');

    const cookie = await followPersonalLink(stack, link.pathname + link.search);
    const page = await (await stack.request('GET', '/barriers', { headers: { accept: 'text/html', cookie } })).text();
    expect(page).toContain('<form method="post"');
    const csrfToken = /name="csrfToken" value="([^"]+)"/.exec(page)![1]!;
    const barrierId = `${older.id}-0`;
    const path = `/priorities/local-businesses-and-high-streets/barriers/${barrierId}/responses`;
    const headers = { accept: 'text/html', 'content-type': 'application/x-www-form-urlencoded', cookie };

    const forged = await stack.request('POST', path, { headers, body: form({ ...response }) });
    expect(forged.status).toBe(403);
    const invalid = await stack.request('POST', path, { headers, body: form({ csrfToken, decision: 'Escalate', owner: '', dueDate: '' }) });
    expect(invalid.status).toBe(422);
    const again = await invalid.text();
    expect(again).toContain('Enter who owns the action');
    expect(again).toContain('Escalate');
    const made = await stack.request('POST', path, { headers, body: form({ csrfToken, ...response }) });
    expect(made.status).toBe(303);
    expect(made.headers.get('location')).toBe(`/barriers?responded=${barrierId}#barrier-${barrierId}`);
    expect((await stack.stores.barriers.list('local-businesses-and-high-streets')).find((b) => b.barrierId === barrierId)!.responses).toHaveLength(1);

    // The board's link is no sponsor's: it opens no update form.
    const form403 = await stack.request('GET', `/priorities/local-businesses-and-high-streets/updates/new${link.search}`, { headers: { accept: 'text/html' } });
    expect(form403.status).toBe(403);
    // And a sponsor's token opens no board session.
    const sponsorHop = await stack.request('GET', `/barriers?token=${encodeURIComponent(sponsor)}`, { headers: { accept: 'text/html' } });
    expect(sponsorHop.status).toBe(403);
  });

  it('the dashboard lists the board’s asks, oldest first, with their age', async () => {
    const page = await (await stack.request('GET', '/', { headers: { accept: 'text/html' } })).text();
    const table = page.slice(page.indexOf('id="board-asks"'));
    expect(table.indexOf('Older ask')).toBeGreaterThan(-1);
    expect(table.indexOf('Older ask')).toBeLessThan(table.indexOf('Newer ask'));
    expect(table).toMatch(/<td class="govuk-table__cell">0 days<\/td>/);
  });
});
