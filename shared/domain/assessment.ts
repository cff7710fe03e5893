/**
 * Independent assessments: a delivery lead's or board member's own rating of a priority for a
 * period, with a rationale, set beside the sponsor's self-assessment (the update's status).
 */
import * as z from 'zod/mini';
import { fieldErrors, ValidationFailed } from '#shared/domain/errors';
import { nameAndRole } from '#shared/domain/people';
import { periodSchema } from '#shared/domain/periods';
import { compareStatus, isSerious, type RatingScaleName, ratingScales, type Status, statuses } from '#shared/domain/rating';
import { plainText } from '#shared/domain/text';

export const assessorRoles = ['delivery-lead', 'board'] as const;
export type AssessorRole = (typeof assessorRoles)[number];

export interface Assessment {
  priorityId: string;
  period: string;
  status: Status;
  rationale: string;
  /** The name is kept only when it may be shown; the token and person are for the audit, never published. */
  assessor: { role: AssessorRole; tokenId: string; personId?: string; name?: string };
  assessedAt: string;
}

export const assessmentLimits = { rationale: 2000 } as const;

/** What an assessor sends: their rating for a period and why. Who they are comes from the credential, never the body. */
export function assessmentInputSchema(scale: RatingScaleName = 'five-point') {
  const allowed = ratingScales[scale].map((level) => level.status);
  return z
    .strictObject({
      status: z.enum(statuses, { error: `must be one of: ${statuses.join(', ')}` }),
      period: periodSchema,
      rationale: plainText({ max: assessmentLimits.rationale, multiline: true, tooShort: 'explain the rating' }),
    })
    .check(
      z.superRefine((input, ctx) => {
        if (!allowed.includes(input.status)) ctx.addIssue({ code: 'custom', path: ['status'], message: `must be one of: ${allowed.join(', ')}` });
      }),
    );
}

export type AssessmentInput = z.output<ReturnType<typeof assessmentInputSchema>>;

/** Each scale's input schema, made at its first parse: a warm function parses with the one it made. */
const inputSchemas = new Map<RatingScaleName, ReturnType<typeof assessmentInputSchema>>();

export function parseAssessmentInput(candidate: unknown, scale: RatingScaleName): AssessmentInput {
  const schema = inputSchemas.get(scale) ?? assessmentInputSchema(scale);
  inputSchemas.set(scale, schema);
  // Most processes parse once: compiling zod's fast path would cost more than it saves.
  const result = schema.safeParse(candidate, { jitless: true });
  if (!result.success) throw new ValidationFailed(fieldErrors(result.error), 'The assessment has fields that need correcting.');
  return result.data;
}

/** A form post as the schema reads it: proof fields dropped, a blank field as a missing one. */
export function assessmentCandidateFromForm(form: Record<string, unknown>): Record<string, unknown> {
  const { token: _token, csrfToken: _csrf, ...fields } = form;
  for (const field of ['status', 'period', 'rationale']) {
    if (fields[field] === '') delete fields[field];
  }
  return fields;
}

/** How many points of a scale apart two ratings are; a status outside the scale (history from a five-point time) counts in five-point levels. */
function levelsApart(a: Status, b: Status, scale: RatingScaleName): number {
  const levels = ratingScales[scale].map((level) => level.status);
  if (levels.includes(a) && levels.includes(b)) return Math.abs(levels.indexOf(a) - levels.indexOf(b));
  return Math.abs(compareStatus(a, b));
}

const hopeful = (status: Status) => compareStatus(status, 'amber-green') <= 0;

/**
 * When the board should hear that a sponsor and an independent assessor disagree: the ratings
 * are two or more levels apart, or one says amber/red or red while the other says green or
 * amber/green. Null when they are close enough.
 */
export function divergence(sponsor: Status, independent: Status, scale: RatingScaleName = 'five-point'): { levelsApart: number } | null {
  const apart = levelsApart(sponsor, independent, scale);
  const split = (isSerious(sponsor) && hopeful(independent)) || (isSerious(independent) && hopeful(sponsor));
  return apart >= 2 || split ? { levelsApart: apart } : null;
}

/**
 * The current assessment of a priority: the one recorded last, whatever its period. The stream
 * consumer keeps the PROGRAMME copy by this rule, and a page that has the history applies it too,
 * so it shows an assessment the moment it is recorded.
 */
export function currentOf(assessments: readonly (Assessment | undefined)[]): Assessment | undefined {
  let current: Assessment | undefined;
  for (const assessment of assessments) if (assessment && (!current || assessment.assessedAt > current.assessedAt)) current = assessment;
  return current;
}

/** Who made an assessment, as pages, emails and exports name them: "Ann Lee (delivery lead)", or the role alone. */
export function assessorLabel(assessor: Pick<Assessment['assessor'], 'role' | 'name'>): string {
  return nameAndRole(assessor, assessor.role);
}

/** Whether an assessment diverges from the sponsor's current rating (none yet: nothing to diverge from). */
export function divergesFrom(sponsor: Status | null, assessment: Pick<Assessment, 'status'>, scale: RatingScaleName): boolean {
  return sponsor !== null && divergence(sponsor, assessment.status, scale) !== null;
}

/** An assessment as pages and emails set it beside the sponsor's rating: who made it, and whether the board hears they diverge. */
export function besideSponsor(sponsor: Status | null, assessment: Assessment, scale: RatingScaleName): Assessment & { by: string; divergent: boolean } {
  return { ...assessment, by: assessorLabel(assessment.assessor), divergent: divergesFrom(sponsor, assessment, scale) };
}
