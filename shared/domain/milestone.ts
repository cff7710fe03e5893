/**
 * A priority's dated milestones, as major-projects reporting reads them: a baseline date set when
 * the milestone is made (changed only by a re-baseline, with its reason), a forecast that sponsors
 * report in their updates, and a status. Slippage is counted in working days, Monday to Friday:
 * the project keeps no list of bank holidays, so they count as working days (as in deadlines.ts).
 */
import * as z from 'zod/mini';
import { londonDate } from '#shared/domain/calendar';
import { slugSchema } from '#shared/domain/catalogue';
import { workingDaysBetween } from '#shared/domain/deadlines';
import { plainText } from '#shared/domain/text';

export const milestoneStatuses = ['not-started', 'on-track', 'at-risk', 'done'] as const;
export type MilestoneStatus = (typeof milestoneStatuses)[number];
export const milestoneStatusLabels: Record<MilestoneStatus, string> = {
  'not-started': 'Not started',
  'on-track': 'On track',
  'at-risk': 'At risk',
  done: 'Done',
};

export const milestoneLimits = { title: 200, reason: 1000, perUpdate: 50 } as const;

const date = z.iso.date({ error: 'must be a date, YYYY-MM-DD' });

/** What the programme office sends to define a milestone; the id is made from the title when not given. */
export const milestoneDefinitionSchema = z.strictObject({
  id: z.optional(slugSchema),
  title: plainText({ max: milestoneLimits.title, tooShort: 'give the milestone a title' }),
  baseline: date,
});

/** A re-baseline: the new baseline date and why it changed. */
export const rebaselineSchema = z.strictObject({
  baseline: date,
  reason: plainText({ max: milestoneLimits.reason, multiline: true, tooShort: 'say why the baseline changes' }),
});

/** What an update reports of one milestone: the fields left out stay as they are. */
export const milestoneReportSchema = z
  .strictObject({
    id: slugSchema,
    forecast: z.optional(date),
    status: z.optional(z.enum(milestoneStatuses, { error: `must be one of: ${milestoneStatuses.join(', ')}` })),
    actual: z.optional(date),
  })
  .check(
    z.superRefine((report, ctx) => {
      if (report.status === 'done' && report.actual === undefined)
        ctx.addIssue({ code: 'custom', path: ['actual'], message: 'a done milestone needs its actual date' });
      if (report.actual !== undefined && report.status !== 'done')
        ctx.addIssue({ code: 'custom', path: ['status'], message: 'an actual date is given only with status done' });
    }),
  );

export type MilestoneDefinition = z.output<typeof milestoneDefinitionSchema>;
export type MilestoneReport = z.output<typeof milestoneReportSchema>;

/** A milestone's current state. */
export interface Milestone {
  priorityId: string;
  milestoneId: string;
  title: string;
  /** YYYY-MM-DD; set on creation, changed only by a re-baseline. */
  baseline: string;
  forecast?: string;
  status: MilestoneStatus;
  /** When it was done; only with status `done`. */
  actual?: string;
  /** The update whose report gave the forecast and status, when one did. */
  reportedBy?: string;
  /** When a report last moved it later against its baseline than it stood (the digests say so once). */
  slippedAt?: string;
}

export function newMilestone(priorityId: string, milestoneId: string, definition: Pick<MilestoneDefinition, 'title' | 'baseline'>): Milestone {
  return { priorityId, milestoneId, title: definition.title, baseline: definition.baseline, status: 'not-started' };
}

/**
 * A milestone with an update's report applied: a report without a status leaves the status as it
 * was. A report that makes it slip further than it had is dated, for the digests.
 */
export function applyReport(milestone: Milestone, report: MilestoneReport, from: { updateId: string; at: string }): Milestone {
  const status = report.status ?? milestone.status;
  const { actual: _actual, ...rest } = milestone;
  const actual = status === 'done' ? (report.actual ?? milestone.actual) : undefined;
  const next: Milestone = {
    ...rest,
    ...(report.forecast !== undefined ? { forecast: report.forecast } : {}),
    status,
    ...(actual !== undefined ? { actual } : {}),
    reportedBy: from.updateId,
  };
  return isSlipping(next) && slippage(next) > slippage(milestone) ? { ...next, slippedAt: from.at } : next;
}

/** The date a milestone now stands at: when it was done, else its forecast, else its baseline. */
const dateOf = (milestone: Pick<Milestone, 'baseline' | 'forecast' | 'actual' | 'status'>): string =>
  (milestone.status === 'done' ? milestone.actual : undefined) ?? milestone.forecast ?? milestone.baseline;

/** Working days from the baseline to the forecast (or the actual date when done): positive when later, negative when earlier. */
export function slippage(milestone: Pick<Milestone, 'baseline' | 'forecast' | 'actual' | 'status'>): number {
  const to = dateOf(milestone);
  return to >= milestone.baseline ? workingDaysBetween(milestone.baseline, to) : -workingDaysBetween(to, milestone.baseline);
}

/** Late: its date (the forecast, else the baseline) is before `today` and it is not done. */
export function isLate(milestone: Pick<Milestone, 'baseline' | 'forecast' | 'status'>, today: string): boolean {
  return milestone.status !== 'done' && (milestone.forecast ?? milestone.baseline) < today;
}

/** Slipping: not done, and forecast later than its baseline. */
export const isSlipping = (milestone: Pick<Milestone, 'baseline' | 'forecast' | 'actual' | 'status'>): boolean =>
  milestone.status !== 'done' && slippage(milestone) > 0;

/** Due in a quarter: its baseline falls within the quarter's first and last days. */
export const dueIn = (milestone: Pick<Milestone, 'baseline'>, quarter: { first: string; last: string }): boolean =>
  milestone.baseline >= quarter.first && milestone.baseline <= quarter.last;

/**
 * What the digests tell of milestones since the last one (`since`, an instant; none before the
 * first digest): those late now that were not late then, and those a report has made slip since.
 */
export function milestoneNews(milestones: readonly Milestone[], since: string | undefined, today: string) {
  const sinceDay = since === undefined ? undefined : londonDate(new Date(since));
  return milestones.flatMap((milestone) => {
    const newlyLate = isLate(milestone, today) && (sinceDay === undefined || !isLate(milestone, sinceDay));
    const newlySlipped = isSlipping(milestone) && milestone.slippedAt !== undefined && (since === undefined || milestone.slippedAt > since);
    return newlyLate || newlySlipped ? [{ milestone, newlyLate, newlySlipped, slippage: slippage(milestone) }] : [];
  });
}

const quarterOutcomes = ['met', 'slipped', 'missed'] as const;
export type QuarterOutcome = (typeof quarterOutcomes)[number];

/**
 * How a milestone due in a quarter ended it, from its state at the quarter's end:
 * - met: done on or before its baseline date;
 * - slipped: done after its baseline date, or not done with a forecast after the quarter's last day
 *   (delivery moved out of the quarter);
 * - missed: not done, and its date (forecast, else baseline) is on or before the quarter's last day.
 */
export function quarterOutcome(milestone: Pick<Milestone, 'baseline' | 'forecast' | 'actual' | 'status'>, quarter: { last: string }): QuarterOutcome {
  const doneBy = milestone.status === 'done' && milestone.actual !== undefined && milestone.actual <= quarter.last ? milestone.actual : undefined;
  if (doneBy !== undefined) return doneBy <= milestone.baseline ? 'met' : 'slipped';
  const planned = milestone.forecast ?? milestone.baseline;
  return planned > quarter.last ? 'slipped' : 'missed';
}

/** A milestone's id made from its title: lower-case words joined by hyphens, at most 60 characters. */
export function slugOf(title: string): string {
  const slug = title
    .normalize('NFKD')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60)
    .replace(/-+$/, '');
  return slug || 'item';
}

const formText = (value: unknown): unknown => (typeof value === 'string' && value.trim() === '' ? undefined : value);

/** A form's fields as a definition (blank fields left out, for the schema to name). */
export const milestoneCandidateFromForm = (form: Record<string, unknown>) => ({
  id: formText(form.id),
  title: form.title ?? '',
  baseline: formText(form.baseline),
});

/** A form's fields as a re-baseline. */
export const rebaselineCandidateFromForm = (form: Record<string, unknown>) => ({ baseline: formText(form.baseline), reason: form.reason ?? '' });
