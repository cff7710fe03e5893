/**
 * What an update reports of its priority's commitments, applied from the stream: each applier
 * logs its changes under the update's id, so a record delivered again changes nothing.
 */
import type { ProgressUpdate } from '#shared/domain/update';
import { applyMeasureValues } from '#shared/services/measures';
import { applyMilestoneReports, type CommitmentPorts } from '#shared/services/milestones';

export type { CommitmentPorts } from '#shared/services/milestones';

export interface AppliedCommitments {
  milestones: number;
  measures: number;
}

export async function applyReportedCommitments(ports: CommitmentPorts, update: ProgressUpdate): Promise<AppliedCommitments> {
  return { milestones: await applyMilestoneReports(ports, update), measures: await applyMeasureValues(ports, update) };
}
