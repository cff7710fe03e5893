/**
 * Regenerates a priority's summary from one stored update: it reads the summary and writes it
 * back only if it changed, with optimistic locking, so a replayed, duplicated or reordered
 * record changes nothing and concurrent writers do not lose each other's work. It never reads
 * a priority's history. The portfolio is derived from the summaries when read.
 */

import { StaleWrite } from '#shared/data/core';
import type { Summaries } from '#shared/data/summaries';
import type { Updates } from '#shared/data/updates';
import { applyUpdate, emptySummary, type PrioritySummary, positionAfter, sameContent, summaryFromHistory } from '#shared/domain/summary';
import type { ProgressUpdate } from '#shared/domain/update';

export type SummaryPorts = Pick<Summaries, 'get' | 'save'>;
export type HistoryPort = Pick<Updates, 'list'>;

const attempts = 8;

/**
 * Runs a read-modify-write step of a summary until its conditional write wins. The first read
 * may be eventually consistent (half the read cost): a stale read only loses the version
 * check, and every retry reads consistently.
 */
export async function withRetries<T>(step: (consistent: boolean) => Promise<T>): Promise<T> {
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
}

/** A priority's history, newest first, a page at a time: the whole of it, or until what is read is `enough`. */
export async function wholeHistory(
  updates: HistoryPort,
  priorityId: string,
  enough: (read: readonly ProgressUpdate[]) => boolean = () => false,
): Promise<ProgressUpdate[]> {
  const all: ProgressUpdate[] = [];
  let after: string | undefined;
  do {
    const page = await updates.list(priorityId, { limit: 100, ...(after ? { after } : {}) });
    all.push(...page.updates);
    after = page.lastId;
  } while (after && !enough(all));
  return all;
}

/**
 * A correction changes which updates stand, which no window of recent updates can tell: the
 * summary is derived again from the priority's whole history (read on every attempt, so an
 * update the stream applies meanwhile is in it). Corrections are rare.
 */
export async function summariseCorrection(
  ports: { summaries: SummaryPorts; updates: HistoryPort },
  correction: ProgressUpdate,
  position?: string,
): Promise<SummariseOutcome> {
  return withRetries(async (consistent) => {
    const current = await ports.summaries.get(correction.priorityId, consistent);
    const reached = current?.value.appliedThrough ?? null;
    const furthest = position !== undefined && (reached === null || positionAfter(position, reached)) ? position : reached;
    const kept = { ...(furthest ? { appliedThrough: furthest } : {}), ...(current?.value.title === undefined ? {} : { title: current.value.title }) };
    const derived = summaryFromHistory(correction.priorityId, await wholeHistory(ports.updates, correction.priorityId), kept);
    if (current && sameContent(derived, current.value)) return { summary: current.value, summaryChanged: false };
    await ports.summaries.save(derived, current?.version ?? 0);
    return { summary: derived, summaryChanged: true };
  });
}

/** `position` is the record's stream sequence number; it tells a late commit from a replay. */
export async function summarise(summaries: SummaryPorts, update: ProgressUpdate, position?: string): Promise<SummariseOutcome> {
  return withRetries(async (consistent) => {
    const current = await summaries.get(update.priorityId, consistent);
    const next = applyUpdate(current?.value ?? emptySummary(update.priorityId), update, position);
    if (!next) return { summary: current!.value, summaryChanged: false };
    await summaries.save(next, current?.version ?? 0);
    return { summary: next, summaryChanged: true };
  });
}
