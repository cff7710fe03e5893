/**
 * The view models of a priority's milestones and measures: the programme office's page that
 * defines them, and the section of the priority page that shows them (a milestones table, and a
 * chart per measure with the same figures as a table).
 */

import * as views from '#compiled-views/pages';
import { londonDate } from '#shared/domain/calendar';
import type { Priority } from '#shared/domain/catalogue';
import type { FieldError } from '#shared/domain/errors';
import { dateOfPeriod, directions, formatValue, isOffTrack, type Measure, measureLimits, measureUnitLabels, measureUnits } from '#shared/domain/measure';
import { isLate, type Milestone, milestoneLimits, milestoneStatuses, milestoneStatusLabels, slippage } from '#shared/domain/milestone';
import { measureChart } from '#shared/pages/chart';
import { renderPage } from '#shared/pages/render';

type FormValues = Record<string, string | string[] | undefined>;

const text = (value: string | string[] | undefined): string => (Array.isArray(value) ? value.join('\n') : (value ?? ''));

/** Slippage as people read it: "10 working days late", "On the baseline", "2 working days early". */
function slippageText(days: number): string {
  if (days === 0) return 'On the baseline';
  const count = Math.abs(days) === 1 ? '1 working day' : `${Math.abs(days)} working days`;
  return days > 0 ? `${count} later` : `${count} earlier`;
}

function milestoneRows(milestones: readonly Milestone[], today: string) {
  return [...milestones]
    .sort((a, b) => (a.baseline < b.baseline ? -1 : a.baseline > b.baseline ? 1 : a.milestoneId < b.milestoneId ? -1 : 1))
    .map((milestone) => {
      const days = slippage(milestone);
      return {
        ...milestone,
        statusLabel: milestoneStatusLabels[milestone.status],
        slippage: days,
        slippageText: slippageText(days),
        late: isLate(milestone, today),
      };
    });
}

function measureRows(measures: readonly Measure[], tolerancePercent: number) {
  return [...measures]
    .sort((a, b) => (a.measureId < b.measureId ? -1 : 1))
    .map((measure) => ({
      ...measure,
      unitLabel: measureUnitLabels[measure.unit],
      betterText: measure.better === 'higher' ? 'Higher is better' : 'Lower is better',
      baselineText: formatValue(measure.unit, measure.baseline.value),
      targetText: formatValue(measure.unit, measure.target.value),
      latestText: measure.latest ? formatValue(measure.unit, measure.latest.value) : 'Not reported yet',
      offTrack: isOffTrack(measure, tolerancePercent),
      values: measure.values.map((entry) => ({ ...entry, text: formatValue(measure.unit, entry.value) })),
    }));
}

/** The priority page's section: milestones, then each measure with its chart and table. */
export function priorityCommitmentsView(
  commitments: { milestones: readonly Milestone[]; measures: readonly Measure[] },
  tolerancePercent: number,
  now = new Date(),
) {
  const today = londonDate(now);
  return {
    milestones: milestoneRows(commitments.milestones, today),
    measures: measureRows(commitments.measures, tolerancePercent).map((row) => ({ ...row, chart: measureChart(row, dateOfPeriod).value })),
    tolerancePercent,
  };
}
export type PriorityCommitmentsView = ReturnType<typeof priorityCommitmentsView>;

/** A form field's error in the GOV.UK style, by the form field it belongs to (`baseline.value` → `baselineValue`). */
const advice: Record<string, (message: string) => string> = {
  title: () => 'Enter the milestone’s title',
  baseline: () => 'Enter the baseline date as year-month-day, like 2021-06-30',
  reason: () => 'Enter why the baseline changes',
  name: () => 'Enter the measure’s name',
  unit: () => 'Select the measure’s unit',
  better: () => 'Select whether higher or lower is better',
  baselineValue: () => 'Enter the baseline value as a number',
  baselineDate: () => 'Enter the baseline date as year-month-day, like 2021-01-01',
  targetValue: () => 'Enter the target value as a number',
  targetDate: (message) =>
    /after/.test(message) ? 'The target date must be after the baseline date' : 'Enter the target date as year-month-day, like 2022-03-31',
};

const formField = (field: string): string =>
  field
    .split('.')
    .map((part, index) => (index === 0 ? part : part.charAt(0).toUpperCase() + part.slice(1)))
    .join('');

function errorsOf(errors: readonly FieldError[]): Record<string, string> {
  const map: Record<string, string> = {};
  for (const error of errors) {
    const field = formField(error.field);
    map[field] ??= (advice[field] ?? ((message: string) => `${field === 'id' ? 'Id' : field}: ${message}`))(error.message);
  }
  return map;
}

export interface CommitmentsPage {
  nonce: string;
  priority: Priority;
  milestones: readonly Milestone[];
  measures: readonly Measure[];
  tolerancePercent: number;
  /** With a board session: the forms' CSRF token, and who is acting. */
  board?: { csrfToken: string; name?: string };
  /** A form that came back with errors: which (`milestone`, `measure`, `rebaseline-<id>`, `target-<id>`), what was typed, and the errors. */
  failed?: { form: string; values: FormValues; errors: FieldError[] };
  /** What was just saved, to say so. */
  saved?: string;
}

/** The programme office's page: the priority's milestones and measures, and for a board member the forms that define and change them. */
export function commitmentsPage(page: CommitmentsPage): string {
  const failed = page.failed;
  const errorMap = failed ? errorsOf(failed.errors) : {};
  const valuesOf = (form: string): Record<string, string> =>
    failed?.form === form ? Object.fromEntries(Object.entries(failed.values).map(([name, value]) => [name, text(value)])) : {};
  const errorsFor = (form: string) => (failed?.form === form ? errorMap : {});
  const today = londonDate(new Date());
  return renderPage(views.commitments, {
    cspNonce: page.nonce,
    priority: page.priority,
    board: page.board,
    signOut: page.board?.csrfToken,
    saved: page.saved,
    errorList: failed ? Object.entries(errorMap).map(([field, message]) => ({ text: message, href: `#${failed.form}-${field}` })) : [],
    milestones: milestoneRows(page.milestones, today).map((row) => ({
      ...row,
      form: `rebaseline-${row.milestoneId}`,
      values: valuesOf(`rebaseline-${row.milestoneId}`),
      errorMap: errorsFor(`rebaseline-${row.milestoneId}`),
    })),
    measures: measureRows(page.measures, page.tolerancePercent).map((row) => ({
      ...row,
      form: `target-${row.measureId}`,
      values: valuesOf(`target-${row.measureId}`),
      errorMap: errorsFor(`target-${row.measureId}`),
    })),
    newMilestone: { values: valuesOf('milestone'), errorMap: errorsFor('milestone') },
    newMeasure: {
      values: valuesOf('measure'),
      errorMap: errorsFor('measure'),
      unitItems: measureUnits.map((unit) => ({ value: unit, text: measureUnitLabels[unit], checked: valuesOf('measure').unit === unit })),
      betterItems: directions.map((better) => ({
        value: better,
        text: better === 'higher' ? 'Higher is better' : 'Lower is better',
        checked: valuesOf('measure').better === better,
      })),
    },
    limits: { title: milestoneLimits.title, reason: milestoneLimits.reason, name: measureLimits.name },
    tolerancePercent: page.tolerancePercent,
  });
}

/**
 * The update form's milestones and measures sections: each milestone with its forecast, status
 * and actual date, each measure with its value for the period; left blank, a row reports nothing.
 * A form shown again after errors keeps what was typed in each row.
 */
export function updateFormCommitments(milestones: readonly Milestone[], measures: readonly Measure[], values?: FormValues) {
  const typed = (field: string): string[] => ([] as string[]).concat(values?.[field] ?? []);
  const [milestoneIds, forecasts, statuses, actuals] = ['reportedMilestone', 'milestoneForecast', 'milestoneStatus', 'milestoneActual'].map(typed) as [
    string[],
    string[],
    string[],
    string[],
  ];
  const [measureIds, measureValues] = ['reportedMeasure', 'measureValue'].map(typed) as [string[], string[]];
  const today = londonDate(new Date());
  return {
    milestones: milestoneRows(milestones, today).map((row, index) => {
      const at = milestoneIds.indexOf(row.milestoneId);
      const status = at >= 0 ? statuses[at] : '';
      return {
        ...row,
        index,
        forecastValue: at >= 0 ? forecasts[at] : '',
        actualValue: at >= 0 ? actuals[at] : '',
        statusItems: [
          { value: '', text: `No change (${row.statusLabel.toLowerCase()})`, selected: !status },
          ...milestoneStatuses.map((value) => ({ value, text: milestoneStatusLabels[value], selected: value === status })),
        ],
      };
    }),
    measures: measureRows(measures, 0).map((row, index) => {
      const at = measureIds.indexOf(row.measureId);
      return { ...row, index, typedValue: at >= 0 ? measureValues[at] : '' };
    }),
  };
}
export type UpdateFormCommitments = ReturnType<typeof updateFormCommitments>;

/** The dashboard's section: the late and slipping milestones of every priority, and each measure's latest value against its target. */
export function dashboardCommitmentsView(
  commitments: { milestones: readonly Milestone[]; measures: readonly Measure[] },
  titles: ReadonlyMap<string, string>,
  tolerancePercent: number,
  now = new Date(),
) {
  const today = londonDate(now);
  const known = <T extends { priorityId: string }>(items: readonly T[]) => items.filter((item) => titles.has(item.priorityId));
  const withTitle = <T extends { priorityId: string }>(item: T) => ({ ...item, priorityTitle: titles.get(item.priorityId) ?? item.priorityId });
  return {
    milestones: milestoneRows(known(commitments.milestones), today)
      .filter((row) => row.late || (row.status !== 'done' && row.slippage > 0))
      .map(withTitle),
    measures: measureRows(known(commitments.measures), tolerancePercent).map(withTitle),
  };
}
export type DashboardCommitmentsView = ReturnType<typeof dashboardCommitmentsView>;
