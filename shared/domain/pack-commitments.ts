/**
 * A priority's milestones and measures as a quarter's board pack keeps them, judged at the
 * quarter's end from the items as they stand when the pack is made: the milestones due in the
 * quarter with how each ended it (met, slipped, missed), and each measure's latest value for a
 * period ending by then against its target. Pure and in a fixed order, as the pack is.
 */
import { dateOfPeriod, expectedOn, isOffTrack, type Measure } from '#shared/domain/measure';
import { dueIn, type Milestone, type QuarterOutcome, quarterOutcome, slippage } from '#shared/domain/milestone';

export interface PackMilestone {
  milestoneId: string;
  title: string;
  baseline: string;
  forecast?: string;
  actual?: string;
  outcome: QuarterOutcome;
  /** Working days from the baseline to the forecast or actual date. */
  slippage: number;
}

export interface PackMeasure {
  measureId: string;
  name: string;
  unit: Measure['unit'];
  better: Measure['better'];
  baseline: Measure['baseline'];
  target: Measure['target'];
  /** The value for the latest period ending by the quarter's end, if any. */
  latest?: { period: string; value: number };
  /** What the straight line from baseline to target expects for that period. */
  expected?: number;
  offTrack: boolean;
}

const byText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

export function packCommitments(
  current: { milestones: readonly Milestone[]; measures: readonly Measure[] },
  dates: { first: string; last: string },
  tolerancePercent: number,
): { milestones: PackMilestone[]; measures: PackMeasure[] } {
  const milestones = current.milestones
    .filter((milestone) => dueIn(milestone, dates))
    .sort((a, b) => byText(a.baseline, b.baseline) || byText(a.milestoneId, b.milestoneId))
    .map((milestone) => ({
      milestoneId: milestone.milestoneId,
      title: milestone.title,
      baseline: milestone.baseline,
      ...(milestone.forecast === undefined ? {} : { forecast: milestone.forecast }),
      ...(milestone.status === 'done' && milestone.actual !== undefined ? { actual: milestone.actual } : {}),
      outcome: quarterOutcome(milestone, dates),
      slippage: slippage(milestone),
    }));
  const measures = [...current.measures]
    .sort((a, b) => byText(a.measureId, b.measureId))
    .map((measure): PackMeasure => {
      const latest = measure.values.filter((entry) => dateOfPeriod(entry.period) <= dates.last).at(-1);
      const { measureId, name, unit, better, baseline, target } = measure;
      return {
        measureId,
        name,
        unit,
        better,
        baseline,
        target,
        ...(latest ? { latest: { period: latest.period, value: latest.value }, expected: expectedOn(measure, dateOfPeriod(latest.period)) } : {}),
        offTrack: isOffTrack({ ...measure, ...(latest ? { latest } : {}) }, tolerancePercent),
      };
    });
  return { milestones, measures };
}
