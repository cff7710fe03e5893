/**
 * A progress update: the one schema that decodes JSON bodies, form posts and stream images,
 * and the rule for when a sponsor must explain a rating.
 */
import * as z from 'zod';
import { ratingScales, statuses, isSerious, type RatingScaleName, type Status } from '#shared/domain/rating';
import { fieldErrors, ValidationFailed } from '#shared/domain/errors';
import { ulidPattern } from '#shared/domain/ids';
import { periodSchema } from '#shared/domain/periods';
import { plainText } from '#shared/domain/text';

export const limits = {
  summary: 5000,
  rationale: 2000,
  listEntries: 20,
  entryLength: 1000,
} as const;

const entry = plainText({ max: limits.entryLength, multiline: true, tooShort: 'must not be empty' });
const entries = z.array(entry).max(limits.listEntries).default([]);

export const barrierSchema = z.strictObject({
  description: entry,
  needsBoardSupport: z.boolean().default(false),
});

const inputShape = {
  status: z.enum(statuses, { error: `must be one of: ${statuses.join(', ')}` }),
  period: periodSchema,
  summary: plainText({ max: limits.summary, multiline: true, tooShort: 'a summary of progress is required' }),
  achievements: entries,
  nextSteps: entries,
  barriers: z.array(barrierSchema).max(limits.listEntries).default([]),
  statusRationale: plainText({ max: limits.rationale, multiline: true }).optional(),
};

/** What a sponsor sends. Unknown fields are refused so a typo is not silently dropped. */
export function updateInputSchema(scale: RatingScaleName = 'five-point') {
  const allowed = ratingScales[scale].map((level) => level.status);
  return z.strictObject(inputShape).superRefine((input, ctx) => {
    if (!allowed.includes(input.status)) {
      ctx.addIssue({ code: 'custom', path: ['status'], message: `must be one of: ${allowed.join(', ')}` });
    }
  });
}

export const authorSchema = z.strictObject({
  tokenId: z.string().min(1),
  name: z.string().optional(),
  email: z.string().optional(),
});

/** An update as stored: the input plus what the server sets. Any scale is accepted so history stays readable. */
export const progressUpdateSchema = z.object({
  ...inputShape,
  id: z.string().regex(ulidPattern, 'a ULID'),
  priorityId: z.string().min(1),
  submittedAt: z.iso.datetime(),
  author: authorSchema,
});

export type UpdateInput = z.output<ReturnType<typeof updateInputSchema>>;
export type ProgressUpdate = z.output<typeof progressUpdateSchema>;
export type Barrier = z.output<typeof barrierSchema>;
export type Author = z.output<typeof authorSchema>;

export function parseUpdateInput(candidate: unknown, scale: RatingScaleName): UpdateInput {
  const result = updateInputSchema(scale).safeParse(candidate);
  if (!result.success) throw new ValidationFailed(fieldErrors(result.error));
  return result.data;
}

/**
 * A rating needs a rationale when it moves away from the current one, or when it is
 * amber-red or red. The first update of a priority only needs one when it is serious.
 */
export function requireRationale(input: UpdateInput, currentStatus: Status | null): void {
  if (input.statusRationale) return;
  const changed = currentStatus !== null && currentStatus !== input.status;
  if (changed || isSerious(input.status)) {
    const why = changed ? `the status changes from ${currentStatus} to ${input.status}` : `the status is ${input.status}`;
    throw new ValidationFailed([{ field: 'statusRationale', message: `explain the rating: ${why}` }]);
  }
}

/**
 * Form posts: list fields are textareas with one entry per line (a repeated field adds entries);
 * barriers that need the board's support have a textarea of their own.
 */
export function updateCandidateFromForm(form: Record<string, unknown>): Record<string, unknown> {
  const { token: _token, submissionId: _submissionId, csrfToken: _csrf, carriedBarriers, barriers, boardSupportBarriers, ...fields } = form;
  const candidate: Record<string, unknown> = { ...fields };
  for (const field of ['status', 'period', 'statusRationale']) {
    if (candidate[field] === '') delete candidate[field];
  }
  for (const field of ['achievements', 'nextSteps']) {
    if (field in candidate) candidate[field] = formLines(candidate[field]);
  }
  if (barriers !== undefined || boardSupportBarriers !== undefined || carriedBarriers !== undefined) {
    const carried = formLines(carriedBarriers ?? []);
    const plain = formLines(barriers ?? []);
    const board = formLines(boardSupportBarriers ?? []);
    candidate.barriers =
      Array.isArray(carried) && Array.isArray(plain) && Array.isArray(board)
        ? [
            ...carried.map(carriedBarrier),
            ...plain.map((description) => ({ description, needsBoardSupport: false })),
            ...board.map((description) => ({ description, needsBoardSupport: true })),
          ]
        : barriers;
  }
  return candidate;
}

/** The value of a "still open" checkbox: `board|<text>` or `open|<text>`, as the form writes it. */
export function carriedBarrierValue(barrier: Barrier): string {
  return `${barrier.needsBoardSupport ? 'board' : 'open'}|${barrier.description}`;
}

function carriedBarrier(value: string): Barrier {
  const [kind, ...rest] = value.split('|');
  return kind === 'board' || kind === 'open'
    ? { description: rest.join('|'), needsBoardSupport: kind === 'board' }
    : { description: value, needsBoardSupport: false };
}

/** A textarea's non-blank lines; anything that is not text is left for the schema to refuse. */
function formLines(value: unknown): unknown {
  const texts = typeof value === 'string' ? [value] : value;
  if (!Array.isArray(texts) || !texts.every((text) => typeof text === 'string')) return value;
  return texts
    .flatMap((text: string) => text.split(/\r\n?|\n/))
    .map((line) => line.trim())
    .filter((line) => line.length > 0);
}
