/**
 * A priority's measures: a name, a unit, which direction is better, a baseline and a target,
 * each a value on a date. Sponsors report a value for their update's period; the series keeps
 * one value a period (the latest update for a period wins). A measure is expected to move in a
 * straight line from its baseline to its target, and is off track when its latest value is
 * behind that line by more than the tolerance (MEASURE_TOLERANCE_PERCENT of the distance).
 */
import * as z from 'zod/mini';
import { directions, measureUnits, slugSchema } from '#shared/domain/catalogue';
import { deadlineOf } from '#shared/domain/deadlines';
import { monthsOf } from '#shared/domain/periods';
import { plainText } from '#shared/domain/text';

export { directions, measureUnits };
export type MeasureUnit = (typeof measureUnits)[number];
export const measureUnitLabels: Record<MeasureUnit, string> = { count: 'Count', percentage: 'Percentage', gbp: 'Pounds (£)' };
type Direction = (typeof directions)[number];

export const measureLimits = { name: 200, reason: 1000, perUpdate: 50 } as const;

const date = z.iso.date({ error: 'must be a date, YYYY-MM-DD' });
const value = z.number({ error: 'must be a number' });
const datedValue = z.strictObject({ value, date });

/** What the programme office sends to define a measure; the id is made from the name when not given. */
export const measureDefinitionSchema = z
  .strictObject({
    id: z.optional(slugSchema),
    name: plainText({ max: measureLimits.name, tooShort: 'give the measure a name' }),
    unit: z.enum(measureUnits, { error: `must be one of: ${measureUnits.join(', ')}` }),
    better: z.enum(directions, { error: `must be one of: ${directions.join(', ')}` }),
    baseline: datedValue,
    target: datedValue,
  })
  .check(
    z.superRefine((measure, ctx) => {
      if (measure.target.date <= measure.baseline.date) ctx.addIssue({ code: 'custom', path: ['target', 'date'], message: 'must be after the baseline date' });
    }),
  );

/** A new target for a measure, with why it changed where given. */
export const targetChangeSchema = z.strictObject({
  target: datedValue,
  reason: z.optional(plainText({ max: measureLimits.reason, multiline: true })),
});

/** What an update reports of one measure: its value for the update's period. */
export const measureValueSchema = z.strictObject({ id: slugSchema, value });

export type MeasureDefinition = z.output<typeof measureDefinitionSchema>;
export type MeasureValueReport = z.output<typeof measureValueSchema>;

interface DatedValue {
  value: number;
  date: string;
}

/** A period's value and the update that reported it. */
export interface MeasureValue {
  period: string;
  value: number;
  updateId: string;
}

/** A measure's current state: its definition and its series, sorted by period. */
export interface Measure {
  priorityId: string;
  measureId: string;
  name: string;
  unit: MeasureUnit;
  better: Direction;
  baseline: DatedValue;
  target: DatedValue;
  values: MeasureValue[];
  latest?: MeasureValue;
}

export function newMeasure(priorityId: string, measureId: string, definition: Omit<MeasureDefinition, 'id'>): Measure {
  const { name, unit, better, baseline, target } = definition;
  return { priorityId, measureId, name, unit, better, baseline, target, values: [] };
}

/** The date a period's value stands for: the period's last day. */
export const dateOfPeriod = (period: string): string => deadlineOf(period);

/** Periods in time order: by the months they end and start on (a month sorts before the quarter that ends with it). */
export function comparePeriods(a: string, b: string): number {
  const [ma, mb] = [monthsOf(a), monthsOf(b)];
  if (!ma || !mb) return a < b ? -1 : a > b ? 1 : 0;
  return ma[1] - mb[1] || mb[0] - ma[0];
}

/**
 * Each measure's series from updates' reported values: one value a period, from the latest
 * update (by id, which is time-ordered) that reports it for that period, sorted by period.
 * The updates are given already filtered to those in effect.
 */
export function measureSeries(updates: readonly { id: string; period: string; measures?: readonly MeasureValueReport[] }[]): Map<string, MeasureValue[]> {
  const byMeasure = new Map<string, Map<string, MeasureValue>>();
  for (const update of updates) {
    for (const { id, value } of update.measures ?? []) {
      const periods = byMeasure.get(id) ?? new Map<string, MeasureValue>();
      byMeasure.set(id, periods);
      const earlier = periods.get(update.period);
      if (!earlier || earlier.updateId < update.id) periods.set(update.period, { period: update.period, value, updateId: update.id });
    }
  }
  return new Map([...byMeasure].map(([id, periods]) => [id, [...periods.values()].sort((a, b) => comparePeriods(a.period, b.period))]));
}

/** A series with one more value put in its place (it replaces the period's value only when its update is later). */
export function withValue(values: readonly MeasureValue[], next: MeasureValue): MeasureValue[] {
  const earlier = values.find((entry) => entry.period === next.period);
  if (earlier && earlier.updateId >= next.updateId) return [...values];
  return [...values.filter((entry) => entry.period !== next.period), next].sort((a, b) => comparePeriods(a.period, b.period));
}

const dayOf = (date: string): number => Date.parse(`${date}T00:00:00Z`) / 86_400_000;

/** The value expected on a date: on the straight line from baseline to target, held at each end outside them. */
export function expectedOn(measure: Pick<Measure, 'baseline' | 'target'>, date: string): number {
  const { baseline, target } = measure;
  if (date <= baseline.date) return baseline.value;
  if (date >= target.date) return target.value;
  const share = (dayOf(date) - dayOf(baseline.date)) / (dayOf(target.date) - dayOf(baseline.date));
  return baseline.value + (target.value - baseline.value) * share;
}

/** How far a value is behind the line on a date, in the measure's unit: positive when behind, negative when ahead. */
function shortfall(measure: Pick<Measure, 'baseline' | 'target' | 'better'>, value: MeasureValue): number {
  const expected = expectedOn(measure, dateOfPeriod(value.period));
  return measure.better === 'higher' ? expected - value.value : value.value - expected;
}

/** Off track: the latest value is behind the line by more than `tolerancePercent` of |target - baseline|. */
export function isOffTrack(measure: Pick<Measure, 'baseline' | 'target' | 'better' | 'latest'>, tolerancePercent: number): boolean {
  if (!measure.latest) return false;
  const tolerance = (Math.abs(measure.target.value - measure.baseline.value) * tolerancePercent) / 100;
  return shortfall(measure, measure.latest) > tolerance;
}

/** Digits grouped by thousands, up to two decimals, without `Intl` (its first use loads ICU's data; see calendar.ts). */
function grouped(amount: number): string {
  const [whole = '0', fraction] = Math.abs(amount)
    .toFixed(2)
    .replace(/\.?0+$/, '')
    .split('.');
  const digits = whole.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return `${amount < 0 ? '-' : ''}${digits}${fraction ? `.${fraction}` : ''}`;
}

/** A value as people read it: `£1,234,567`, `12.5%`, `1,234`. */
export function formatValue(unit: MeasureUnit, amount: number): string {
  const number = grouped(amount);
  if (unit === 'gbp') return number.startsWith('-') ? `-£${number.slice(1)}` : `£${number}`;
  return unit === 'percentage' ? `${number}%` : number;
}

const formText = (value: unknown): unknown => (typeof value === 'string' && value.trim() === '' ? undefined : value);
/** A number typed in a form: `1,250` and `£1,250` read as 1250; anything else is left for the schema to refuse. */
export const formNumber = (value: unknown): unknown => {
  if (typeof value !== 'string' || value.trim() === '') return undefined;
  const number = Number(value.replace(/[£,%\s]/g, ''));
  return Number.isNaN(number) ? value : number;
};
const formDated = (form: Record<string, unknown>, prefix: 'baseline' | 'target') => ({
  value: formNumber(form[`${prefix}Value`]),
  date: formText(form[`${prefix}Date`]),
});

/** A form's fields as a definition: the baseline and target as `baselineValue`, `baselineDate`, `targetValue`, `targetDate`. */
export const measureCandidateFromForm = (form: Record<string, unknown>) => ({
  id: formText(form.id),
  name: form.name ?? '',
  unit: formText(form.unit),
  better: formText(form.better),
  baseline: formDated(form, 'baseline'),
  target: formDated(form, 'target'),
});

/** A form's fields as a target change. */
export const targetCandidateFromForm = (form: Record<string, unknown>) => ({
  target: formDated(form, 'target'),
  ...(formText(form.reason) === undefined ? {} : { reason: form.reason }),
});
