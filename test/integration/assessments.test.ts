/**
 * Independent assessments on the local stack: who may record one, what is stored, where both
 * ratings show (the priority's page and JSON, the dashboard, the portfolio CSV), and a
 * divergence flagged to the board in the next digest.
 */

import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Assessments } from '#shared/data/assessments';
import { keys } from '#shared/data/keys';
import { currentOf } from '#shared/domain/assessment';
import { assessmentSchema, priorityDetailSchema, priorityListSchema } from '#shared/http/published';
import { invoke } from '../../infra/local/lambda.ts';
import { eventually, followPersonalLink, form, patience, type SentEmail, startTestStack, type TestStack, validUpdate } from './stack.ts';

let stack: TestStack;
beforeAll(async () => {
  stack = await startTestStack();
});
afterAll(async () => stack?.stop());

const json = { 'content-type': 'application/json', accept: 'application/json' };
const to = (email: SentEmail) => email.destination.to[0]!;

/** A sponsor's update with a given status; waits for its summary. */
async function sponsorRates(priorityId: string, status: string, period = '2021-03') {
  const token = await stack.token(priorityId, { email: 'poster@example.org' });
  const answer = await stack.request('POST', `/priorities/${priorityId}/updates`, {
    headers: { ...json, authorization: `Bearer ${token}` },
    body: JSON.stringify({ ...validUpdate, barriers: [], status, period, statusRationale: `The sponsor's reasons for ${status}.` }),
  });
  expect(answer.status).toBe(201);
  const { id } = (await answer.json()) as { id: string };
  await eventually(async () => (await stack.stores.summaries.get(priorityId, true))?.value.lastUpdateId === id, patience, 50, `the summary of ${priorityId}`);
}

/** Posts an assessment; once one is recorded, waits for the stream to make it the current one. */
async function assess(priorityId: string, token: string, body: unknown) {
  const answer = await stack.request('POST', `/priorities/${priorityId}/assessments`, {
    headers: { ...json, authorization: `Bearer ${token}` },
    body: JSON.stringify(body),
  });
  if (answer.status === 201) await stored(priorityId);
  return answer;
}

/** A priority's assessments, and the current one once the stream has copied the latest beside the summary. */
async function stored(priorityId: string) {
  return eventually(
    async () => {
      const [history, current] = await Promise.all([
        new Assessments(stack.stores.table).history(priorityId),
        stack.documents.send(new GetCommand({ TableName: stack.tableName, Key: keys.currentAssessment(priorityId), ConsistentRead: true })),
      ]);
      return current.Item?.assessedAt === currentOf(history)?.assessedAt && { history, current: current.Item };
    },
    patience,
    50,
    `the current assessment of ${priorityId}`,
  );
}

describe('recording an independent assessment', () => {
  const priority = 'jobs-and-training';

  it('a delivery lead of the priority records one: 201, stored for the period and as the current one', async () => {
    const lead = await stack.token(priority, { role: 'delivery-lead', name: 'Jo Lead' });
    const answer = await assess(priority, lead, { status: 'amber-red', period: '2021-03', rationale: 'Employer sign-ups have stalled.' });
    expect(answer.status).toBe(201);
    expect(answer.headers.get('location')).toBe(`/priorities/${priority}`);
    const assessment = (await answer.json()) as { assessor: Record<string, unknown> };
    expect(assessmentSchema.safeParse(assessment).error).toBeUndefined();
    expect(assessment).toMatchObject({
      priorityId: priority,
      period: '2021-03',
      status: 'amber-red',
      rationale: 'Employer sign-ups have stalled.',
      assessor: { role: 'delivery-lead', name: 'Jo Lead' },
    });
    const { history, current } = await stored(priority);
    // Stored with the token it came from, for the audit; answered without it.
    expect(history).toEqual([{ ...assessment, assessor: { ...assessment.assessor, tokenId: lead.split('_')[1] } }]);
    expect(assessment.assessor).not.toHaveProperty('tokenId');
    expect(current).toMatchObject({ entity: 'assessment', status: 'amber-red', assessor: { role: 'delivery-lead' } });
  });

  it('a board member records one for any priority, beside the delivery lead’s for the same period', async () => {
    const board = await stack.boardToken({ name: 'Board chair' });
    const answer = await assess(priority, board, { status: 'amber', period: '2021-03', rationale: 'Recoverable with DWP’s help.' });
    expect(answer.status).toBe(201);
    expect(await answer.json()).toMatchObject({ assessor: { role: 'board', name: 'Board chair' } });
    const { history, current } = await stored(priority);
    expect(history.map((a) => a.assessor.role)).toEqual(['board', 'delivery-lead']);
    expect(current).toMatchObject({ status: 'amber', assessor: { role: 'board' } });
  });

  const refused: [string, () => Promise<string>, number][] = [
    ['the priority’s sponsor', () => stack.token(priority), 403],
    ['a delivery lead of another priority', () => stack.token('education-and-young-people', { role: 'delivery-lead' }), 403],
    ['an expired token', () => stack.token(priority, { role: 'delivery-lead', days: 1, now: new Date(Date.now() - 2 * 86_400_000) }), 401],
    ['no valid token', async () => 'rp_0000000000000000_not-a-real-secret-not-a-real-secret-abcdefg', 401],
  ];
  it.each(refused)('refuses %s and writes nothing', async (_who, tokenOf, status) => {
    const before = await stored(priority);
    const answer = await assess(priority, await tokenOf(), { status: 'green', period: '2021-04', rationale: 'All fine.' });
    expect(answer.status).toBe(status);
    expect(answer.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(await stored(priority)).toEqual(before);
  });

  it('refuses a missing rationale and an unknown status with 422 naming the fields, and writes nothing', async () => {
    const lead = await stack.token(priority, { role: 'delivery-lead' });
    const before = await stored(priority);
    const answer = await assess(priority, lead, { status: 'purple', period: '2021-04', rationale: ' ' });
    expect(answer.status).toBe(422);
    const problem = (await answer.json()) as { errors: { field: string }[] };
    expect(problem.errors.map((e) => e.field).sort()).toEqual(['rationale', 'status']);
    expect(await stored(priority)).toEqual(before);
  });

  it('answers 404 for a priority that does not exist', async () => {
    const answer = await assess('no-such-priority', await stack.boardToken(), { status: 'green', period: '2021-04', rationale: 'x' });
    expect(answer.status).toBe(404);
  });

  it('a board token cannot post an update (403)', async () => {
    const answer = await stack.request('POST', `/priorities/${priority}/updates`, {
      headers: { ...json, authorization: `Bearer ${await stack.boardToken()}` },
      body: JSON.stringify(validUpdate),
    });
    expect(answer.status).toBe(403);
    expect(await stack.storedUpdates(priority)).toEqual([]);
  });
});

describe('the assessment form', () => {
  const priority = 'education-and-young-people';

  async function openForm(token: string) {
    const cookie = await followPersonalLink(stack, `/priorities/${priority}/assessments/new?token=${encodeURIComponent(token)}`);
    const page = await stack.request('GET', `/priorities/${priority}/assessments/new`, { headers: { accept: 'text/html', cookie } });
    expect(page.status).toBe(200);
    const body = await page.text();
    return { cookie, body, csrfToken: /name="csrfToken" value="([^"]+)"/.exec(body)![1]! };
  }

  it('shows the sponsor’s current rating and reasons beside the form', async () => {
    await sponsorRates(priority, 'green');
    const { body } = await openForm(await stack.token(priority, { role: 'delivery-lead', name: 'Ed Lead' }));
    expect(body).toContain('Recording as Ed Lead (delivery lead)');
    expect(body).toMatch(/govuk-tag[^"]*">Green</);
    expect(body).toContain('The sponsor&#39;s reasons for green.');
    expect(body).toContain(`action="/priorities/${priority}/assessments"`);
  });

  it('will not open for a sponsor’s personal link (403)', async () => {
    const hop = await stack.request('GET', `/priorities/${priority}/assessments/new?token=${encodeURIComponent(await stack.token(priority))}`, {
      headers: { accept: 'text/html' },
    });
    expect(hop.status).toBe(403);
    expect(hop.headers.get('set-cookie')).toBeNull();
  });

  it('a form post with the session and its CSRF token records the assessment and goes on to the priority’s page', async () => {
    const { cookie, csrfToken } = await openForm(await stack.token(priority, { role: 'delivery-lead' }));
    const headers = { 'content-type': 'application/x-www-form-urlencoded', accept: 'text/html', cookie };
    const withoutCsrf = await stack.request('POST', `/priorities/${priority}/assessments`, {
      headers,
      body: form({ status: 'amber', period: '2021-03', rationale: 'No CSRF' }),
    });
    expect(withoutCsrf.status).toBe(403);
    expect((await stored(priority)).history).toEqual([]);

    const withErrors = await stack.request('POST', `/priorities/${priority}/assessments`, {
      headers,
      body: form({ csrfToken, status: 'amber', period: '2021-03', rationale: '' }),
    });
    expect(withErrors.status).toBe(422);
    const page = await withErrors.text();
    expect(page).toContain('There is a problem');
    expect(page).toContain('href="#rationale"');
    expect(page).toMatch(/value="amber" checked/);

    const posted = await stack.request('POST', `/priorities/${priority}/assessments`, {
      headers,
      body: form({ csrfToken, status: 'amber', period: '2021-03', rationale: 'Attendance data <b>lags</b>.' }),
    });
    expect(posted.status).toBe(303);
    expect(posted.headers.get('location')).toBe(`/priorities/${priority}`);
    expect((await stored(priority)).history).toMatchObject([{ status: 'amber', rationale: 'Attendance data <b>lags</b>.' }]);
  });
});

describe('both ratings, where the board reads them', () => {
  const priority = 'education-and-young-people'; // the sponsor says green, the delivery lead amber (above)

  it('the priority’s JSON has the current assessment, marked divergent, and the history', async () => {
    const detail = (await (await stack.request('GET', `/priorities/${priority}`, { headers: { accept: 'application/json' } })).json()) as {
      summary: { status: string };
      assessment: unknown;
      assessments: unknown[];
    };
    expect(detail.summary.status).toBe('green');
    expect(detail.assessment).toMatchObject({ status: 'amber', period: '2021-03', assessor: { role: 'delivery-lead' }, divergent: true });
    expect(detail.assessments).toHaveLength(1);
    expect(priorityDetailSchema.safeParse(detail).error).toBeUndefined();
  });

  it('the list of priorities has each one’s current assessment, as the description says', async () => {
    const list = (await (await stack.request('GET', '/priorities')).json()) as { assessments: Record<string, unknown> };
    expect(priorityListSchema.safeParse(list).error).toBeUndefined();
    expect(list.assessments[priority]).toMatchObject({ status: 'amber', divergent: true });
    expect(list.assessments).not.toHaveProperty('mental-health-support-and-awareness');
  });

  it('the priority’s page shows both ratings, the divergence and the rationale escaped', async () => {
    const page = await (await stack.request('GET', `/priorities/${priority}`, { headers: { accept: 'text/html' } })).text();
    expect(page).toContain('Independent assessment');
    expect(page).toMatch(/The sponsor rates it <strong class="govuk-tag[^"]*">Green<\/strong>/);
    expect(page).toMatch(/A delivery lead rates it <strong class="govuk-tag[^"]*">Amber<\/strong> for 2021-03/);
    expect(page).toContain('The ratings diverge');
    expect(page).toContain('Attendance data &lt;b&gt;lags&lt;/b&gt;.');
  });

  it('the dashboard has an independent column, marking the divergence', async () => {
    const page = await (await stack.request('GET', '/', { headers: { accept: 'text/html' } })).text();
    expect(page).toContain('>Independent</th>');
    const row = (id: string) => page.slice(page.indexOf(`data-priority="${id}"`), page.indexOf('</tr>', page.indexOf(`data-priority="${id}"`)));
    expect(row(priority)).toMatch(/>Amber<\/strong>/);
    expect(row(priority)).toContain('Diverges from the sponsor');
    expect(row('jobs-and-training')).toMatch(/>Amber<\/strong>/); // the board's, which replaced the lead's amber/red as current
    expect(row('jobs-and-training')).not.toContain('Diverges'); // no sponsor rating yet
    expect(row('mental-health-support-and-awareness')).toContain('None yet');
  });

  it('the portfolio CSV has the independent rating, who, the period, why, and whether they diverge', async () => {
    const formula = '=1+2';
    expect((await assess('extra-help-to-the-most-affected', await stack.boardToken(), { status: 'red', period: '2021-03', rationale: formula })).status).toBe(
      201,
    );
    const csv = await (await stack.request('GET', '/portfolio.csv')).text();
    // Every cell is quoted; none of these holds a comma.
    const rows = csv
      .replace(/^\uFEFF/, '')
      .trim()
      .split('\r\n')
      .map((line) =>
        line
          .slice(1, -1)
          .split('","')
          .map((cell) => cell.replace(/""/g, '"')),
      );
    expect(rows[0]!.slice(-5)).toEqual([
      'Independent rating',
      'Independently assessed by',
      'Independent period',
      'Why the independent rating',
      'Ratings diverge',
    ]);
    const row = (id: string) => rows.find((cells) => cells[0] === id)!.slice(-5);
    expect(row(priority)).toEqual(['Amber', 'A delivery lead', '2021-03', 'Attendance data <b>lags</b>.', 'Yes']);
    expect(row('mental-health-support-and-awareness')).toEqual(['Not yet assessed', '', '', '', '']);
    // A rationale that starts like a formula stays text; with no sponsor rating yet there is nothing to diverge from.
    expect(row('extra-help-to-the-most-affected')).toEqual(['Red', 'A board member', '2021-03', `'${formula}`, 'No']);
  });

  it('the history CSV has each update with the independent ratings of its period', async () => {
    const csv = await (await stack.request('GET', `/priorities/${priority}/updates.csv`)).text();
    const rows = csv
      .replace(/^\uFEFF/, '')
      .trim()
      .split('\r\n')
      .map((line) => line.slice(1, -1).split('","'));
    expect(rows[0]!.slice(-4, -2)).toEqual(['Independent ratings for the period', 'Why the independent ratings']);
    expect(rows).toHaveLength(2); // the header and the sponsor's one update
    expect(rows[1]![2]).toBe('2021-03');
    expect(rows[1]!.slice(-4, -2)).toEqual(['Amber by A delivery lead', 'A delivery lead: Attendance data <b>lags</b>.']);
  });
});

describe('the board digest', () => {
  const divergent = 'local-businesses-and-high-streets';
  const agreeing = 'living-safely-with-coronavirus';

  it('flags a delivery lead’s rating two levels from the sponsor’s, and not one that agrees', async () => {
    await sponsorRates(divergent, 'green');
    await sponsorRates(agreeing, 'amber');
    expect(
      (
        await assess(divergent, await stack.token(divergent, { role: 'delivery-lead', name: 'Lee Lead' }), {
          status: 'amber',
          period: '2021-03',
          rationale: 'Footfall <is> down & falling.',
        })
      ).status,
    ).toBe(201);
    expect(
      (
        await assess(agreeing, await stack.token(agreeing, { role: 'delivery-lead' }), {
          status: 'amber-green',
          period: '2021-03',
          rationale: 'Close to plan.',
        })
      ).status,
    ).toBe(201);
    const titles = new Map((await stack.stores.programme.snapshot()).priorities.map((p) => [p.id, p.title]));

    const before = (await stack.emails()).length;
    await invoke('digest', { runId: 'assessments-week' });
    const sent = (await stack.emails()).slice(before);
    const boardDigest = sent.find((email) => to(email) === 'board.chair@example.org' && email.subject.startsWith('Weekly'))!;
    expect(boardDigest).toBeDefined();

    const text = boardDigest.body.text!;
    const section = text.slice(text.indexOf('Ratings that diverge:'), text.indexOf('What the ratings mean:'));
    expect(section).toContain(titles.get(divergent)!);
    expect(section).toContain('Sponsor: Green for 2021-03');
    expect(section).toContain('Independent: Amber by Lee Lead (delivery lead) for 2021-03');
    expect(section).toContain('Why the independent rating: Footfall <is> down & falling.');
    expect(section).not.toContain(titles.get(agreeing)!);
    // The portfolio rows carry both ratings.
    expect(text).toMatch(new RegExp(`- ${titles.get(agreeing)!}: Amber \\(.*independent: Amber/Green by A delivery lead for 2021-03\\)`));

    const html = boardDigest.body.html!;
    expect(html).toContain('Ratings that diverge');
    expect(html).toContain('Footfall &lt;is&gt; down &amp; falling.');
    expect(html).not.toContain('Footfall <is>');

    // The delivery lead's own digest shows the independent rating and links to the assessment form.
    const leadDigest = sent.find((email) => to(email) === `lead.${divergent}@example.org` && email.subject.startsWith('Weekly'))!;
    expect(leadDigest.body.text).toContain('Independent rating: Amber by Lee Lead (delivery lead) for 2021-03 (diverges: the board is told)');
    expect(leadDigest.body.text).toMatch(new RegExp(`/priorities/${divergent}/assessments/new\\?token=`));
    const sponsorDigest = sent.find((email) => to(email) === `sponsor.${divergent}@example.org` && email.subject.startsWith('Weekly'))!;
    expect(sponsorDigest.body.text).toContain('Independent rating: Amber');
    expect(sponsorDigest.body.text).not.toContain('/assessments/new');
  });
});
