import { describe, expect, it } from 'vitest';
import { catalogue, programmeIds } from '#shared/catalogue/index';
import type { Versioned } from '#shared/data/core';
import {
  askChangeFromForm,
  askChangeProblems,
  askChangeSchema,
  askTotals,
  changesAsk,
  formatGbp,
  movedSince,
  newTrackedAsk,
  nextAskState,
  type TrackedAsk,
} from '#shared/domain/ask';
import { packAsks } from '#shared/domain/board-pack-asks';
import { type Priority, programmeSchema } from '#shared/domain/catalogue';
import type { CommitmentChange } from '#shared/domain/commitment';
import { ValidationFailed } from '#shared/domain/errors';
import { filterAlternatives, matchesFilter } from '#shared/domain/event-filter';
import { newUpdateId } from '#shared/domain/ids';
import { portfolioOf } from '#shared/domain/summary';
import { askFormWas, checkAskReports, updateCandidateFromForm } from '#shared/domain/update';
import { type ReconcilePorts, reconcile } from '#shared/services/reconcile';
import { functions } from '../../functions/index.ts';
import { sampleUpdate } from './fixtures.ts';

const ask = (fields: Partial<TrackedAsk> = {}): TrackedAsk => ({ priorityId: 'p', askId: 'a', title: 'An ask', status: 'raised', askedGbp: 100, ...fields });

describe('asks of government', () => {
  it('clears £ secured when an ask moves to a status that cannot hold it', () => {
    const agreed = nextAskState(ask(), { status: 'agreed', securedGbp: 60 });
    expect(agreed).toMatchObject({ status: 'agreed', securedGbp: 60 });
    expect(nextAskState(agreed, { status: 'declined' }).securedGbp).toBeUndefined();
  });

  it('clears a field set to null and keeps those left out', () => {
    expect(nextAskState(ask({ department: 'DfE', response: 'Yes' }), { department: null })).toEqual(ask({ response: 'Yes' }));
  });

  it('refuses £ secured for an ask that is not agreed', () => {
    expect(askChangeProblems(ask(), { securedGbp: 5 })).toEqual([{ field: 'securedGbp', message: 'only an agreed or partly agreed ask has £ secured' }]);
    expect(askChangeProblems(ask(), { securedGbp: 5, status: 'partly-agreed' })).toEqual([]);
  });

  it('takes whole pounds of 0 or more only', () => {
    expect(askChangeSchema.safeParse({ askedGbp: -1 }).success).toBe(false);
    expect(askChangeSchema.safeParse({ askedGbp: 1.5 }).success).toBe(false);
    expect(askChangeSchema.safeParse({ askedGbp: 0, status: 'agreed' }).success).toBe(true);
    expect(askChangeSchema.safeParse({ colour: 'red' }).success).toBe(false);
  });

  it('tells a change that changes nothing', () => {
    expect(changesAsk(ask(), { status: 'raised', askedGbp: 100 })).toBe(false);
    expect(changesAsk(ask(), { status: 'agreed' })).toBe(true);
  });

  it('totals £ asked and secured by status', () => {
    const totals = askTotals([ask({ status: 'agreed', securedGbp: 50 }), ask({ status: 'agreed', askedGbp: undefined }), ask()]);
    expect(totals.all).toEqual({ count: 3, askedGbp: 200, securedGbp: 50 });
    expect(totals.byStatus.agreed).toEqual({ count: 2, askedGbp: 100, securedGbp: 50 });
    expect(totals.byStatus.withdrawn).toEqual({ count: 0, askedGbp: 0, securedGbp: 0 });
  });

  it('lists the asks changed since a time, latest first', () => {
    const asks = [ask({ askId: 'x' }), ask({ askId: 'y', changedAt: '2021-03-02T00:00:00Z' }), ask({ askId: 'z', changedAt: '2021-03-05T00:00:00Z' })];
    expect(movedSince(asks, '2021-03-03T00:00:00Z').map((a) => a.askId)).toEqual(['z']);
    expect(movedSince(asks, undefined).map((a) => a.askId)).toEqual(['z', 'y']);
  });

  it('writes money as £ with thousands separated', () => {
    expect(formatGbp(1234567)).toBe('£1,234,567');
    expect(formatGbp(0)).toBe('£0');
  });

  it('reads a form: blank clears, amounts may have £ and commas', () => {
    expect(askChangeFromForm({ status: 'agreed', securedGbp: '£1,500', response: '', nextStepText: '', version: '3' })).toEqual({
      status: 'agreed',
      securedGbp: 1500,
      response: null,
      nextStep: null,
      version: 3,
    });
    const parsed = askChangeSchema.safeParse(askChangeFromForm({ nextStepText: '', nextStepOwner: 'Ann' }));
    expect(parsed.success).toBe(false);
  });

  it('starts a tracked ask from the catalogue, not yet raised, with its amount', () => {
    expect(newTrackedAsk('p', { id: 'a', title: 'T', amountGbp: 11_000_000 })).toEqual({
      priorityId: 'p',
      askId: 'a',
      title: 'T',
      status: 'not-yet-raised',
      askedGbp: 11_000_000,
    });
  });
});

describe('catalogue ask ids', () => {
  it('gives every ask of every catalogue an id, unique within its priority', () => {
    for (const programmeId of programmeIds) {
      for (const priority of catalogue(programmeId).priorities) {
        const ids = priority.asksOfGovernment.map((a) => a.id);
        expect(new Set(ids).size, priority.id).toBe(ids.length);
      }
    }
  });

  it('refuses a catalogue with two asks of one id in a priority', () => {
    const twice = {
      id: 'x',
      title: 'X',
      name: 'X',
      startsOn: '2021-01-01',
      priorities: [
        {
          id: 'p',
          title: 'P',
          asksOfGovernment: [
            { id: 'a', title: 'A' },
            { id: 'a', title: 'B' },
          ],
        },
      ],
    };
    expect(programmeSchema.safeParse(twice).success).toBe(false);
  });
});

describe('asks on the update form', () => {
  const shown = ask({ status: 'raised', response: 'Awaiting a reply' });
  const form = (status: string, secured: string, response = 'Awaiting a reply') => ({
    status: 'green',
    askId: ['a', 'b'],
    askWas: [askFormWas(shown), askFormWas(ask({ askId: 'b' }))],
    askStatus: [status, 'raised'],
    askSecuredGbp: [secured, ''],
    askResponse: [response, ''],
    askNextStep: ['', ''],
  });

  it('reports only the asks changed, with only the fields changed', () => {
    expect(updateCandidateFromForm(form('agreed', '£2,000')).asks).toEqual([{ id: 'a', status: 'agreed', securedGbp: 2000 }]);
    expect(updateCandidateFromForm(form('raised', '', '')).asks).toEqual([{ id: 'a', response: null }]);
  });

  it('reports nothing when no ask was changed', () => {
    expect(updateCandidateFromForm(form('raised', ''))).not.toHaveProperty('asks');
  });

  it('refuses ask fields that do not line up', () => {
    expect(() => updateCandidateFromForm({ ...form('raised', ''), askStatus: 'raised' })).toThrow(ValidationFailed);
  });

  it('refuses an update naming an ask the priority does not have, or £ secured for an ask not agreed', () => {
    const tracked = new Map([['a', shown]]);
    expect(() => checkAskReports([{ id: 'z', status: 'agreed' }], tracked)).toThrow(ValidationFailed);
    try {
      checkAskReports([{ id: 'a', securedGbp: 5 }], tracked);
      expect.unreachable();
    } catch (error) {
      expect((error as ValidationFailed).fieldErrors).toEqual([{ field: 'asks.0.securedGbp', message: 'only an agreed or partly agreed ask has £ secured' }]);
    }
    expect(() => checkAskReports([{ id: 'a', status: 'agreed', securedGbp: 5 }], tracked)).not.toThrow();
  });
});

describe('the commitments consumer’s filter', () => {
  const { filter } = functions.commitments.stream;
  const record = (image: Record<string, unknown>) => ({
    eventName: 'INSERT',
    dynamodb: { Keys: { pk: { S: 'PRIORITY#p' } }, NewImage: { entity: { S: 'update' }, ...image } },
  });

  it('passes a new update that reports any commitment, and a correction, and no other', () => {
    const named = { L: [{ M: { id: { S: 'a' } } }] };
    expect(matchesFilter(filter, record({ asks: named }))).toBe(true);
    expect(matchesFilter(filter, record({ milestones: named }))).toBe(true);
    expect(matchesFilter(filter, record({ measures: named }))).toBe(true);
    expect(matchesFilter(filter, record({ corrects: { M: { updateId: { S: 'u' }, reason: { S: 'r' } } } }))).toBe(true);
    expect(matchesFilter(filter, record({ asks: { L: [] } }))).toBe(false);
    expect(matchesFilter(filter, record({}))).toBe(false);
  });

  it('is deployed as one Lambda filter per alternative, none with $or', () => {
    const alternatives = filterAlternatives(filter);
    expect(alternatives).toHaveLength(4);
    expect(JSON.stringify(alternatives)).not.toContain('$or');
    expect(alternatives[0]).toEqual({
      eventName: ['INSERT'],
      dynamodb: {
        Keys: { pk: { S: [{ prefix: 'PRIORITY#' }] } },
        NewImage: { entity: { S: ['update'] }, asks: { L: { M: { id: { S: [{ exists: true }] } } } } },
      },
    });
  });
});

describe('reconcile and the asks', () => {
  it('applies again an update’s ask report whose history entry is missing, once', async () => {
    const submittedAt = '2021-03-01T10:00:00.000Z';
    const update = sampleUpdate({
      id: newUpdateId(new Date(submittedAt)),
      priorityId: 'p',
      submittedAt,
      asks: [{ id: 'a', status: 'agreed', securedGbp: 10 }],
    });
    let stored: Versioned<TrackedAsk> = { value: ask(), version: 1 };
    const logged = new Set<string>();
    const ports: ReconcilePorts = {
      programme: {
        snapshot: async () => ({
          programme: undefined,
          priorities: [{ id: 'p', title: 'P' } as Priority],
          summaries: new Map(),
          portfolio: portfolioOf([]),
          assessments: new Map(),
        }),
      },
      updates: { list: async () => ({ updates: [update] }) },
      summaries: { get: async () => undefined, rebuild: async () => undefined },
      commitments: {
        list: async () => ({ asks: [], milestones: [], measures: [] }),
        item: async () => undefined,
        commit: async () => true,
        ask: async () => stored,
        logged: async (entry) => logged.has(entry.changeId),
        changeAsk: async (next, version, entry) => {
          stored = { value: next, version: version + 1 };
          logged.add(entry.changeId);
          return true;
        },
      },
    };
    expect((await reconcile(ports, { now: new Date('2021-03-02T00:00:00Z') })).asksReapplied).toBe(1);
    expect(stored.value).toMatchObject({ status: 'agreed', securedGbp: 10, updateId: update.id });
    expect((await reconcile(ports, { now: new Date('2021-03-02T00:00:00Z') })).asksReapplied).toBe(0);
  });
});

describe('asks in a board pack', () => {
  const priority = {
    id: 'p',
    asksOfGovernment: [
      { id: 'a', title: 'Ask A', amountGbp: 100 },
      { id: 'b', title: 'Ask B' },
    ],
  };
  const change = (at: string, state: Partial<TrackedAsk>, reason?: string): CommitmentChange<TrackedAsk> => ({
    priorityId: 'p',
    kind: 'ASK',
    id: 'a',
    at,
    changeId: at,
    by: { role: 'sponsor', name: 'Sam' },
    ...(reason ? { reason } : {}),
    state: ask({ askId: 'a', ...state }),
  });
  const history = [
    change('2021-05-02T09:00:00Z', { status: 'declined' }),
    change('2020-12-01T09:00:00Z', { status: 'raised' }),
    change('2021-02-10T09:00:00Z', { status: 'agreed', securedGbp: 60 }, 'Letter from HMT'),
  ];

  it('gives each ask as it stood at the quarter’s end, with the quarter’s changes, whatever order the history is read in', () => {
    const asks = packAsks(priority, history, '2021-Q1');
    expect(asks).toEqual([
      {
        askId: 'a',
        title: 'Ask A',
        status: 'agreed',
        askedGbp: 100,
        securedGbp: 60,
        changes: [
          {
            at: '2021-02-10T09:00:00Z',
            by: { role: 'sponsor', name: 'Sam' },
            reason: 'Letter from HMT',
            state: { status: 'agreed', askedGbp: 100, securedGbp: 60 },
          },
        ],
      },
      { askId: 'b', title: 'Ask B', status: 'not-yet-raised', changes: [] },
    ]);
    expect(packAsks(priority, [...history].reverse(), '2021-Q1')).toEqual(asks);
  });

  it('places a change an update reported in that update’s period, not on the day it was applied', () => {
    const reported = { ...change('2021-04-20T09:00:00Z', { status: 'partly-agreed', securedGbp: 40 }), updateId: 'u', period: '2021-03' };
    const [inQ1] = packAsks(priority, [...history, reported], '2021-Q1');
    expect(inQ1).toMatchObject({ status: 'partly-agreed', securedGbp: 40 });
    expect(inQ1!.changes.map((c) => c.updateId)).toEqual([undefined, 'u']);
    expect(packAsks(priority, [...history, reported], '2021-Q2')[0]!.changes.map((c) => c.state.status)).toEqual(['declined']);
  });
});
