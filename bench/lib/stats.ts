/**
 * Percentiles and summaries of timing samples. One definition for every figure, so p99 means
 * the same thing in the write path, the event lag and the cold-start medians.
 */

export interface Summary {
  count: number;
  min: number;
  mean: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
}

/**
 * The p-th percentile (0–100) of ascending samples, interpolating linearly between the two
 * nearest ranks (the "R-7" rule of spreadsheets and NumPy), so small samples do not jump from
 * one observation to the next.
 */
export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  if (p < 0 || p > 100) throw new RangeError(`percentile ${p} is outside 0–100`);
  const rank = (p / 100) * (sorted.length - 1);
  const lower = Math.floor(rank);
  const upper = Math.ceil(rank);
  const low = sorted[lower]!;
  return low + (sorted[upper]! - low) * (rank - lower);
}

function ascending(samples: readonly number[]): number[] {
  return [...samples].sort((a, b) => a - b);
}

export function median(samples: readonly number[]): number {
  return percentile(ascending(samples), 50);
}

export function summarise(samples: readonly number[]): Summary {
  const sorted = ascending(samples);
  const total = sorted.reduce((sum, value) => sum + value, 0);
  return {
    count: sorted.length,
    min: sorted[0] ?? Number.NaN,
    mean: sorted.length > 0 ? total / sorted.length : Number.NaN,
    p50: percentile(sorted, 50),
    p95: percentile(sorted, 95),
    p99: percentile(sorted, 99),
    max: sorted[sorted.length - 1] ?? Number.NaN,
  };
}

/** a / b, or NaN when b is not a positive number (a ratio against nothing means nothing). */
export function ratio(a: number, b: number): number {
  return b > 0 && Number.isFinite(a) ? a / b : Number.NaN;
}

/** Rounds for display and JSON: enough digits to compare runs, no false precision. */
export function round(value: number, digits = 2): number {
  if (!Number.isFinite(value)) return value;
  const factor = 10 ** digits;
  return Math.round(value * factor) / factor;
}

/**
 * A figure measured in several repetitions of the same run: the median of the repetitions'
 * values, and their spread (lowest and highest). Ratios are taken within each repetition first
 * (a side and its baseline measured together), then summarised here.
 */
export interface Repeated {
  median: number;
  min: number;
  max: number;
  /** Each repetition's value, in the order measured. */
  values: number[];
}

export function repeated(values: readonly number[]): Repeated {
  const finite = values.filter((value) => Number.isFinite(value));
  const sorted = ascending(finite);
  return {
    median: percentile(sorted, 50),
    min: sorted[0] ?? Number.NaN,
    max: sorted[sorted.length - 1] ?? Number.NaN,
    values: [...values],
  };
}

/** The ratio of each repetition's a to the same repetition's b (pairs by position). */
export function pairedRatios(a: readonly number[], b: readonly number[]): number[] {
  return a.slice(0, b.length).map((value, index) => ratio(value, b[index]!));
}

/** Splits samples, in the order taken, into `count` consecutive runs of near-equal length (earlier runs get the extra). */
export function consecutive<T>(samples: readonly T[], count: number): T[][] {
  if (count < 1) throw new RangeError('at least one repetition');
  const base = Math.floor(samples.length / count);
  const extra = samples.length % count;
  const parts: T[][] = [];
  let start = 0;
  for (let index = 0; index < count; index += 1) {
    const size = base + (index < extra ? 1 : 0);
    parts.push(samples.slice(start, start + size));
    start += size;
  }
  return parts;
}
