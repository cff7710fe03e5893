/**
 * The digest bench's plan: the programme sizes, the goal and the tolerances it is judged by, and
 * what one digest run records (measure.ts takes the runs, report.ts judges them).
 */
import type { DigestResult } from '#shared/services/digest';
import type { MeteredOperation } from '../lib/capacity.ts';
import type { Deadline } from '../lib/progress.ts';
import { round } from '../lib/stats.ts';
import type { SeededTable } from '../lib/synthetic-programme.ts';

export const digestPlan = { priorities: [7, 70, 700], updatesInTable: 10_000 } as const;

/** Goal: per priority, the largest programme's run may take at most this many times the smallest's (110× for 700 against 7), in every repetition. */
export const digestTimePerPriority = 1.1;

export interface DigestBenchOptions {
  /** Programme sizes, smallest first: the first is the baseline of every ratio. */
  priorities: readonly number[];
  /** Update items in the table at every size. */
  updates: number;
  /** Runs on every table; the time goal is judged in each. */
  repetitions: number;
  /**
   * Runs of each smallest table in a repetition: its digest takes about a tenth of a second, in
   * which a busy machine's noise is a large share, so its time in a repetition is their median.
   */
  smallestRuns: number;
  deadline: Deadline;
}

/** Per priority, a larger size may read at most this much more than the smallest (and each step's marginal reads than the first step's). */
export const linearTolerance = 0.25;
/** Unmeasured runs on the smallest programme before the first repetition: one loads the code, a few more let the JIT settle. */
export const warmUpRuns = 3;
/** Reads with the update items may differ from reads without them by at most this much. */
export const flatTolerance = 0.1;

export interface DigestRun {
  label: string;
  repetition: number;
  priorities: number;
  /** Update items in the table. */
  updates: number;
  people: number;
  ms: number;
  /** From the start of the run to the end of its last read (programme, people, baseline). */
  readPhaseMs: number;
  readUnits: number;
  writeUnits: number;
  emails: number;
  emailBytes: number;
  largestEmailBytes: number;
  /** Mean round trip of one SES send, while everything else is in flight too. */
  meanSendMs: number;
  /** Mean round trip of one DynamoDB write (claim, credential, completion), likewise. */
  meanWriteMs: number;
  result: DigestResult;
  operations: MeteredOperation[];
}

export interface Seeded {
  label: string;
  priorities: number;
  withUpdates: boolean;
  table: SeededTable;
}

export interface Skipped {
  label: string;
  reason: string;
}

export const sum = (values: number[]) => values.reduce((total, value) => total + value, 0);
export const count = (n: number) => n.toLocaleString('en-GB');

/** The time goal at a size: 1.1× per priority against the smallest size. */
export function digestTimeGoal(priorities: number, smallest: number): number {
  return round((digestTimePerPriority * priorities) / smallest, 2);
}
