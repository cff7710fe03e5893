/**
 * A progress update: the one schema that decodes JSON bodies, form posts and stream images,
 * and the rule for when a sponsor must explain a rating.
 */
import * as z from 'zod/mini';
import { type AskReport, type AskState, askChangeProblems, askReportSchema } from '#shared/domain/ask';
import { type BarrierState, barrierIdFor, barrierIdSchema, barrierLimits, barrierStatuses } from '#shared/domain/barrier';
import { type FieldError, fieldErrors, ValidationFailed } from '#shared/domain/errors';
import { ulidPattern } from '#shared/domain/ids';
import { formNumber, measureLimits, measureValueSchema } from '#shared/domain/measure';
import { milestoneLimits, milestoneReportSchema } from '#shared/domain/milestone';
import { nameAndRole, publicName, type Role, roles } from '#shared/domain/people';
import { periodSchema } from '#shared/domain/periods';
import { isSerious, type RatingScaleName, ratingScales, type Status, statuses } from '#shared/domain/rating';
import { plainText } from '#shared/domain/text';

export const limits = {
  summary: 5000,
  rationale: 2000,
  listEntries: 20,
  entryLength: 1000,
  asks: 50,
} as const;

const entry = plainText({ max: limits.entryLength, multiline: true, tooShort: 'must not be empty' });
const entries = z._default(z.array(entry).check(z.maxLength(limits.listEntries)), []);

/**
 * A barrier as an update sends it: a new one (no id), or one already in the log, named by its
 * id, whose fields left out stay as they are.
 */
const barrierInputSchema = z
  .strictObject({
    id: z.optional(barrierIdSchema),
    description: z.optional(entry),
    needsBoardSupport: z.optional(z.boolean()),
    owner: z.optional(plainText({ max: barrierLimits.owner })),
    status: z.optional(z.enum(barrierStatuses, { error: `must be one of: ${barrierStatuses.join(', ')}` })),
  })
  .check(
    z.superRefine((barrier, ctx) => {
      if (barrier.id === undefined && barrier.description === undefined)
        ctx.addIssue({ code: 'custom', path: ['description'], message: 'a new barrier needs a description' });
    }),
  );

/**
 * A barrier as a stored update carries it: whole, with its id, so the barrier log follows from
 * the latest update that names it. Updates stored before the log have neither id nor status.
 */
export const barrierSchema = z.object({
  id: z.optional(barrierIdSchema),
  description: entry,
  needsBoardSupport: z._default(z.boolean(), false),
  owner: z.optional(z.string()),
  status: z.optional(z.enum(barrierStatuses)),
});

/** The fields an update sends and stores alike; barriers come between the lists and the rationale, as sent or as stored. */
const shapeWith = <B extends z.ZodMiniType>(barriers: B) => ({
  status: z.enum(statuses, { error: `must be one of: ${statuses.join(', ')}` }),
  period: periodSchema,
  summary: plainText({ max: limits.summary, multiline: true, tooShort: 'a summary of progress is required' }),
  achievements: entries,
  nextSteps: entries,
  barriers: z._default(z.array(barriers).check(z.maxLength(limits.listEntries)), []),
  statusRationale: z.optional(plainText({ max: limits.rationale, multiline: true })),
  /** What changed of the priority's asks of government; stored only when it names any. */
  asks: z.optional(z.array(askReportSchema).check(z.maxLength(limits.asks))),
  /** The priority's milestones and measures it reports on; stored only when it names any. */
  milestones: z.optional(z.array(milestoneReportSchema).check(z.maxLength(milestoneLimits.perUpdate))),
  measures: z.optional(z.array(measureValueSchema).check(z.maxLength(measureLimits.perUpdate))),
});
/** The fields a sponsor sends; a correction sends them too, without barriers (shared/domain/corrections.ts). */
export const inputShape = shapeWith(barrierInputSchema);

/** What a sponsor sends. Unknown fields are refused so a typo is not silently dropped. */
export function updateInputSchema(scale: RatingScaleName = 'five-point') {
  const allowed = ratingScales[scale].map((level) => level.status);
  return z.strictObject(inputShape).check(
    z.superRefine((input, ctx) => {
      if (!allowed.includes(input.status)) {
        ctx.addIssue({ code: 'custom', path: ['status'], message: `must be one of: ${allowed.join(', ')}` });
      }
    }),
  );
}

/**
 * Who posted an update, as stored. Only `name` and `role` are ever published (publicAuthor);
 * authors stored before roles have none.
 */
const authorSchema = z.strictObject({
  tokenId: z.string().check(z.minLength(1)),
  personId: z.optional(z.string()),
  role: z.optional(z.enum(roles)),
  name: z.optional(z.string()),
  email: z.optional(z.string()),
});

const updateIdSchema = z.string().check(z.regex(ulidPattern, 'a ULID'));

/** An update as stored: the input plus what the server sets. Any scale is accepted so history stays readable. */
export const progressUpdateSchema = z.object({
  ...shapeWith(barrierSchema),
  id: updateIdSchema,
  priorityId: z.string().check(z.minLength(1)),
  submittedAt: z.iso.datetime(),
  author: authorSchema,
  /** Set on a correction only: the update of the same priority it supersedes, and why. */
  corrects: z.optional(z.object({ updateId: updateIdSchema, reason: z.string() })),
});

export type UpdateInput = z.output<ReturnType<typeof updateInputSchema>>;
export type ProgressUpdate = z.output<typeof progressUpdateSchema>;
export type Barrier = z.output<typeof barrierSchema>;
export type BarrierInput = z.output<typeof barrierInputSchema>;
export type Author = z.output<typeof authorSchema>;

/** Who posted an update, as pages and emails say it: "Ann Lee (sponsor)", "A sponsor", or a name alone when the role is unknown. */
export function authorLabel(author: Pick<Author, 'name' | 'email' | 'role'>): string | undefined {
  return author.role ? nameAndRole(author, author.role) : publicName(author);
}

/** An author as anyone may read them: a name that is not derived from an address, and the role; no token, person or address. */
export function publicAuthor(author: Pick<Author, 'name' | 'email' | 'role'>): { name?: string; role?: Role } {
  const name = publicName(author);
  return { ...(name ? { name } : {}), ...(author.role ? { role: author.role } : {}) };
}

/** Each scale's input schema, made at its first parse: a warm function parses with the one it made. */
const inputSchemas = new Map<RatingScaleName, ReturnType<typeof updateInputSchema>>();

export function parseUpdateInput(candidate: unknown, scale: RatingScaleName): UpdateInput {
  const schema = inputSchemas.get(scale) ?? updateInputSchema(scale);
  inputSchemas.set(scale, schema);
  // Most processes parse once: compiling zod's fast path would cost more than it saves.
  const result = schema.safeParse(candidate, { jitless: true });
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

/** Whether an update reports on any ask, milestone or measure (only then are the priority's commitments read). */
export const reportsCommitments = (input: Pick<UpdateInput, 'asks' | 'milestones' | 'measures'>): boolean =>
  (input.asks?.length ?? 0) + (input.milestones?.length ?? 0) + (input.measures?.length ?? 0) > 0;

/** The input without empty report lists, so an update that reports none is stored exactly as before. */
export function withoutEmptyReports<T extends Pick<UpdateInput, 'asks' | 'milestones' | 'measures'>>(input: T): T {
  const { asks, milestones, measures, ...rest } = input;
  return { ...rest, ...(asks?.length ? { asks } : {}), ...(milestones?.length ? { milestones } : {}), ...(measures?.length ? { measures } : {}) } as T;
}

/** Each milestone and measure an update reports on must be one of its priority's, and named once. */
export function checkReportedCommitments(
  input: Pick<UpdateInput, 'milestones' | 'measures'>,
  known: { milestones: ReadonlySet<string>; measures: ReadonlySet<string> },
): void {
  const errors: FieldError[] = [];
  for (const [field, reports, ids, what] of [
    ['milestones', input.milestones ?? [], known.milestones, 'milestone'],
    ['measures', input.measures ?? [], known.measures, 'measure'],
  ] as const) {
    const seen = new Set<string>();
    reports.forEach(({ id }, index) => {
      if (!ids.has(id)) errors.push({ field: `${field}.${index}.id`, message: `is not a ${what} of this priority` });
      else if (seen.has(id)) errors.push({ field: `${field}.${index}.id`, message: `names the same ${what} twice` });
      seen.add(id);
    });
  }
  if (errors.length > 0) throw new ValidationFailed(errors);
}

/** The ids of barriers already in the log that an update names (only then is the log read). */
export const loggedBarrierIds = (input: UpdateInput): string[] => input.barriers.flatMap((barrier) => (barrier.id === undefined ? [] : [barrier.id]));

/**
 * An update's ask reports, checked against the priority's tracked asks (read only when it names
 * any): each must be one of them, named once, and keep the rules of a change.
 */
export function checkAskReports(reports: readonly AskReport[], tracked: ReadonlyMap<string, AskState>): void {
  const errors: FieldError[] = [];
  const seen = new Set<string>();
  reports.forEach((report, index) => {
    const current = tracked.get(report.id);
    if (!current) errors.push({ field: `asks.${index}.id`, message: 'is not an ask of this priority' });
    else if (seen.has(report.id)) errors.push({ field: `asks.${index}.id`, message: 'names the same ask twice' });
    else errors.push(...askChangeProblems(current, report, `asks.${index}.`));
    seen.add(report.id);
  });
  if (errors.length > 0) throw new ValidationFailed(errors);
}

/** A barrier as the update that last stated it has it: the log's state before the stream has applied that update. */
export function barrierStatedIn(update: ProgressUpdate, barrierId: string): BarrierState | undefined {
  const entry = update.barriers.find((barrier) => barrier.id === barrierId);
  return (
    entry && {
      description: entry.description,
      needsBoardSupport: entry.needsBoardSupport,
      ...(entry.owner ? { owner: entry.owner } : {}),
      status: entry.status ?? 'open',
    }
  );
}

/**
 * The barriers as the update stores them: a new one gets its id from the update, and one named
 * by id must be in the priority's log and is completed from it. Unknown ids fail the update.
 */
export function settleBarriers(input: readonly BarrierInput[], updateId: string, logged: ReadonlyMap<string, BarrierState>): Barrier[] {
  const errors: FieldError[] = [];
  const seen = new Set<string>();
  const settled = input.map((barrier, index): Barrier => {
    if (barrier.id === undefined) {
      return {
        id: barrierIdFor(updateId, index),
        description: barrier.description!,
        needsBoardSupport: barrier.needsBoardSupport ?? false,
        ...(barrier.owner ? { owner: barrier.owner } : {}),
        status: barrier.status ?? 'open',
      };
    }
    const known = logged.get(barrier.id);
    if (!known) errors.push({ field: `barriers.${index}.id`, message: 'is not a barrier of this priority' });
    else if (seen.has(barrier.id)) errors.push({ field: `barriers.${index}.id`, message: 'names the same barrier twice' });
    seen.add(barrier.id);
    const owner = barrier.owner ?? known?.owner;
    return {
      id: barrier.id,
      description: barrier.description ?? known?.description ?? '',
      needsBoardSupport: barrier.needsBoardSupport ?? known?.needsBoardSupport ?? false,
      ...(owner ? { owner } : {}),
      status: barrier.status ?? known?.status ?? 'open',
    };
  });
  if (errors.length > 0) throw new ValidationFailed(errors);
  return settled;
}

/**
 * Form posts: list fields are textareas with one entry per line (a repeated field adds entries);
 * barriers that need the board's support have a textarea of their own. Each barrier already in
 * the log comes as three repeated fields in the same order: its id, its status and its owner.
 */
export function updateCandidateFromForm(form: Record<string, unknown>): Record<string, unknown> {
  const {
    token: _token,
    submissionId: _submissionId,
    csrfToken: _csrf,
    loggedBarrier,
    loggedBarrierStatus,
    loggedBarrierOwner,
    barriers,
    boardSupportBarriers,
    askId,
    askWas,
    askStatus,
    askSecuredGbp,
    askResponse,
    askNextStep,
    reportedMilestone,
    milestoneForecast,
    milestoneStatus,
    milestoneActual,
    reportedMeasure,
    measureValue,
    ...fields
  } = form;
  const candidate: Record<string, unknown> = { ...fields };
  if (askId !== undefined) {
    const asks = askReportsFromForm([askId, askWas, askStatus, askSecuredGbp, askResponse, askNextStep]);
    if (!asks) throw new ValidationFailed([{ field: 'asks', message: 'each ask needs one of each of its fields' }]);
    if (asks.length > 0) candidate.asks = asks;
  }
  if (reportedMilestone !== undefined)
    candidate.milestones = filledRows(reportedMilestone, { forecast: milestoneForecast, status: milestoneStatus, actual: milestoneActual });
  if (reportedMeasure !== undefined) candidate.measures = filledRows(reportedMeasure, { value: measureValue }, formNumber);
  for (const field of ['status', 'period', 'statusRationale']) {
    if (candidate[field] === '') delete candidate[field];
  }
  for (const field of ['achievements', 'nextSteps']) {
    if (field in candidate) candidate[field] = formLines(candidate[field]);
  }
  if (barriers !== undefined || boardSupportBarriers !== undefined || loggedBarrier !== undefined) {
    const plain = formLines(barriers ?? []);
    const board = formLines(boardSupportBarriers ?? []);
    const logged = loggedEntries(loggedBarrier, loggedBarrierStatus, loggedBarrierOwner);
    if (!logged) throw new ValidationFailed([{ field: 'barriers', message: 'each open barrier needs one status and one owner field' }]);
    candidate.barriers =
      Array.isArray(plain) && Array.isArray(board)
        ? [
            ...logged,
            ...plain.map((description) => ({ description, needsBoardSupport: false })),
            ...board.map((description) => ({ description, needsBoardSupport: true })),
          ]
        : barriers;
  }
  return candidate;
}

/** What an ask's fields on the form held when it was shown, to tell which were changed: `[status, £ secured, response, next step]`. */
export function askFormWas(ask: AskState): string {
  return JSON.stringify([ask.status, ask.securedGbp === undefined ? '' : String(ask.securedGbp), ask.response ?? '', ask.nextStep?.text ?? '']);
}

/**
 * The form's ask fields (repeated, one of each per ask, in the same order) as reports of the asks
 * whose fields were changed, each with the changed fields only; null when the fields do not line up.
 */
function askReportsFromForm(fields: unknown[]): Record<string, unknown>[] | null {
  const [ids, was, ...current] = fields.map(repeated) as [unknown[], unknown[], ...unknown[][]];
  if ([was, ...current].some((values) => values.length !== ids.length)) return null;
  const names = ['status', 'securedGbp', 'response', 'nextStep'] as const;
  return ids.flatMap((id, index) => {
    let before: unknown[] = [];
    try {
      before = JSON.parse(String(was[index]));
    } catch {
      // Without what the form held, every field counts as changed.
    }
    const report: Record<string, unknown> = { id };
    names.forEach((name, field) => {
      const raw = current[field]![index];
      const value = typeof raw === 'string' ? raw.trim() : raw;
      if (Array.isArray(before) && before[field] === value) return;
      if (value === '' && name === 'status') return;
      if (value === '') report[name] = null;
      else if (name === 'securedGbp') report[name] = typeof value === 'string' && /^£?[\d,]+$/.test(value) ? Number(value.replace(/[£,]/g, '')) : value;
      else if (name === 'nextStep') report[name] = { text: value };
      else report[name] = value;
    });
    return Object.keys(report).length > 1 ? [report] : [];
  });
}

/**
 * The milestones or measures a form reports on: one entry per id whose fields were filled in
 * (repeated fields in the ids' order); rows left blank report nothing.
 */
function filledRows(
  ids: unknown,
  columns: Record<string, unknown>,
  convert: (value: unknown) => unknown = (value) => value,
): Record<string, unknown>[] | unknown {
  const idList = repeated(ids);
  const lists = Object.entries(columns).map(([name, values]) => [name, repeated(values)] as const);
  if (lists.some(([, values]) => values.length !== idList.length)) return ids;
  return idList.flatMap((id, index) => {
    const filled = lists.flatMap(([name, values]) => {
      const value = typeof values[index] === 'string' ? (values[index] as string).trim() : values[index];
      return value === '' || value === undefined ? [] : [[name, convert(value)] as const];
    });
    return filled.length === 0 ? [] : [{ id, ...Object.fromEntries(filled) }];
  });
}

const repeated = (value: unknown): unknown[] => (value === undefined ? [] : Array.isArray(value) ? value : [value]);

/** The logged barriers' entries, or null when the fields do not line up. */
function loggedEntries(ids: unknown, statuses: unknown, owners: unknown): Record<string, unknown>[] | null {
  const [id, status, owner] = [repeated(ids), repeated(statuses), repeated(owners)];
  if (status.length !== id.length || owner.length !== id.length) return null;
  return id.map((barrierId, index) => {
    const ownerText = typeof owner[index] === 'string' ? (owner[index] as string).trim() : owner[index];
    return { id: barrierId, status: status[index], ...(ownerText === '' ? {} : { owner: ownerText }) };
  });
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
