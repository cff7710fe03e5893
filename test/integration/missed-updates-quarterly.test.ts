/**
 * Missed updates under quarterly reporting, on the local stack: an update for a month of the
 * quarter counts as the quarter's on the page and for the escalation, which is sent once per
 * quarter, the set working days after the quarter's last day.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addWorkingDays, deadlineOf, reportingCalendar } from '#shared/domain/deadlines';
import type { DigestResult } from '#shared/services/digest';
import { invoke } from '../../infra/local/lambda.ts';
import { missedUpdateRows, post, type SentEmail, startTestStack, type TestStack } from './stack.ts';

let stack: TestStack;
beforeAll(async () => {
  stack = await startTestStack({ settings: { REPORTING_PERIOD: 'quarter', ESCALATE_AFTER_WORKING_DAYS: '3' } });
});
afterAll(async () => stack?.stop());

const to = (email: SentEmail) => email.destination.to[0]!;

describe('the missed-updates page, quarterly', () => {
  it('counts a month of the quarter as the quarter’s update, and measures lateness from the last quarter’s last day', async () => {
    const calendar = reportingCalendar('quarter', 3, new Date());
    const lastMonthOfEndedQuarter = calendar.ended.deadline.slice(0, 7);
    await post(stack, 'jobs-and-training', calendar.today.slice(0, 7)); // this quarter: reported
    await post(stack, 'education-and-young-people', lastMonthOfEndedQuarter); // the last quarter: due, not late

    const rows = await missedUpdateRows(stack);
    expect(rows.map(([id]) => id)).not.toContain('jobs-and-training');
    expect(rows.at(-1)).toEqual([
      'education-and-young-people',
      expect.stringContaining(`, for ${lastMonthOfEndedQuarter}`),
      expect.stringContaining(`For ${calendar.current.period}`),
      'Not yet',
      'No',
    ]);
    const days = calendar.ended.workingDaysLate;
    expect(rows[0]).toEqual([
      'living-safely-with-coronavirus',
      'Never',
      expect.stringContaining(`For ${calendar.ended.period}, by `),
      `${days} working ${days === 1 ? 'day' : 'days'}`,
      days >= 3 ? 'Due: with the next weekly digest' : expect.stringMatching(/^No; due on /),
    ]);
  });
});

describe('escalation to the board, quarterly', () => {
  const year = new Date().getUTCFullYear() + 1;
  const escalateOn = addWorkingDays(deadlineOf(`${year}-Q1`), 3);
  const at = (date: string, days = 0) => new Date(Date.parse(`${date}T07:00:00Z`) + days * 86_400_000).toISOString();

  it('goes once per quarter to each board member, not for a priority that reported for a month of the quarter', async () => {
    await post(stack, 'mental-health-support-and-awareness', `${year}-02`);
    const before = (await stack.emails()).length;
    const early = await invoke<DigestResult>('digest', { scheduledTime: at(escalateOn, -1) });
    expect(early.escalations.priorities).toEqual([]);

    const run = await invoke<DigestResult>('digest', { scheduledTime: at(escalateOn) });
    expect(run.period).toBe(`${year}-Q2`);
    expect(run.escalations.priorities).not.toContain('mental-health-support-and-awareness');
    expect(run.escalations.priorities).toContain('extra-help-to-the-most-affected');
    const escalations = (await stack.emails()).slice(before).filter((email) => email.subject.startsWith('Escalation'));
    const extraHelp = escalations.filter((email) => email.subject.includes('Extra help to the most affected'));
    expect(extraHelp.map(to).sort()).toEqual(['board.chair@example.org', 'board.secretariat@example.org']);
    expect(extraHelp[0]!.subject).toContain(`has no update for ${year}-Q1, 3 working days after the deadline`);
    expect(extraHelp[0]!.body.text).toContain(`which was due by 31 March ${year}`);

    // A month on, still in the next quarter: the quarter's escalations are not repeated.
    const later = await invoke<DigestResult>('digest', { scheduledTime: at(escalateOn, 35) });
    expect(later.escalations).toEqual({ sent: 0, skipped: 0, priorities: [] });
  });
});
