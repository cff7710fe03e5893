/**
 * The quarterly board pack: a frozen snapshot of the programme at a quarter's end, built from
 * the catalogue, each priority's updates and assessments, and the barrier log. Building it is
 * a pure function of those inputs and the time it is made, and everything in it is in a fixed
 * order, so the same data always gives the same pack.
 */

import type { TrackedAsk } from '#shared/domain/ask';
import type { Assessment, AssessorRole } from '#shared/domain/assessment';
import type { BarrierStatus, BarrierWithResponses } from '#shared/domain/barrier';
import { type PackAsk, packAsks } from '#shared/domain/board-pack-asks';
import { londonDate } from '#shared/domain/calendar';
import type { Priority } from '#shared/domain/catalogue';
import type { CommitmentChange } from '#shared/domain/commitment';
import { effectiveUpdates } from '#shared/domain/corrections';
import type { Measure } from '#shared/domain/measure';
import type { Milestone } from '#shared/domain/milestone';
import { type PackMeasure, type PackMilestone, packCommitments } from '#shared/domain/pack-commitments';
import { publicName, type Role } from '#shared/domain/people';
import { previousPeriod } from '#shared/domain/periods';
import {
  barrierPlace,
  instantBy,
  isQuarter,
  type PackCorrection,
  packCorrections,
  periodEndsBy,
  periodsRead,
  periodWithin,
  quarterDates,
  quarterOf,
} from '#shared/domain/quarter-records';
import { compareStatus, type Status, statuses } from '#shared/domain/rating';
import type { ProgressUpdate } from '#shared/domain/update';

export { isQuarter, periodEndsBy, periodWithin, quarterDates, quarterOf } from '#shared/domain/quarter-records';

/** The quarter that ended last before `now` (in Europe/London): what the schedule at a quarter's start makes a pack for. */
export function quarterJustEnded(now: Date): string {
  return previousPeriod(quarterOf(londonDate(now)));
}

/** Why a quarter can have no pack: `malformed` is not a quarter at all; otherwise it lies outside the quarters a pack may be made for. */
export interface QuarterProblem {
  message: string;
  malformed: boolean;
}

/**
 * Why a quarter can have no pack, or undefined when it can: packs are made for the quarters from
 * the programme's start (its `startsOn`, when known) to the last one ended (in Europe/London), so
 * that what a pack freezes is a whole quarter of the programme.
 */
export function quarterProblem(quarter: string, now: Date, programmeStartsOn: string | undefined): QuarterProblem | undefined {
  if (!isQuarter(quarter)) return { message: 'Enter a quarter as YYYY-Qn, for example 2021-Q1', malformed: true };
  const { last } = quarterDates(quarter);
  if (last >= londonDate(now)) return { message: `${quarter} has not ended yet: its board pack can be made from the day after it ends`, malformed: false };
  if (programmeStartsOn !== undefined && last < programmeStartsOn) {
    return {
      message: `${quarter} ended before the programme began on ${programmeStartsOn}: its first board pack is for ${quarterOf(programmeStartsOn)}`,
      malformed: false,
    };
  }
  return undefined;
}

/**
 * Whether a priority's updates read so far, newest first, hold all a pack of `quarter` needs, so
 * the rest of its history can go unread: the latest update for a period that ends by the previous
 * quarter's end (the status then) is among them, and the oldest read was posted before the
 * quarter began. An update posted before its quarter began for a period within it is the one case
 * this leaves out.
 */
export function historyEnoughFor(quarter: string, newestFirst: readonly ProgressUpdate[]): boolean {
  const oldest = newestFirst.at(-1);
  if (!oldest || londonDate(new Date(oldest.submittedAt)) >= quarterDates(quarter).first) return false;
  const previous = previousPeriod(quarter);
  return newestFirst.some((update) => periodEndsBy(update.period, previous));
}

const statusChanges = ['first-rating', 'better', 'worse', 'unchanged', 'not-rated'] as const;
export type StatusChange = (typeof statusChanges)[number];

export const statusChangeLabels: Record<StatusChange, string> = {
  'first-rating': 'First rating',
  better: 'Better',
  worse: 'Worse',
  unchanged: 'No change',
  'not-rated': 'Not yet rated',
};

export function changeBetween(previous: Status | null, current: Status | null): StatusChange {
  if (current === null) return 'not-rated';
  if (previous === null) return 'first-rating';
  const change = compareStatus(current, previous);
  return change === 0 ? 'unchanged' : change < 0 ? 'better' : 'worse';
}

/** An update of the quarter as the pack keeps it: what the sponsor said, and who (by name only). */
export interface PackUpdate {
  priorityId: string;
  updateId: string;
  period: string;
  status: Status;
  summary: string;
  statusRationale?: string;
  achievements: string[];
  nextSteps: string[];
  submittedAt: string;
  /** The poster's display name, only when it may be shown, and their role (absent on updates from before roles). */
  authorName?: string;
  authorRole?: Role;
}

interface PackBarrier {
  barrierId: string;
  description: string;
  needsBoardSupport: boolean;
  status: BarrierStatus;
  owner?: string;
  raisedAt: string;
  resolvedAt?: string;
  /** The board's responses made by the quarter's end, oldest first. */
  responses: { decision: string; owner: string; dueDate: string; respondedAt: string }[];
}

interface IndependentRating {
  status: Status;
  period: string;
  rationale: string;
  assessorRole: AssessorRole;
  assessorName?: string;
  assessedAt: string;
}

/** One priority in the pack. */
export interface PackPriority {
  priorityId: string;
  title: string;
  sponsorAuthority?: string;
  /** The sponsor's rating at the quarter's end: the latest update (by id) for a period ending by then. */
  status: Status | null;
  /** The period and id of that update. */
  statusPeriod: string | null;
  statusUpdateId: string | null;
  /** The same at the previous quarter's end. */
  previousStatus: Status | null;
  change: StatusChange;
  /** The latest independent assessment for a period within the quarter. */
  independent: IndependentRating | null;
  barriersOpened: PackBarrier[];
  barriersResolved: PackBarrier[];
  /** Raised by the quarter's end, asking for the board's support and not resolved by then. */
  barriersNeedingSupport: PackBarrier[];
  /** The ids of the quarter's updates, oldest first; the updates themselves are kept beside the priority. */
  updateIds: string[];
  /** Corrections made since the previous quarter's end to updates of earlier periods, oldest first (absent from packs made before corrections). */
  corrections?: PackCorrection[];
  /** The asks of government at the quarter's end, with the quarter's changes; absent from packs made before asks were tracked. */
  asks?: PackAsk[];
  /** Milestones due in the quarter and measures against their targets (packs made before them have neither). */
  milestones?: PackMilestone[];
  measures?: PackMeasure[];
}

export interface BoardPackHead {
  quarter: string;
  programmeTitle: string;
  madeAt: string;
  /** The priorities in the catalogue's order. */
  priorityIds: string[];
  /** Priorities at each status at the quarter's end; `none` counts those not yet rated. */
  counts: Partial<Record<Status | 'none', number>>;
  /** The priorities with no update for a period within the quarter, in the catalogue's order. */
  noUpdate: string[];
}

/** What the list of packs shows of each. */
export type BoardPackListing = Pick<BoardPackHead, 'quarter' | 'programmeTitle' | 'madeAt' | 'counts' | 'noUpdate'> & { priorities: number };

export interface BoardPack {
  head: BoardPackHead;
  priorities: PackPriority[];
  /** Every update of the quarter, by priority in the catalogue's order, then oldest first. */
  updates: PackUpdate[];
}

export interface PriorityRecords {
  priority: Priority;
  /** The updates read, corrected ones and their corrections among them; the pack is built from the effective ones. */
  updates: readonly ProgressUpdate[];
  /** Updates that corrections among `updates` supersede, when older than the history read. */
  corrected?: readonly ProgressUpdate[];
  assessments: readonly Assessment[];
  barriers: readonly BarrierWithResponses[];
  /** The history of the priority's asks of government. */
  askChanges?: readonly CommitmentChange<TrackedAsk>[];
  /** The priority's milestones and measures as they stand. */
  commitments?: { milestones: readonly Milestone[]; measures: readonly Measure[] };
}

const byText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** The latest update (by id, so by submission) whose period ends by a quarter's end. */
function latestBy(updates: readonly ProgressUpdate[], quarter: string): ProgressUpdate | undefined {
  return [...updates]
    .filter((update) => periodEndsBy(update.period, quarter))
    .sort((a, b) => byText(a.id, b.id))
    .at(-1);
}

function packBarrier(barrier: BarrierWithResponses, dates: { last: string }): PackBarrier {
  return {
    barrierId: barrier.barrierId,
    description: barrier.description,
    needsBoardSupport: barrier.needsBoardSupport,
    status: barrier.status,
    ...(barrier.owner === undefined ? {} : { owner: barrier.owner }),
    raisedAt: barrier.raisedAt,
    ...(barrier.resolvedAt === undefined ? {} : { resolvedAt: barrier.resolvedAt }),
    responses: barrier.responses
      .filter((response) => instantBy(response.respondedAt, dates))
      .sort((a, b) => byText(a.respondedAt, b.respondedAt) || byText(a.responseId, b.responseId))
      .map((response) => ({ decision: response.decision, owner: response.owner, dueDate: response.dueDate, respondedAt: response.respondedAt })),
  };
}

function packUpdate(update: ProgressUpdate): PackUpdate {
  return {
    priorityId: update.priorityId,
    updateId: update.id,
    period: update.period,
    status: update.status,
    summary: update.summary,
    ...(update.statusRationale === undefined ? {} : { statusRationale: update.statusRationale }),
    achievements: [...update.achievements],
    nextSteps: [...update.nextSteps],
    submittedAt: update.submittedAt,
    ...named('authorName', update.author),
    ...(update.author.role === undefined ? {} : { authorRole: update.author.role }),
  };
}

/** `{ [field]: name }` when the holder has a name that may be shown, else nothing. */
function named<F extends string>(field: F, holder: { name?: string | undefined; email?: string | undefined }): Partial<Record<F, string>> {
  const name = publicName(holder);
  return name === undefined ? {} : ({ [field]: name } as Record<F, string>);
}

/**
 * A pack as it may be read: a pack made before names were checked may hold one derived from an
 * address, which is then left out (the role alone is shown).
 */
export function withPublicNames(pack: BoardPack): BoardPack {
  const priorities = pack.priorities.map((priority) => {
    if (!priority.independent) return priority;
    const { assessorName, ...independent } = priority.independent;
    return { ...priority, independent: { ...independent, ...named('assessorName', { name: assessorName }) } };
  });
  const updates = pack.updates.map(({ authorName, ...update }) => ({ ...update, ...named('authorName', { name: authorName }) }));
  return { ...pack, priorities, updates };
}

function independentRating(assessments: readonly Assessment[], quarter: string): IndependentRating | null {
  const latest = assessments
    .filter((assessment) => periodWithin(assessment.period, quarter))
    .sort((a, b) => byText(a.assessedAt, b.assessedAt) || byText(a.assessor.role, b.assessor.role))
    .at(-1);
  if (!latest) return null;
  return {
    status: latest.status,
    period: latest.period,
    rationale: latest.rationale,
    assessorRole: latest.assessor.role,
    ...named('assessorName', latest.assessor),
    assessedAt: latest.assessedAt,
  };
}

/**
 * The barrier log holds each barrier's current state, so "needing support at the quarter's
 * end" is read from it: raised by then, asking the board now, and not resolved by then.
 */
export function buildBoardPack(input: {
  quarter: string;
  programmeTitle: string;
  madeAt: Date;
  priorities: readonly PriorityRecords[];
  /** MEASURE_TOLERANCE_PERCENT: how far behind its line a measure may be before it is off track. */
  tolerancePercent?: number;
}): BoardPack {
  const { quarter } = input;
  const dates = quarterDates(quarter);
  const previous = previousPeriod(quarter);
  const byBarrier = (a: PackBarrier, b: PackBarrier) => byText(a.raisedAt, b.raisedAt) || byText(a.barrierId, b.barrierId);
  const priorities: PackPriority[] = [];
  const updates: PackUpdate[] = [];
  for (const { priority, updates: read, assessments, barriers, corrected = [], askChanges, commitments } of input.priorities) {
    const history = effectiveUpdates(read);
    const atEnd = latestBy(history, quarter);
    const atPreviousEnd = latestBy(history, previous);
    const ofQuarter = history.filter((update) => periodWithin(update.period, quarter)).sort((a, b) => byText(a.id, b.id));
    const periods = periodsRead([...corrected, ...read]);
    const packed = barriers.map((barrier) => ({ barrier, packed: packBarrier(barrier, dates), when: barrierPlace(barrier, quarter, periods) }));
    priorities.push({
      priorityId: priority.id,
      title: priority.title,
      ...(priority.sponsor.authority === undefined ? {} : { sponsorAuthority: priority.sponsor.authority }),
      status: atEnd?.status ?? null,
      statusPeriod: atEnd?.period ?? null,
      statusUpdateId: atEnd?.id ?? null,
      previousStatus: atPreviousEnd?.status ?? null,
      change: changeBetween(atPreviousEnd?.status ?? null, atEnd?.status ?? null),
      independent: independentRating(assessments, quarter),
      barriersOpened: packed
        .filter(({ when }) => when.raised.within)
        .map((b) => b.packed)
        .sort(byBarrier),
      barriersResolved: packed
        .filter(({ barrier, when }) => barrier.status === 'resolved' && when.resolved.within)
        .map((b) => b.packed)
        .sort(byBarrier),
      barriersNeedingSupport: packed
        .filter(({ barrier, when }) => barrier.needsBoardSupport && when.raised.by && !(barrier.status === 'resolved' && when.resolved.by))
        .map((b) => b.packed)
        .sort(byBarrier),
      updateIds: ofQuarter.map((update) => update.id),
      corrections: packCorrections(read, corrected, quarter),
      asks: packAsks(priority, askChanges ?? [], quarter),
      ...(commitments ? packCommitments(commitments, dates, input.tolerancePercent ?? 0) : {}),
    });
    updates.push(...ofQuarter.map(packUpdate));
  }
  const counts: Partial<Record<Status | 'none', number>> = {};
  for (const status of [...statuses, 'none'] as const) {
    const count = priorities.filter((p) => (p.status ?? 'none') === status).length;
    if (count > 0) counts[status] = count;
  }
  return {
    head: {
      quarter,
      programmeTitle: input.programmeTitle,
      madeAt: input.madeAt.toISOString(),
      priorityIds: priorities.map((p) => p.priorityId),
      counts,
      noUpdate: priorities.filter((p) => p.updateIds.length === 0).map((p) => p.priorityId),
    },
    priorities,
    updates,
  };
}
