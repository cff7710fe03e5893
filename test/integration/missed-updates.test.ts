/**
 * Missed updates under monthly reporting, on the local stack: the page lists the priorities
 * without an update for the current period, oldest first, with how late each is and whether
 * the board has been told; the digest escalates a priority to the board once per period, the
 * set working days after the deadline, and not one whose update has arrived.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addWorkingDays, deadlineOf, reportingCalendar } from '#shared/domain/deadlines';
import { currentPeriod, previousPeriod } from '#shared/domain/periods';
import type { DigestResult } from '#shared/services/digest';
import { invoke } from '../../infra/local/lambda.ts';
import { missedUpdateRows, post, type SentEmail, startTestStack, type TestStack } from './stack.ts';

let stack: TestStack;
let priorityIds: string[];
beforeAll(async () => {
  // Reminders here are for missing updates only: no update in these tests is old enough to be stale.
  stack = await startTestStack({ settings: { STALE_AFTER_DAYS: '365' } });
  priorityIds = (await stack.stores.programme.snapshot()).priorities.map((priority) => priority.id);
});
afterAll(async () => stack?.stop());

const to = (email: SentEmail) => email.destination.to[0]!;
const board = ['board.chair@example.org', 'board.secretariat@example.org'];

describe('the missed-updates page, monthly', () => {
  it('lists every priority without an update for this month, never-updated first, with how late and whether the board was told', async () => {
    const calendar = reportingCalendar('month', 5, new Date());
    await post(stack, 'local-businesses-and-high-streets', previousPeriod(calendar.ended.period)); // late
    await post(stack, 'education-and-young-people', calendar.ended.period); // due, not late
    await post(stack, 'jobs-and-training', calendar.current.period); // reported
    await stack.stores.escalations.record({
      period: calendar.ended.period,
      priorityId: 'local-businesses-and-high-streets',
      escalatedAt: new Date().toISOString(),
    });

    const rows = await missedUpdateRows(stack);
    const never = priorityIds.filter((id) => !['local-businesses-and-high-streets', 'education-and-young-people', 'jobs-and-training'].includes(id));
    expect(rows.map(([id]) => id)).toEqual([...never, 'local-businesses-and-high-streets', 'education-and-young-people']);
    const late = `${calendar.ended.workingDaysLate} working ${calendar.ended.workingDaysLate === 1 ? 'day' : 'days'}`;
    expect(rows[0]!.slice(0, 4)).toEqual([never[0], 'Never', expect.stringContaining(`For ${calendar.ended.period}, by `), late]);
    expect(rows.at(-2)).toEqual([
      'local-businesses-and-high-streets',
      expect.stringContaining(`, for ${previousPeriod(calendar.ended.period)}`),
      expect.stringContaining(`For ${calendar.ended.period}`),
      late,
      expect.stringMatching(/^Yes, on /),
    ]);
    expect(rows.at(-1)).toEqual([
      'education-and-young-people',
      expect.stringContaining(`, for ${calendar.ended.period}`),
      expect.stringContaining(`For ${calendar.current.period}`),
      'Not yet',
      'No',
    ]);
  });

  it('is linked from the dashboard', async () => {
    const dashboard = await (await stack.request('GET', '/', { headers: { accept: 'text/html' } })).text();
    expect(dashboard).toContain('href="/missed-updates"');
  });
});

describe('escalation to the board, monthly', () => {
  // Months ahead, so every update posted before is older than the periods the runs look at.
  const following = (month: string) => new Date(Date.parse(`${deadlineOf(month)}T12:00:00Z`) + 86_400_000).toISOString().slice(0, 7);
  const missed = following(following(currentPeriod('month')));
  const escalateOn = addWorkingDays(deadlineOf(missed), 5);
  const at = (date: string, days = 0) => new Date(Date.parse(`${date}T07:00:00Z`) + days * 86_400_000).toISOString();
  const digest = async (scheduledTime: string) => {
    const before = (await stack.emails()).length;
    const result = await invoke<DigestResult>('digest', { scheduledTime });
    const sent = (await stack.emails()).slice(before);
    return {
      result,
      escalations: sent.filter((email) => email.subject.startsWith('Escalation')),
      reminders: sent.filter((email) => email.subject.startsWith('Reminder')),
    };
  };

  it('is not sent before the set working days have passed', async () => {
    await post(stack, 'mental-health-support-and-awareness', previousPeriod(missed));
    const early = await digest(at(escalateOn, -1));
    expect(early.result.period).toBe(following(missed));
    expect(early.escalations).toEqual([]);
    expect(early.reminders.map(to)).toContain('sponsor.living-safely-with-coronavirus@example.org');
  });

  it('goes to each board member once per late priority; an update that arrived stops it and the reminders', async () => {
    await post(stack, 'living-safely-with-coronavirus', following(missed));
    const { result, escalations, reminders } = await digest(at(escalateOn));
    const late = priorityIds.filter((id) => id !== 'living-safely-with-coronavirus');
    expect(result.escalations).toEqual({ sent: late.length * board.length, skipped: 0, priorities: late });
    const mentalHealth = escalations.filter((email) => email.subject.includes('Mental health'));
    expect(mentalHealth.map(to).sort()).toEqual(board);
    expect(mentalHealth[0]!.subject).toMatch(new RegExp(`has no update for ${missed}, 5 working days after the deadline$`));
    expect(mentalHealth[0]!.body.text).toContain(`${stack.apiUrl}/missed-updates`);
    expect(escalations.some((email) => email.body.text?.includes('Living safely'))).toBe(false);
    expect(reminders.map(to)).not.toContain('sponsor.living-safely-with-coronavirus@example.org');
    expect(reminders.map(to)).toContain('sponsor.mental-health-support-and-awareness@example.org');
    expect([...(await stack.stores.escalations.forPeriod(missed)).keys()].sort()).toEqual([...late].sort());
  });

  it('is not sent again in the following weeks, while the reminders go on', async () => {
    const nextWeek = await digest(at(escalateOn, 7));
    expect(nextWeek.escalations).toEqual([]);
    expect(nextWeek.result.escalations).toEqual({ sent: 0, skipped: 0, priorities: [] });
    expect(nextWeek.reminders.map(to)).toContain('sponsor.mental-health-support-and-awareness@example.org');
  });
});
