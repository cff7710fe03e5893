/**
 * Checks of the percentile maths. Run with `npx tsx --test bench/lib/stats.test.ts`; it is kept
 * out of the vitest projects on purpose, because the bench is not part of `npm test`.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { median, percentile, ratio, summarise } from './stats.ts';

test('percentile interpolates between ranks', () => {
  const sorted = [10, 20, 30, 40, 50];
  assert.equal(percentile(sorted, 0), 10);
  assert.equal(percentile(sorted, 50), 30);
  assert.equal(percentile(sorted, 100), 50);
  assert.equal(percentile(sorted, 90), 46);
  assert.equal(percentile([1, 2], 50), 1.5);
});

test('percentile of one sample is that sample; of none is NaN', () => {
  assert.equal(percentile([7], 99), 7);
  assert.ok(Number.isNaN(percentile([], 50)));
  assert.throws(() => percentile([1], 101), RangeError);
});

test('summarise sorts before it reads ranks', () => {
  const summary = summarise([5, 1, 4, 2, 3]);
  assert.deepEqual([summary.min, summary.p50, summary.max, summary.mean, summary.count], [1, 3, 5, 3, 5]);
  assert.equal(median([3, 1, 2, 100]), 2.5);
});

test('a ratio against nothing is NaN', () => {
  assert.equal(ratio(3, 2), 1.5);
  assert.ok(Number.isNaN(ratio(1, 0)));
});
