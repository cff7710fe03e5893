/**
 * The API's published shapes: what clients see of stored things, without bookkeeping. Each has a
 * zod schema here, which the OpenAPI description (shared/http/openapi.ts) is generated from;
 * where the code that builds a shape is typed, the compiler checks that it agrees with its schema.
 * The builders the functions call are in shared/http/publish.ts, which takes these types only, so
 * a function answering a request does not build the schemas as it loads.
 */
import * as z from 'zod';
import { type AskTotal, type AskWithVersion, askStatuses } from '#shared/domain/ask';
import { type Assessment, type AssessorRole, assessorRoles } from '#shared/domain/assessment';
import { barrierIdSchema, barrierStatuses } from '#shared/domain/barrier';
import { prioritySchema, programmeSchema, slugSchema } from '#shared/domain/catalogue';
import { directions, measureUnits } from '#shared/domain/measure';
import { milestoneStatuses } from '#shared/domain/milestone';
import { type Person, roles } from '#shared/domain/people';
import { periodSchema } from '#shared/domain/periods';
import { type RatingLevel, ratingScaleNames, statuses } from '#shared/domain/rating';
import type { PortfolioEntry, PortfolioView, PrioritySummary, StatusChange, Trend } from '#shared/domain/summary';
import { barrierSchema, progressUpdateSchema, type publicAuthor } from '#shared/domain/update';

type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
/** The built value fits the schema and they name the same fields (so neither has one the other lacks). */
type Describes<Schema extends z.ZodType, Built> = [Built] extends [z.output<Schema>] ? Same<keyof Built, keyof z.output<Schema>> : false;

/** A status as stored: any point of the five-point scale, so history stays readable after a switch to three points. */
export const statusSchema = progressUpdateSchema.shape.status;
const updateIdSchema = progressUpdateSchema.shape.id;
const timestamp = z.iso.datetime();

const trends = ['new', 'improving', 'stable', 'worsening'] as const;
true satisfies Same<(typeof trends)[number], Trend>;

/** Who posted an update, as anyone may read it: a name and role; never a token, a person's id, an address or a name derived from one. */
export const publishedAuthorSchema = z.strictObject({
  name: z.string().optional().describe('The poster’s display name; absent when they have none that may be shown (they are named by role alone).'),
  role: z.enum(roles).optional().describe('Absent on updates posted before roles were recorded.'),
});
true satisfies Describes<typeof publishedAuthorSchema, ReturnType<typeof publicAuthor>>;

/** An update as the public reads it; a corrected one names its correction. */
export const publishedUpdateSchema = z.object({
  ...progressUpdateSchema.shape,
  author: publishedAuthorSchema,
  corrects: z
    .strictObject({ updateId: updateIdSchema, reason: z.string() })
    .optional()
    .describe('On a correction only: the update of the same priority it supersedes, and why.'),
  correctedBy: z
    .strictObject({ updateId: updateIdSchema, reason: z.string(), correctedAt: timestamp })
    .optional()
    .describe(
      'On a corrected update only: the correction that supersedes it, why, and when. Summaries, charts and board packs made since read the correction instead.',
    ),
});
export type PublishedUpdate = z.output<typeof publishedUpdateSchema>;

/** People are named by 16 hex digits in every address. */
export const personIdSchema = z.string().regex(/^[a-f0-9]{16}$/);

export const summaryViewSchema = z.strictObject({
  priorityId: slugSchema,
  status: z.nullable(statusSchema).describe('The latest rating; null until the first update.'),
  previousStatus: z.nullable(statusSchema),
  statusChangedAt: timestamp.nullable(),
  trend: z.enum(trends).nullable(),
  period: z.nullable(periodSchema),
  lastUpdateAt: timestamp.nullable(),
  lastUpdateId: z.nullable(updateIdSchema),
  updateCount: z.number().int().min(0),
  openBarriers: z.array(barrierSchema),
  barriersNeedingBoardSupport: z.array(barrierSchema),
  statusMeaning: z.string().nullable().describe('What the status means on the IPA Delivery Confidence scale.'),
});

export type SummaryView = z.output<typeof summaryViewSchema>;
true satisfies Describes<
  typeof summaryViewSchema,
  Omit<PrioritySummary, 'recent' | 'appliedThrough' | 'title' | 'corrected'> & { statusMeaning: string | null }
>;

// The catalogue's initial milestones and measures are not published as such: the tracked ones are.
const { milestones: _milestones, measures: _measures, ...profileShape } = prioritySchema.shape;
export const priorityViewSchema = z.strictObject({ ...profileShape, summary: summaryViewSchema });

export type PriorityView = z.output<typeof priorityViewSchema>;

export const ratingLevelSchema = z.strictObject({ status: statusSchema, label: z.string(), meaning: z.string() });
true satisfies Describes<typeof ratingLevelSchema, RatingLevel>;

export const ratingScaleViewSchema = z.strictObject({
  name: z.enum(ratingScaleNames),
  levels: z.array(ratingLevelSchema).describe('The statuses this deployment accepts in new updates, best first.'),
});

export type RatingScaleView = z.output<typeof ratingScaleViewSchema>;

/** An independent assessment: a delivery lead's or board member's own rating, beside the sponsor's. */
export const assessmentSchema = z.strictObject({
  priorityId: slugSchema,
  period: periodSchema,
  status: statusSchema,
  rationale: z.string(),
  assessor: z.strictObject({
    role: z.enum(assessorRoles),
    name: z.string().optional().describe('The assessor’s display name; absent when they have none that may be shown.'),
  }),
  assessedAt: timestamp,
});
export type PublishedAssessment = Omit<Assessment, 'assessor'> & { assessor: { role: AssessorRole; name?: string } };
true satisfies Describes<typeof assessmentSchema, PublishedAssessment>;

export const currentAssessmentSchema = assessmentSchema.extend({
  divergent: z
    .boolean()
    .describe(
      'Whether it diverges from the sponsor’s current rating enough for the board to be told: two levels or more, or amber/red or red against green or amber/green.',
    ),
});

const { priorities: _priorities, ...programmeShape } = programmeSchema.shape;
/** The programme without its priorities, which GET /priorities lists beside it. */
export const programmeViewSchema = z.strictObject(programmeShape);

/** What GET /priorities answers. */
export const priorityListSchema = z.strictObject({
  programme: programmeViewSchema.nullable().describe('Null until the catalogue has been loaded.'),
  ratingScale: ratingScaleViewSchema,
  priorities: z.array(priorityViewSchema).describe('In the catalogue’s order.'),
  assessments: z.record(slugSchema, currentAssessmentSchema).describe('The latest independent assessment of each priority that has one, by priority id.'),
});

/** A board response as anyone may read it: who by name, never by token. */
export const publishedBoardResponseSchema = z.strictObject({
  responseId: updateIdSchema,
  respondedAt: timestamp,
  respondedBy: z.string().optional().describe('The board member’s display name; absent when they have none that may be shown.'),
  decision: z.string(),
  owner: z.string(),
  dueDate: z.iso.date(),
});
export type PublishedBoardResponse = z.output<typeof publishedBoardResponseSchema>;

/** A barrier of the log, with the board's responses, oldest first. */
export const publishedBarrierSchema = z.strictObject({
  barrierId: barrierIdSchema,
  description: z.string(),
  needsBoardSupport: z.boolean(),
  owner: z.string().optional(),
  status: z.enum(barrierStatuses),
  raisedBy: updateIdSchema.check(z.describe('The update that raised it.')),
  raisedAt: timestamp,
  raisedPeriod: z.optional(periodSchema).describe('The reporting period of the update that raised it: the period it belongs to.'),
  resolvedBy: z.optional(updateIdSchema).describe('The update that resolved it, while it is resolved.'),
  resolvedAt: timestamp.optional(),
  resolvedPeriod: z.optional(periodSchema).describe('The reporting period of the update that resolved it.'),
  responses: z.array(publishedBoardResponseSchema),
});
export type PublishedBarrier = z.output<typeof publishedBarrierSchema>;

const day = z.iso.date();

/** A milestone as tracked: baseline against forecast, slippage in working days (Monday to Friday), and whether it is late. */
export const publishedMilestoneSchema = z.strictObject({
  milestoneId: slugSchema,
  title: z.string(),
  baseline: day.describe('Set when the milestone was made; changed only by a re-baseline, logged with its reason.'),
  forecast: day.optional().describe('As the latest update that reported it says.'),
  status: z.enum(milestoneStatuses),
  actual: day.optional().describe('When it was done; only with status done.'),
  reportedBy: z.optional(updateIdSchema).describe('The update whose report gave the forecast and status.'),
  slippageWorkingDays: z.int().describe('Working days from the baseline to the forecast (or the actual date): positive when later, negative when earlier.'),
  late: z.boolean().describe('Its date (the forecast, else the baseline) has passed and it is not done.'),
});
export type PublishedMilestone = z.output<typeof publishedMilestoneSchema>;

const datedValueSchema = z.strictObject({ value: z.number(), date: day });
const measureValueSchema = z.strictObject({
  period: periodSchema,
  value: z.number(),
  updateId: updateIdSchema.check(z.describe('The update that reported it.')),
});

/** A measure with its series: the chart's data. */
export const publishedMeasureSchema = z.strictObject({
  measureId: slugSchema,
  name: z.string(),
  unit: z.enum(measureUnits),
  better: z.enum(directions).describe('Which direction is better.'),
  baseline: datedValueSchema,
  target: datedValueSchema,
  values: z.array(measureValueSchema).describe('One value a period, from the latest update for that period, in period order.'),
  latest: measureValueSchema.optional(),
  offTrack: z
    .boolean()
    .describe('The latest value is behind the straight line from baseline to target by more than MEASURE_TOLERANCE_PERCENT of the distance.'),
});
export type PublishedMeasure = z.output<typeof publishedMeasureSchema>;

/** What GET /priorities/{id} answers to API clients. */
export const priorityDetailSchema = priorityViewSchema.extend({
  ratingScale: ratingScaleViewSchema,
  barriers: z
    .array(publishedBarrierSchema)
    .describe('The barrier log: every barrier raised since the log began, open or resolved, with the board’s responses.'),
  latestUpdates: z.array(publishedUpdateSchema).describe('The latest updates, newest first (LATEST_UPDATES of the deployment).'),
  assessment: currentAssessmentSchema.nullable().describe('The latest independent assessment; null until there is one.'),
  assessments: z.array(assessmentSchema).describe('Every independent assessment, newest period first; one per period and assessor role.'),
  milestones: z.array(publishedMilestoneSchema).describe('The priority’s milestones.'),
  measures: z.array(publishedMeasureSchema).describe('The priority’s measures, each with its values.'),
});

/** What GET /priorities/{id}/updates answers: one page of the history, newest first. */
export const updatePageSchema = z.strictObject({
  priorityId: slugSchema,
  updates: z.array(publishedUpdateSchema),
  nextCursor: z.string().nullable().describe('Pass it as `cursor` for the next page; null on the last page.'),
});

export const portfolioEntrySchema = z.strictObject({
  status: z.nullable(statusSchema),
  previousStatus: z.nullable(statusSchema),
  trend: z.enum(trends).nullable(),
  period: z.nullable(periodSchema),
  lastUpdateAt: timestamp.nullable(),
  lastUpdateId: z.nullable(updateIdSchema),
  statusChangedAt: timestamp.nullable(),
});
true satisfies Describes<typeof portfolioEntrySchema, PortfolioEntry>;

export const statusChangeSchema = z.strictObject({
  priorityId: slugSchema,
  from: z.nullable(statusSchema),
  to: statusSchema,
  at: timestamp,
  updateId: updateIdSchema,
});
true satisfies Describes<typeof statusChangeSchema, StatusChange>;

const statusOrNone = z.enum([...statuses, 'none']);

/** What GET /portfolio answers (built by portfolioView in shared/domain/summary.ts). */
export const portfolioViewSchema = z.strictObject({
  counts: z
    .partialRecord(statusOrNone, z.number().int().min(0))
    .describe('Priorities at each status of the deployment’s scale (and any other status still current); `none` counts those not yet rated.'),
  byStatus: z.partialRecord(statusOrNone, z.array(slugSchema)).describe('The priorities at each status, in the catalogue’s order.'),
  priorities: z.record(slugSchema, portfolioEntrySchema),
  recentChanges: z.array(statusChangeSchema).describe('The ten latest status changes among each priority’s last eight updates, newest first.'),
});
true satisfies Describes<typeof portfolioViewSchema, PortfolioView>;

/** What GET /health answers. */
export const healthSchema = z.strictObject({ status: z.literal('ok'), time: timestamp });

/** What the preferences function answers to API clients (and to one-click unsubscribe posts). */
export const preferencesViewSchema = z.strictObject({
  personId: personIdSchema,
  preferences: z.strictObject({
    updateNotifications: z.boolean().describe('Emails about each new update; digests and reminders always go out.'),
  }),
});
true satisfies Describes<typeof preferencesViewSchema, Pick<Person, 'personId' | 'preferences'>>;

/** What POST /board-packs answers to API clients: the quarter's pack, made now or before. */
export const boardPackMadeSchema = z.strictObject({
  quarter: z.string().regex(/^\d{4}-Q[1-4]$/),
  made: z.boolean().describe('False when the quarter had a pack already: it is returned unchanged, and nothing was written.'),
  url: z.string().describe('The pack’s printable page.'),
  madeAt: timestamp,
  priorities: z.number().int().min(0),
  noUpdate: z.array(slugSchema).describe('The priorities with no update for a period within the quarter.'),
});
export type BoardPackMade = z.output<typeof boardPackMadeSchema>;

const pounds = z.number().int().min(0).describe('Whole pounds sterling.');

/** An ask of government as tracked, with the version a change must name. Who changed it is a name and role only. */
export const trackedAskSchema = z.strictObject({
  priorityId: slugSchema,
  askId: slugSchema,
  title: z.string().describe('The catalogue’s title.'),
  status: z.enum(askStatuses),
  department: z.string().optional().describe('The department or contact asked.'),
  askedGbp: pounds.optional(),
  securedGbp: pounds.optional().describe('Whole pounds; only on an agreed or partly agreed ask.'),
  response: z.string().optional().describe('Government’s response.'),
  nextStep: z.strictObject({ text: z.string(), owner: z.string().optional(), due: z.iso.date().optional() }).optional(),
  changedAt: timestamp.optional().describe('The last change; absent while the ask is as the catalogue made it.'),
  changedBy: z.strictObject({ name: z.string().optional(), role: z.enum([...roles, 'operator', 'service']) }).optional(),
  updateId: z.optional(updateIdSchema).describe('The progress update that made the last change, when one did.'),
  version: z.number().int().min(1).describe('Send it with a change: a change made from an older version is refused (409).'),
});
true satisfies Describes<typeof trackedAskSchema, AskWithVersion>;

const askTotalSchema = z.strictObject({ count: z.number().int().min(0), askedGbp: pounds, securedGbp: pounds });
true satisfies Describes<typeof askTotalSchema, AskTotal>;

/** What GET /asks answers to API clients. */
export const askBoardSchema = z.strictObject({
  statuses: z.array(z.enum(askStatuses)).describe('The statuses the list was filtered by; empty for every ask.'),
  totals: z.strictObject({
    byStatus: z.record(z.enum(askStatuses), askTotalSchema).describe('Every ask, by status (each status present).'),
    all: askTotalSchema,
  }),
  shown: askTotalSchema.describe('The asks listed, after the filter.'),
  priorities: z
    .array(z.strictObject({ priorityId: slugSchema, priorityTitle: z.string(), asks: z.array(trackedAskSchema) }))
    .describe('In the programme’s order; priorities with no ask shown are left out.'),
});

/** One change in an ask's history: the whole state after it, who made it, and the update it came from. */
const askChangeEntrySchema = z.strictObject({
  priorityId: slugSchema,
  kind: z.literal('ASK'),
  id: slugSchema,
  at: timestamp,
  changeId: z.string(),
  by: z.strictObject({ name: z.string().optional(), role: z.enum([...roles, 'operator', 'service']) }),
  reason: z.string().optional(),
  updateId: z.optional(updateIdSchema),
  state: trackedAskSchema.omit({ version: true }),
});

/** What GET /asks/{id}/{askId} answers to API clients. */
export const askWithHistorySchema = z.strictObject({ ask: trackedAskSchema, history: z.array(askChangeEntrySchema).describe('Oldest first.') });

/** What POST /asks/{id}/{askId} answers. */
export const askChangedSchema = z.strictObject({
  ask: trackedAskSchema,
  changed: z.boolean().describe('False when the change changed nothing (nothing was written).'),
});
