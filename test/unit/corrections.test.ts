/** Corrections of updates: which updates stand, who may correct one and until when, and what follows a correction. */
import { describe, expect, it } from 'vitest';
import { buildBoardPack } from '#shared/domain/board-pack';
import type { Priority } from '#shared/domain/catalogue';
import { authoriseCorrection, correctionsOf, effectiveUpdates, parseCorrectionInput } from '#shared/domain/corrections';
import { type Credential, issueToken } from '#shared/domain/credential';
import { newUpdateId } from '#shared/domain/ids';
import type { Status } from '#shared/domain/rating';
import { applyUpdate, emptySummary, type PrioritySummary, summaryAccountsFor, summaryFromHistory } from '#shared/domain/summary';
import type { ProgressUpdate } from '#shared/domain/update';
import { summariseCorrection } from '#shared/services/summarise';
import { sampleUpdate } from './fixtures.ts';

const priorityId = 'jobs-and-training';
const day = 86_400_000;

function update(period: string, status: Status, at: string, extra: Partial<ProgressUpdate> = {}): ProgressUpdate {
  return sampleUpdate({ id: newUpdateId(new Date(at)), priorityId, period, status, submittedAt: at, statusRationale: 'Because.', ...extra });
}

function correction(of: ProgressUpdate, period: string, status: Status, at: string, reason = 'The wrong period was given.'): ProgressUpdate {
  return update(period, status, at, { corrects: { updateId: of.id, reason } });
}

const january = update('2021-01', 'green', '2021-02-01T10:00:00Z');
const february = update('2021-02', 'amber', '2021-03-01T10:00:00Z');
const fixed = correction(february, '2021-03', 'red', '2021-03-05T10:00:00Z');

describe('the updates that stand', () => {
  it('drops every update a correction in the list supersedes, and keeps both in the corrections map', () => {
    expect(effectiveUpdates([fixed, february, january]).map((u) => u.id)).toEqual([fixed.id, january.id]);
    expect(effectiveUpdates([january, february]).map((u) => u.id)).toEqual([january.id, february.id]);
    expect(correctionsOf([fixed, february, january])).toEqual(
      new Map([[february.id, { updateId: fixed.id, reason: 'The wrong period was given.', correctedAt: fixed.submittedAt }]]),
    );
  });

  it('follows a correction of a correction', () => {
    const again = correction(fixed, '2021-03', 'amber-red', '2021-03-06T10:00:00Z');
    expect(effectiveUpdates([again, fixed, february, january]).map((u) => u.id)).toEqual([again.id, january.id]);
  });
});

describe('who may correct an update', () => {
  const now = new Date('2021-03-10T10:00:00Z');
  const credential = (over: Partial<Credential>): Credential => ({ ...issueToken({ priorityId }).credential, ...over });
  const sponsor = credential({ personId: 'p-sponsor' });
  const original = { ...february, author: { tokenId: sponsor.tokenId, personId: 'p-sponsor', role: 'sponsor' as const } };
  const late = new Date(Date.parse(original.submittedAt) + 31 * day);

  it('lets the author, by person or (without one) by token, and the delivery lead correct within the window', () => {
    expect(authoriseCorrection(credential({ personId: 'p-sponsor' }), original, 30, now).personId).toBe('p-sponsor');
    const unnamed = credential({});
    expect(authoriseCorrection(unnamed, { ...original, author: { tokenId: unnamed.tokenId } }, 30, now).tokenId).toBe(unnamed.tokenId);
    expect(authoriseCorrection(credential({ role: 'delivery-lead', personId: 'p-lead' }), original, 30, now).role).toBe('delivery-lead');
  });

  it('refuses another sponsor of the priority, another priority’s credential, and anyone but the board after the window', () => {
    expect(() => authoriseCorrection(credential({ personId: 'p-other' }), original, 30, now)).toThrow(/author/);
    expect(() => authoriseCorrection(credential({ personId: 'p-sponsor', priorityId: 'other' }), original, 30, now)).toThrow();
    expect(() => authoriseCorrection(sponsor, original, 30, late)).toThrow(/30 days/);
    expect(() => authoriseCorrection(credential({ role: 'delivery-lead' }), original, 30, late)).toThrow(/30 days/);
    expect(authoriseCorrection(sponsor, original, 31, late).personId).toBe('p-sponsor');
  });

  it('lets a board member correct at any time', () => {
    const board = issueToken({ role: 'board' }).credential;
    expect(authoriseCorrection(board, original, 30, new Date(Date.parse(original.submittedAt) + 400 * day)).role).toBe('board');
  });

  it('needs a reason, and refuses barriers', () => {
    const fields = { status: 'red', period: '2021-03', summary: 'Fixed.' };
    expect(() => parseCorrectionInput(fields, 'five-point')).toThrow();
    expect(parseCorrectionInput({ ...fields, reason: ' Wrong period. ' }, 'five-point').reason).toBe('Wrong period.');
    expect(() => parseCorrectionInput({ ...fields, reason: 'x', barriers: [] }, 'five-point')).toThrow();
  });
});

describe('the summary after a correction', () => {
  it('is derived from the updates that stand', () => {
    const summary = summaryFromHistory(priorityId, [fixed, february, january]);
    expect(summary).toMatchObject({ status: 'red', period: '2021-03', previousStatus: 'green', updateCount: 2, lastUpdateId: fixed.id });
    expect(summary.recent.map((entry) => entry.id)).toEqual([january.id, fixed.id]);
  });

  it('is written by the stream consumer from the whole history, once: the same correction again writes nothing', async () => {
    const stored: { value?: PrioritySummary; version: number } = { value: { ...emptySummary(priorityId, 'Jobs'), status: 'amber' }, version: 3 };
    const writes: number[] = [];
    const ports = {
      summaries: {
        get: async () => (stored.value ? { value: stored.value, version: stored.version } : undefined),
        save: async (summary: PrioritySummary, version: number) => {
          writes.push(version);
          stored.value = summary;
          stored.version = version + 1;
        },
      },
      updates: { list: async () => ({ updates: [fixed, february, january] }) },
    };
    const first = await summariseCorrection(ports, fixed, '100');
    expect(first.summaryChanged).toBe(true);
    expect(stored.value).toMatchObject({ status: 'red', title: 'Jobs', appliedThrough: '100', updateCount: 2 });
    expect((await summariseCorrection(ports, fixed, '100')).summaryChanged).toBe(false);
    expect(writes).toEqual([3]);
  });

  it('takes no replay of the corrected update, until the window has moved past it', () => {
    const summary = summaryFromHistory(priorityId, [fixed, february, january]);
    expect(summary.corrected).toEqual([february.id]);
    expect(applyUpdate(summary, february)).toBeNull();
    // Eight updates later the window has moved past it: the summary is the one its whole history derives.
    const after = Array.from({ length: 8 }, (_, i) => {
      const month = String(i + 4).padStart(2, '0');
      return update(`2021-${month}`, 'amber', `2021-${month}-05T10:00:00.000Z`);
    });
    const later = after.reduce((current, next) => applyUpdate(current, next)!, summary);
    expect(later.corrected).toBeUndefined();
    expect(later).toEqual(summaryFromHistory(priorityId, [fixed, february, january, ...after]));
  });

  it('sends reconcile to the whole history while a correction is among the newest updates', () => {
    const summary = summaryFromHistory(priorityId, [fixed, february, january]);
    expect(summaryAccountsFor(summary, [fixed, february, january], () => true)).toBe(false);
    expect(summaryAccountsFor(summaryFromHistory(priorityId, [february, january]), [february, january], () => true)).toBe(true);
  });
});

describe('a board pack after a correction', () => {
  const priority = {
    id: priorityId,
    title: 'Jobs',
    kind: 'citizen-priority',
    sponsor: {},
    ambitions: [],
    asksOfGovernment: [],
    collaborationOpportunities: [],
    goodPractice: [],
  } as unknown as Priority;
  const march = update('2021-03', 'amber', '2021-04-02T10:00:00Z');
  const corrected = correction(march, '2021-02', 'red', '2021-04-20T10:00:00Z', 'It was February’s.');
  const pack = (quarter: string, updates: ProgressUpdate[], older: ProgressUpdate[] = []) =>
    buildBoardPack({
      quarter,
      programmeTitle: 'R',
      madeAt: new Date('2021-07-01T06:00:00Z'),
      priorities: [{ priority, updates, corrected: older, assessments: [], barriers: [] }],
    }).priorities[0]!;

  it('places a barrier the corrected update raised in the period of its correction', () => {
    const barrier = {
      priorityId,
      barrierId: `${march.id}-0`,
      description: 'Data sharing',
      needsBoardSupport: true,
      status: 'open' as const,
      raisedBy: march.id,
      raisedAt: march.submittedAt,
      raisedPeriod: '2021-03',
      stateFrom: march.id,
      responses: [],
    };
    const placedIn = (quarter: string, updates: ProgressUpdate[]) =>
      buildBoardPack({
        quarter,
        programmeTitle: 'R',
        madeAt: new Date('2021-07-01T06:00:00Z'),
        priorities: [{ priority, updates, assessments: [], barriers: [barrier] }],
      }).priorities[0]!.barriersOpened.map((b) => b.barrierId);
    const toApril = correction(march, '2021-04', 'red', '2021-04-20T10:00:00Z');
    expect(placedIn('2021-Q1', [march])).toEqual([barrier.barrierId]);
    expect(placedIn('2021-Q1', [toApril, march])).toEqual([]);
    expect(placedIn('2021-Q2', [toApril, march])).toEqual([barrier.barrierId]);
  });

  it('is built from the updates that stand', () => {
    const q1 = pack('2021-Q1', [corrected, march, january]);
    expect(q1).toMatchObject({ status: 'red', statusPeriod: '2021-02', updateIds: [january.id, corrected.id] });
  });

  it('notes corrections made since the previous quarter’s end to updates of earlier periods, with what they changed', () => {
    const note = {
      updateId: corrected.id,
      correctsUpdateId: march.id,
      correctedAt: corrected.submittedAt,
      reason: 'It was February’s.',
      before: { period: '2021-03', status: 'amber' },
      after: { period: '2021-02', status: 'red' },
    };
    expect(pack('2021-Q2', [corrected, march, january]).corrections).toEqual([note]);
    // The original older than the history read comes beside it.
    expect(pack('2021-Q2', [corrected], [march]).corrections).toEqual([note]);
    // Not in the quarter it corrects (that pack was made before), nor one made in the previous quarter.
    expect(pack('2021-Q1', [corrected, march, january]).corrections).toEqual([]);
    expect(pack('2021-Q2', [fixed, february, january]).corrections).toEqual([]);
  });
});
