import { describe, expect, it } from 'vitest';
import { londonDate, longDate } from '#shared/domain/calendar';

/**
 * Each day of the years given at the instants that tell a wrong rule: either side of 01:00 UTC
 * (when the UK's clocks change), and late in the UTC evening (already tomorrow in summer).
 */
function instants(fromYear: number, toYear: number): Date[] {
  const all: Date[] = [];
  for (let day = Date.UTC(fromYear, 0, 1); day < Date.UTC(toYear + 1, 0, 1); day += 86_400_000) {
    for (const minutes of [0, 59.99, 60, 23 * 60 + 30]) all.push(new Date(day + minutes * 60_000));
  }
  return all;
}

describe('calendar', () => {
  const londonParts = new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/London', year: 'numeric', month: '2-digit', day: '2-digit' });
  const london = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'Europe/London' });
  const utc = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });

  it('gives the London calendar date Intl gives, through every clock change from 1996 to 2040', () => {
    const wrong = instants(1996, 2040).filter((instant) => {
      const part = (type: string) => londonParts.formatToParts(instant).find((p) => p.type === type)!.value;
      return londonDate(instant) !== `${part('year')}-${part('month')}-${part('day')}`;
    });
    expect(wrong).toEqual([]);
  });

  it('writes dates as toLocaleDateString does in London and in UTC', () => {
    const wrong = instants(2019, 2032).filter(
      (instant) => longDate(instant, 'Europe/London') !== london.format(instant) || longDate(instant, 'UTC') !== utc.format(instant),
    );
    expect(wrong).toEqual([]);
    expect(longDate(new Date('2021-03-31T23:30:00Z'), 'Europe/London')).toBe('1 April 2021');
    expect(longDate(new Date('2021-03-31T23:30:00Z'), 'UTC')).toBe('31 March 2021');
    expect(longDate(new Date('not a date'), 'UTC')).toBe(new Date('not a date').toLocaleDateString('en-GB', { timeZone: 'UTC' }));
  });
});
