/**
 * Who hears about what. Pure rules: the stream consumer and the digest apply them to stored
 * people, summaries and updates.
 */
import type { Person } from '#shared/domain/people';
import { reportedFor } from '#shared/domain/periods';
import { compareStatus, isSerious } from '#shared/domain/rating';
import type { PrioritySummary } from '#shared/domain/summary';
import type { ProgressUpdate } from '#shared/domain/update';

/** Does the update concern the board: a worsening to amber-red or red, or a barrier that needs its support? */
export function needsBoard(before: Pick<PrioritySummary, 'status'> | null, update: ProgressUpdate): boolean {
  const worsened = before?.status ? compareStatus(update.status, before.status) > 0 : true;
  return (worsened && isSerious(update.status)) || update.barriers.some((barrier) => barrier.needsBoardSupport);
}

/**
 * Delivery records are kept longer than this (`deliveryRecordDays`, retention.ts); an update
 * older than this is no longer news, so a summary repaired long after, when its delivery record
 * may be gone, cannot send its emails a second time.
 */
export const newsDays = 7;

export function isNews(submittedAt: string, now = new Date()): boolean {
  return now.getTime() - Date.parse(submittedAt) <= newsDays * 86_400_000;
}

/** The people told about a new update: the priority's people (not its author), and the board when it needs to know. */
export function updateRecipients(people: readonly Person[], update: ProgressUpdate, board: boolean): Person[] {
  const author = update.author.email?.toLowerCase();
  return people.filter((person) => {
    if (!person.preferences.updateNotifications) return false;
    if (author && person.email === author) return false;
    if (person.role === 'board') return board;
    return person.priorityId === update.priorityId;
  });
}

/** A priority's own people who take per-update notifications: its sponsors and delivery lead. */
export function priorityRecipients(people: readonly Person[], priorityId: string): Person[] {
  return people.filter((person) => person.preferences.updateNotifications && person.role !== 'board' && person.priorityId === priorityId);
}

export interface Staleness {
  /** No update covering any part of the current period, or a later one (`reportedFor`). */
  missingThisPeriod: boolean;
  /** No update for `staleAfterDays`, or never. */
  stale: boolean;
  daysSinceUpdate: number | null;
}

export function staleness(summary: PrioritySummary, period: string, staleAfterDays: number, now = new Date()): Staleness {
  const days = summary.lastUpdateAt === null ? null : Math.floor((now.getTime() - Date.parse(summary.lastUpdateAt)) / 86_400_000);
  return {
    missingThisPeriod: !reportedFor(summary.period, period),
    stale: days === null || days >= staleAfterDays,
    daysSinceUpdate: days,
  };
}
