/** Milestones and measures: slippage in working days, lateness, a quarter's outcomes, the line to a target and the series. */
import { describe, expect, it } from 'vitest';
import { addWorkingDays } from '#shared/domain/deadlines';
import {
  comparePeriods,
  expectedOn,
  formatValue,
  isOffTrack,
  type Measure,
  measureDefinitionSchema,
  measureSeries,
  measureValueSchema,
  newMeasure,
  withValue,
} from '#shared/domain/measure';
import {
  applyReport,
  dueIn,
  isLate,
  isSlipping,
  type Milestone,
  milestoneDefinitionSchema,
  milestoneNews,
  milestoneReportSchema,
  newMilestone,
  quarterOutcome,
  rebaselineSchema,
  slippage,
  slugOf,
} from '#shared/domain/milestone';
import { packCommitments } from '#shared/domain/pack-commitments';

const milestone = (fields: Partial<Milestone> = {}): Milestone => ({
  ...newMilestone('jobs', 'hub-open', { title: 'Hub open', baseline: '2021-03-05' }),
  ...fields,
});

describe('a milestone’s slippage', () => {
  it('counts working days from the baseline to the forecast, a weekend adding none', () => {
    // Friday 5 March 2021 to Monday 8 March: one working day.
    expect(slippage(milestone({ forecast: '2021-03-08' }))).toBe(1);
    expect(slippage(milestone({ forecast: '2021-03-06' }))).toBe(0);
    expect(slippage(milestone({ forecast: '2021-03-19' }))).toBe(10);
    expect(slippage(milestone())).toBe(0);
  });

  it('counts a bank holiday as a working day, as the project keeps no list of them', () => {
    // Friday 2 April 2021 (Good Friday) to Tuesday 6 April, past Easter Monday: two working days.
    expect(slippage(milestone({ baseline: '2021-04-01', forecast: '2021-04-06' }))).toBe(3);
    expect(slippage(milestone({ baseline: '2021-04-02', forecast: '2021-04-06' }))).toBe(2);
  });

  it('is negative when the forecast is earlier, and follows the actual date once done', () => {
    expect(slippage(milestone({ forecast: '2021-03-01' }))).toBe(-4);
    expect(slippage(milestone({ forecast: '2021-03-19', status: 'done', actual: '2021-03-09' }))).toBe(2);
  });

  it('is 10 for a forecast 10 working days past the baseline', () => {
    expect(slippage(milestone({ forecast: addWorkingDays('2021-03-05', 10) }))).toBe(10);
  });
});

describe('a late milestone', () => {
  it('is one whose forecast, else baseline, has passed and that is not done', () => {
    expect(isLate(milestone(), '2021-03-05')).toBe(false);
    expect(isLate(milestone(), '2021-03-06')).toBe(true);
    expect(isLate(milestone({ forecast: '2021-03-10' }), '2021-03-08')).toBe(false);
    expect(isLate(milestone({ forecast: '2021-03-10' }), '2021-03-11')).toBe(true);
    expect(isLate(milestone({ status: 'done', actual: '2021-03-20' }), '2021-04-01')).toBe(false);
  });

  it('slips while its forecast is after its baseline and it is not done', () => {
    expect(isSlipping(milestone({ forecast: '2021-03-08' }))).toBe(true);
    expect(isSlipping(milestone({ forecast: '2021-03-04' }))).toBe(false);
    expect(isSlipping(milestone({ forecast: '2021-03-08', status: 'done', actual: '2021-03-08' }))).toBe(false);
  });
});

describe('a quarter’s milestones', () => {
  const q1 = { first: '2021-01-01', last: '2021-03-31' };
  it('are those whose baseline is in the quarter', () => {
    expect(dueIn(milestone(), q1)).toBe(true);
    expect(dueIn(milestone({ baseline: '2021-04-01' }), q1)).toBe(false);
    expect(dueIn(milestone({ baseline: '2021-01-01' }), q1)).toBe(true);
  });

  it('were met when done by the baseline, slipped when done later or moved past the quarter, missed otherwise', () => {
    expect(quarterOutcome(milestone({ status: 'done', actual: '2021-03-05' }), q1)).toBe('met');
    expect(quarterOutcome(milestone({ status: 'done', actual: '2021-03-12' }), q1)).toBe('slipped');
    expect(quarterOutcome(milestone({ forecast: '2021-04-12', status: 'at-risk' }), q1)).toBe('slipped');
    expect(quarterOutcome(milestone({ forecast: '2021-03-20', status: 'at-risk' }), q1)).toBe('missed');
    expect(quarterOutcome(milestone(), q1)).toBe('missed');
    // Done only after the quarter ended: at its end it was not done.
    expect(quarterOutcome(milestone({ status: 'done', actual: '2021-04-02' }), q1)).toBe('missed');
  });
});

describe('what the digests tell of milestones', () => {
  const slipped = milestone({ milestoneId: 'slipped', forecast: '2021-03-19', slippedAt: '2021-03-02T09:00:00Z' });
  const lapsed = milestone({ milestoneId: 'lapsed', baseline: '2021-03-03' });
  const old = milestone({ milestoneId: 'old', baseline: '2021-02-01' });
  const ids = (news: ReturnType<typeof milestoneNews>) => news.map(({ milestone: m, newlyLate, newlySlipped }) => [m.milestoneId, newlyLate, newlySlipped]);

  it('names those late since the last digest, and those a report made slip since', () => {
    expect(ids(milestoneNews([slipped, lapsed, old], '2021-03-01T08:00:00Z', '2021-03-08'))).toEqual([
      ['slipped', false, true],
      ['lapsed', true, false],
    ]);
    expect(ids(milestoneNews([slipped, lapsed, old], '2021-03-05T08:00:00Z', '2021-03-08'))).toEqual([]);
  });

  it('names every late or slipping one before the first digest', () => {
    expect(ids(milestoneNews([slipped, lapsed, old], undefined, '2021-03-08')).map(([id]) => id)).toEqual(['slipped', 'lapsed', 'old']);
  });
});

describe('milestone schemas and reports', () => {
  it('refuse a done milestone without its actual date, and an actual date without done', () => {
    expect(milestoneReportSchema.safeParse({ id: 'hub-open', status: 'done' }).success).toBe(false);
    expect(milestoneReportSchema.safeParse({ id: 'hub-open', actual: '2021-03-05' }).success).toBe(false);
    expect(milestoneReportSchema.safeParse({ id: 'hub-open', forecast: '2021-03-05', status: 'on-track' }).success).toBe(true);
    expect(milestoneReportSchema.safeParse({ id: 'hub-open', forecast: '5 March' }).success).toBe(false);
  });

  it('need a title and a baseline date to define, and a reason to re-baseline', () => {
    expect(milestoneDefinitionSchema.safeParse({ title: 'Hub open', baseline: '2021-03-05' }).success).toBe(true);
    expect(milestoneDefinitionSchema.safeParse({ title: ' ', baseline: '2021-03-05' }).success).toBe(false);
    expect(rebaselineSchema.safeParse({ baseline: '2021-04-05' }).success).toBe(false);
    expect(rebaselineSchema.safeParse({ baseline: '2021-04-05', reason: 'Funding came late' }).success).toBe(true);
  });

  it('apply a report, keeping what it leaves out', () => {
    const reported = applyReport(milestone({ status: 'on-track' }), { id: 'hub-open', forecast: '2021-03-19' }, { updateId: 'U1', at: '2021-03-01T10:00:00Z' });
    expect(reported).toMatchObject({ forecast: '2021-03-19', status: 'on-track', reportedBy: 'U1', baseline: '2021-03-05', slippedAt: '2021-03-01T10:00:00Z' });
    const again = applyReport(reported, { id: 'hub-open', status: 'at-risk' }, { updateId: 'U2', at: '2021-03-08T10:00:00Z' });
    expect(again.slippedAt).toBe('2021-03-01T10:00:00Z');
    const done = applyReport(reported, { id: 'hub-open', status: 'done', actual: '2021-03-18' }, { updateId: 'U3', at: '2021-03-18T10:00:00Z' });
    expect(done).toMatchObject({ status: 'done', actual: '2021-03-18', slippedAt: '2021-03-01T10:00:00Z' });
  });

  it('get ids made from their titles', () => {
    expect(slugOf('Hub open — phase 2!')).toBe('hub-open-phase-2');
    expect(slugOf('!!!')).toBe('item');
  });
});

const measure = (fields: Partial<Measure> = {}): Measure => ({
  ...newMeasure('jobs', 'placements', {
    name: 'Placements',
    unit: 'count',
    better: 'higher',
    baseline: { value: 0, date: '2021-01-01' },
    target: { value: 100, date: '2021-04-11' },
  }),
  ...fields,
});

describe('a measure’s line to its target', () => {
  it('runs straight from the baseline to the target, held at each end', () => {
    expect(expectedOn(measure(), '2020-12-01')).toBe(0);
    expect(expectedOn(measure(), '2021-01-01')).toBe(0);
    expect(expectedOn(measure(), '2021-02-20')).toBeCloseTo(50);
    expect(expectedOn(measure(), '2021-04-11')).toBe(100);
    expect(expectedOn(measure(), '2022-01-01')).toBe(100);
  });

  it('flags a measure where more is better when it is below the line by more than the tolerance', () => {
    // Expected on 31 March 2021 (the period's last day): 89.
    const latest = (value: number) => ({ period: '2021-03', value, updateId: 'U1' });
    expect(isOffTrack(measure({ latest: latest(80) }), 10)).toBe(false);
    expect(isOffTrack(measure({ latest: latest(78) }), 10)).toBe(true);
    expect(isOffTrack(measure({ latest: latest(120) }), 10)).toBe(false);
    expect(isOffTrack(measure(), 10)).toBe(false);
  });

  it('flags a measure where less is better when it is above the line by more than the tolerance', () => {
    const falling = measure({ better: 'lower', baseline: { value: 100, date: '2021-01-01' }, target: { value: 0, date: '2021-04-11' } });
    const latest = (value: number) => ({ period: '2021-03', value, updateId: 'U1' });
    expect(isOffTrack({ ...falling, latest: latest(20) }, 10)).toBe(false);
    expect(isOffTrack({ ...falling, latest: latest(22) }, 10)).toBe(true);
    expect(isOffTrack({ ...falling, latest: latest(5) }, 10)).toBe(false);
    expect(isOffTrack({ ...falling, latest: latest(12) }, 0)).toBe(true);
  });
});

describe('a measure’s series', () => {
  it('keeps one value a period, the latest update’s, sorted by period', () => {
    const series = measureSeries([
      { id: '01B', period: '2021-03', measures: [{ id: 'placements', value: 40 }] },
      {
        id: '01A',
        period: '2021-02',
        measures: [
          { id: 'placements', value: 20 },
          { id: 'spend', value: 5 },
        ],
      },
      { id: '01C', period: '2021-03', measures: [{ id: 'placements', value: 45 }] },
      { id: '01D', period: '2021-04' },
    ]);
    expect(series.get('placements')).toEqual([
      { period: '2021-02', value: 20, updateId: '01A' },
      { period: '2021-03', value: 45, updateId: '01C' },
    ]);
    expect(series.get('spend')).toEqual([{ period: '2021-02', value: 5, updateId: '01A' }]);
  });

  it('takes a later value in its place and ignores an earlier one', () => {
    const values = [{ period: '2021-03', value: 45, updateId: '01C' }];
    expect(withValue(values, { period: '2021-03', value: 40, updateId: '01B' })).toEqual(values);
    expect(withValue(values, { period: '2021-02', value: 10, updateId: '01D' }).map((v) => v.period)).toEqual(['2021-02', '2021-03']);
    expect(comparePeriods('2021-03', '2021-Q1')).toBeLessThan(0);
  });

  it('is defined with a target after its baseline, and reported as numbers', () => {
    const definition = {
      name: 'Placements',
      unit: 'count',
      better: 'higher',
      baseline: { value: 0, date: '2021-01-01' },
      target: { value: 9, date: '2021-01-01' },
    };
    expect(measureDefinitionSchema.safeParse(definition).success).toBe(false);
    expect(measureDefinitionSchema.safeParse({ ...definition, target: { value: 9, date: '2021-06-30' } }).success).toBe(true);
    expect(measureDefinitionSchema.safeParse({ ...definition, unit: 'miles' }).success).toBe(false);
    expect(measureValueSchema.safeParse({ id: 'placements', value: '12' }).success).toBe(false);
  });

  it('writes values in their unit', () => {
    expect(formatValue('gbp', 1234567)).toBe('£1,234,567');
    expect(formatValue('gbp', -1500.5)).toBe('-£1,500.5');
    expect(formatValue('percentage', 12.5)).toBe('12.5%');
    expect(formatValue('count', 1000)).toBe('1,000');
    expect(formatValue('count', 0)).toBe('0');
  });
});

describe('a board pack’s milestones and measures', () => {
  const q1 = { first: '2021-01-01', last: '2021-03-31' };
  const milestones = [
    milestone({ milestoneId: 'met', baseline: '2021-03-05', status: 'done', actual: '2021-03-04' }),
    milestone({ milestoneId: 'moved', baseline: '2021-02-01', forecast: '2021-05-03', status: 'at-risk' }),
    milestone({ milestoneId: 'missed', baseline: '2021-01-15' }),
    milestone({ milestoneId: 'later', baseline: '2021-06-30' }),
  ];
  const values = [
    { period: '2021-02', value: 30, updateId: '01A' },
    { period: '2021-03', value: 50, updateId: '01B' },
    { period: '2021-04', value: 99, updateId: '01C' },
  ];

  it('lists the milestones due in the quarter with how each ended it, and each measure’s value by its end', () => {
    const packed = packCommitments({ milestones, measures: [measure({ values, latest: values[2]! })] }, q1, 10);
    expect(packed.milestones.map(({ milestoneId, outcome, slippage: days }) => [milestoneId, outcome, days])).toEqual([
      ['missed', 'missed', 0],
      ['moved', 'slipped', 65],
      ['met', 'met', -1],
    ]);
    // March's value, not April's (after the quarter); expected 89 on 31 March, so 50 is off track.
    expect(packed.measures).toEqual([
      expect.objectContaining({ measureId: 'placements', latest: { period: '2021-03', value: 50 }, expected: 89, offTrack: true }),
    ]);
  });

  it('is the same when the pack is made again from the same data', () => {
    const input = { milestones, measures: [measure({ values, latest: values[2]! })] };
    expect(packCommitments(input, q1, 10)).toEqual(packCommitments({ milestones: [...input.milestones].reverse(), measures: input.measures }, q1, 10));
  });
});
