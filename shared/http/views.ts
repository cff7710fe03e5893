/** Public shapes of stored things: what API clients see, without bookkeeping. */
import type { Priority } from '#shared/domain/catalogue';
import { levelOf, ratingScales, type RatingScaleName } from '#shared/domain/rating';
import type { PrioritySummary } from '#shared/domain/summary';

export type SummaryView = Omit<PrioritySummary, 'recent'> & { statusMeaning: string | null };

export function summaryView(summary: PrioritySummary): SummaryView {
  const { recent: _recent, appliedThrough: _position, ...rest } = summary;
  return { ...rest, statusMeaning: summary.status ? levelOf(summary.status).meaning : null };
}

export function priorityView(priority: Priority, summary: PrioritySummary) {
  return { ...priority, summary: summaryView(summary) };
}

export function ratingScaleView(scale: RatingScaleName) {
  return { name: scale, levels: ratingScales[scale] };
}
