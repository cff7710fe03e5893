/** Update ids sort by time (ULID), so a priority's history reads newest first straight from the table. */
import { monotonicFactory } from 'ulid';

const next = monotonicFactory();

export function newUpdateId(at: Date = new Date()): string {
  return next(at.getTime());
}
