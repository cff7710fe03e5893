/**
 * The asks of government in a quarter's board pack: each ask of a priority as it stood at the
 * quarter's end (the last change in its history by then, or as the catalogue started it), with
 * the changes made within the quarter. A change an update reported belongs to that update's
 * period, as its barriers do; any other, to the date it was made. A pure function of the catalogue and the history, so a
 * pack made again from the same data has the same asks.
 */
import { type AskState, newTrackedAsk, type PublicActor, stateOf, type TrackedAsk } from '#shared/domain/ask';
import { londonDate } from '#shared/domain/calendar';
import type { CommitmentChange } from '#shared/domain/commitment';
import { periodEndsBy, periodWithin, quarterDates } from '#shared/domain/quarter-records';

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

/** The priority's asks, in the catalogue's order, at the end of the quarter (`YYYY-Qn`). */
export function packAsks(
  priority: { id: string; asksOfGovernment: readonly { id: string; title: string; amountGbp?: number | undefined }[] },
  history: readonly CommitmentChange<TrackedAsk>[],
  quarter: string,
): PackAsk[] {
  const dates = quarterDates(quarter);
  const countsBy = (change: CommitmentChange<TrackedAsk>) =>
    change.period === undefined ? londonDate(new Date(change.at)) <= dates.last : periodEndsBy(change.period, quarter);
  const within = (change: CommitmentChange<TrackedAsk>) =>
    change.period === undefined ? londonDate(new Date(change.at)) >= dates.first : periodWithin(change.period, quarter);
  return priority.asksOfGovernment.map((ask) => {
    const own = history.filter((change) => change.priorityId === priority.id && change.kind === 'ASK' && change.id === ask.id).sort(byTime);
    const by = own.filter(countsBy);
    const atEnd = by.at(-1)?.state ?? newTrackedAsk(priority.id, ask);
    const changes = by.filter(within).map((change) => ({
      at: change.at,
      by: change.by,
      ...(change.reason === undefined ? {} : { reason: change.reason }),
      ...(change.updateId === undefined ? {} : { updateId: change.updateId }),
      state: stateOf(change.state),
    }));
    return { askId: ask.id, title: ask.title, ...stateOf(atEnd), changes };
  });
}
