/**
 * The pages' views: the build compiles every view into a module with its types, and every page
 * renders from it, each view through the function that builds its view model, with the branches
 * its template has, escaping what people typed.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { assetVersion } from '#compiled-views/assets';
import { catalogue } from '#shared/catalogue/index';
import type { BarrierWithResponses } from '#shared/domain/barrier';
import { defaultTokenDays } from '#shared/domain/credential';
import { reportingCalendar } from '#shared/domain/deadlines';
import type { Person } from '#shared/domain/people';
import { auditRecordDays, pointInTimeRecoveryDays } from '#shared/domain/retention';
import { sessionCookie, sessionHours } from '#shared/domain/session';
import { emptySummary, type PrioritySummary } from '#shared/domain/summary';
import {
  barriersPage,
  dashboardPage,
  messagePage,
  missedUpdatesPage,
  personalLinkPage,
  preferencesPage,
  priorityPage,
  updateFormPage,
} from '#shared/pages/pages';
import { accessibilityPage, cookiesPage, type Organisation, privacyPage } from '#shared/pages/statutory';
import { confirmationPage, correctionFormPage } from '#shared/pages/update-pages';
import { type ViewSet, viewSets, writeCompiledViews } from '../../infra/views-compiler.ts';
import { missedUpdateCells, sampleUpdate } from './fixtures.ts';

vi.mock('#shared/domain/ids', async (original) => ({ ...(await original<typeof import('#shared/domain/ids')>()), newSecret: () => 'submission-0123456789' }));

const programme = catalogue('west-midlands-community-recovery');
const [first, second, third] = programme.priorities as [
  (typeof programme.priorities)[number],
  (typeof programme.priorities)[number],
  (typeof programme.priorities)[number],
];
const typed = `Tom & Jerry's <script>alert("x")</script>`;
const barrier = { description: `Data sharing <b>slow</b>`, needsBoardSupport: true };
const otherBarrier = { description: 'Venue not confirmed', needsBoardSupport: false };

const rated: PrioritySummary = {
  ...emptySummary(first.id),
  status: 'amber-red',
  previousStatus: 'amber',
  statusChangedAt: '2021-03-01T10:00:00.000Z',
  trend: 'worsening',
  period: '2021-03',
  lastUpdateAt: '2021-03-01T10:00:00.000Z',
  lastUpdateId: '01M81TKZKWMG1WK2G5JJJXE3YK',
  updateCount: 2,
  openBarriers: [barrier, otherBarrier],
  barriersNeedingBoardSupport: [barrier],
};

const history = [
  sampleUpdate({
    id: '01M81TKZKWMG1WK2G5JJJXE3YK',
    status: 'amber-red',
    submittedAt: '2021-03-01T10:00:00.000Z',
    summary: typed,
    statusRationale: 'Behind plan',
    achievements: ['40 employers', typed],
    nextSteps: ['Second cohort'],
    barriers: [barrier, otherBarrier],
    author: { tokenId: 't', name: 'Solihull sponsor' },
  }),
  sampleUpdate({ id: '01M5XTKZKWMG1WK2G5JJJXE3YK', status: 'amber', period: '2021-02', submittedAt: '2021-02-01T10:00:00.000Z' }),
];

const person: Person = {
  personId: 'p1',
  name: typed,
  email: 'sponsor@example.org',
  role: 'sponsor',
  priorityId: first.id,
  preferences: { updateNotifications: true },
  preferencesKey: 'key/with+symbols&=',
  createdAt: '2021-01-01T00:00:00.000Z',
};

const organisation: Organisation = {
  name: typed,
  dataProtectionEmail: 'dpo@example.org',
  accessibilityEmail: 'access@example.org',
  logRetentionDays: 365,
  linkTokenDays: 1,
};

/** The barrier log: an open ask of the board with a response, and a resolved barrier; what people typed in every field. */
const logged: BarrierWithResponses[] = [
  {
    priorityId: first.id,
    barrierId: '01F0000000000000000000000A-0',
    description: typed,
    needsBoardSupport: true,
    owner: typed,
    status: 'being-handled',
    raisedBy: '01F0000000000000000000000A',
    raisedAt: '2021-02-01T10:00:00.000Z',
    stateFrom: '01F0000000000000000000000A',
    responses: [
      {
        priorityId: first.id,
        barrierId: '01F0000000000000000000000A-0',
        responseId: '01F0000000000000000000000C',
        respondedAt: '2021-02-10T10:00:00.000Z',
        respondedBy: { tokenId: 't', name: typed },
        decision: typed,
        owner: typed,
        dueDate: '2021-03-31',
        barrierDescription: typed,
      },
    ],
  },
  {
    priorityId: first.id,
    barrierId: '01F0000000000000000000000B-1',
    description: 'Venue',
    needsBoardSupport: false,
    status: 'resolved',
    raisedBy: '01F0000000000000000000000B',
    raisedAt: '2021-02-02T10:00:00.000Z',
    resolvedBy: '01F0000000000000000000000D',
    resolvedAt: '2021-03-01T10:00:00.000Z',
    stateFrom: '01F0000000000000000000000D',
    responses: [],
  },
];

const form = {
  priority: first,
  summary: rated,
  author: { name: typed },
  scale: 'five-point',
  reportingPeriod: 'month',
  csrfToken: 'csrf-token',
  barriers: logged,
} as const;

/** Monday 12 April 2021: March's update is eight working days late; the first priority's was escalated that morning, the second's (never updated) is due to be. */
const april12 = new Date('2021-04-12T12:00:00.000Z');
const missed = {
  calendar: reportingCalendar('month', 5, april12),
  reportingPeriod: 'month',
  now: april12,
  priorities: [
    { priority: { ...first, title: typed }, summary: { ...rated, period: '2021-02', lastUpdateAt: '2021-02-10T10:00:00.000Z' } },
    { priority: third, summary: rated },
    { priority: second, summary: emptySummary(second.id) },
  ],
  escalated: new Map([[first.id, { escalatedAt: '2021-04-12T07:00:00.000Z' }]]),
} as const;

/** Each view with the branches of its template; the names say what each case shows. */
const pages: Record<string, () => string> = {
  'update form, fresh, with the last update and barriers carried': () => updateFormPage({ ...form, nonce: 'n1', lastUpdate: history[0] }),
  'update form, first update, three-point scale, by quarter': () =>
    updateFormPage({
      ...form,
      nonce: 'n2',
      priority: second,
      summary: emptySummary(second.id),
      author: {},
      scale: 'three-point',
      reportingPeriod: 'quarter',
      lastUpdate: undefined,
      barriers: [],
    }),
  'update form, sent back with errors': () =>
    updateFormPage({
      ...form,
      nonce: 'n3',
      lastUpdate: history[1],
      values: {
        status: 'red',
        summary: typed,
        achievements: ['a', 'b'],
        loggedBarrier: [logged[0]!.barrierId],
        loggedBarrierStatus: ['resolved'],
        loggedBarrierOwner: [typed],
      },
      errors: [
        { field: 'statusRationale', message: 'explain the rating: required for red' },
        { field: 'period', message: 'Invalid' },
        { field: 'summary', message: 'Too big: expected at most 2000' },
        { field: 'barriers.0.description', message: 'too long' },
      ],
    }),
  'confirmation with lists': () => confirmationPage('n4', history[0]!, first.title),
  'confirmation without lists or rationale': () => confirmationPage('n5', history[1]!, typed),
  'confirmation of an update since corrected': () =>
    confirmationPage('n22', history[1]!, first.title, { updateId: history[0]!.id, reason: typed, correctedAt: '2021-04-02T10:00:00.000Z' }),
  'confirmation of a correction': () => confirmationPage('n23', { ...history[0]!, corrects: { updateId: history[1]!.id, reason: typed } }, first.title),
  'correction form, prefilled': () =>
    correctionFormPage({ nonce: 'n24', priorityTitle: first.title, original: history[0]!, scale: 'five-point', csrfToken: 'csrf' }),
  'correction form, errors first, as typed': () =>
    correctionFormPage({
      nonce: 'n25',
      priorityTitle: typed,
      original: history[0]!,
      scale: 'three-point',
      csrfToken: 'csrf',
      values: { reason: '', status: 'red', period: '2021-13', summary: typed, achievements: [typed] },
      errors: [
        { field: 'reason', message: 'say why the update is corrected' },
        { field: 'period', message: 'Invalid' },
      ],
    }),
  'priority with a corrected update': () =>
    priorityPage('n26', first, rated, [{ ...history[0]!, corrects: { updateId: history[1]!.id, reason: typed } }, ...history.slice(1)], logged),
  message: () => messagePage('n6', typed, [typed, 'Second paragraph']),
  dashboard: () =>
    dashboardPage(
      'n7',
      [
        { priority: first, summary: rated },
        { priority: second, summary: emptySummary(second.id) },
        { priority: third, summary: { ...rated, priorityId: third.id, status: 'green', trend: 'new', barriersNeedingBoardSupport: [] } },
      ],
      [],
    ),
  'dashboard, one barrier for the board': () => dashboardPage('n8', [{ priority: first, summary: rated }], logged),
  'priority with history and barriers': () => priorityPage('n9', first, rated, history, logged),
  'priority without history': () =>
    priorityPage('n10', { ...second, description: undefined, ambitions: [], asksOfGovernment: [] }, emptySummary(second.id), [], []),
  'barriers, read only': () => barriersPage({ nonce: 'n18', priorities: [first, second], barriers: logged }),
  'barriers, none waiting': () => barriersPage({ nonce: 'n19', priorities: [first], barriers: [] }),
  'barriers, for a board member, a response just recorded': () =>
    barriersPage({ nonce: 'n20', priorities: [first], barriers: logged, board: { csrfToken: 'csrf', name: typed }, responded: logged[0]!.barrierId }),
  'barriers, a response sent back with errors': () =>
    barriersPage({
      nonce: 'n21',
      priorities: [first],
      barriers: logged,
      board: { csrfToken: 'csrf' },
      failed: {
        barrierId: logged[0]!.barrierId,
        values: { decision: typed, owner: '', dueDate: 'soon' },
        errors: [
          { field: 'owner', message: 'say who' },
          { field: 'dueDate', message: 'a date' },
        ],
      },
    }),
  'missed updates: never, late and escalated, late and due, not yet late': () =>
    missedUpdatesPage('n16', {
      ...missed,
      priorities: [
        ...missed.priorities,
        { priority: first, summary: { ...rated, priorityId: 'x', period: '2021-01', lastUpdateAt: '2021-01-05T10:00:00.000Z' } },
      ],
    }),
  'missed updates, quarterly: none missing': () =>
    missedUpdatesPage('n17', {
      ...missed,
      calendar: reportingCalendar('quarter', 10, april12),
      reportingPeriod: 'quarter',
      priorities: [{ priority: first, summary: { ...rated, period: '2021-Q2' } }],
    }),
  preferences: () => preferencesPage('n11', person, person.preferencesKey, false),
  'preferences, saved and off': () => preferencesPage('n12', { ...person, preferences: { updateNotifications: false } }, person.preferencesKey, true),
  'accessibility statement': () => accessibilityPage('n13', organisation),
  'privacy notice': () => privacyPage('n14', organisation),
  cookies: () => cookiesPage('n15'),
};

describe('the compiled views', () => {
  it('are a module and its declarations for each set, exporting every view of its folder', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'compiled-views-'));
    try {
      const files = writeCompiledViews(dir).map((file) => file.slice(dir.length + 1));
      expect(files.sort()).toEqual(['assets.d.ts', 'assets.js', 'emails.d.ts', 'emails.js', 'pages.d.ts', 'pages.js']);
      for (const set of Object.keys(viewSets) as ViewSet[]) {
        const views = readdirSync(viewSets[set].folder).filter((file) => file.endsWith('.njk'));
        const module = (await import(join(dir, `${set}.js`))) as Record<string, { name: string; templates: Record<string, unknown> }>;
        const declarations = readFileSync(join(dir, `${set}.d.ts`), 'utf8');
        expect(
          Object.values(module)
            .map((view) => view.name)
            .sort(),
        ).toEqual(views.map((file) => `${viewSets[set].prefix}${file}`).sort());
        // Each view carries its own compiled template, and each export is declared with its type.
        for (const [name, view] of Object.entries(module)) {
          expect(Object.keys(view.templates)).toContain(view.name);
          expect(declarations).toContain(`export declare const ${name}: CompiledView;`);
        }
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('pages', () => {
  beforeAll(() => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date('2021-03-15T12:00:00.000Z'));
  });
  afterAll(() => vi.useRealTimers());

  it.each(Object.keys(pages))('%s: a whole GOV.UK page, what people typed escaped', (name) => {
    const page = pages[name]!();
    expect(page).toMatch(/^<!DOCTYPE html>/);
    expect(page).toContain('class="govuk-template__body');
    expect(page).toContain('<header class="govuk-template__header">');
    expect(page).toContain('progress reported by the sponsors of each priority');
    expect(page.trimEnd()).toMatch(/<\/html>$/);
    expect(page).not.toContain('<script>alert');
    expect(page).not.toMatch(/undefined|\[object Object\]/);
    // The footer's links to the statutory pages, on every page.
    for (const path of ['/accessibility', '/privacy', '/cookies']) expect(page).toContain(`<a class="govuk-footer__link" href="${path}">`);
    // Its stylesheet, and any asset, by the version compiled with the views: a name cached as immutable.
    expect(page).toContain(`<link rel="stylesheet" href="/assets/${assetVersion}/recovery-progress.css">`);
    expect([...page.matchAll(/(?:href|src)="(\/assets\/[^"]*)"/g)].map(([, url]) => url!.split('/')[2])).toEqual([assetVersion]);
  });

  it('states the organisation and its contacts from its settings, and the periods the code keeps things for', () => {
    const accessibility = accessibilityPage('n', organisation);
    expect(accessibility).toContain('This service is run by Tom &amp; Jerry&#39;s &lt;script&gt;');
    expect(accessibility).toContain('href="mailto:access@example.org"');
    expect(accessibility).toContain('This statement was prepared on 1 December 2026');
    const privacy = privacyPage('n', organisation);
    expect(privacy).toContain('href="mailto:dpo@example.org"');
    expect(privacy).toContain(`A personal link works for 1 day, a token an operator issues for ${defaultTokenDays} days`);
    expect(privacy).toContain('<td class="govuk-table__cell">365 days</td>');
    expect(privacy).toContain(`Until the session ends, after ${sessionHours} hours at most, or you sign out`);
    expect(privacy).toContain(`in the last ${pointInTimeRecoveryDays} days`);
    expect(privacy).toContain(`<td class="govuk-table__cell">${auditRecordDays} days (6 years) after each act, then deleted</td>`);
    const cookies = cookiesPage('n');
    expect(cookies).toContain(`<th scope="row" class="govuk-table__header">${sessionCookie}</th>`);
    expect(cookies).toContain(`After ${sessionHours} hours, or when your personal link expires if that is sooner, or when you sign out`);
    expect(sessionCookie).toBe('__Host-rp_session');
  });
});

describe('a personal link’s Continue page', () => {
  const token = 'rp_0123456789abcdef_secret"<x>';

  it('names whose link it is by role and priority alone, and posts the token and the page to /sessions', () => {
    const page = personalLinkPage('n', {
      token,
      target: { page: 'update-form', priorityId: 'jobs-and-training' },
      role: 'sponsor',
      priorityTitle: 'Jobs and training',
    });
    expect(page).toContain('<title>Continue to the update form for Jobs and training – Recovery progress</title>');
    expect(page).toContain('This personal link is for the sponsor of Jobs and training.');
    expect(page).toMatch(/<form method="post" action="\/sessions" novalidate>/);
    expect(page).toContain('name="token" value="rp_0123456789abcdef_secret&quot;&lt;x&gt;"');
    expect(page).toContain('name="next" value="/priorities/jobs-and-training/updates/new"');
    expect(page).toMatch(/<button[^>]*class="govuk-button"[^>]*>\s*Continue\s*<\/button>/);
    expect(page).not.toContain('action="/sign-out"');
  });

  it('says a board member’s link is a board member’s, on any page', () => {
    const barriers = personalLinkPage('n', { token, target: { page: 'barriers' }, role: 'board' });
    expect(barriers).toContain('This personal link is for a board member.');
    expect(barriers).toContain('name="next" value="/barriers"');
    const assessment = personalLinkPage('n', { token, target: { page: 'assessment-form', priorityId: 'housing' }, role: 'board', priorityTitle: 'Housing' });
    expect(assessment).toContain('This personal link is for a board member.');
    expect(assessment).toContain('Continue to the independent assessment form for Housing');
  });
});

describe('the missed-updates page', () => {
  const cells = missedUpdateCells;

  it('lists the priorities without an update for the current period, longest without one first, with how late and whether the board was told', () => {
    const page = missedUpdatesPage('n', missed);
    expect(cells(page)).toEqual([
      [second.id, 'Never', 'For 2021-03, by 31 March 2021', '8 working days', 'Due: with the next weekly digest'],
      [first.id, '61 days ago, for 2021-02', 'For 2021-03, by 31 March 2021', '8 working days', 'Yes, on 12 April 2021'],
      [third.id, '42 days ago, for 2021-03', 'For 2021-04, by 30 April 2021', 'Not yet', 'No'],
    ]);
    expect(page).toContain('3 priorities have no update for 2021-04, longest without one first');
    expect(page).toContain('Tom &amp; Jerry&#39;s &lt;script&gt;');
  });

  it('says when the board will be told, and that every priority has reported when none is missing', () => {
    const early = missedUpdatesPage('n', { ...missed, calendar: reportingCalendar('month', 5, new Date('2021-04-06T08:00:00Z')), escalated: new Map() });
    expect(cells(early)[0]).toEqual([second.id, 'Never', 'For 2021-03, by 31 March 2021', '4 working days', 'No; due on 7 April 2021']);
    const none = missedUpdatesPage('n', { ...missed, priorities: [{ priority: first, summary: { ...rated, period: '2021-04' } }] });
    expect(none).toContain('Every priority has an update for 2021-04.');
    expect(none).not.toContain('<table');
  });
});
