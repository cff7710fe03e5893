/**
 * Corrections of updates. A correction is an update of its own, stored beside the one it
 * supersedes and never changing it: both stay in the history, and everything derived from the
 * updates (summary, chart, board packs) reads the effective ones, where the correction stands
 * in the original's stead. It may come from the original's author or the priority's delivery
 * lead within a window of days, and from a board member at any time.
 */
import * as z from 'zod/mini';
import { authoriseBoard, authoriseFor, type Credential, roleOf } from '#shared/domain/credential';
import { Forbidden, fieldErrors, ValidationFailed } from '#shared/domain/errors';
import type { RatingScaleName } from '#shared/domain/rating';
import { ratingScales } from '#shared/domain/rating';
import { plainText } from '#shared/domain/text';
import { type Author, inputShape, type ProgressUpdate } from '#shared/domain/update';

export const correctionLimits = { reason: 1000 } as const;

/** What a correction says of the original, as pages and the API show it beside the original. */
export interface CorrectedBy {
  updateId: string;
  reason: string;
  correctedAt: string;
}

/** The ids of the updates a correction in the list supersedes, in order. */
export function supersededIds(updates: readonly ProgressUpdate[]): string[] {
  return updates.flatMap((update) => (update.corrects ? [update.corrects.updateId] : [])).sort();
}

/**
 * The updates that stand: every update but those a correction in the list supersedes. A
 * correction is always newer than its original, so a newest-first run of a priority's history
 * that holds an original holds its correction too.
 */
export function effectiveUpdates<U extends ProgressUpdate>(updates: readonly U[]): U[] {
  const superseded = new Set(supersededIds(updates));
  return updates.filter((update) => !superseded.has(update.id));
}

/** Each corrected update's correction, by the corrected update's id. */
export function correctionsOf(updates: readonly ProgressUpdate[]): Map<string, CorrectedBy> {
  const corrections = new Map<string, CorrectedBy>();
  for (const update of updates) {
    if (update.corrects) corrections.set(update.corrects.updateId, { updateId: update.id, reason: update.corrects.reason, correctedAt: update.submittedAt });
  }
  return corrections;
}

/** Whether an instant is within `days` days after an update was posted. */
function withinWindow(original: Pick<ProgressUpdate, 'submittedAt'>, days: number, now: Date): boolean {
  return now.getTime() - Date.parse(original.submittedAt) <= days * 86_400_000;
}

/**
 * Who may correct an update: a board member at any time; within the window, the original's author
 * (the same person, or the same token for a credential issued to no one on the list) or the
 * priority's delivery lead. The correction is recorded as theirs.
 */
export function authoriseCorrection(credential: Credential, original: ProgressUpdate, windowDays: number, now: Date): Author {
  if (roleOf(credential) === 'board') return authoriseBoard(credential);
  const author = authoriseFor(credential, original.priorityId);
  const isAuthor = credential.personId ? credential.personId === original.author.personId : credential.tokenId === original.author.tokenId;
  if (!isAuthor && roleOf(credential) !== 'delivery-lead')
    throw new Forbidden('Only the update’s author, the priority’s delivery lead or a board member may correct it.');
  if (!withinWindow(original, windowDays, now)) {
    throw new Forbidden(
      `An update can be corrected by its author or the delivery lead for ${windowDays} days after it was posted; after that, a board member can correct it.`,
    );
  }
  return author;
}

// Barriers, and the asks and milestones reported, stay as the original had them: a later change to an ask or milestone must not be undone.
const { barriers: _barriers, asks: _asks, milestones: _milestones, ...correctedFields } = inputShape;

/** What a correction sends: the update's fields as they should have been, its measures' values among them, and why. */
export function correctionInputSchema(scale: RatingScaleName = 'five-point') {
  const allowed = ratingScales[scale].map((level) => level.status);
  return z
    .strictObject({
      ...correctedFields,
      reason: plainText({ max: correctionLimits.reason, multiline: true, tooShort: 'say why the update is corrected' }),
    })
    .check(
      z.superRefine((input, ctx) => {
        if (!allowed.includes(input.status)) ctx.addIssue({ code: 'custom', path: ['status'], message: `must be one of: ${allowed.join(', ')}` });
      }),
    );
}

export type CorrectionInput = z.output<ReturnType<typeof correctionInputSchema>>;

export function parseCorrectionInput(candidate: unknown, scale: RatingScaleName): CorrectionInput {
  const result = correctionInputSchema(scale).safeParse(candidate, { jitless: true });
  if (!result.success) throw new ValidationFailed(fieldErrors(result.error), 'The correction has fields that need correcting.');
  return result.data;
}

/**
 * The correction as stored: an update with the original's barriers (the barrier log is not changed
 * by it), the original's measure values unless it gives its own (they move with its period), and what it corrects.
 */
export function correctionOf(original: ProgressUpdate, input: CorrectionInput, made: { id: string; submittedAt: string; author: Author }): ProgressUpdate {
  const { reason, measures, ...fields } = input;
  const values = measures?.length ? measures : original.measures;
  return {
    ...fields,
    ...(values?.length ? { measures: values } : {}),
    barriers: original.barriers,
    id: made.id,
    priorityId: original.priorityId,
    submittedAt: made.submittedAt,
    author: made.author,
    corrects: { updateId: original.id, reason },
  };
}
