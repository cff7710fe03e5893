/**
 * The bench's percentile maths (bench/lib/stats.ts). The bench itself is not part of `npm test`,
 * but the arithmetic its figures rest on is, like any other pure code.
 */
import { describe, expect, it } from 'vitest';
import { judged, spreadOf } from '../../bench/lib/report.ts';
import { consecutive, median, pairedRatios, percentile, ratio, repeated, summarise } from '../../bench/lib/stats.ts';

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

  it('summarises repetitions as their median and range, leaving out the ones that measured nothing', () => {
    const summary = repeated([1.3, 1.1, Number.NaN, 1.2]);
    expect([summary.median, summary.min, summary.max]).toEqual([1.2, 1.1, 1.3]);
    expect(summary.values).toHaveLength(4);
    expect(spreadOf(summary)).toEqual({ min: 1.1, max: 1.3, count: 3 });
    expect(spreadOf(repeated([Number.NaN]))).toBeNull();
  });

  it('takes ratios within each repetition, pairing by position', () => {
    expect(pairedRatios([10, 30, 8], [5, 10, 0])).toEqual([2, 3, Number.NaN]);
    expect(pairedRatios([1, 2, 3], [1, 1])).toEqual([1, 2]);
  });

  it('splits samples in the order taken into near-equal consecutive repetitions', () => {
    expect(consecutive([1, 2, 3, 4, 5, 6, 7], 3)).toEqual([
      [1, 2, 3],
      [4, 5],
      [6, 7],
    ]);
    expect(consecutive([1], 3)).toEqual([[1], [], []]);
    expect(() => consecutive([1], 0)).toThrow(RangeError);
  });

  it('judges a goal on three repetitions or more, and a goal of every repetition as missed at the first miss', () => {
    expect(judged(2, true)).toBeNull();
    expect(judged(2, false)).toBeNull();
    expect(judged(3, true)).toBe(true);
    expect(judged(3, false)).toBe(false);
    expect(judged(1, false, true)).toBe(false);
    expect(judged(1, true, true)).toBeNull();
    expect(judged(0, false, true)).toBeNull();
  });
});
