/**
 * Summary rules: how a priority's summary and the portfolio summary follow from updates.
 * Pure functions, so the stream handler, tests and benchmarks share one definition.
 *
 * A summary keeps a short window of the most recent updates it has applied. That makes
 * applying an update idempotent (an id in the window is a duplicate) and independent of
 * delivery order (latest, previous and trend are read from the window sorted by id),
 * without ever reading a priority's whole history. For an update older than the whole
 * window, the stream position decides: a record from beyond the furthest position applied
 * is new (an older id committed late, as concurrent posts can), one from before it was
 * applied already (a replay).
 */
import { decodeTime } from 'ulid';
import { effectiveUpdates, supersededIds } from '#shared/domain/corrections';
import { compareStatus, type Status } from '#shared/domain/rating';
import type { Barrier, ProgressUpdate } from '#shared/domain/update';

export const recentWindow = 8;
export const recentChangesKept = 10;

export type Trend = 'new' | 'improving' | 'stable' | 'worsening';

/** An applied update as the window keeps it: its id is a ULID, so it carries the time too. */
interface RecentUpdate {
  id: string;
  status: Status;
}

const timeOf = (entry: RecentUpdate): string => new Date(decodeTime(entry.id)).toISOString();

export interface PrioritySummary {
  priorityId: string;
  status: Status | null;
  previousStatus: Status | null;
  statusChangedAt: string | null;
  trend: Trend | null;
  period: string | null;
  lastUpdateAt: string | null;
  lastUpdateId: string | null;
  updateCount: number;
  openBarriers: Barrier[];
  barriersNeedingBoardSupport: Barrier[];
  /** The last few applied updates, oldest first: for duplicate detection and order independence. */
  recent: RecentUpdate[];
  /** The furthest stream position (sequence number) applied, when updates come from the stream. */
  appliedThrough?: string | null;
  /** The priority's title, kept here by the seed so that telling people of an update reads no profile. */
  title?: string;
  /**
   * The updates superseded by corrections, while the window could still take them (kept only when
   * there are any): a replay of one changes nothing, as a replay of an applied update does not.
   */
  corrected?: string[];
}

/** Stream sequence numbers are decimal strings of up to 40 digits: compare them as numbers. */
export function positionAfter(a: string, b: string): boolean {
  return a.length !== b.length ? a.length > b.length : a > b;
}

export function emptySummary(priorityId: string, title?: string): PrioritySummary {
  return {
    priorityId,
    ...(title === undefined ? {} : { title }),
    status: null,
    previousStatus: null,
    statusChangedAt: null,
    trend: null,
    period: null,
    lastUpdateAt: null,
    lastUpdateId: null,
    updateCount: 0,
    openBarriers: [],
    barriersNeedingBoardSupport: [],
    recent: [],
  };
}

function trendOf(previous: Status | null, current: Status): Trend {
  if (previous === null) return 'new';
  const change = compareStatus(current, previous);
  return change < 0 ? 'improving' : change > 0 ? 'worsening' : 'stable';
}

/**
 * The summary after one more update, or `null` when the update changes nothing: it was
 * applied already, or it is older than the whole window (so it was counted long ago).
 */
export function applyUpdate(summary: PrioritySummary, update: ProgressUpdate, position?: string): PrioritySummary | null {
  const { recent, corrected: superseded, ...rest } = summary;
  if (recent.some((entry) => entry.id === update.id) || superseded?.includes(update.id)) return null;
  const oldest = recent[0];
  const olderThanWindow = recent.length >= recentWindow && oldest !== undefined && update.id < oldest.id;
  const appliedThrough = summary.appliedThrough ?? null;
  if (olderThanWindow && (position === undefined || appliedThrough === null || !positionAfter(position, appliedThrough))) return null;
  const furthest = position !== undefined && (appliedThrough === null || positionAfter(position, appliedThrough)) ? position : appliedThrough;

  const entry: RecentUpdate = { id: update.id, status: update.status };
  const window = [...recent, entry].sort((a, b) => (a.id < b.id ? -1 : 1)).slice(-recentWindow);
  const latest = window[window.length - 1]!;
  const isLatest = latest.id === update.id;
  const previousStatus = window.length > 1 ? window[window.length - 2]!.status : null;
  // Older than a full window, a replay is told by its stream position.
  const corrected = superseded?.filter((id) => window.length < recentWindow || id > window[0]!.id) ?? [];

  return {
    ...rest,
    status: latest.status,
    previousStatus,
    statusChangedAt: statusChangedAt(window, summary),
    trend: trendOf(previousStatus, latest.status),
    period: isLatest ? update.period : summary.period,
    lastUpdateAt: isLatest ? update.submittedAt : summary.lastUpdateAt,
    lastUpdateId: latest.id,
    updateCount: summary.updateCount + 1,
    openBarriers: isLatest ? stillOpen(update.barriers) : summary.openBarriers,
    barriersNeedingBoardSupport: isLatest ? stillOpen(update.barriers).filter((b) => b.needsBoardSupport) : summary.barriersNeedingBoardSupport,
    recent: window,
    ...(furthest !== null ? { appliedThrough: furthest } : {}),
    ...(corrected.length > 0 ? { corrected } : {}),
  };
}

/**
 * The barriers of an update that it does not say are resolved, as the summary keeps them: without
 * their log id and status, which the barrier log holds, so the summary stays one write unit.
 */
const stillOpen = (barriers: readonly Barrier[]): Barrier[] =>
  barriers.filter((barrier) => barrier.status !== 'resolved').map(({ id: _id, status: _status, ...kept }) => kept);

/** When the latest status began: the start of the run of equal statuses that ends the window. */
function statusChangedAt(window: RecentUpdate[], before: PrioritySummary): string {
  const latest = window[window.length - 1]!;
  let start = window.length - 1;
  while (start > 0 && window[start - 1]!.status === latest.status) start -= 1;
  const runReachesWindowStart = start === 0;
  if (runReachesWindowStart && before.status === latest.status && before.statusChangedAt && before.statusChangedAt < timeOf(window[0]!)) {
    return before.statusChangedAt;
  }
  return timeOf(window[start]!);
}

/** What the portfolio keeps of each priority. */
export interface PortfolioEntry {
  status: Status | null;
  previousStatus: Status | null;
  trend: Trend | null;
  period: string | null;
  lastUpdateAt: string | null;
  lastUpdateId: string | null;
  statusChangedAt: string | null;
}

export interface StatusChange {
  priorityId: string;
  from: Status | null;
  to: Status;
  at: string;
  updateId: string;
}

export interface Portfolio {
  priorities: Record<string, PortfolioEntry>;
  /** Newest first. */
  recentChanges: StatusChange[];
}

function portfolioEntry(summary: PrioritySummary): PortfolioEntry {
  const { status, previousStatus, trend, period, lastUpdateAt, lastUpdateId, statusChangedAt } = summary;
  return { status, previousStatus, trend, period, lastUpdateAt, lastUpdateId, statusChangedAt };
}

/**
 * A priority's status changes that its window shows, newest first: each update whose status
 * differs from the one before it. Its first update is a change from none; before the window's
 * oldest entry nothing is known, so a change there is no longer listed.
 */
export function statusChanges(summary: PrioritySummary): StatusChange[] {
  const window = summary.recent;
  const changes: StatusChange[] = [];
  window.forEach((entry, index) => {
    const before = index > 0 ? window[index - 1]!.status : summary.updateCount === window.length ? null : undefined;
    if (before === undefined || before === entry.status) return;
    changes.push({ priorityId: summary.priorityId, from: before, to: entry.status, at: timeOf(entry), updateId: entry.id });
  });
  return changes.reverse();
}

/**
 * The portfolio, derived from the summaries when it is read: nothing is stored for it, so no
 * update pays to write it and nothing stored can disagree with the summaries.
 */
export function portfolioOf(summaries: Iterable<PrioritySummary>): Portfolio {
  const priorities: Record<string, PortfolioEntry> = {};
  const changes: StatusChange[] = [];
  for (const summary of summaries) {
    if (summary.lastUpdateId === null) continue;
    priorities[summary.priorityId] = portfolioEntry(summary);
    changes.push(...statusChanges(summary));
  }
  const recentChanges = changes.sort((a, b) => (a.updateId < b.updateId ? 1 : -1)).slice(0, recentChangesKept);
  return { priorities, recentChanges };
}

/**
 * A priority's summary derived from its whole history, as the stream would have built it by
 * applying every effective update (a corrected one gives way to its correction) once in order.
 * What no update decides is kept from `kept`: the stream position already reached (so records
 * still to come are told from replays as before) and the title.
 */
export function summaryFromHistory(
  priorityId: string,
  updates: readonly ProgressUpdate[],
  kept: Pick<PrioritySummary, 'appliedThrough' | 'title'> = {},
): PrioritySummary {
  let summary = emptySummary(priorityId, kept.title);
  for (const update of effectiveUpdates(updates).sort((a, b) => (a.id < b.id ? -1 : 1))) summary = applyUpdate(summary, update) ?? summary;
  const oldest = summary.recent.length < recentWindow ? '' : summary.recent[0]!.id;
  const corrected = supersededIds(updates).filter((id) => id > oldest);
  return { ...summary, ...(kept.appliedThrough ? { appliedThrough: kept.appliedThrough } : {}), ...(corrected.length > 0 ? { corrected } : {}) };
}

/**
 * Whether a summary accounts for the newest updates stored for its priority (`newest`: up to
 * a window's worth, newest first), without reading further back. `settled` says which updates
 * the stream has had time to apply; a newer one may still be on its way. False means the
 * summary missed an update, or names one that is not stored, or its fields disagree with its
 * own window: it must be derived again from the whole history, as it must when a correction is
 * among the newest.
 */
export function summaryAccountsFor(summary: PrioritySummary, newest: readonly ProgressUpdate[], settled: (update: ProgressUpdate) => boolean): boolean {
  // A correction among them: only the whole history says which updates stand (corrections are rare).
  if (newest.some((update) => update.corrects)) return false;
  const stored = new Map(newest.map((update) => [update.id, update]));
  const seesWholeHistory = newest.length < recentWindow;
  const floor = seesWholeHistory ? '' : newest.map((update) => update.id).sort()[0]!;
  const window = summary.recent;
  const inWindow = new Set(window.map((entry) => entry.id));
  // Every entry the read can see is a stored update with the same status.
  if (window.some((entry) => entry.id >= floor && stored.get(entry.id)?.status !== entry.status)) return false;
  // Every settled update is applied, unless the window has moved past it.
  const windowFloor = window.length >= recentWindow ? window[0]!.id : '';
  if (newest.some((update) => settled(update) && update.id >= windowFloor && !inWindow.has(update.id))) return false;
  // The headline follows the window, and the latest update's own fields.
  const latest = window[window.length - 1];
  if ((latest?.id ?? null) !== summary.lastUpdateId || (latest?.status ?? null) !== summary.status) return false;
  if (window.length < recentWindow ? summary.updateCount !== window.length : summary.updateCount < window.length) return false;
  const latestUpdate = latest ? stored.get(latest.id) : undefined;
  if (latestUpdate) {
    if (summary.period !== latestUpdate.period || summary.lastUpdateAt !== latestUpdate.submittedAt) return false;
    if (!sameContent(summary.openBarriers, stillOpen(latestUpdate.barriers))) return false;
  }
  return agreesWithDerivation(summary, newest, settled, inWindow);
}

/**
 * Every field the read decides, compared with the summary the same updates derive: the
 * updates due (settled, or already applied) give the window exactly when the read saw the whole
 * history or a whole window of them. Beyond the window only a full pass sees the exact count,
 * and when the latest status runs through the whole window, the time it began lies further back.
 */
function agreesWithDerivation(
  summary: PrioritySummary,
  newest: readonly ProgressUpdate[],
  settled: (update: ProgressUpdate) => boolean,
  inWindow: ReadonlySet<string>,
): boolean {
  const due = newest.filter((update) => settled(update) || inWindow.has(update.id));
  const kept = { appliedThrough: summary.appliedThrough ?? null, ...(summary.title === undefined ? {} : { title: summary.title }) };
  const derived = summaryFromHistory(summary.priorityId, due, kept);
  if (newest.length < recentWindow) return sameContent({ ...derived, ...kept }, { ...summary, ...kept });
  if (due.length < recentWindow) return true;
  const runSpansWindow = derived.recent.every((entry) => entry.status === derived.status);
  const { updateCount: _count, statusChangedAt: began, ...decided } = derived;
  const { updateCount, statusChangedAt, ...held } = summary;
  if (updateCount < recentWindow) return false;
  if (runSpansWindow ? statusChangedAt === null || statusChangedAt > began! : statusChangedAt !== began) return false;
  return sameContent({ ...decided, ...kept }, { ...held, ...kept });
}

/** Whether two stored values say the same, whatever the order of their attributes. */
export function sameContent(a: unknown, b: unknown): boolean {
  return canonical(a) === canonical(b);
}

/** JSON with object keys sorted: a stored map's attributes come back in no fixed order. */
function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, inner: unknown) =>
    inner && typeof inner === 'object' && !Array.isArray(inner) ? Object.fromEntries(Object.entries(inner).sort(([a], [b]) => (a < b ? -1 : 1))) : inner,
  );
}

export interface PortfolioView {
  counts: Record<Status | 'none', number>;
  byStatus: Record<Status | 'none', string[]>;
  priorities: Record<string, PortfolioEntry>;
  recentChanges: StatusChange[];
}

/** Counts and groupings are derived on read, in the catalogue's order, so nothing stored can disagree. */
export function portfolioView(portfolio: Portfolio, priorityIds: readonly string[], scale: readonly Status[]): PortfolioView {
  const keys = [...scale, 'none'] as const;
  const byStatus = Object.fromEntries(keys.map((key) => [key, [] as string[]])) as Record<Status | 'none', string[]>;
  const priorities: Record<string, PortfolioEntry> = {};
  for (const id of priorityIds) {
    const entry = portfolio.priorities[id];
    const key = entry?.status ?? 'none';
    const group = byStatus[key] ?? [];
    group.push(id);
    byStatus[key] = group;
    priorities[id] = entry ?? portfolioEntry(emptySummary(id));
  }
  const counts = Object.fromEntries(Object.entries(byStatus).map(([key, ids]) => [key, ids.length])) as Record<Status | 'none', number>;
  return { counts, byStatus, priorities, recentChanges: portfolio.recentChanges.filter((c) => priorityIds.includes(c.priorityId)) };
}
