/**
 * Priority summaries: derived items in the PROGRAMME partition, rewritten with optimistic
 * locking by the stream consumer. The portfolio is derived from them when read.
 */
import { emptySummary, type PrioritySummary } from '#shared/domain/summary';
import { StaleWrite, strip, type TableCore, type Versioned } from '#shared/data/core';
import { keys } from '#shared/data/keys';

export class Summaries {
  constructor(private readonly table: TableCore) {}

  get(priorityId: string, consistent = false): Promise<Versioned<PrioritySummary> | undefined> {
    return this.table.getVersioned<PrioritySummary>(keys.summary(priorityId), consistent);
  }

  save(summary: PrioritySummary, version: number): Promise<void> {
    return this.table.putVersioned(keys.summary(summary.priorityId), 'summary', summary, version);
  }

  /** Every priority's summary: one Query of the summaries alone, for the portfolio. */
  async all(): Promise<PrioritySummary[]> {
    return (await this.table.queryPartition(keys.programmePartition, keys.summaryPrefix)).map((item) => strip<PrioritySummary>(item));
  }

  /** Empty summaries for new priorities, leaving any that exist alone. */
  async createMissing(priorityIds: readonly string[]): Promise<void> {
    for (const priorityId of priorityIds) await ignoreExisting(this.save(emptySummary(priorityId), 0));
  }
}

async function ignoreExisting(write: Promise<void>): Promise<void> {
  try {
    await write;
  } catch (error) {
    if (!(error instanceof StaleWrite)) throw error;
  }
}
