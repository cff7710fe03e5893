/**
 * Reads of the PROGRAMME partition that serve a page or a list at once: the catalogue with
 * every summary in one Query (and the portfolio derived from them), or one priority with its summary in one
 * BatchGetItem, or a summary with the credential of a post. The items are the catalogue's and the
 * summaries'; this module only reads them.
 */
import { BatchGetCommand } from '@aws-sdk/lib-dynamodb';
import type { ProgrammeProfile } from '#shared/data/catalogue';
import { strip, type TableCore } from '#shared/data/core';
import { type Key, keys } from '#shared/data/keys';
import type { Assessment } from '#shared/domain/assessment';
import type { Priority } from '#shared/domain/catalogue';
import type { Credential } from '#shared/domain/credential';
import { emptySummary, type Portfolio, type PrioritySummary, portfolioOf } from '#shared/domain/summary';

export interface ProgrammeSnapshot {
  programme: ProgrammeProfile | undefined;
  priorities: Priority[];
  summaries: Map<string, PrioritySummary>;
  portfolio: Portfolio;
  /** Each priority's latest independent assessment, kept beside the summaries so no page needs another read. */
  assessments: Map<string, Assessment>;
}

export class ProgrammeReads {
  constructor(private readonly table: TableCore) {}

  /** Everything a dashboard needs, from the one PROGRAMME partition. */
  async snapshot(): Promise<ProgrammeSnapshot> {
    const snapshot: ProgrammeSnapshot = { programme: undefined, priorities: [], summaries: new Map(), portfolio: portfolioOf([]), assessments: new Map() };
    for (const item of await this.table.queryPartition(keys.programmePartition)) {
      if (item.entity === 'programme') snapshot.programme = strip<ProgrammeProfile>(item);
      else if (item.entity === 'priority') snapshot.priorities.push(strip<Priority>(item));
      else if (item.entity === 'summary') {
        const summary = strip<PrioritySummary>(item);
        snapshot.summaries.set(summary.priorityId, summary);
      } else if (item.entity === 'assessment') {
        const assessment = strip<Assessment>(item);
        snapshot.assessments.set(assessment.priorityId, assessment);
      }
    }
    snapshot.portfolio = portfolioOf(snapshot.summaries.values());
    // Profiles of priorities a later catalogue dropped stay in the table but not in the programme.
    const order = snapshot.programme?.priorityIds;
    if (order) {
      snapshot.priorities = snapshot.priorities.filter((priority) => order.includes(priority.id));
      snapshot.priorities.sort((a, b) => order.indexOf(a.id) - order.indexOf(b.id));
    }
    return snapshot;
  }

  /**
   * A priority's summary and the credential `tokenId` names, in one BatchGetItem (both eventually
   * consistent): all that a post reads before it writes, in one round trip.
   */
  async summaryWithCredential(priorityId: string, tokenId: string): Promise<{ summary?: PrioritySummary; credential?: Credential }> {
    const items = await this.batch([keys.summary(priorityId), keys.credential(tokenId)]);
    const summary = items.find((item) => item.entity === 'summary');
    const credential = items.find((item) => item.entity === 'credential');
    return { ...(summary ? { summary: strip<PrioritySummary>(summary) } : {}), ...(credential ? { credential: strip<Credential>(credential) } : {}) };
  }

  /**
   * Whether the catalogue has the priority: its existence comes from its profile, not its summary,
   * so a priority whose summary item is lost still takes posts. Read only when the summary is missing.
   */
  async isPriority(priorityId: string): Promise<boolean> {
    return (await this.table.get(keys.priority(priorityId))) !== undefined;
  }

  /** A priority's profile with its summary (empty before the first update) and latest independent assessment, or undefined when there is no such priority. */
  async priority(priorityId: string): Promise<{ priority: Priority; summary: PrioritySummary; assessment?: Assessment } | undefined> {
    const items = await this.batch([keys.priority(priorityId), keys.summary(priorityId), keys.currentAssessment(priorityId)]);
    const profile = items.find((item) => item.entity === 'priority');
    if (!profile) return undefined;
    const summary = items.find((item) => item.entity === 'summary');
    const assessment = items.find((item) => item.entity === 'assessment');
    return {
      priority: strip<Priority>(profile),
      summary: summary ? strip<PrioritySummary>(summary) : emptySummary(priorityId),
      ...(assessment ? { assessment: strip<Assessment>(assessment) } : {}),
    };
  }

  private async batch(wanted: Key[]): Promise<Record<string, unknown>[]> {
    const tableName = this.table.tableName;
    const { Responses, UnprocessedKeys } = await this.table.client.send(new BatchGetCommand({ RequestItems: { [tableName]: { Keys: wanted } } }));
    if (UnprocessedKeys && Object.keys(UnprocessedKeys).length > 0) {
      // A few small items: a partial answer means throttling, which the caller reports as 503.
      throw Object.assign(new Error('Throttled while reading a priority'), { name: 'ThrottlingException' });
    }
    return Responses?.[tableName] ?? [];
  }
}
