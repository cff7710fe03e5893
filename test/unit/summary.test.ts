import { describe, expect, it } from 'vitest';
import { newUpdateId } from '#shared/domain/ids';
import type { Status } from '#shared/domain/rating';
import {
  applyUpdate,
  emptySummary,
  type PrioritySummary,
  portfolioOf,
  portfolioView,
  positionAfter,
  recentChangesKept,
  recentWindow,
  sameContent,
  statusChanges,
  summaryAccountsFor,
  summaryFromHistory,
} from '#shared/domain/summary';
import type { ProgressUpdate } from '#shared/domain/update';
import { sampleUpdate } from './fixtures.ts';

let clock = Date.parse('2021-03-01T09:00:00Z');
function update(status: Status, extra: Partial<ProgressUpdate> = {}): ProgressUpdate {
  clock += 60_000;
  const at = new Date(clock);
  return sampleUpdate({ id: newUpdateId(at), submittedAt: at.toISOString(), status, ...extra });
}

function applyAll(updates: ProgressUpdate[], start: PrioritySummary = emptySummary('jobs-and-training')): PrioritySummary {
  return updates.reduce((summary, u) => applyUpdate(summary, u) ?? summary, start);
}

describe('priority summary', () => {
  it('starts new, then follows the latest update', () => {
    const first = update('amber', {
      barriers: [
        { description: 'Data', needsBoardSupport: true },
        { description: 'Local', needsBoardSupport: false },
      ],
    });
    const s1 = applyUpdate(emptySummary('jobs-and-training'), first)!;
    expect(s1).toMatchObject({
      status: 'amber',
      previousStatus: null,
      trend: 'new',
      statusChangedAt: first.submittedAt,
      lastUpdateId: first.id,
      updateCount: 1,
      barriersNeedingBoardSupport: [{ description: 'Data', needsBoardSupport: true }],
    });
    expect(s1.openBarriers).toHaveLength(2);

    const second = update('red');
    const s2 = applyUpdate(s1, second)!;
    expect(s2).toMatchObject({
      status: 'red',
      previousStatus: 'amber',
      trend: 'worsening',
      statusChangedAt: second.submittedAt,
      updateCount: 2,
      openBarriers: [],
    });

    const third = update('red');
    expect(applyUpdate(s2, third)).toMatchObject({ trend: 'stable', statusChangedAt: second.submittedAt, updateCount: 3 });
    expect(applyUpdate(applyUpdate(s2, third)!, update('green'))).toMatchObject({ trend: 'improving', previousStatus: 'red' });
  });

  it('a duplicate changes nothing', () => {
    const u = update('amber');
    const s = applyUpdate(emptySummary('jobs-and-training'), u)!;
    expect(applyUpdate(s, u)).toBeNull();
  });

  it('any delivery order, with duplicates, ends in the same summary as in-order delivery', () => {
    const updates = (['green', 'amber', 'amber', 'red', 'amber-red', 'green'] as Status[]).map((status) => update(status));
    const inOrder = applyAll(updates);
    const orders = [
      [...updates].reverse(),
      [updates[3]!, updates[0]!, updates[5]!, updates[1]!, updates[4]!, updates[2]!],
      [...updates, ...updates.slice(2), updates[0]!],
    ];
    for (const order of orders) expect(applyAll(order)).toEqual(inOrder);
    expect(inOrder).toMatchObject({ status: 'green', previousStatus: 'amber-red', trend: 'improving', updateCount: 6 });
  });

  it('an older update delivered late is counted but does not replace the latest', () => {
    const older = update('red');
    const newer = update('green');
    const s = applyAll([newer, older]);
    expect(s).toMatchObject({ status: 'green', lastUpdateId: newer.id, updateCount: 2, previousStatus: 'red' });
  });

  it('keeps a bounded window, and treats anything older than it as already counted', () => {
    const updates = Array.from({ length: recentWindow + 3 }, () => update('amber'));
    const s = applyAll(updates);
    expect(s.recent).toHaveLength(recentWindow);
    expect(s.updateCount).toBe(updates.length);
    expect(applyUpdate(s, updates[0]!)).toBeNull();
    // The status has not changed since the first update, even though it left the window.
    expect(s.statusChangedAt).toBe(updates[0]!.submittedAt);
  });
});

describe('portfolio, derived from the summaries', () => {
  it('records each priority once and the latest status changes newest first', () => {
    const a = applyAll([update('green'), update('amber')]);
    const b = { ...applyAll([update('red')]), priorityId: 'education-and-young-people' };
    const portfolio = portfolioOf([a, b, emptySummary('jobs-and-training-2')]);
    expect(Object.keys(portfolio.priorities).sort()).toEqual(['education-and-young-people', 'jobs-and-training']);
    expect(portfolio.recentChanges.map((c) => [c.priorityId, c.from, c.to])).toEqual([
      ['education-and-young-people', null, 'red'],
      ['jobs-and-training', 'green', 'amber'],
      ['jobs-and-training', null, 'green'],
    ]);
    expect(portfolio.recentChanges[0]!.at).toBe(b.lastUpdateAt);
    const view = portfolioView(portfolio, ['jobs-and-training', 'education-and-young-people', 'jobs-and-training-2'], ['green', 'amber', 'red']);
    expect(view.counts).toEqual({ green: 0, amber: 1, red: 1, none: 1 });
    expect(view.byStatus.none).toEqual(['jobs-and-training-2']);
  });

  it('is the same whatever order the summaries come in, and keeps the ten newest changes', () => {
    const summaries = ['a', 'b', 'c'].map((id) => ({
      ...applyAll([update('green'), update('red'), update('green'), update('amber'), update('amber')]),
      priorityId: id,
    }));
    const portfolio = portfolioOf(summaries);
    expect(portfolio).toEqual(portfolioOf([...summaries].reverse()));
    expect(portfolio.recentChanges).toHaveLength(recentChangesKept);
    expect(portfolio.recentChanges.map((c) => c.updateId)).toEqual([...portfolio.recentChanges.map((c) => c.updateId)].sort().reverse());
  });

  it('lists no change before the oldest update a window holds', () => {
    const long = applyAll(Array.from({ length: recentWindow + 3 }, (_, i) => update(i < recentWindow + 1 ? 'green' : 'red')));
    expect(statusChanges(long).map((c) => [c.from, c.to])).toEqual([['green', 'red']]);
  });

  it('a summary with no updates yet adds nothing', () => {
    expect(portfolioOf([emptySummary('x')])).toEqual({ priorities: {}, recentChanges: [] });
  });
});

describe('updates older than the window', () => {
  const updates = Array.from({ length: recentWindow + 2 }, () => update('amber'));
  const position = (n: number) => String(1000 + n).padStart(21, '0');

  it('counts an older update committed late (a stream position beyond all applied)', () => {
    // The newest eight arrive first, then the two oldest ids, committed later.
    const newest = updates.slice(2);
    let summary = newest.reduce((s, u, i) => applyUpdate(s, u, position(i))!, emptySummary('jobs-and-training'));
    summary = applyUpdate(summary, updates[0]!, position(20))!;
    summary = applyUpdate(summary, updates[1]!, position(21))!;
    expect(summary.updateCount).toBe(updates.length);
    expect(summary.lastUpdateId).toBe(updates[updates.length - 1]!.id);
  });

  it('treats the same records from earlier stream positions as a replay', () => {
    const summary = updates.reduce((s, u, i) => applyUpdate(s, u, position(i))!, emptySummary('jobs-and-training'));
    expect(applyUpdate(summary, updates[0]!, position(0))).toBeNull();
    expect(applyUpdate(summary, updates[1]!, position(1))).toBeNull();
  });

  it('compares positions as numbers, not text', () => {
    expect(positionAfter('100', '99')).toBe(true);
    expect(positionAfter('99', '100')).toBe(false);
  });
});

describe('reconciling a summary with the stored updates', () => {
  const settled = () => true;
  /** The newest updates as the table returns them: at most a window's worth, newest first. */
  const newestOf = (updates: ProgressUpdate[]) => [...updates].reverse().slice(0, recentWindow);
  const statuses: Status[] = ['green', 'amber', 'red', 'amber-green', 'amber-red'];
  const histories = [1, recentWindow - 1, recentWindow, recentWindow + 5].map((length) =>
    Array.from({ length }, (_, i) => update(statuses[i % statuses.length]!, { barriers: [{ description: `b${i}`, needsBoardSupport: i % 2 === 0 }] })),
  );

  it.each(histories.map((history) => [history.length, history] as const))(
    'derives from a history of %i the summary the stream builds, and finds it agrees',
    (_length, history) => {
      const streamed = applyAll(history);
      const derived = summaryFromHistory('jobs-and-training', [...history].reverse());
      expect(sameContent(derived, streamed)).toBe(true);
      expect(summaryAccountsFor(streamed, newestOf(history), settled)).toBe(true);
    },
  );

  it.each(histories.map((history) => [history.length, history] as const))(
    'finds a summary of %i updates that missed the newest, or was set back by hand',
    (_length, history) => {
      const newest = newestOf(history);
      const missedLast = applyAll(history.slice(0, -1));
      expect(summaryAccountsFor(missedLast, newest, settled)).toBe(false);
      const streamed = applyAll(history);
      const older = history.length > 1 ? history[history.length - 2]! : history[0]!;
      expect(summaryAccountsFor({ ...streamed, lastUpdateId: older.id === streamed.lastUpdateId ? null : older.id }, newest, settled)).toBe(false);
      expect(summaryAccountsFor({ ...streamed, updateCount: streamed.updateCount - 1 }, newest, settled)).toBe(history.length > recentWindow); // beyond the window only a full pass sees the count
      expect(summaryAccountsFor({ ...streamed, openBarriers: [] }, newest, settled)).toBe(false);
      expect(summaryAccountsFor({ ...streamed, period: '1999-01' }, newest, settled)).toBe(false);
      // The fields the window decides, not only the headline.
      expect(summaryAccountsFor({ ...streamed, previousStatus: 'green', trend: 'improving' }, newest, settled)).toBe(false);
      expect(summaryAccountsFor({ ...streamed, trend: streamed.trend === 'stable' ? 'new' : 'stable' }, newest, settled)).toBe(false);
      expect(summaryAccountsFor({ ...streamed, statusChangedAt: '2099-01-01T00:00:00.000Z' }, newest, settled)).toBe(false);
      expect(summaryAccountsFor({ ...streamed, barriersNeedingBoardSupport: [{ description: 'x', needsBoardSupport: true }] }, newest, settled)).toBe(false);
      expect(summaryAccountsFor({ ...streamed, lastUpdateAt: '1999-01-01T00:00:00.000Z' }, newest, settled)).toBe(false);
    },
  );

  it('finds a summary that claims anything for a priority with no updates', () => {
    const empty = emptySummary('jobs-and-training', 'Jobs');
    expect(summaryAccountsFor(empty, [], settled)).toBe(true);
    expect(summaryAccountsFor({ ...empty, period: '2021-03' }, [], settled)).toBe(false);
    expect(summaryAccountsFor({ ...empty, openBarriers: [{ description: 'x', needsBoardSupport: false }] }, [], settled)).toBe(false);
    expect(summaryAccountsFor({ ...empty, trend: 'new' }, [], settled)).toBe(false);
  });

  it('does not call an update missed while the stream may still be applying it', () => {
    const history = histories[2]!;
    const missedLast = applyAll(history.slice(0, -1));
    const latest = history[history.length - 1]!;
    expect(summaryAccountsFor(missedLast, newestOf(history), (u) => u.id !== latest.id)).toBe(true);
  });

  it('keeps the stream position the summary reached, and the title the seed gave it', () => {
    const derived = summaryFromHistory('jobs-and-training', histories[0]!, { appliedThrough: '42', title: 'Jobs & training' });
    expect(derived.appliedThrough).toBe('42');
    expect(derived.title).toBe('Jobs & training');
    expect(sameContent(derived, { ...applyAll(histories[0]!), appliedThrough: '42', title: 'Jobs & training' })).toBe(true);
  });
});
