/**
 * What the programme committed to (asks of government, milestones, measures) share one history:
 * each change is an entry holding the whole state after it, so the state at any instant is the
 * last entry at or before it, and who made the change as anyone may read it.
 */
import type { PublicActor } from '#shared/domain/ask';

export const commitmentKinds = ['ASK', 'MILESTONE', 'MEASURE'] as const;
export type CommitmentKind = (typeof commitmentKinds)[number];

export interface CommitmentChange<T> {
  priorityId: string;
  kind: CommitmentKind;
  id: string;
  at: string;
  /** The update's id when an update made it (so applying it again writes nothing), otherwise a new record id. */
  changeId: string;
  by: PublicActor;
  reason?: string;
  updateId?: string;
  /** The whole state after the change. */
  state: T;
}

/** The state at an instant: the last change at or before it, from a history sorted oldest first. */
export function stateAt<T>(history: readonly CommitmentChange<T>[], at: string): T | undefined {
  let state: T | undefined;
  for (const change of history) {
    if (change.at > at) break;
    state = change.state;
  }
  return state;
}
