/**
 * Regenerates a priority's summary, then the portfolio, from one stored update. Each step
 * reads one item and writes it back only if it changed, with optimistic locking, so a
 * replayed, duplicated or reordered record changes nothing and concurrent writers do not
 * lose each other's work. No step reads a priority's history.
 */
import { applySummary, applyUpdate, emptySummary, type PrioritySummary } from '../domain/summary.ts';
import type { ProgressUpdate } from '../domain/update.ts';
import { StaleWrite, type ProgressStore } from '../data/progress-store.ts';

const attempts = 8;

/**
 * Runs a read-modify-write step until its conditional write wins. The first read may be
 * eventually consistent (half the read cost): a stale read only loses the version check,
 * and every retry reads consistently.
 */
async function withRetries<T>(step: (consistent: boolean) => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await step(attempt > 1);
    } catch (error) {
      if (!(error instanceof StaleWrite) || attempt >= attempts) throw error;
      await new Promise((resolve) => setTimeout(resolve, Math.random() * 20 * attempt));
    }
  }
}

export interface SummariseOutcome {
  summary: PrioritySummary;
  summaryChanged: boolean;
  portfolioChanged: boolean;
}

/** `position` is the record's stream sequence number; it tells a late commit from a replay. */
export async function summarise(store: ProgressStore, update: ProgressUpdate, position?: string): Promise<SummariseOutcome> {
  const { summary, summaryChanged } = await withRetries(async (consistent) => {
    const current = await store.getSummary(update.priorityId, consistent);
    const next = applyUpdate(current?.value ?? emptySummary(update.priorityId), update, position);
    if (!next) return { summary: current!.value, summaryChanged: false };
    await store.saveSummary(next, current?.version ?? 0);
    return { summary: next, summaryChanged: true };
  });
  // Runs for duplicates too: if an earlier attempt stopped between the two writes, this completes it.
  const portfolioChanged = await withRetries(async (consistent) => {
    const current = await store.getPortfolio(consistent);
    const next = applySummary(current.value, summary);
    if (!next) return false;
    await store.savePortfolio(next, current.version);
    return true;
  });
  return { summary, summaryChanged, portfolioChanged };
}
