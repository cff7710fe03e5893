/**
 * What an update reports of its priority's commitments (asks of government, milestones, measures),
 * applied from the stream: each applier logs its changes under the update's id, so a record
 * delivered again changes nothing. Reconcile rebuilds the same from the updates.
 */
import { effectiveUpdates } from '#shared/domain/corrections';
import type { Measure } from '#shared/domain/measure';
import type { ProgressUpdate } from '#shared/domain/update';
import { applyAskReports } from '#shared/services/asks';
import { applyMeasureValues, recomputeMeasures } from '#shared/services/measures';
import { applyMilestoneReports, type CommitmentPorts } from '#shared/services/milestones';
import { type HistoryPort, wholeHistory } from '#shared/services/summarise';

export type { CommitmentPorts } from '#shared/services/milestones';

export interface AppliedCommitments {
  asks: number;
  milestones: number;
  measures: number;
}

/** The consumer's ports: a correction reads its priority's updates. */
export interface ReportPorts extends CommitmentPorts {
  updates: HistoryPort;
}

export async function applyReportedCommitments(ports: ReportPorts, update: ProgressUpdate): Promise<AppliedCommitments> {
  return {
    asks: await applyAskReports(ports.commitments, update),
    milestones: await applyMilestoneReports(ports, update),
    // A correction may move a value to another period or take it away: the series follow the updates in effect.
    measures: update.corrects
      ? (await recomputeMeasures(ports, update.priorityId, effectiveUpdates(await wholeHistory(ports.updates, update.priorityId)))).length
      : await applyMeasureValues(ports, update),
  };
}

export interface CommitmentRepair {
  priorityId: string;
  /** Milestone reports applied that the stream had not. */
  milestoneReports: number;
  /** Measures whose series was derived again from the updates. */
  measures: string[];
}

/**
 * Rebuilds what the stream derives of one priority's commitments: re-applies the milestone
 * reports of `recent` updates (a report already logged writes nothing), and when a measure lacks
 * a value one of them reported, derives every series again from the whole `history()` (the
 * updates in effect). Returns undefined when nothing changed.
 */
export async function reconcileCommitments(
  ports: CommitmentPorts,
  priorityId: string,
  held: { milestones: number; measures: readonly Measure[] },
  recent: readonly ProgressUpdate[],
  history: () => Promise<ProgressUpdate[]>,
  now = new Date(),
): Promise<CommitmentRepair | undefined> {
  let milestoneReports = 0;
  if (held.milestones > 0) {
    for (const update of [...recent].sort((a, b) => (a.id < b.id ? -1 : 1))) milestoneReports += await applyMilestoneReports(ports, update);
  }
  const missing = recent.some((update) =>
    (update.measures ?? []).some(({ id }) => {
      const measure = held.measures.find((candidate) => candidate.measureId === id);
      return measure && !measure.values.some((entry) => entry.period === update.period && entry.updateId >= update.id);
    }),
  );
  const measures = missing ? await recomputeMeasures(ports, priorityId, await history(), now) : [];
  return milestoneReports > 0 || measures.length > 0 ? { priorityId, milestoneReports, measures } : undefined;
}
