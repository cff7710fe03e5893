/**
 * Progress on stderr and time limits. Every loop in the bench asks a deadline whether it may go
 * on, so a slow machine gives fewer samples rather than a run that never ends.
 */

const startedAt = performance.now();

export function elapsedSeconds(): number {
  return (performance.now() - startedAt) / 1000;
}

/** One line on stderr; stdout is kept for the results table. */
export function progress(message: string): void {
  process.stderr.write(`[bench ${elapsedSeconds().toFixed(1).padStart(5)}s] ${message}\n`);
}

/** Reports a running count at most once a second, so long loops stay visible without flooding. */
export function counter(label: string, total: number): (done: number) => void {
  let last = 0;
  return (done) => {
    const now = performance.now();
    if (done < total && now - last < 1000) return;
    last = now;
    progress(`${label}: ${done}/${total}`);
  };
}

/** A point in time (performance.now() clock) that work must finish by. */
export class Deadline {
  private constructor(readonly at: number) {}

  static in(ms: number): Deadline {
    return new Deadline(performance.now() + ms);
  }

  get leftMs(): number {
    return Math.max(0, this.at - performance.now());
  }

  get passed(): boolean {
    return performance.now() >= this.at;
  }

  /** The earlier of this deadline and `ms` from now: a phase's share of the run. */
  within(ms: number): Deadline {
    return new Deadline(Math.min(this.at, performance.now() + ms));
  }
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Polls `check` every `intervalMs` until it returns a value; undefined if the time runs out. */
export async function until<T>(check: () => Promise<T | undefined>, options: { timeoutMs: number; intervalMs: number }): Promise<T | undefined> {
  const deadline = Deadline.in(options.timeoutMs);
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (deadline.passed) return undefined;
    await sleep(options.intervalMs);
  }
}
