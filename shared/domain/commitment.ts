/**
 * What the programme committed to (asks of government, milestones, measures) share one history:
 * each change is an entry holding the whole state after it (so the state at any instant is the
 * last entry at or before it), and who made it as anyone may read it.
 */
import type { PublicActor } from '#shared/domain/ask';
import type { Measure } from '#shared/domain/measure';
import type { Milestone } from '#shared/domain/milestone';

const commitmentKinds = ['ASK', 'MILESTONE', 'MEASURE'] as const;
export type CommitmentKind = (typeof commitmentKinds)[number];

/** A change of a milestone or a measure unless said otherwise. */
export interface CommitmentChange<T = Milestone | Measure> {
  priorityId: string;
  kind: CommitmentKind;
  id: string;
  at: string;
  /** The update's id when an update made it (so applying it again writes nothing), otherwise a new record id. */
  changeId: string;
  by: PublicActor;
  reason?: string;
  updateId?: string;
  /** The reporting period of that update: the change belongs to it, as the update's barriers do. */
  period?: string;
  /** The whole state after the change. */
  state: T;
}
