/** A stored update for unit tests, with whatever a test needs to differ. */
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
