/**
 * Priority summaries and the portfolio summary: derived items in the PROGRAMME partition,
 * rewritten with optimistic locking by the stream consumer.
 */
import { emptyPortfolio, emptySummary, type Portfolio, type PrioritySummary } from '#shared/domain/summary';
import { StaleWrite, type TableCore, type Versioned } from '#shared/data/core';
import { keys } from '#shared/data/keys';

export class Summaries {
  constructor(private readonly table: TableCore) {}

  get(priorityId: string, consistent = false): Promise<Versioned<PrioritySummary> | undefined> {
    return this.table.getVersioned<PrioritySummary>(keys.summary(priorityId), consistent);
  }

  save(summary: PrioritySummary, version: number): Promise<void> {
    return this.table.putVersioned(keys.summary(summary.priorityId), 'summary', summary, version);
  }

  async getPortfolio(consistent = false): Promise<Versioned<Portfolio>> {
    return (await this.table.getVersioned<Portfolio>(keys.portfolio(), consistent)) ?? { value: emptyPortfolio(), version: 0 };
  }

  savePortfolio(portfolio: Portfolio, version: number): Promise<void> {
    return this.table.putVersioned(keys.portfolio(), 'portfolio', portfolio, version);
  }

  /** Empty summaries for new priorities and an empty portfolio, leaving any that exist alone. */
  async createMissing(priorityIds: readonly string[]): Promise<void> {
    for (const priorityId of priorityIds) await ignoreExisting(this.save(emptySummary(priorityId), 0));
    await ignoreExisting(this.savePortfolio(emptyPortfolio(), 0));
  }
}

async function ignoreExisting(write: Promise<void>): Promise<void> {
  try {
    await write;
  } catch (error) {
    if (!(error instanceof StaleWrite)) throw error;
  }
}
