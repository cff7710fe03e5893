/** Deadlines, working days and who is late: the rules the missed-updates page and the escalations share. */
import { describe, expect, it } from 'vitest';
import { londonDate } from '#shared/domain/calendar';
import { addWorkingDays, deadlineOf, missedUpdate, reportingCalendar, workingDaysBetween } from '#shared/domain/deadlines';
import { previousPeriod } from '#shared/domain/periods';

describe('a period’s deadline', () => {
  it('is the last day of the month or quarter, leap years included', () => {
    expect(deadlineOf('2021-03')).toBe('2021-03-31');
    expect(deadlineOf('2021-04')).toBe('2021-04-30');
    expect(deadlineOf('2021-02')).toBe('2021-02-28');
    expect(deadlineOf('2024-02')).toBe('2024-02-29');
    expect(deadlineOf('2021-12')).toBe('2021-12-31');
    expect(deadlineOf('2021-Q1')).toBe('2021-03-31');
    expect(deadlineOf('2021-Q2')).toBe('2021-06-30');
    expect(deadlineOf('2021-Q4')).toBe('2021-12-31');
    expect(() => deadlineOf('2021-13')).toThrow();
  });

  it('follows the period before, across a year end', () => {
    expect(previousPeriod('2021-01')).toBe('2020-12');
    expect(previousPeriod('2021-04')).toBe('2021-03');
    expect(previousPeriod('2021-Q1')).toBe('2020-Q4');
    expect(previousPeriod('2021-Q3')).toBe('2021-Q2');
  });
});

describe('working days', () => {
  it('counts Monday to Friday after the deadline, not the deadline itself or a weekend', () => {
    // Friday 30 April 2021: the weekend adds none; Monday 3 May (a bank holiday) counts.
    expect(workingDaysBetween('2021-04-30', '2021-04-30')).toBe(0);
    expect(workingDaysBetween('2021-04-30', '2021-05-02')).toBe(0);
    expect(workingDaysBetween('2021-04-30', '2021-05-03')).toBe(1);
    expect(workingDaysBetween('2021-04-30', '2021-05-07')).toBe(5);
    // Sunday 28 February 2021.
    expect(workingDaysBetween('2021-02-28', '2021-03-01')).toBe(1);
    expect(workingDaysBetween('2021-02-28', '2021-03-05')).toBe(5);
    expect(workingDaysBetween('2021-02-28', '2021-03-08')).toBe(6);
    // Before the deadline: none.
    expect(workingDaysBetween('2021-03-31', '2021-03-10')).toBe(0);
  });

  it('finds the day a set number of working days after a deadline, across weekends and a year end', () => {
    expect(addWorkingDays('2021-04-30', 5)).toBe('2021-05-07'); // Friday to Friday
    expect(addWorkingDays('2021-02-28', 5)).toBe('2021-03-05'); // Sunday to Friday
    expect(addWorkingDays('2021-03-31', 5)).toBe('2021-04-07'); // Wednesday to Wednesday
    expect(addWorkingDays('2021-12-31', 5)).toBe('2022-01-07');
    expect(addWorkingDays('2020-12-31', 1)).toBe('2021-01-01');
    expect(addWorkingDays('2020-12-31', 2)).toBe('2021-01-04');
    for (const [deadline, days] of [
      ['2021-04-30', 5],
      ['2021-02-28', 3],
      ['2021-12-31', 10],
    ] as const) {
      expect(workingDaysBetween(deadline, addWorkingDays(deadline, days))).toBe(days);
    }
  });
});

describe('the reporting calendar', () => {
  it('follows London’s calendar: just after midnight BST on 1 April is April', () => {
    expect(londonDate(new Date('2021-03-31T22:59:00Z'))).toBe('2021-03-31');
    expect(londonDate(new Date('2021-03-31T23:30:00Z'))).toBe('2021-04-01');
    expect(londonDate(new Date('2021-12-31T23:30:00Z'))).toBe('2021-12-31'); // GMT in winter
    const calendar = reportingCalendar('month', 5, new Date('2021-03-31T23:30:00Z'));
    expect(calendar.current).toEqual({ period: '2021-04', deadline: '2021-04-30' });
    expect(calendar.ended).toEqual({ period: '2021-03', deadline: '2021-03-31', workingDaysLate: 1, escalateOn: '2021-04-07' });
  });

  it('on the first days of a quarter, the quarter just ended is the one late and the new one is due', () => {
    // Monday 10 January 2022; the fourth quarter ended on Friday 31 December.
    const calendar = reportingCalendar('quarter', 5, new Date('2022-01-10T08:00:00Z'));
    expect(calendar.current).toEqual({ period: '2022-Q1', deadline: '2022-03-31' });
    expect(calendar.ended).toEqual({ period: '2021-Q4', deadline: '2021-12-31', workingDaysLate: 6, escalateOn: '2022-01-07' });
  });
});

describe('who has missed an update, and who is escalated', () => {
  // Thursday 8 April 2021: six working days after March's deadline (Wednesday 31 March).
  const april8 = reportingCalendar('month', 5, new Date('2021-04-08T08:00:00Z'));

  it('is nobody who reported for the current period, or a later one, or its quarter', () => {
    expect(missedUpdate('2021-04', april8)).toBeNull();
    expect(missedUpdate('2021-05', april8)).toBeNull();
    expect(missedUpdate('2021-Q2', april8)).toBeNull();
  });

  it('is due, not late, for one that reported for the period just ended', () => {
    expect(missedUpdate('2021-03', april8)).toEqual({ period: '2021-04', deadline: '2021-04-30', late: false });
    expect(missedUpdate('2021-Q1', april8)).toEqual({ period: '2021-04', deadline: '2021-04-30', late: false });
  });

  it('is late for the period just ended, and escalated from the set number of working days, for one that did not', () => {
    const late = { period: '2021-03', deadline: '2021-03-31', late: true, workingDaysLate: 6, escalate: true };
    expect(missedUpdate('2021-02', april8)).toEqual(late);
    expect(missedUpdate(null, april8)).toEqual(late);
    expect(missedUpdate('2021-02', reportingCalendar('month', 7, new Date('2021-04-08T08:00:00Z')))).toMatchObject({ late: true, escalate: false });
    // Tuesday 6 April: four working days; Wednesday 7 April: five.
    expect(missedUpdate('2021-02', reportingCalendar('month', 5, new Date('2021-04-06T08:00:00Z')))).toMatchObject({ workingDaysLate: 4, escalate: false });
    expect(missedUpdate('2021-02', reportingCalendar('month', 5, new Date('2021-04-07T08:00:00Z')))).toMatchObject({ workingDaysLate: 5, escalate: true });
  });

  it('under quarterly reporting, counts a month of the quarter just ended as its update', () => {
    const calendar = reportingCalendar('quarter', 5, new Date('2021-04-12T08:00:00Z'));
    expect(missedUpdate('2021-03', calendar)).toEqual({ period: '2021-Q2', deadline: '2021-06-30', late: false });
    expect(missedUpdate('2021-01', calendar)).toEqual({ period: '2021-Q2', deadline: '2021-06-30', late: false });
    expect(missedUpdate('2020-12', calendar)).toEqual({ period: '2021-Q1', deadline: '2021-03-31', late: true, workingDaysLate: 8, escalate: true });
    expect(missedUpdate('2021-05', calendar)).toBeNull();
  });
});
