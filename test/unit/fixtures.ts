/** Fixtures shared by tests: a stored update, a reader of the missed-updates page's rows, and the fields a validation failure names. */
import { expect } from 'vitest';
import { ValidationFailed } from '#shared/domain/errors';
import type { ProgressUpdate } from '#shared/domain/update';

export function sampleUpdate(extra: Partial<ProgressUpdate> = {}): ProgressUpdate {
  return {
    id: '01M81TKZKWMG1WK2G5JJJXE3YK',
    priorityId: 'jobs-and-training',
    submittedAt: '2021-03-01T10:00:00.000Z',
    author: { tokenId: 't' },
    status: 'amber',
    period: '2021-03',
    summary: 's',
    achievements: [],
    nextSteps: [],
    barriers: [],
    ...extra,
  };
}

/** The rows of a missed-updates page: each priority's id, then the text of each cell after its name. */
export function missedUpdateCells(page: string): string[][] {
  return [...page.matchAll(/<tr class="govuk-table__row" data-priority="([^"]+)">([\s\S]*?)<\/tr>/g)].map(([, id, row]) => [
    id!,
    ...[...row!.matchAll(/data-column="[^"]+">([\s\S]*?)<\/td>/g)].map((cell) => cell[1]!.trim()),
  ]);
}

/** The fields a validation failure names, in order; fails the test when `run` does not fail validation. */
export function fieldsOf(run: () => unknown): string[] {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(ValidationFailed);
    return (error as ValidationFailed).fieldErrors.map((e) => e.field);
  }
  throw new Error('expected a validation failure');
}
