/**
 * Reporting periods: months (`YYYY-MM`) or quarters (`YYYY-Qn`), as a deployment reports.
 * Whether a priority has reported for a period is decided by the dates the periods cover, so
 * a monthly update counts for its quarter and a quarterly one for each of its months.
 */
import * as z from 'zod';

export const reportingPeriods = ['month', 'quarter'] as const;
export type ReportingPeriod = (typeof reportingPeriods)[number];

export function currentPeriod(kind: ReportingPeriod, now = new Date()): string {
  const year = now.getUTCFullYear();
  const month = now.getUTCMonth() + 1;
  return kind === 'month' ? `${year}-${String(month).padStart(2, '0')}` : `${year}-Q${Math.ceil(month / 3)}`;
}

const periodPattern = /^((?:19|20)\d\d)-(?:(0[1-9]|1[0-2])|Q([1-4]))$/;

/** A period as an update names it. */
export const periodSchema = z.string().regex(periodPattern, 'use YYYY-MM (for example 2021-03) or YYYY-Qn (for example 2021-Q1)');

/** The months a period covers, as [first, last] counted from year 0 (so ranges compare as numbers); null for anything else. */
export function monthsOf(period: string): [number, number] | null {
  const match = periodPattern.exec(period);
  if (!match) return null;
  const year = Number(match[1]) * 12;
  if (match[2]) return [year + Number(match[2]) - 1, year + Number(match[2]) - 1];
  const first = year + (Number(match[3]) - 1) * 3;
  return [first, first + 2];
}

/** True when a reported period shares at least a month with another period. */
export function periodsOverlap(reported: string, period: string): boolean {
  const [a, b] = [monthsOf(reported), monthsOf(period)];
  return a !== null && b !== null && a[0] <= b[1] && b[0] <= a[1];
}
