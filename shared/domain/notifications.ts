/**
 * Who hears about what. Pure rules: the stream consumer and the digest apply them to stored
 * people, summaries and updates.
 */
import type { Person } from './people.ts';
import { compareStatus, isSerious } from './rating.ts';
import type { PrioritySummary } from './summary.ts';
import type { ProgressUpdate } from './update.ts';

/** Periods are months (`YYYY-MM`) or quarters (`YYYY-Qn`), as a deployment reports. */
export type ReportingPeriod = 'month' | 'quarter';

export function currentPeriod(kind: ReportingPeriod, now = new Date()): string {
  const year = now.getUTCFullYear();
  const month = now.getUTCMonth() + 1;
  return kind === 'month' ? `${year}-${String(month).padStart(2, '0')}` : `${year}-Q${Math.ceil(month / 3)}`;
}

/** Does the update concern the board: a worsening to amber-red or red, or a barrier that needs its support? */
export function needsBoard(before: PrioritySummary | null, update: ProgressUpdate): boolean {
  const worsened = before?.status ? compareStatus(update.status, before.status) > 0 : true;
  return (worsened && isSerious(update.status)) || update.barriers.some((barrier) => barrier.needsBoardSupport);
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

export interface Staleness {
  /** No update for the current period. */
  missingThisPeriod: boolean;
  /** No update for `staleAfterDays`, or never. */
  stale: boolean;
  daysSinceUpdate: number | null;
}

export function staleness(summary: PrioritySummary, period: string, staleAfterDays: number, now = new Date()): Staleness {
  const days = summary.lastUpdateAt === null ? null : Math.floor((now.getTime() - Date.parse(summary.lastUpdateAt)) / 86_400_000);
  return {
    missingThisPeriod: summary.period !== period,
    stale: days === null || days >= staleAfterDays,
    daysSinceUpdate: days,
  };
}
