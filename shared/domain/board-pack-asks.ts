/**
 * The asks of government in a quarter's board pack: each ask of a priority as it stood at the
 * quarter's end (the last change in its history by then, or as the catalogue started it), with
 * the changes made within the quarter. A pure function of the catalogue and the history, so a
 * pack made again from the same data has the same asks.
 */
import { type AskState, newTrackedAsk, type PublicActor, stateOf, type TrackedAsk } from '#shared/domain/ask';
import { londonDate } from '#shared/domain/calendar';
import type { CommitmentChange } from '#shared/domain/commitment';

interface PackAskChange {
  at: string;
  by: PublicActor;
  reason?: string;
  updateId?: string;
  state: AskState;
}

export interface PackAsk extends AskState {
  askId: string;
  title: string;
  /** The changes made within the quarter, oldest first. */
  changes: PackAskChange[];
}

const byTime = (a: CommitmentChange<unknown>, b: CommitmentChange<unknown>) =>
  a.at < b.at ? -1 : a.at > b.at ? 1 : a.changeId < b.changeId ? -1 : a.changeId > b.changeId ? 1 : 0;

/** The priority's asks, in the catalogue's order, at the end of the quarter whose dates (Europe/London) are given. */
export function packAsks(
  priority: { id: string; asksOfGovernment: readonly { id: string; title: string; amountGbp?: number | undefined }[] },
  history: readonly CommitmentChange<TrackedAsk>[],
  dates: { first: string; last: string },
): PackAsk[] {
  return priority.asksOfGovernment.map((ask) => {
    const own = history.filter((change) => change.priorityId === priority.id && change.kind === 'ASK' && change.id === ask.id).sort(byTime);
    const by = own.filter((change) => londonDate(new Date(change.at)) <= dates.last);
    const atEnd = by.at(-1)?.state ?? newTrackedAsk(priority.id, ask);
    const changes = by
      .filter((change) => londonDate(new Date(change.at)) >= dates.first)
      .map((change) => ({
        at: change.at,
        by: change.by,
        ...(change.reason === undefined ? {} : { reason: change.reason }),
        ...(change.updateId === undefined ? {} : { updateId: change.updateId }),
        state: stateOf(change.state),
      }));
    return { askId: ask.id, title: ask.title, ...stateOf(atEnd), changes };
  });
}
