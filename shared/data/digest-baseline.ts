/** The statuses the last digest reported, so the next one can say what changed since. */

import { strip, type TableCore } from '#shared/data/core';
import { keys } from '#shared/data/keys';
import type { Status } from '#shared/domain/rating';

export interface DigestBaseline {
  runId: string;
  /** Each priority's status when that digest ran. */
  statuses: Record<string, Status | null>;
  /** The baseline that run compared against, so a re-run of it says the same. */
  previous: Record<string, Status | null>;
  /** When that digest ran, and when the one before it did: what moved since (asks, milestones) is told once. Absent from baselines saved before. */
  at?: string;
  previousAt?: string;
}

export class DigestBaselines {
  constructor(private readonly table: TableCore) {}

  async get(): Promise<DigestBaseline | undefined> {
    const item = await this.table.get(keys.lastDigest(), true);
    return item ? strip<DigestBaseline>(item) : undefined;
  }

  save(baseline: DigestBaseline): Promise<void> {
    return this.table.replace(keys.lastDigest(), 'digest', baseline);
  }
}
