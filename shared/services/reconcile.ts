/**
 * Reconcile: finds every summary (with its barriers) that missed an update and derives it
 * again from the update items, which are the source of truth. The
 * normal pass costs one short Query per priority: a summary is compared with its priority's
 * newest updates, and only one that disagrees has its whole history read. Writes are
 * versioned like the stream consumer's, so a summary the stream moves on meanwhile is
 * checked again rather than overwritten.
 */
import { decodeTime } from 'ulid';
import type { ProgrammeReads } from '#shared/data/programme';
import type { Summaries } from '#shared/data/summaries';
import type { Updates } from '#shared/data/updates';
import { emptySummary, type PrioritySummary, recentWindow, sameContent, summaryAccountsFor, summaryFromHistory } from '#shared/domain/summary';
import type { ProgressUpdate } from '#shared/domain/update';
import { withRetries } from '#shared/services/summarise';

export interface ReconcilePorts {
  programme: Pick<ProgrammeReads, 'snapshot'>;
  updates: Pick<Updates, 'list'>;
  summaries: Pick<Summaries, 'get' | 'save'>;
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
  before: Pick<PrioritySummary, 'lastUpdateId' | 'updateCount' | 'status'>;
  after: Pick<PrioritySummary, 'lastUpdateId' | 'updateCount' | 'status'>;
}

export interface ReconcileReport {
  priorities: number;
  /** Priorities whose whole history was read. */
  historiesRead: number;
  summariesRepaired: SummaryRepair[];
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

/** The summary derived from the whole history, written when it differs from the stored one. */
async function repairSummary(ports: ReconcilePorts, priorityId: string): Promise<SummaryRepair | undefined> {
  // Always a consistent read: a repair is rare and must compare with the summary as it is.
  return withRetries(async () => {
    const current = await ports.summaries.get(priorityId, true);
    const stored = current?.value ?? emptySummary(priorityId);
    const derived = summaryFromHistory(priorityId, await history(ports.updates, priorityId), stored);
    if (sameContent(derived, stored)) return undefined;
    await ports.summaries.save(derived, current?.version ?? 0);
    return { priorityId, before: headline(stored), after: headline(derived) };
  });
}

export async function reconcile(ports: ReconcilePorts, options: ReconcileOptions = {}): Promise<ReconcileReport> {
  const now = options.now ?? new Date();
  const settled = (update: ProgressUpdate) => decodeTime(update.id) <= now.getTime() - settleMinutes * 60_000;
  const snapshot = await ports.programme.snapshot();
  const report: ReconcileReport = { priorities: snapshot.priorities.length, historiesRead: 0, summariesRepaired: [] };

  for (const { id } of snapshot.priorities) {
    const summary = snapshot.summaries.get(id) ?? emptySummary(id);
    if (!options.full) {
      const { updates: newest } = await ports.updates.list(id, { limit: recentWindow });
      if (summaryAccountsFor(summary, newest, settled)) continue;
    }
    report.historiesRead += 1;
    const repair = await repairSummary(ports, id);
    if (repair) report.summariesRepaired.push(repair);
  }

  return report;
}
