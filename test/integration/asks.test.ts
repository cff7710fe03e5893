/**
 * Asks of government on the local stack: a sponsor's update moves an ask and the stream applies
 * it to the ask and its history; /asks, its CSV and the dashboard follow; a change through the
 * ask's route is checked for who makes it, its fields and its version.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { quarterJustEnded } from '#shared/domain/board-pack';
import { askFormWas } from '#shared/domain/update';
import { eventually, form, startTestStack, type TestStack, validUpdate } from './stack.ts';

let stack: TestStack;
beforeAll(async () => {
  stack = await startTestStack();
});
afterAll(async () => stack?.stop());

const priority = 'jobs-and-training';
const askId = 'get-people-back-work';
const json = { 'content-type': 'application/json' };

async function change(token: string, body: Record<string, unknown>, priorityId = priority, id = askId) {
  return stack.request('POST', `/asks/${priorityId}/${id}`, { headers: { ...json, authorization: `Bearer ${token}` }, body: JSON.stringify(body) });
}

async function asksJson(query = '') {
  return (await (await stack.request('GET', `/asks${query}`)).json()) as {
    totals: { all: { count: number; askedGbp: number; securedGbp: number }; byStatus: Record<string, { count: number; securedGbp: number }> };
    priorities: { priorityId: string; asks: { askId: string; status: string; securedGbp?: number; version: number }[] }[];
  };
}

describe('asks of government', () => {
  it('tracks every catalogue ask, not yet raised, with the catalogue’s amount', async () => {
    const ask = await stack.stores.commitments.ask(priority, askId);
    expect(ask?.value).toMatchObject({ status: 'not-yet-raised', askedGbp: 33_000_000, title: 'Get people back into work through retraining' });
  });

  it('a sponsor’s update moves an ask to agreed with £ secured: the ask, its history, /asks and the dashboard follow', async () => {
    const sponsor = await stack.token(priority, { name: 'Sam Sponsor', email: 'sam@example.org' });
    const before = await asksJson();
    const posted = await stack.request('POST', `/priorities/${priority}/updates`, {
      headers: { ...json, authorization: `Bearer ${sponsor}` },
      body: JSON.stringify({
        ...validUpdate,
        asks: [{ id: askId, status: 'agreed', securedGbp: 20_000_000, response: 'Agreed in part of the spending review' }],
      }),
    });
    expect(posted.status).toBe(201);
    const update = (await posted.json()) as { id: string; asks: unknown[] };
    expect(update.asks).toHaveLength(1);
    const ask = await eventually(async () => {
      const found = await stack.stores.commitments.ask(priority, askId, true);
      return found?.value.status === 'agreed' ? found.value : undefined;
    });
    expect(ask).toMatchObject({ securedGbp: 20_000_000, updateId: update.id, changedBy: { name: 'Sam Sponsor', role: 'sponsor' } });
    const history = await stack.stores.commitments.history(priority, 'ASK', askId);
    expect(history).toHaveLength(1);
    expect(history[0]).toMatchObject({ changeId: update.id, updateId: update.id, state: { status: 'agreed', securedGbp: 20_000_000 } });

    const after = await asksJson();
    expect(after.totals.all.securedGbp - before.totals.all.securedGbp).toBe(20_000_000);
    expect(after.totals.byStatus.agreed!.count).toBe(before.totals.byStatus.agreed!.count + 1);
    const agreed = await asksJson('?status=agreed');
    expect(agreed.priorities.flatMap((group) => group.asks.map((a) => a.askId))).toEqual([askId]);
    expect((await stack.request('GET', '/asks?status=nonsense')).status).toBe(400);

    const dashboard = await (await stack.request('GET', '/', { headers: { accept: 'text/html' } })).text();
    expect(dashboard).toContain('£20,000,000 secured of');
    expect(dashboard).toContain('Get people back into work through retraining</a>: Agreed, £20,000,000 secured');
    const page = await (await stack.request('GET', `/priorities/${priority}`, { headers: { accept: 'text/html' } })).text();
    expect(page).toMatch(/data-ask="get-people-back-work"[\s\S]*?Agreed[\s\S]*?£20,000,000/);
  });

  it('an update naming an ask of another priority is refused, naming the field, and stores nothing', async () => {
    const sponsor = await stack.token(priority);
    const answer = await stack.request('POST', `/priorities/${priority}/updates`, {
      headers: { ...json, authorization: `Bearer ${sponsor}` },
      body: JSON.stringify({ ...validUpdate, asks: [{ id: 'sme-recovery-programme', status: 'raised' }] }),
    });
    expect(answer.status).toBe(422);
    expect(((await answer.json()) as { errors: { field: string }[] }).errors).toEqual([{ field: 'asks.0.id', message: 'is not an ask of this priority' }]);
  });

  it('another priority’s sponsor cannot change an ask: 403, nothing stored; the board and the priority’s lead can', async () => {
    const before = await stack.stores.commitments.ask(priority, askId, true);
    const other = await stack.token('local-businesses-and-high-streets');
    expect((await change(other, { status: 'declined' })).status).toBe(403);
    expect((await stack.stores.commitments.ask(priority, askId, true))?.version).toBe(before?.version);
    expect(await stack.stores.commitments.history(priority, 'ASK', askId)).toHaveLength(1);

    const lead = await stack.token(priority, { role: 'delivery-lead', name: 'Lee Lead' });
    const wrong = await change(lead, { status: 'raised', securedGbp: 5, askedGbp: -1 });
    expect(wrong.status).toBe(422);
    const stale = await change(lead, { response: 'Confirmed in writing', version: (before?.version ?? 0) - 1 });
    expect(stale.status).toBe(409);
    const changed = await change(lead, { response: 'Confirmed in writing', reason: 'Letter received', version: before?.version });
    expect(changed.status).toBe(200);
    const board = await stack.boardToken({ name: 'Board chair (example)' });
    expect((await change(board, { department: 'DWP' }, 'local-businesses-and-high-streets', 'sme-recovery-programme')).status).toBe(200);
    const history = await stack.stores.commitments.history(priority, 'ASK', askId);
    expect(history.map((entry) => entry.reason)).toEqual([undefined, 'Letter received']);
    const read = (await (await stack.request('GET', `/asks/${priority}/${askId}`)).json()) as { ask: { response: string }; history: unknown[] };
    expect(read.ask.response).toBe('Confirmed in writing');
    expect(read.history).toHaveLength(2);
  });

  it('a form post reports only the asks changed', async () => {
    const sponsor = await stack.token('extra-help-to-the-most-affected');
    const current = (await stack.stores.commitments.ask('extra-help-to-the-most-affected', 'affordable-housing-fund'))!.value;
    const answer = await stack.request('POST', '/priorities/extra-help-to-the-most-affected/updates', {
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: `${form({ token: sponsor, status: 'amber', period: '2021-03', summary: 'On track.', statusRationale: 'Behind plan.', askWas: askFormWas(current), askStatus: 'raised', askSecuredGbp: '', askResponse: '', askNextStep: 'Meet MHCLG' })}&askId=affordable-housing-fund`,
    });
    expect(answer.status).toBe(201);
    expect(((await answer.json()) as { asks: unknown[] }).asks).toEqual([
      { id: 'affordable-housing-fund', status: 'raised', nextStep: { text: 'Meet MHCLG' } },
    ]);
  });

  it('the CSV is formula-safe', async () => {
    const board = await stack.boardToken();
    expect((await change(board, { department: '=HYPERLINK("http://example.org")' }, priority, 'upskill-workforce-jobs-future')).status).toBe(200);
    const csv = await (await stack.request('GET', '/asks.csv')).text();
    expect(csv).toContain(`"'=HYPERLINK(""http://example.org"")"`);
    expect(csv.split('\r\n')[0]).toContain('"Priority id","Priority","Ask id"');
  });

  it('a board pack lists each priority’s asks as they stood at the quarter’s end', async () => {
    const board = await stack.boardToken();
    const quarter = quarterJustEnded(new Date());
    const made = await stack.request('POST', '/board-packs', { headers: { ...json, authorization: `Bearer ${board}` }, body: JSON.stringify({ quarter }) });
    expect(made.status).toBe(201);
    const page = await (await stack.request('GET', `/board-packs/${quarter}`, { headers: { accept: 'text/html' } })).text();
    expect(page).toContain('Asks of government at the quarter’s end');
    // Every change above was made after the quarter ended; the one an update for an earlier period
    // reported belongs to that period, so by this quarter's end the ask stands agreed. The board's
    // change of another ask, made today, is not in it yet.
    expect(page).toMatch(/data-pack-ask="get-people-back-work">[^<]*: <strong>Agreed<\/strong>, £33,000,000 asked, £20,000,000 secured/);
    const line = /data-pack-ask="get-people-back-work">(.*?)<\/li>/.exec(page)?.[1];
    expect(line).toBeDefined();
    expect(line).not.toContain('In the quarter');
  });
});
