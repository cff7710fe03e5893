/**
 * What the API publishes, built from the domain's values. The shapes are the schemas in
 * published.ts, imported here as types only: a function that builds an answer does not build
 * those schemas (two dozen of them) as it loads; only the OpenAPI document and the tests need them.
 */
import type { Assessment } from '#shared/domain/assessment';
import { divergesFrom } from '#shared/domain/assessment';
import type { BarrierWithResponses, BoardResponse } from '#shared/domain/barrier';
import type { Priority } from '#shared/domain/catalogue';
import { type CorrectedBy, correctionsOf } from '#shared/domain/corrections';
import { isOffTrack, type Measure } from '#shared/domain/measure';
import { isLate, type Milestone, slippage } from '#shared/domain/milestone';
import { publicName } from '#shared/domain/people';
import { levelOf, type RatingScaleName, ratingScales } from '#shared/domain/rating';
import type { PrioritySummary } from '#shared/domain/summary';
import { type ProgressUpdate, publicAuthor } from '#shared/domain/update';
import type {
  PriorityView,
  PublishedAssessment,
  PublishedBarrier,
  PublishedBoardResponse,
  PublishedMeasure,
  PublishedMilestone,
  PublishedUpdate,
  RatingScaleView,
  SummaryView,
} from '#shared/http/published';

/** An update as anyone may read it: its author by name and role only, and its correction when it has one. */
export function publishedUpdate(update: ProgressUpdate, correctedBy?: CorrectedBy): PublishedUpdate {
  return { ...update, author: publicAuthor(update.author), ...(correctedBy ? { correctedBy } : {}) };
}

/** A run of a priority's updates, each corrected one naming its correction: from the run itself, or from the priority's corrections when given. */
export function publishedUpdates(
  updates: readonly ProgressUpdate[],
  corrections: ReadonlyMap<string, CorrectedBy> = correctionsOf(updates),
): PublishedUpdate[] {
  return updates.map((update) => publishedUpdate(update, corrections.get(update.id)));
}

/** A milestone as published: with its slippage and whether it is late on `today` (London). */
export function publishedMilestone(milestone: Milestone, today: string): PublishedMilestone {
  const { priorityId: _priorityId, ...rest } = milestone;
  return { ...rest, slippageWorkingDays: slippage(milestone), late: isLate(milestone, today) };
}

/** A measure as published, flagged off track by the deployment's tolerance. */
export function publishedMeasure(measure: Measure, tolerancePercent: number): PublishedMeasure {
  const { priorityId: _priorityId, ...rest } = measure;
  return { ...rest, offTrack: isOffTrack(measure, tolerancePercent) };
}

/** An assessment as anyone may read it: its assessor by role and name only. */
export function publishedAssessment(assessment: Assessment): PublishedAssessment {
  const name = publicName(assessment.assessor);
  return { ...assessment, assessor: { role: assessment.assessor.role, ...(name ? { name } : {}) } };
}

function summaryView(summary: PrioritySummary): SummaryView {
  // The title is the priority's, shown beside its summary already.
  const { recent: _recent, appliedThrough: _position, title: _title, corrected: _corrected, ...rest } = summary;
  return { ...rest, statusMeaning: summary.status ? levelOf(summary.status).meaning : null };
}

export function priorityView(priority: Priority, summary: PrioritySummary): PriorityView {
  const { milestones: _milestones, measures: _measures, ...profile } = priority;
  return { ...profile, summary: summaryView(summary) };
}

export function ratingScaleView(scale: RatingScaleName): RatingScaleView {
  return { name: scale, levels: [...ratingScales[scale]] };
}

/** The latest assessment, marked when it diverges from the sponsor's rating, and every one by period. */
export function assessmentViews(summary: PrioritySummary, current: Assessment | undefined, history: readonly Assessment[], scale: RatingScaleName) {
  return {
    assessment: current ? { ...publishedAssessment(current), divergent: divergesFrom(summary.status, current, scale) } : null,
    assessments: [...history].reverse().map(publishedAssessment),
  };
}

export function publishedBoardResponse(response: BoardResponse): PublishedBoardResponse {
  const { responseId, respondedAt, respondedBy, decision, owner, dueDate } = response;
  const name = publicName(respondedBy);
  return { responseId, respondedAt, ...(name ? { respondedBy: name } : {}), decision, owner, dueDate };
}

export function publishedBarrier(barrier: BarrierWithResponses): PublishedBarrier {
  const { priorityId: _priorityId, stateFrom: _stateFrom, responses, ...rest } = barrier;
  return { ...rest, responses: responses.map(publishedBoardResponse) };
}
