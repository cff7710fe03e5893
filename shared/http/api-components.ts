/**
 * The parts of the OpenAPI description that routes of many functions share: the shapes the API
 * answers (component schemas), path parameters, security schemes and tags. Each function
 * describes its own routes and request shapes in functions/<name>/api.ts; shared/http/openapi.ts
 * builds the document from both. Shapes are zod schemas, never hand-written JSON Schema.
 */
import * as z from 'zod';
import { barrierIdSchema } from '#shared/domain/barrier';
import { slugSchema } from '#shared/domain/catalogue';
import { sessionCookie } from '#shared/domain/session';
import { barrierSchema, progressUpdateSchema } from '#shared/domain/update';
import {
  askBoardSchema,
  askChangedSchema,
  askWithHistorySchema,
  assessmentSchema,
  boardPackMadeSchema,
  currentAssessmentSchema,
  healthSchema,
  personIdSchema,
  portfolioEntrySchema,
  portfolioViewSchema,
  preferencesViewSchema,
  priorityDetailSchema,
  priorityListSchema,
  priorityViewSchema,
  programmeViewSchema,
  publishedAuthorSchema,
  publishedBarrierSchema,
  publishedBoardResponseSchema,
  publishedMeasureSchema,
  publishedMilestoneSchema,
  publishedUpdateSchema,
  ratingLevelSchema,
  ratingScaleViewSchema,
  statusChangeSchema,
  statusSchema,
  summaryViewSchema,
  trackedAskSchema,
  updatePageSchema,
} from '#shared/http/published';
import { fieldErrorSchema, problemSchema } from '#shared/http/responses';

export interface ComponentSchema {
  schema: z.core.$ZodType;
  description: string;
}

/**
 * Shapes the API answers, converted as zod outputs: a field with a default is always present.
 * A schema used inside another becomes a `$ref` because it is the same zod instance.
 */
export const responseSchemas = {
  AskBoard: { schema: askBoardSchema, description: 'Every tracked ask of government by priority, with the totals of £ asked and £ secured by status.' },
  AskChanged: { schema: askChangedSchema, description: 'An ask after a change.' },
  AskWithHistory: { schema: askWithHistorySchema, description: 'An ask of government with every change made to it, each with the whole state after it.' },
  TrackedAsk: {
    schema: trackedAskSchema,
    description: 'An ask of government as tracked: its status, the department, £ asked and secured, the response and the next step.',
  },
  BoardPackMade: { schema: boardPackMadeSchema, description: 'A quarter’s board pack, made by this request or before it.' },
  Assessment: {
    schema: assessmentSchema,
    description:
      'An independent assessment: a delivery lead’s or board member’s own rating of a priority for a period, with their reasons. One per priority, period and assessor role; a later one for the same replaces it.',
  },
  CurrentAssessment: {
    schema: currentAssessmentSchema,
    description: 'A priority’s latest independent assessment, and whether it diverges from the sponsor’s current rating.',
  },
  Barrier: {
    schema: barrierSchema,
    description:
      'Something in the way of delivery as an update states it: whether it needs the board’s support, its owner and status, and its id in the barrier log (updates stored before the log have neither).',
  },
  PublishedBarrier: {
    schema: publishedBarrierSchema,
    description: 'A barrier of the log: raised by one update, kept, changed or resolved by later ones, with the board’s responses.',
  },
  PublishedMilestone: {
    schema: publishedMilestoneSchema,
    description: 'A milestone: baseline against forecast, its slippage in working days, and whether it is late.',
  },
  PublishedMeasure: {
    schema: publishedMeasureSchema,
    description: 'A measure: its baseline and target, its values by period (the chart’s data), and whether it is off track.',
  },
  PublishedBoardResponse: {
    schema: publishedBoardResponseSchema,
    description: 'A board member’s response to a barrier: a decision or action, its owner and its due date.',
  },
  FieldError: { schema: fieldErrorSchema, description: 'One field that needs correcting.' },
  Health: { schema: healthSchema, description: 'The API is up.' },
  Portfolio: { schema: portfolioViewSchema, description: 'How many priorities stand at each status, which ones, and the latest status changes.' },
  PortfolioEntry: { schema: portfolioEntrySchema, description: 'What the portfolio keeps of one priority.' },
  Preferences: { schema: preferencesViewSchema, description: 'A person’s email preferences.' },
  PriorityDetail: { schema: priorityDetailSchema, description: 'One priority: its catalogue entry, its summary, the rating scale and its latest updates.' },
  PriorityList: { schema: priorityListSchema, description: 'The programme, the rating scale, and every priority with its current summary.' },
  PriorityView: { schema: priorityViewSchema, description: 'A priority’s catalogue entry with its current summary.' },
  Problem: { schema: problemSchema, description: 'Problem details (RFC 9457). Every error has a `requestId` and reveals nothing internal.' },
  Programme: { schema: programmeViewSchema, description: 'The programme: title, sources, principles and further issues.' },
  PublishedAuthor: {
    schema: publishedAuthorSchema,
    description: 'Who posted an update, as anyone may read it: their display name and role; never a token id, an address or a name derived from one.',
  },
  PublishedUpdate: {
    schema: publishedUpdateSchema,
    description:
      'A recorded update: what the sponsor sent, and the id, time and author the server set, as anyone may read it (its poster too). Updates never change.',
  },
  RatingLevel: { schema: ratingLevelSchema, description: 'One point of the rating scale, with its official meaning.' },
  RatingScale: { schema: ratingScaleViewSchema, description: 'The rating scale this deployment uses for new updates.' },
  Status: {
    schema: statusSchema,
    description:
      'An IPA Delivery Confidence rating. Stored updates and summaries may hold any of the five points; a deployment on the three-point scale accepts only green, amber and red in new updates.',
  },
  StatusChange: { schema: statusChangeSchema, description: 'A priority’s status changing with an update.' },
  Summary: { schema: summaryViewSchema, description: 'A priority’s current summary, kept up to date from its updates.' },
  UpdatePage: { schema: updatePageSchema, description: 'A page of a priority’s updates, newest first.' },
} satisfies Record<string, ComponentSchema>;

export type ResponseSchemaName = keyof typeof responseSchemas;

/** Path parameters by name; a greedy `{name+}` is `name`. */
export const pathParameters: Record<string, { description: string; schema: z.core.$ZodType }> = {
  id: { description: 'The priority’s id, from the catalogue. One that cannot be a priority’s id answers 404.', schema: slugSchema },
  updateId: { description: 'The update’s id (a ULID).', schema: progressUpdateSchema.shape.id },
  barrierId: { description: 'The barrier’s id: the id of the update that raised it, a hyphen and its place in that update’s list.', schema: barrierIdSchema },
  askId: { description: 'The ask’s id within its priority, from the catalogue.', schema: slugSchema },
  personId: { description: 'The person’s id, from the link in their emails.', schema: personIdSchema },
  milestoneId: { description: 'The milestone’s id, unique within its priority.', schema: slugSchema },
  measureId: { description: 'The measure’s id, unique within its priority.', schema: slugSchema },
  quarter: { description: 'The quarter, YYYY-Qn (for example 2021-Q1). Anything else answers 400.', schema: z.string() },
};

export const securitySchemes = {
  sponsorToken: {
    type: 'http',
    scheme: 'bearer',
    bearerFormat: 'rp_<tokenId>_<secret>',
    description: 'A sponsor token, issued for one priority. A form may send it as its `token` field instead.',
  },
  assessorToken: {
    type: 'http',
    scheme: 'bearer',
    bearerFormat: 'rp_<tokenId>_<secret>',
    description: 'A delivery lead’s token (for their own priority) or a board member’s (for any). A form may send it as its `token` field instead.',
  },
  session: {
    type: 'apiKey',
    in: 'cookie',
    name: sessionCookie,
    description:
      'The browser session made by `POST /sessions` from a personal link’s Continue page. A form post that relies on it must carry the form’s `csrfToken`.',
  },
  boardToken: {
    type: 'http',
    scheme: 'bearer',
    bearerFormat: 'rp_<tokenId>_<secret>',
    description:
      'A board member’s token: it acts as the board (responds to barriers, makes board packs), on no priority of its own, and never posts a priority’s update. A form may send it as its `token` field instead.',
  },
  personalLink: {
    type: 'apiKey',
    in: 'query',
    name: 'token',
    description: 'The token in a personal link from a digest or reminder. The page it opens is a Continue page whose button posts it to `POST /sessions`.',
  },
} as const;

export type SecuritySchemeName = keyof typeof securitySchemes;

export const tags = {
  Priorities: 'The catalogue and each priority’s current summary.',
  Updates: 'Progress updates: the history, one update, and recording one.',
  Assessments: 'Independent assessments: a delivery lead’s or board member’s own rating, beside the sponsor’s.',
  Portfolio: 'The programme as a whole.',
  Barriers: 'The barrier log: what stands in the way of delivery, and the board’s responses.',
  'Asks of government': 'What the programme asked of government, where each ask stands, £ asked and £ secured, and every change.',
  Commitments: 'What the roadmap committed each priority to: its milestones and measures, defined by the programme office and reported in updates.',
  Pages:
    'Pages for people: the dashboard, the missed updates and the update form. Other routes answer pages too, to browsers. Their stylesheet and images are served under /assets/ by CloudFront, from a bucket, not by the API.',
  People: 'Email preferences.',
  'Board packs': 'Quarterly snapshots of the programme for the board, made once and never changed.',
  Audit: 'The audit log: who did each privileged act, when, and what it changed; for the board.',
  Sessions: 'Browser sessions: a personal link exchanged by the person’s own post, and sign-out.',
  Service: 'Health and this description.',
} as const;

export type TagName = keyof typeof tags;
