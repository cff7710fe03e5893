/**
 * Reconcile: finds every summary (with its barriers) that disagrees with the update items,
 * which are the source of truth, and derives it again from them. The normal pass costs one
 * short Query per priority: a summary is compared field by field with what its priority's
 * newest updates derive (a missing summary item, or one titled otherwise than the catalogue,
 * disagrees too), and only one that disagrees has its whole history read. Writes are
 * versioned like the stream consumer's, so a summary the stream moves on meanwhile is
 * checked again rather than overwritten; they are marked as rebuilt, so they email no one.
 */
import { decodeTime } from 'ulid';
import type { Commitments } from '#shared/data/commitments';
import type { ProgrammeReads } from '#shared/data/programme';
import type { Summaries } from '#shared/data/summaries';
import type { Updates } from '#shared/data/updates';
import type { Priority } from '#shared/domain/catalogue';
import { emptySummary, type PrioritySummary, recentWindow, sameContent, summaryAccountsFor, summaryFromHistory } from '#shared/domain/summary';
import type { ProgressUpdate } from '#shared/domain/update';
import { type CommitmentRepair, reconcileCommitments } from '#shared/services/commitments';
import { withRetries } from '#shared/services/summarise';

export interface ReconcilePorts {
  programme: Pick<ProgrammeReads, 'snapshot'>;
  updates: Pick<Updates, 'list'>;
  summaries: Pick<Summaries, 'get' | 'rebuild'>;
  commitments: Pick<Commitments, 'list' | 'commit'>;
}

/** An update younger than this may still be on its way through the stream: not yet missed. */
const settleMinutes = 15;
const historyPage = 100;

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
  /** Priorities whose milestones or measures missed what an update reported. */
  commitmentsRepaired: CommitmentRepair[];
}

/** How many summaries a report says were repaired: the figure the metric and alarm watch. */
export function repairsIn(report: ReconcileReport): number {
  return report.summariesRepaired.length;
}

const headline = ({ lastUpdateId, updateCount, status }: PrioritySummary) => ({ lastUpdateId, updateCount, status });

async function history(updates: ReconcilePorts['updates'], priorityId: string): Promise<ProgressUpdate[]> {
  const all: ProgressUpdate[] = [];
  let after: string | undefined;
  do {
    const page = await updates.list(priorityId, { limit: historyPage, ...(after ? { after } : {}) });
    all.push(...page.updates);
    after = page.lastId;
  } while (after);
  return all;
}

/** The summary derived from the whole history, written when it differs from the stored one or is missing. */
async function repairSummary(ports: ReconcilePorts, priority: Pick<Priority, 'id' | 'title'>): Promise<SummaryRepair | undefined> {
  // Always a consistent read: a repair is rare and must compare with the summary as it is.
  return withRetries(async () => {
    const current = await ports.summaries.get(priority.id, true);
    const stored = current?.value ?? emptySummary(priority.id);
    const kept = { ...(stored.appliedThrough ? { appliedThrough: stored.appliedThrough } : {}), title: priority.title };
    const derived = summaryFromHistory(priority.id, await history(ports.updates, priority.id), kept);
    if (current && sameContent(derived, stored)) return undefined;
    await ports.summaries.rebuild(derived, current?.version ?? 0);
    return { priorityId: priority.id, missing: !current, before: headline(stored), after: headline(derived) };
  });
}

export async function reconcile(ports: ReconcilePorts, options: ReconcileOptions = {}): Promise<ReconcileReport> {
  const now = options.now ?? new Date();
  const settled = (update: ProgressUpdate) => decodeTime(update.id) <= now.getTime() - settleMinutes * 60_000;
  const snapshot = await ports.programme.snapshot();
  const report: ReconcileReport = { priorities: snapshot.priorities.length, historiesRead: 0, summariesRepaired: [], commitmentsRepaired: [] };
  // Every priority's milestones and measures in one Query: only a priority that has some has them checked.
  const committed = await ports.commitments.list();

  for (const priority of snapshot.priorities) {
    const summary = snapshot.summaries.get(priority.id);
    let newest: ProgressUpdate[] | undefined;
    // A missing item, or a title other than the catalogue's, needs no update read to be found.
    if (!options.full && summary && summary.title === priority.title) {
      newest = (await ports.updates.list(priority.id, { limit: recentWindow })).updates;
    }
    if (!newest || !summaryAccountsFor(summary!, newest, settled)) {
      report.historiesRead += 1;
      const repair = await repairSummary(ports, priority);
      if (repair) report.summariesRepaired.push(repair);
    }
    const held = {
      milestones: committed.milestones.filter(({ value }) => value.priorityId === priority.id).length,
      measures: committed.measures.filter(({ value }) => value.priorityId === priority.id).map(({ value }) => value),
    };
    if (held.milestones === 0 && held.measures.length === 0) continue;
    const whole = () => history(ports.updates, priority.id);
    const recent = options.full ? await whole() : (newest ?? (await ports.updates.list(priority.id, { limit: recentWindow })).updates);
    const repaired = await reconcileCommitments(ports, priority.id, held, recent.filter(settled), whole, now);
    if (repaired) report.commitmentsRepaired.push(repaired);
  }

  return report;
}
