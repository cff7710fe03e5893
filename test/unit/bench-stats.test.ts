/**
 * The bench's percentile maths (bench/lib/stats.ts). The bench itself is not part of `npm test`,
 * but the arithmetic its figures rest on is, like any other pure code.
 */
import { describe, expect, it } from 'vitest';
import { median, percentile, ratio, summarise } from '../../bench/lib/stats.ts';

describe('bench statistics', () => {
  it('interpolates a percentile between ranks', () => {
    const sorted = [10, 20, 30, 40, 50];
    expect(percentile(sorted, 0)).toBe(10);
    expect(percentile(sorted, 50)).toBe(30);
    expect(percentile(sorted, 100)).toBe(50);
    expect(percentile(sorted, 90)).toBe(46);
    expect(percentile([1, 2], 50)).toBe(1.5);
  });

  it('takes the percentile of one sample as that sample, of none as NaN, and refuses one over 100', () => {
    expect(percentile([7], 99)).toBe(7);
    expect(percentile([], 50)).toBeNaN();
    expect(() => percentile([1], 101)).toThrow(RangeError);
  });

  it('sorts before it reads ranks', () => {
    const summary = summarise([5, 1, 4, 2, 3]);
    expect([summary.min, summary.p50, summary.max, summary.mean, summary.count]).toEqual([1, 3, 5, 3, 5]);
    expect(median([3, 1, 2, 100])).toBe(2.5);
  });

  it('gives NaN for a ratio against nothing', () => {
    expect(ratio(3, 2)).toBe(1.5);
    expect(ratio(1, 0)).toBeNaN();
  });
});
