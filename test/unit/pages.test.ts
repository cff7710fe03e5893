/**
 * The pages' templates: the committed compiled module is what the views compile to, and every
 * page renders from it, each view through the function that builds its view model, with the
 * branches its template has, escaping what people typed.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { catalogue } from '#shared/catalogue/index';
import type { Person } from '#shared/domain/people';
import { emptySummary, type PrioritySummary } from '#shared/domain/summary';
import { confirmationPage, dashboardPage, messagePage, preferencesPage, priorityPage, updateFormPage } from '#shared/pages/pages';
import { templatesModule, templatesModulePath } from '../../infra/templates.ts';
import { sampleUpdate } from './fixtures.ts';

vi.mock('#shared/domain/ids', async (original) => ({ ...(await original<typeof import('#shared/domain/ids')>()), newSecret: () => 'submission-0123456789' }));

const programme = catalogue('west-midlands-community-recovery');
const [first, second, third] = programme.priorities as [(typeof programme.priorities)[number], (typeof programme.priorities)[number], (typeof programme.priorities)[number]];
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

const form = { priority: first, summary: rated, author: { name: typed }, scale: 'five-point', reportingPeriod: 'month', csrfToken: 'csrf-token' } as const;

/** Each view with the branches of its template; the names say what each case shows. */
const pages: Record<string, () => string> = {
  'update form, fresh, with the last update and barriers carried': () => updateFormPage({ ...form, nonce: 'n1', lastUpdate: history[0] }),
  'update form, first update, three-point scale, by quarter': () =>
    updateFormPage({ ...form, nonce: 'n2', priority: second, summary: emptySummary(second.id), author: {}, scale: 'three-point', reportingPeriod: 'quarter', lastUpdate: undefined }),
  'update form, sent back with errors': () =>
    updateFormPage({
      ...form,
      nonce: 'n3',
      lastUpdate: history[1],
      values: { status: 'red', summary: typed, achievements: ['a', 'b'], carriedBarriers: [] },
      errors: [
        { field: 'statusRationale', message: 'explain the rating: required for red' },
        { field: 'period', message: 'Invalid' },
        { field: 'summary', message: 'Too big: expected at most 2000' },
        { field: 'barriers.0.description', message: 'too long' },
      ],
    }),
  'confirmation with lists': () => confirmationPage('n4', history[0]!, first.title),
  'confirmation without lists or rationale': () => confirmationPage('n5', history[1]!, typed),
  'message': () => messagePage('n6', typed, [typed, 'Second paragraph']),
  'dashboard': () =>
    dashboardPage('n7', [
      { priority: first, summary: rated },
      { priority: second, summary: emptySummary(second.id) },
      { priority: third, summary: { ...rated, priorityId: third.id, status: 'green', trend: 'new', barriersNeedingBoardSupport: [] } },
    ]),
  'dashboard, one barrier for the board': () => dashboardPage('n8', [{ priority: first, summary: rated }]),
  'priority with history': () => priorityPage('n9', first, rated, history),
  'priority without history': () => priorityPage('n10', { ...second, description: undefined, ambitions: [], asksOfGovernment: [] }, emptySummary(second.id), []),
  'preferences': () => preferencesPage('n11', person, person.preferencesKey, false),
  'preferences, saved and off': () => preferencesPage('n12', { ...person, preferences: { updateNotifications: false } }, person.preferencesKey, true),
};

describe('the committed templates', () => {
  it('are what the views and GOV.UK Frontend compile to', () => {
    const committed = readFileSync(templatesModulePath, 'utf8').split('\n');
    const generated = templatesModule().split('\n');
    // A line holds a folder's compiled templates: name the templates of the lines that differ.
    const differing = [...committed.filter((line) => !generated.includes(line)), ...generated.filter((line) => !committed.includes(line))].map(
      (line) => line.match(/(?<=^|; )const \w+/g)?.join(', ') ?? line.slice(0, 100),
    );
    expect(differing, 'shared/pages/templates.ts is out of date: run `npm run templates` and commit the result').toEqual([]);
    expect(committed).toEqual(generated);
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
  });
});
