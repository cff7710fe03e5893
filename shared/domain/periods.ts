/**
 * Reporting periods: months (`YYYY-MM`) or quarters (`YYYY-Qn`), as a deployment reports.
 * Whether a priority has reported for a period is decided by the dates the periods cover, so
 * a monthly update counts for its quarter and a quarterly one for each of its months.
 */
import * as z from 'zod/mini';
import { londonDate } from '#shared/domain/calendar';

export const reportingPeriods = ['month', 'quarter'] as const;
export type ReportingPeriod = (typeof reportingPeriods)[number];

/** The period of a kind that holds a month counted from year 0 (as `monthsOf` counts). */
function periodHolding(kind: ReportingPeriod, month: number): string {
  const year = Math.floor(month / 12);
  const inYear = (month % 12) + 1;
  return kind === 'month' ? `${year}-${String(inYear).padStart(2, '0')}` : `${year}-Q${Math.ceil(inYear / 3)}`;
}

export function currentPeriod(kind: ReportingPeriod, now = new Date()): string {
  const [year, month] = londonDate(now).split('-').map(Number) as [number, number];
  return periodHolding(kind, year * 12 + month - 1);
}

/** The period of the same kind just before one: `2021-01` → `2020-12`, `2021-Q1` → `2020-Q4`. */
export function previousPeriod(period: string): string {
  const months = monthsOf(period);
  if (!months) throw new Error(`Not a reporting period: ${period}`);
  return periodHolding(period.includes('Q') ? 'quarter' : 'month', months[0] - 1);
}

const periodPattern = /^((?:19|20)\d\d)-(?:(0[1-9]|1[0-2])|Q([1-4]))$/;

/** A period as an update names it. */
export const periodSchema = z.string().check(z.regex(periodPattern, 'use YYYY-MM (for example 2021-03) or YYYY-Qn (for example 2021-Q1)'));

/** The months a period covers, as [first, last] counted from year 0 (so ranges compare as numbers); null for anything else. */
export function monthsOf(period: string): [number, number] | null {
  const match = periodPattern.exec(period);
  if (!match) return null;
  const year = Number(match[1]) * 12;
  if (match[2]) return [year + Number(match[2]) - 1, year + Number(match[2]) - 1];
  const first = year + (Number(match[3]) - 1) * 3;
  return [first, first + 2];
}

/**
 * Whether a priority whose latest update is for `reported` has reported for `period`: its
 * update covers part of the period, or a later one. A later report supersedes: an update is
 * where the priority stands now, so one for April answers for March too, and a sponsor who
 * missed March and reports in April is not chased for March any more.
 */
export function reportedFor(reported: string | null, period: string): boolean {
  const [a, b] = [reported === null ? null : monthsOf(reported), monthsOf(period)];
  return a !== null && b !== null && a[1] >= b[0];
}
