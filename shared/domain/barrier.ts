/**
 * The barrier log. A barrier is raised by an update, and later updates of its priority keep,
 * change or resolve it by its id; the board records responses to it. Its state is derived from
 * the updates on the stream: the entry of the latest update (by id) that names it wins, so
 * applying updates again, or in another order, gives the same log, and no history is read.
 */
import * as z from 'zod/mini';
import { plainText } from '#shared/domain/text';

export const barrierStatuses = ['open', 'being-handled', 'resolved'] as const;
export type BarrierStatus = (typeof barrierStatuses)[number];
export const barrierStatusLabels: Record<BarrierStatus, string> = { open: 'Open', 'being-handled': 'Being handled', resolved: 'Resolved' };

/** A barrier's id is the id of the update that raised it and its place in that update's list. */
export const barrierIdSchema = z.string().check(z.regex(/^[0-9A-HJKMNP-TV-Z]{26}-\d{1,2}$/, 'a barrier id: the raising update’s id, a hyphen and a number'));

export function barrierIdFor(updateId: string, index: number): string {
  return `${updateId}-${index}`;
}

/** The id of the update that raised a barrier. */
export function raisedByOf(barrierId: string): string {
  return barrierId.slice(0, barrierId.lastIndexOf('-'));
}

export const barrierLimits = { owner: 200, decision: 2000 } as const;

/** What an update says of a barrier: all of it, so the latest entry alone gives its state. */
export interface BarrierState {
  description: string;
  needsBoardSupport: boolean;
  owner?: string;
  status: BarrierStatus;
}

export interface BarrierRecord extends BarrierState {
  priorityId: string;
  barrierId: string;
  raisedBy: string;
  raisedAt: string;
  /** The reporting period of the update that raised it: the period the barrier belongs to (absent on barriers logged before it was kept). */
  raisedPeriod?: string;
  /** The update that resolved it, while it is resolved, and that update's period. */
  resolvedBy?: string;
  resolvedAt?: string;
  resolvedPeriod?: string;
  /** The update whose entry gave the current state; only a later one replaces it. */
  stateFrom: string;
}

/** A board member's response to a barrier: what was decided or will be done, by whom and by when. */
export interface BoardResponse {
  priorityId: string;
  barrierId: string;
  responseId: string;
  respondedAt: string;
  /** The name is kept only when it may be shown; the token and person are for the audit, never published. */
  respondedBy: { tokenId: string; personId?: string; name?: string };
  decision: string;
  owner: string;
  /** A calendar date, YYYY-MM-DD. */
  dueDate: string;
  /** Copied from the barrier when the response is made, so telling people of it reads nothing else. */
  barrierDescription: string;
}

export const boardResponseInputSchema = z.strictObject({
  decision: plainText({ max: barrierLimits.decision, multiline: true, tooShort: 'say what the board decided or will do' }),
  owner: plainText({ max: barrierLimits.owner, tooShort: 'say who owns the action' }),
  dueDate: z.iso.date({ error: 'must be a date, YYYY-MM-DD' }),
});

export interface BarrierWithResponses extends BarrierRecord {
  /** Oldest first. */
  responses: BoardResponse[];
}

/** Whole days since a barrier was raised. */
export function barrierAgeDays(barrier: Pick<BarrierRecord, 'raisedAt'>, now = new Date()): number {
  return Math.max(0, Math.floor((now.getTime() - Date.parse(barrier.raisedAt)) / 86_400_000));
}

/** The barriers that ask the board for support and are not resolved, oldest first. */
export function boardAsks<T extends BarrierRecord>(barriers: readonly T[]): T[] {
  return barriers
    .filter((b) => b.needsBoardSupport && b.status !== 'resolved')
    .sort((a, b) => (a.raisedAt < b.raisedAt ? -1 : a.raisedAt > b.raisedAt ? 1 : a.barrierId < b.barrierId ? -1 : 1));
}
