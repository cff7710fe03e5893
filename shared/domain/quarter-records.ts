/**
 * Quarters, and where a priority's records fall in one: a reporting period by its months, an
 * instant by its date in Europe/London, a barrier by the periods of the updates that raised and
 * resolved it, and the corrections a pack notes. Pure, like the pack built from them.
 */
import type { BarrierRecord } from '#shared/domain/barrier';
import { raisedByOf } from '#shared/domain/barrier';
import { londonDate } from '#shared/domain/calendar';
import { monthsOf, previousPeriod } from '#shared/domain/periods';
import type { Status } from '#shared/domain/rating';
import type { ProgressUpdate } from '#shared/domain/update';

const quarterPattern = /^((?:19|20)\d\d)-Q([1-4])$/;

export function isQuarter(value: string): boolean {
  return quarterPattern.test(value);
}

/** The calendar dates (`YYYY-MM-DD`, Europe/London) a quarter starts and ends on. */
export function quarterDates(quarter: string): { first: string; last: string } {
  const match = quarterPattern.exec(quarter);
  if (!match) throw new Error(`Not a quarter: ${quarter}`);
  const year = Number(match[1]);
  const firstMonth = (Number(match[2]) - 1) * 3 + 1;
  const lastMonth = firstMonth + 2;
  const lastDay = new Date(Date.UTC(year, lastMonth, 0)).getUTCDate();
  const pad = (n: number) => String(n).padStart(2, '0');
  return { first: `${year}-${pad(firstMonth)}-01`, last: `${year}-${pad(lastMonth)}-${pad(lastDay)}` };
}

/** The quarter a date (`YYYY-MM-DD`) falls in. */
export function quarterOf(date: string): string {
  const [year, month] = date.split('-').map(Number) as [number, number];
  return `${year}-Q${Math.ceil(month / 3)}`;
}

/** Whether a reporting period (month or quarter) ends at or before a quarter's end. */
export function periodEndsBy(period: string, quarter: string): boolean {
  const [p, q] = [monthsOf(period), monthsOf(quarter)];
  return p !== null && q !== null && p[1] <= q[1];
}

/** Whether a reporting period lies within a quarter: one of its months, or the quarter itself. */
export function periodWithin(period: string, quarter: string): boolean {
  const [p, q] = [monthsOf(period), monthsOf(quarter)];
  return p !== null && q !== null && p[0] >= q[0] && p[1] <= q[1];
}

/** Whether an instant falls in a quarter, by its date in Europe/London. */
function instantWithin(iso: string | undefined, dates: { first: string; last: string }): boolean {
  if (!iso) return false;
  const date = londonDate(new Date(iso));
  return date >= dates.first && date <= dates.last;
}

export function instantBy(iso: string | undefined, dates: { last: string }): boolean {
  return iso !== undefined && londonDate(new Date(iso)) <= dates.last;
}

/** A correction a pack notes: when and why, and what it changed of the update it corrects. */
export interface PackCorrection {
  updateId: string;
  correctsUpdateId: string;
  correctedAt: string;
  reason: string;
  before: { period: string; status: Status };
  after: { period: string; status: Status };
}

/** Where a barrier's raising (or resolving) falls against a quarter: within it, and by its end. */
interface Placed {
  within: boolean;
  by: boolean;
}

function placed(period: string | undefined, instant: string | undefined, quarter: string, dates: { first: string; last: string }): Placed {
  if (period !== undefined) return { within: periodWithin(period, quarter), by: periodEndsBy(period, quarter) };
  return { within: instantWithin(instant, dates), by: instantBy(instant, dates) };
}

/** The periods of the updates read, and the period each corrected one has now (its latest correction's). */
export interface PeriodsRead {
  read: ReadonlyMap<string, string>;
  corrected: ReadonlyMap<string, string>;
}

export function periodsRead(updates: readonly ProgressUpdate[]): PeriodsRead {
  const byId = new Map(updates.map((update) => [update.id, update]));
  const correctedBy = new Map(updates.flatMap((update) => (update.corrects ? [[update.corrects.updateId, update.id] as const] : [])));
  const corrected = new Map<string, string>();
  for (const id of correctedBy.keys()) {
    let latest = id;
    while (correctedBy.has(latest)) latest = correctedBy.get(latest)!;
    const period = byId.get(latest)?.period;
    if (period !== undefined) corrected.set(id, period);
  }
  return { read: new Map(updates.map((update) => [update.id, update.period])), corrected };
}

/**
 * A barrier belongs to the period of the update that raised it (and is resolved in the period of
 * the update that resolved it), whenever that update was posted; when that update was corrected,
 * to the period of its correction. A barrier logged before its periods were kept takes them from
 * the raising and resolving updates when the pack has read them, and otherwise falls back to the
 * date it was stored.
 */
export function barrierPlace(barrier: BarrierRecord, quarter: string, corrections: PeriodsRead): { raised: Placed; resolved: Placed } {
  const dates = quarterDates(quarter);
  const raisedBy = raisedByOf(barrier.barrierId);
  const raisedPeriod = corrections.corrected.get(raisedBy) ?? barrier.raisedPeriod ?? corrections.read.get(raisedBy);
  const { resolvedBy } = barrier;
  const resolvedPeriod =
    resolvedBy === undefined ? undefined : (corrections.corrected.get(resolvedBy) ?? barrier.resolvedPeriod ?? corrections.read.get(resolvedBy));
  return {
    raised: placed(raisedPeriod, barrier.raisedAt, quarter, dates),
    resolved: placed(resolvedPeriod, barrier.resolvedAt, quarter, dates),
  };
}

const byText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/**
 * The corrections the next pack notes: made after the previous quarter ended (in Europe/London)
 * to updates for periods that ended by then, which an earlier pack may have shown as they were.
 */
export function packCorrections(read: readonly ProgressUpdate[], corrected: readonly ProgressUpdate[], quarter: string): PackCorrection[] {
  const previous = previousPeriod(quarter);
  const previousEnd = quarterDates(previous).last;
  const originals = new Map([...corrected, ...read].map((update) => [update.id, update]));
  return read
    .flatMap((update) => {
      const original = update.corrects && originals.get(update.corrects.updateId);
      if (!update.corrects || !original || londonDate(new Date(update.submittedAt)) <= previousEnd || !periodEndsBy(original.period, previous)) return [];
      return [
        {
          updateId: update.id,
          correctsUpdateId: original.id,
          correctedAt: update.submittedAt,
          reason: update.corrects.reason,
          before: { period: original.period, status: original.status },
          after: { period: update.period, status: update.status },
        },
      ];
    })
    .sort((a, b) => byText(a.updateId, b.updateId));
}
