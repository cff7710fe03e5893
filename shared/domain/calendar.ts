/**
 * Dates as the programme reads and writes them, in plain arithmetic rather than `Intl`: the
 * first `Intl.DateTimeFormat` a process makes loads ICU's locale and time zone data (about 15 ms),
 * which nearly every request, arriving at a fresh process, would wait for. The UK's clock rule
 * has been the same since 1996: British Summer Time from 01:00 UTC on the last Sunday of March to
 * 01:00 UTC on the last Sunday of October. test/unit/calendar.test.ts checks both against `Intl`.
 */

const monthNames = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

/** 01:00 UTC on the last Sunday of a month (0-based), when the UK's clocks change. */
function clockChange(year: number, month: number): number {
  const lastDay = new Date(Date.UTC(year, month + 1, 0));
  return Date.UTC(year, month, lastDay.getUTCDate() - lastDay.getUTCDay(), 1);
}

/** The instant moved by London's offset from UTC, so its UTC fields read London's wall clock. */
function inLondon(instant: Date): Date {
  const time = instant.getTime();
  const year = instant.getUTCFullYear();
  const summer = time >= clockChange(year, 2) && time < clockChange(year, 9);
  return new Date(time + (summer ? 3_600_000 : 0));
}

export type TimeZone = 'Europe/London' | 'UTC';

/** The calendar date (`YYYY-MM-DD`) of an instant in Europe/London. */
export function londonDate(instant: Date): string {
  const local = inLondon(instant);
  const pad = (value: number) => String(value).padStart(2, '0');
  return `${String(local.getUTCFullYear()).padStart(4, '0')}-${pad(local.getUTCMonth() + 1)}-${pad(local.getUTCDate())}`;
}

/** A date as people write it, 31 March 2021 (what `toLocaleDateString('en-GB')` writes with a long month). */
export function longDate(instant: Date, timeZone: TimeZone): string {
  if (Number.isNaN(instant.getTime())) return 'Invalid Date';
  const local = timeZone === 'UTC' ? instant : inLondon(instant);
  return `${local.getUTCDate()} ${monthNames[local.getUTCMonth()]} ${local.getUTCFullYear()}`;
}
