/**
 * When a period's update is due, how late a missing one is, and when the board is told.
 * Pure rules over calendar dates (`YYYY-MM-DD`, Europe/London); the missed-updates page and
 * the weekly digest both apply them, so they always agree.
 *
 * The deadline is the last day of the period. Neither the roadmap nor the board reports set a
 * reporting deadline (the board reviews the portfolio quarterly, with no cut-off for updates),
 * and an update describes the period it names, so the period's own end is the one date every
 * deployment can rely on. Working days are Monday to Friday: bank holidays are not excluded,
 * as the project keeps no list of them.
 */
import { londonDate } from '#shared/domain/calendar';
import { currentPeriod, monthsOf, previousPeriod, type ReportingPeriod, reportedFor } from '#shared/domain/periods';

const dayMs = 86_400_000;
const dayOf = (date: string): number => Date.parse(`${date}T00:00:00Z`) / dayMs;
const dateOf = (day: number): string => new Date(day * dayMs).toISOString().slice(0, 10);
/** Monday to Friday; day 0 (1 January 1970) was a Thursday. */
const isWorkingDay = (day: number): boolean => ![2, 3].includes(((day % 7) + 7) % 7);

/** The last day of a period: `2021-03` → `2021-03-31`, `2021-Q1` → `2021-03-31`. */
export function deadlineOf(period: string): string {
  const months = monthsOf(period);
  if (!months) throw new Error(`Not a reporting period: ${period}`);
  const afterLast = months[1] + 1;
  // Day 0 of the next month is the last day of this one.
  return new Date(Date.UTC(Math.floor(afterLast / 12), afterLast % 12, 0)).toISOString().slice(0, 10);
}

/** The working days after `from` up to and including `to`: 0 on the deadline itself, 1 on the next working day. */
export function workingDaysBetween(from: string, to: string): number {
  let count = 0;
  for (let day = dayOf(from) + 1; day <= dayOf(to); day += 1) if (isWorkingDay(day)) count += 1;
  return count;
}

/** The date `days` working days after `date`. */
export function addWorkingDays(date: string, days: number): string {
  let day = dayOf(date);
  for (let left = days; left > 0; ) {
    day += 1;
    if (isWorkingDay(day)) left -= 1;
  }
  return dateOf(day);
}

/** The reporting periods as they stand on one day. */
export interface ReportingCalendar {
  /** Today, in London. */
  today: string;
  /** The period today is in, and its deadline (not passed yet). */
  current: { period: string; deadline: string };
  /**
   * The period whose deadline passed most recently (the one just before the current one), how
   * many working days ago, and the day the board is told of a priority still missing it.
   */
  ended: { period: string; deadline: string; workingDaysLate: number; escalateOn: string };
  escalateAfterWorkingDays: number;
}

export function reportingCalendar(kind: ReportingPeriod, escalateAfterWorkingDays: number, now: Date): ReportingCalendar {
  const today = londonDate(now);
  const current = currentPeriod(kind, now);
  const ended = previousPeriod(current);
  const endedDeadline = deadlineOf(ended);
  return {
    today,
    current: { period: current, deadline: deadlineOf(current) },
    ended: {
      period: ended,
      deadline: endedDeadline,
      workingDaysLate: workingDaysBetween(endedDeadline, today),
      escalateOn: addWorkingDays(endedDeadline, escalateAfterWorkingDays),
    },
    escalateAfterWorkingDays,
  };
}

/**
 * A priority with no update for the current period. When it has none for the period just
 * ended either, it is late: its deadline has passed. Once it is late by the set number of
 * working days, the board is told (`escalate`).
 */
export type MissedUpdate = { period: string; deadline: string } & ({ late: false } | { late: true; workingDaysLate: number; escalate: boolean });

/** What a priority whose latest update is for `reported` (null: never) has missed, or null when it has reported for the current period. */
export function missedUpdate(reported: string | null, calendar: ReportingCalendar): MissedUpdate | null {
  if (reportedFor(reported, calendar.current.period)) return null;
  if (reportedFor(reported, calendar.ended.period)) return { ...calendar.current, late: false };
  const { period, deadline, workingDaysLate } = calendar.ended;
  return { period, deadline, late: true, workingDaysLate, escalate: workingDaysLate >= calendar.escalateAfterWorkingDays };
}
