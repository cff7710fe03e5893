/**
 * Reconcile: finds every summary (with its barriers) that disagrees with the update items,
 * which are the source of truth, and derives it again from the effective ones (a corrected
 * update gives way to its correction). The normal pass costs one
 * short Query per priority: a summary is compared field by field with what its priority's
 * newest updates derive (a missing summary item, or one titled otherwise than the catalogue,
 * disagrees too), and only one that disagrees has its whole history read. Writes are
 * versioned like the stream consumer's, so a summary the stream moves on meanwhile is
 * checked again rather than overwritten; they are marked as rebuilt, so they email no one.
 * The same updates' reports of asks of government whose history entry is missing are applied again.
 */
import { decodeTime } from 'ulid';
import type { Commitments } from '#shared/data/commitments';
import type { ProgrammeReads } from '#shared/data/programme';
import type { Summaries } from '#shared/data/summaries';
import type { Updates } from '#shared/data/updates';
import type { Priority } from '#shared/domain/catalogue';
import { effectiveUpdates } from '#shared/domain/corrections';
import { emptySummary, type PrioritySummary, recentWindow, sameContent, summaryAccountsFor, summaryFromHistory } from '#shared/domain/summary';
import type { ProgressUpdate } from '#shared/domain/update';
import { applyAskReports } from '#shared/services/asks';
import { type CommitmentRepair, reconcileCommitments } from '#shared/services/commitments';
import { wholeHistory, withRetries } from '#shared/services/summarise';

export interface ReconcilePorts {
  programme: Pick<ProgrammeReads, 'snapshot'>;
  updates: Pick<Updates, 'list'>;
  summaries: Pick<Summaries, 'get' | 'rebuild'>;
  commitments: Pick<Commitments, 'ask' | 'changeAsk' | 'logged' | 'list' | 'item' | 'commit'>;
}

/** An update younger than this may still be on its way through the stream: not yet missed. */
const settleMinutes = 15;

export interface ReconcileOptions {
  now?: Date;
  /** Derive every summary from its history, not only those that disagree with their newest updates. */
  full?: boolean;
}

interface SummaryRepair {
  priorityId: string;
  /** The summary item was not in the table at all. */
  missing: boolean;
  before: Pick<PrioritySummary, 'lastUpdateId' | 'updateCount' | 'status'>;
  after: Pick<PrioritySummary, 'lastUpdateId' | 'updateCount' | 'status'>;
}

export interface ReconcileReport {
  priorities: number;
  /** Priorities whose whole history was read. */
  historiesRead: number;
  summariesRepaired: SummaryRepair[];
  /** Asks of government changed again from an update's report whose history entry was missing. */
  asksReapplied: number;
  /** Priorities whose milestones or measures missed what an update reported. */
  commitmentsRepaired: CommitmentRepair[];
}

/** How many summaries a report says were repaired: the figure the metric and alarm watch. */
export function repairsIn(report: ReconcileReport): number {
  return report.summariesRepaired.length;
}

const headline = ({ lastUpdateId, updateCount, status }: PrioritySummary) => ({ lastUpdateId, updateCount, status });

/** The summary derived from the whole history, written when it differs from the stored one or is missing. */
async function repairSummary(ports: ReconcilePorts, priority: Pick<Priority, 'id' | 'title'>): Promise<SummaryRepair | undefined> {
  // Always a consistent read: a repair is rare and must compare with the summary as it is.
  return withRetries(async () => {
    const current = await ports.summaries.get(priority.id, true);
    const stored = current?.value ?? emptySummary(priority.id);
    const kept = { ...(stored.appliedThrough ? { appliedThrough: stored.appliedThrough } : {}), title: priority.title };
    const derived = summaryFromHistory(priority.id, await wholeHistory(ports.updates, priority.id), kept);
    if (current && sameContent(derived, stored)) return undefined;
    await ports.summaries.rebuild(derived, current?.version ?? 0);
    return { priorityId: priority.id, missing: !current, before: headline(stored), after: headline(derived) };
  });
}

/**
 * The ask reports of updates whose history entry is missing (the stream lost them), applied
 * again, oldest first; the entry takes the update's id, so each is applied once, and a change
 * made after an update was submitted is kept.
 */
async function reapplyAskReports(commitments: ReconcilePorts['commitments'], updates: readonly ProgressUpdate[]): Promise<number> {
  let changed = 0;
  for (const update of [...updates].reverse()) {
    for (const reported of update.asks ?? []) {
      const entry = { priorityId: update.priorityId, kind: 'ASK' as const, id: reported.id, at: update.submittedAt, changeId: update.id };
      if (!(await commitments.logged(entry))) changed += await applyAskReports(commitments, { ...update, asks: [reported] });
    }
  }
  return changed;
}

export async function reconcile(ports: ReconcilePorts, options: ReconcileOptions = {}): Promise<ReconcileReport> {
  const now = options.now ?? new Date();
  const settled = (update: ProgressUpdate) => decodeTime(update.id) <= now.getTime() - settleMinutes * 60_000;
  const snapshot = await ports.programme.snapshot();
  const report: ReconcileReport = {
    priorities: snapshot.priorities.length,
    historiesRead: 0,
    summariesRepaired: [],
    asksReapplied: 0,
    commitmentsRepaired: [],
  };
  // Every priority's milestones and measures in one Query: only a priority that has some has them checked.
  const committed = await ports.commitments.list();

  for (const priority of snapshot.priorities) {
    const summary = snapshot.summaries.get(priority.id);
    const whole = () => wholeHistory(ports.updates, priority.id);
    // The newest updates (the whole history on a full pass): their reports, and the summary's check.
    const newest = options.full ? await whole() : (await ports.updates.list(priority.id, { limit: recentWindow })).updates;
    const recent = newest.filter(settled);
    report.asksReapplied += await reapplyAskReports(ports.commitments, recent);
    // A missing item, or a title other than the catalogue's, is rebuilt whatever the newest updates say.
    if (options.full || !summary || summary.title !== priority.title || !summaryAccountsFor(summary, newest, settled)) {
      report.historiesRead += 1;
      const repair = await repairSummary(ports, priority);
      if (repair) report.summariesRepaired.push(repair);
    }
    const held = {
      milestones: committed.milestones.filter(({ value }) => value.priorityId === priority.id).length,
      measures: committed.measures.filter(({ value }) => value.priorityId === priority.id).map(({ value }) => value),
    };
    if (held.milestones === 0 && held.measures.length === 0) continue;
    const repaired = await reconcileCommitments(ports, priority.id, held, recent, async () => effectiveUpdates(await whole()), now);
    if (repaired) report.commitmentsRepaired.push(repaired);
  }

  return report;
}
