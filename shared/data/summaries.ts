/**
 * Priority summaries: derived items in the PROGRAMME partition, rewritten with optimistic
 * locking by the stream consumer. The portfolio is derived from them when read.
 */

import { rebuiltMark, strip, type TableCore, type Versioned } from '#shared/data/core';
import { keys } from '#shared/data/keys';
import type { PrioritySummary } from '#shared/domain/summary';

export class Summaries {
  constructor(private readonly table: TableCore) {}

  get(priorityId: string, consistent = false): Promise<Versioned<PrioritySummary> | undefined> {
    return this.table.getVersioned<PrioritySummary>(keys.summary(priorityId), consistent);
  }

  save(summary: PrioritySummary, version: number): Promise<void> {
    return this.table.putVersioned(keys.summary(summary.priorityId), 'summary', summary, version);
  }

  /**
   * Writes a summary reconcile derived again from the updates, marked `rebuilt`: the notify
   * consumer's filter leaves such records out, so a rebuild emails no one. The stream's next
   * write of the summary replaces the item and drops the mark.
   */
  rebuild(summary: PrioritySummary, version: number): Promise<void> {
    return this.table.putVersioned(keys.summary(summary.priorityId), 'summary', { ...summary, [rebuiltMark]: new Date().toISOString() }, version);
  }

  /** Every priority's summary: one Query of the summaries alone, for the portfolio. */
  async all(): Promise<PrioritySummary[]> {
    return (await this.table.queryPartition(keys.programmePartition, keys.summaryPrefix)).map((item) => strip<PrioritySummary>(item));
  }
}
