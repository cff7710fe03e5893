/**
 * What a progress update reports of its priority's commitments, applied from the stream to
 * their current items and history. Each applier changes nothing a second time, so a retried or
 * replayed record, and reconcile applying an update again, repeat nothing.
 */
import type { Commitments } from '#shared/data/commitments';
import type { ProgressUpdate } from '#shared/domain/update';
import { applyAskReports } from '#shared/services/asks';

export interface CommitmentPorts {
  commitments: Pick<Commitments, 'ask' | 'changeAsk'>;
}

/** How many of each kind the update changed. */
export async function applyReportedCommitments(ports: CommitmentPorts, update: ProgressUpdate): Promise<{ asks: number }> {
  return { asks: await applyAskReports(ports.commitments, update) };
}
