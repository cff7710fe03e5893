/**
 * Milestones and measures on the local stack: the programme office defines them (board only;
 * anyone else 403 with nothing stored), an update reports a value and a forecast, the stream
 * applies them once however often the record arrives, the priority's JSON and page show them,
 * and reconcile rebuilds a measure's series the stream lost.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { catalogue } from '#shared/catalogue/index';
import { keys } from '#shared/data/keys';
import { addWorkingDays } from '#shared/domain/deadlines';
import type { PublishedMeasure, PublishedMilestone } from '#shared/http/published';
import { applyReportedCommitments } from '#shared/services/commitments';
import { reconcile } from '#shared/services/reconcile';
import { seedProgramme } from '#shared/services/seed';
import { invoke } from '../../infra/local/lambda.ts';
import { eventually, startTestStack, type TestStack, validUpdate } from './stack.ts';

let stack: TestStack;
beforeAll(async () => {
  stack = await startTestStack();
});
afterAll(async () => stack?.stop());

const priority = 'jobs-and-training';
const json = { 'content-type': 'application/json' };
const baseline = '2021-03-05';

function post(path: string, token: string, body: unknown) {
  return stack.request('POST', path, { headers: { ...json, authorization: `Bearer ${token}` }, body: JSON.stringify(body) });
}

async function logEntries(): Promise<number> {
  return (await stack.stores.table.queryPartition(keys.commitmentLogPartition)).length;
}

describe('milestones and measures', () => {
  let board: string;
  let sponsor: string;

  beforeAll(async () => {
    board = await stack.boardToken({ name: 'Programme office' });
    sponsor = await stack.token(priority, { email: 'poster@example.org' });
  });

  it('a board member defines a measure and a milestone; a sponsor, or a sponsor of another priority, cannot (403, nothing stored)', async () => {
    const other = await stack.token('education-and-young-people');
    const milestone = { title: 'Youth hub open', baseline };
    for (const token of [sponsor, other]) {
      expect((await post(`/priorities/${priority}/milestones`, token, milestone)).status).toBe(403);
      expect((await post(`/priorities/${priority}/measures`, token, { name: 'x' })).status).toBe(403);
    }
    expect(await logEntries()).toBe(0);
    expect((await stack.stores.commitments.list(priority)).milestones).toEqual([]);

    const defined = await post(`/priorities/${priority}/milestones`, board, milestone);
    expect(defined.status).toBe(201);
    expect((await defined.json()) as PublishedMilestone).toMatchObject({
      milestoneId: 'youth-hub-open',
      baseline,
      status: 'not-started',
      slippageWorkingDays: 0,
    });
    const taken = await post(`/priorities/${priority}/milestones`, board, milestone);
    expect(taken.status).toBe(422);
    expect(((await taken.json()) as { errors: { field: string }[] }).errors.map((e) => e.field)).toEqual(['title']);

    const measure = {
      name: 'Kickstart placements',
      unit: 'count',
      better: 'higher',
      baseline: { value: 0, date: '2021-01-01' },
      target: { value: 1000, date: '2022-01-01' },
    };
    const badTarget = await post(`/priorities/${priority}/measures`, board, { ...measure, target: { value: 1000, date: '2020-01-01' } });
    expect(badTarget.status).toBe(422);
    expect((await post(`/priorities/${priority}/measures`, board, measure)).status).toBe(201);
    expect(await logEntries()).toBe(2);
    const acts = (await stack.stores.table.queryPartition(keys.auditPartition(new Date().toISOString().slice(0, 7)))).map((item) => item.act);
    expect(acts).toEqual(expect.arrayContaining(['milestone-defined', 'measure-defined']));
  });

  it('an update reports a value and a forecast 10 working days past the baseline: slippage 10, the value in the series and the chart’s data', async () => {
    const unknown = await post(`/priorities/${priority}/updates`, sponsor, { ...validUpdate, measures: [{ id: 'nothing-like-it', value: 1 }] });
    expect(unknown.status).toBe(422);
    expect(((await unknown.json()) as { errors: { field: string }[] }).errors.map((e) => e.field)).toEqual(['measures.0.id']);

    const forecast = addWorkingDays(baseline, 10);
    const answer = await post(`/priorities/${priority}/updates`, sponsor, {
      ...validUpdate,
      milestones: [{ id: 'youth-hub-open', forecast, status: 'at-risk' }],
      measures: [{ id: 'kickstart-placements', value: 100 }],
    });
    expect(answer.status).toBe(201);
    const detail = await eventually(async () => {
      const read = (await (await stack.request('GET', `/priorities/${priority}`)).json()) as { milestones: PublishedMilestone[]; measures: PublishedMeasure[] };
      return read.measures[0]?.latest && read.milestones[0]?.forecast ? read : undefined;
    });
    expect(detail.milestones[0]).toMatchObject({ milestoneId: 'youth-hub-open', baseline, forecast, status: 'at-risk', slippageWorkingDays: 10, late: true });
    expect(detail.measures[0]).toMatchObject({
      measureId: 'kickstart-placements',
      baseline: { value: 0, date: '2021-01-01' },
      target: { value: 1000, date: '2022-01-01' },
      values: [{ period: '2021-03', value: 100 }],
      // Expected on 31 March 2021: 1000 × 89/365 ≈ 244; 100 is behind by more than 10% of 1000.
      offTrack: true,
    });

    const page = await (await stack.request('GET', `/priorities/${priority}`, { headers: { accept: 'text/html' } })).text();
    expect(page).toContain('data-milestone="youth-hub-open"');
    expect(page).toContain('data-days="10"');
    expect(page).toContain('class="app-measure-chart"');
    expect(page).toContain('class="app-measure-chart__target"');
  });

  it('the board digest names the slipped milestone', async () => {
    const before = (await stack.emails()).length;
    await invoke('digest', { runId: 'commitments' });
    const digest = await eventually(async () =>
      (await stack.emails()).slice(before).find((email) => email.destination.to[0] === 'board.chair@example.org' && email.subject.startsWith('Weekly')),
    );
    expect(digest.body.text).toContain('Youth hub open (Jobs and training): late; 10 working days past its baseline');
  });

  it('an update naming none is stored as before, with no milestones or measures fields', async () => {
    const answer = await post(`/priorities/${priority}/updates`, sponsor, { ...validUpdate, milestones: [], measures: [] });
    expect(answer.status).toBe(201);
    const { id } = (await answer.json()) as { id: string };
    const stored = (await stack.storedUpdates(priority)).find((item) => item.id === id)!;
    expect(stored).not.toHaveProperty('milestones');
    expect(stored).not.toHaveProperty('measures');
  });

  it('applies an update’s reports once however often it arrives, and reconcile rebuilds a lost series', async () => {
    const [update] = (await stack.stores.updates.list(priority, { limit: 10 })).updates.filter((u) => u.measures);
    const before = await logEntries();
    expect(await applyReportedCommitments(stack.stores, update!)).toEqual({ asks: 0, milestones: 0, measures: 0 });
    expect(await logEntries()).toBe(before);

    // The stream's work lost: the series emptied behind its back.
    const [held] = (await stack.stores.commitments.list(priority, true)).measures;
    const { latest: _latest, ...emptied } = held!.value;
    await stack.stores.commitments.commit(
      {
        priorityId: priority,
        kind: 'MEASURE',
        id: emptied.measureId,
        at: new Date().toISOString(),
        changeId: 'lost',
        by: { role: 'operator' },
        state: { ...emptied, values: [] },
      },
      held!.version,
    );
    const report = await reconcile(stack.stores, { now: new Date(Date.now() + 60 * 60_000) });
    expect(report.commitmentsRepaired).toEqual([{ priorityId: priority, milestoneReports: 0, measures: ['kickstart-placements'] }]);
    const [rebuilt] = (await stack.stores.commitments.list(priority, true)).measures;
    expect(rebuilt!.value.values.map(({ period, value }) => ({ period, value }))).toEqual([{ period: '2021-03', value: 100 }]);
  });

  it('a board pack of the quarter lists the milestone due in it (missed) and the measure against its target', async () => {
    const run = await invoke<{ made: boolean }>('board-pack-on-schedule', { quarter: '2021-Q1' });
    expect(run.made).toBe(true);
    const pack = (await stack.stores.boardPacks.get('2021-Q1'))!;
    const packed = pack.priorities.find((p) => p.priorityId === priority)!;
    expect(packed.milestones).toEqual([expect.objectContaining({ milestoneId: 'youth-hub-open', outcome: 'missed', slippage: 10 })]);
    expect(packed.measures).toEqual([
      expect.objectContaining({ measureId: 'kickstart-placements', latest: { period: '2021-03', value: 100 }, offTrack: true }),
    ]);
    const page = await (await stack.request('GET', '/board-packs/2021-Q1', { headers: { accept: 'text/html' } })).text();
    expect(page).toContain('data-outcome="missed"');
    expect(page).toContain('data-measure="kickstart-placements"');
  });

  it('a re-baseline needs its reason and is kept in the history with it', async () => {
    const path = `/priorities/${priority}/milestones/youth-hub-open`;
    expect((await post(path, board, { baseline: '2021-04-30' })).status).toBe(422);
    expect((await post(path, sponsor, { baseline: '2021-04-30', reason: 'Lease signed late' })).status).toBe(403);
    const moved = await post(path, board, { baseline: '2021-04-30', reason: 'Lease signed late' });
    expect(moved.status).toBe(200);
    const history = await stack.stores.commitments.history(priority, 'MILESTONE', 'youth-hub-open');
    expect(history.at(-1)).toMatchObject({ reason: 'Lease signed late', by: { role: 'board', name: 'Programme office' }, state: { baseline: '2021-04-30' } });
    expect((await post(`/priorities/${priority}/milestones/no-such-one`, board, { baseline: '2021-04-30', reason: 'x' })).status).toBe(404);
  });

  it('the seed creates a catalogue priority’s initial milestones and measures when absent, and never overwrites them', async () => {
    const programme = catalogue('west-midlands-community-recovery');
    const initial = {
      milestones: [
        { id: 'youth-hub-open', title: 'From the catalogue', baseline: '2020-12-01' },
        { id: 'careers-fair', title: 'Careers fair', baseline: '2021-05-14' },
      ],
      measures: [
        {
          id: 'apprenticeships',
          name: 'Apprenticeship starts',
          unit: 'count' as const,
          better: 'higher' as const,
          baseline: { value: 100, date: '2020-11-20' },
          target: { value: 400, date: '2022-03-31' },
        },
      ],
    };
    const seeded = { ...programme, priorities: programme.priorities.map((p) => (p.id === priority ? { ...p, ...initial } : p)) };
    await seedProgramme(stack.stores, seeded);
    await seedProgramme(stack.stores, seeded);
    const { milestones, measures } = await stack.stores.commitments.list(priority, true);
    // The tracked milestone of the same id keeps its title, baseline and reports.
    expect(milestones.find(({ value }) => value.milestoneId === 'youth-hub-open')!.value).toMatchObject({ title: 'Youth hub open', baseline: '2021-04-30' });
    expect(milestones.find(({ value }) => value.milestoneId === 'careers-fair')).toMatchObject({
      version: 1,
      value: { baseline: '2021-05-14', status: 'not-started' },
    });
    expect(measures.find(({ value }) => value.measureId === 'apprenticeships')).toMatchObject({ version: 1, value: { values: [] } });
    await seedProgramme(stack.stores, programme);
  });
});
