/**
 * What each route does and answers, for the OpenAPI description that shared/http/openapi.ts
 * builds from the route table. Entries are keyed by route key; a route without an entry, or an
 * entry without a route, stops the document being built, and the unit tests hold the statuses
 * listed here to the document. Shapes are zod schemas, never hand-written JSON Schema.
 */
import * as z from 'zod';
import { slugSchema } from '#shared/domain/catalogue';
import { barrierIdSchema, barrierStatuses, boardResponseInputSchema } from '#shared/domain/barrier';
import { statuses } from '#shared/domain/rating';
import { sessionCookie } from '#shared/domain/session';
import { authorSchema, barrierSchema, progressUpdateSchema, updateInputSchema } from '#shared/domain/update';
import { assessmentInputSchema } from '#shared/domain/assessment';
import { periodSchema } from '#shared/domain/periods';
import { maxBodyBytes } from '#shared/http/body';
import { listUpdatesQuerySchema } from '#shared/http/paging';
import { fieldErrorSchema, problemSchema } from '#shared/http/responses';
import {
  boardPackMadeSchema,
  assessmentSchema,
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
  ratingLevelSchema,
  ratingScaleViewSchema,
  statusChangeSchema,
  statusSchema,
  summaryViewSchema,
  publishedAuthorSchema,
  publishedBarrierSchema,
  publishedBoardResponseSchema,
  publishedUpdateSchema,
  updatePageSchema,
} from '#shared/http/views';

export interface ComponentSchema {
  schema: z.ZodType;
  description: string;
}

/**
 * Shapes the API answers, converted as zod outputs: a field with a default is always present.
 * A schema used inside another becomes a `$ref` because it is the same zod instance.
 */
export const responseSchemas = {
  BoardPackMade: { schema: boardPackMadeSchema, description: 'A quarter’s board pack, made by this request or before it.' },
  Assessment: { schema: assessmentSchema, description: 'An independent assessment: a delivery lead’s or board member’s own rating of a priority for a period, with their reasons. One per priority, period and assessor role; a later one for the same replaces it.' },
  CurrentAssessment: { schema: currentAssessmentSchema, description: 'A priority’s latest independent assessment, and whether it diverges from the sponsor’s current rating.' },
  Author: { schema: authorSchema, description: 'Who posted an update: the token’s id and the name and email it was issued to. Never taken from the body.' },
  Barrier: {
    schema: barrierSchema,
    description: 'Something in the way of delivery as an update states it: whether it needs the board’s support, its owner and status, and its id in the barrier log (updates stored before the log have neither).',
  },
  PublishedBarrier: { schema: publishedBarrierSchema, description: 'A barrier of the log: raised by one update, kept, changed or resolved by later ones, with the board’s responses.' },
  PublishedBoardResponse: { schema: publishedBoardResponseSchema, description: 'A board member’s response to a barrier: a decision or action, its owner and its due date.' },
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
  ProgressUpdate: { schema: progressUpdateSchema, description: 'A recorded update: what the sponsor sent, and the id, time and author the server set. Updates never change. Only its poster gets it whole.' },
  PublishedAuthor: { schema: publishedAuthorSchema, description: 'Who posted an update, as anyone may read it: the token’s id and the name it was issued to.' },
  PublishedUpdate: { schema: publishedUpdateSchema, description: 'A recorded update as anyone may read it: the author’s email address is left out.' },
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

/** A textarea of a form: one entry per line. */
const formLines = (what: string) =>
  z.array(z.string()).optional().describe(`${what}: a textarea with one entry per line (the field may also repeat).`);

/** The fields of the update form, as updateCandidateFromForm (shared/domain/update.ts) reads them. */
export const updateFormSchema = z.strictObject({
  status: z.enum(statuses),
  period: periodSchema,
  summary: z.string(),
  statusRationale: z.string().optional(),
  achievements: formLines('Achievements'),
  nextSteps: formLines('Next steps'),
  barriers: formLines('Barriers that do not need the board’s support'),
  boardSupportBarriers: formLines('Barriers that need the board’s support'),
  loggedBarrier: z.array(barrierIdSchema).optional().describe('The barriers already in the log that the form shows, by id; each has a status and an owner at the same place.'),
  loggedBarrierStatus: z.array(z.enum(barrierStatuses)).optional().describe('Each logged barrier’s status, in the order of `loggedBarrier`.'),
  loggedBarrierOwner: z.array(z.string()).optional().describe('Each logged barrier’s owner, in the order of `loggedBarrier`; empty keeps the owner it has.'),
  token: z.string().optional().describe('The sponsor token, for a form posted without a session.'),
  csrfToken: z.string().optional().describe('Required with the session cookie: the token of the form the service served.'),
  submissionId: z.string().optional().describe('Identifies the submission, so posting the same form again returns the original update.'),
});

/** The fields the preferences page and one-click unsubscribe post; the function ignores others. */
export const preferencesFormSchema = z.object({
  updateNotifications: z.literal('on').optional().describe('The checkbox: present to have emails about each update, absent to stop them.'),
  'List-Unsubscribe': z.literal('One-Click').optional().describe('One-click unsubscribe (RFC 8058): stops emails about each update.'),
});

/** What makes a board pack: the quarter, and the proof when it is not in a header. */
export const boardPackRequestSchema = z.object({
  quarter: z.string().describe('The quarter, YYYY-Qn (for example 2021-Q1); it must have ended.'),
  token: z.string().optional().describe('A board token, for a form posted without a session.'),
  csrfToken: z.string().optional().describe('Required with the session cookie: the token of the form the service served.'),
});

/** The fields of the assessment form, as assessmentCandidateFromForm (shared/domain/assessment.ts) reads them. */
export const assessmentFormSchema = z.strictObject({
  status: z.enum(statuses),
  period: periodSchema,
  rationale: z.string(),
  token: z.string().optional().describe('A delivery lead’s or board member’s token, for a form posted without a session.'),
  csrfToken: z.string().optional().describe('Required with the session cookie: the token of the form the service served.'),
});

/** The fields of a response form on the barriers page. */
export const boardResponseFormSchema = z.strictObject({
  decision: z.string(),
  owner: z.string(),
  dueDate: z.string().describe('YYYY-MM-DD.'),
  token: z.string().optional().describe('A board token, for a form posted without a session.'),
  csrfToken: z.string().optional().describe('Required with the session cookie: the token of the page the service served.'),
});

/** Shapes the API reads, converted as zod inputs: a field with a default may be left out. */
export const requestSchemas = {
  BoardResponseForm: { schema: boardResponseFormSchema, description: 'A response form’s fields; other fields are ignored.' },
  BoardResponseInput: { schema: boardResponseInputSchema, description: 'A board response. Unknown fields are refused.' },
  BoardPackRequest: { schema: boardPackRequestSchema, description: 'Which quarter’s board pack to make.' },
  AssessmentForm: { schema: assessmentFormSchema, description: 'The assessment form’s fields. They become an AssessmentInput; empty fields are left out.' },
  AssessmentInput: {
    schema: assessmentInputSchema('five-point'),
    description: 'What a delivery lead or board member sends. Unknown fields are refused; the assessor comes from the token or session. A deployment on the three-point scale accepts only green, amber and red.',
  },
  PreferencesForm: { schema: preferencesFormSchema, description: 'A change of email preferences.' },
  UpdateForm: {
    schema: updateFormSchema,
    description: 'The update form’s fields. They become an UpdateInput: lists are split into lines, and empty fields are left out.',
  },
  UpdateInput: {
    schema: updateInputSchema('five-point'),
    description:
      'What a sponsor sends. Unknown fields are refused. A `statusRationale` is required when the status differs from the priority’s current one, or is amber-red or red.',
  },
} satisfies Record<string, ComponentSchema>;

export type SchemaName = keyof typeof responseSchemas | keyof typeof requestSchemas;

/** Path parameters by name; `{proxy+}` is `proxy`. */
export const pathParameters: Record<string, { description: string; schema: z.ZodType }> = {
  id: { description: 'The priority’s id, from the catalogue. One that cannot be a priority’s id answers 404.', schema: slugSchema },
  updateId: { description: 'The update’s id (a ULID).', schema: progressUpdateSchema.shape.id },
  barrierId: { description: 'The barrier’s id: the id of the update that raised it, a hyphen and its place in that update’s list.', schema: barrierIdSchema },
  personId: { description: 'The person’s id, from the link in their emails.', schema: personIdSchema },
  quarter: { description: 'The quarter, YYYY-Qn (for example 2021-Q1). Anything else answers 400.', schema: z.string() },
  proxy: { description: 'The file’s path under /assets/, for example `recovery-progress.css` or `images/favicon.svg`.', schema: z.string() },
};

const preferencesQuerySchema = z.object({
  key: z.string().describe('The personal key from the link in the person’s emails. A wrong or missing key answers 404, like an unknown person.'),
});

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
    description: 'The browser session a personal link starts. A form post that relies on it must carry the form’s `csrfToken`.',
  },
  boardToken: {
    type: 'http',
    scheme: 'bearer',
    bearerFormat: 'rp_<tokenId>_<secret>',
    description: 'A board member’s token: it acts as the board (responds to barriers, makes board packs), on no priority of its own, and never posts a priority’s update. A form may send it as its `token` field instead.',
  },
  personalLink: {
    type: 'apiKey',
    in: 'query',
    name: 'token',
    description: 'The token in a personal link from a digest or reminder; exchanged once for a session.',
  },
} as const;

export type SecuritySchemeName = keyof typeof securitySchemes;

export const tags = {
  Priorities: 'The catalogue and each priority’s current summary.',
  Updates: 'Progress updates: the history, one update, and recording one.',
  Assessments: 'Independent assessments: a delivery lead’s or board member’s own rating, beside the sponsor’s.',
  Portfolio: 'The programme as a whole.',
  Barriers: 'The barrier log: what stands in the way of delivery, and the board’s responses.',
  Pages: 'Pages for people: the dashboard, the missed updates, the update form and their assets. Other routes answer pages too, to browsers.',
  People: 'Email preferences.',
  'Board packs': 'Quarterly snapshots of the programme for the board, made once and never changed.',
  Service: 'Health and this description.',
} as const;

export type TagName = keyof typeof tags;

export type ResponseHeaderName = 'Location' | 'Set-Cookie' | 'Content-Disposition';

/** A body with no structure to describe: a page, a CSV file, a static file. */
const page = z.string().describe('An HTML page.');
const csv = z.string().describe('CSV (RFC 4180) with a header row, UTF-8 with a byte-order mark. Cells that start like a formula are prefixed with an apostrophe.');
const file = z.string().describe('The file.');

/** A successful answer (or a redirect). */
export interface Answer {
  description: string;
  /** Media type to a component's name, or to a zod schema for a body without structure. */
  content?: Record<string, SchemaName | z.ZodType>;
  headers?: ResponseHeaderName[];
}

export interface RouteDescription {
  operationId: string;
  tag: TagName;
  summary: string;
  description: string;
  /** Query parameters, one per field. */
  query?: z.ZodObject;
  requestHeaders?: Record<string, { description: string; schema: z.ZodType }>;
  requestBody?: { description: string; content: Record<string, SchemaName> };
  /** Any one of these schemes will do; absent for open routes. */
  security?: SecuritySchemeName[];
  /** The function uses pageHandler: a browser's failed request gets a page instead of problem+json. */
  errorPages: boolean;
  /** Every status the route can answer: an Answer, or for an error the text of its problem. */
  responses: Record<number, Answer | string>;
}

const internal = 'An unexpected error; it is logged, and the answer reveals nothing internal.';
const unavailable = 'DynamoDB is unreachable or throttling; try again after `Retry-After` seconds.';
/** Any function can fail; one that reads the table can also find it unavailable. */
const failures = { 500: internal } as const;
const tableFailures = { 500: internal, 503: unavailable } as const;
/** What any post with a body and a proof of who sends it may answer, besides its own refusals. */
const postFailures = {
  400: 'Malformed JSON or base64, or an empty body.',
  401: 'No token or session; a token that is malformed, unknown, tampered with, expired or revoked; or a session that has ended.',
  413: `The body is larger than ${maxBodyBytes / 1024} KB.`,
  415: 'The body is neither JSON nor a form.',
  ...tableFailures,
} as const;

const noPriority = 'There is no such priority.';
const htmlNote = 'Browsers (`Accept: text/html`) get a page; other clients get JSON.';

export const routeDescriptions: Record<string, RouteDescription> = {
  'GET /': {
    operationId: 'dashboard',
    tag: 'Pages',
    summary: 'The board’s dashboard',
    description: 'A page with every priority: its status, trend, days since its last update, and the barriers that need the board’s support.',
    errorPages: true,
    responses: { 200: { description: 'The dashboard.', content: { 'text/html': page } }, ...tableFailures },
  },
  'GET /missed-updates': {
    operationId: 'missedUpdates',
    tag: 'Pages',
    summary: 'The priorities with no update for the current period',
    description:
      'A page with each priority that has no update for the current period, oldest first: how long since its last update, the period it is due for, how many working days past the deadline it is (a period’s deadline is its last day), and whether the board has been told (`ESCALATE_AFTER_WORKING_DAYS` working days after the deadline).',
    errorPages: true,
    responses: { 200: { description: 'The missed updates.', content: { 'text/html': page } }, ...tableFailures },
  },
  'GET /barriers': {
    operationId: 'boardBarriers',
    tag: 'Barriers',
    summary: 'The barriers needing board support',
    description:
      'A page with every barrier that asks for the board’s support and is not resolved, oldest first, with its owner, status, age and the board’s responses. Anyone may read it; with a board member’s session it has a form to respond to each. With `?token=` (a board member’s personal link), the token is exchanged for a session cookie and a page moves the browser on without it. `?responded=<barrierId>` shows that a response was recorded.',
    security: ['personalLink', 'session'],
    errorPages: true,
    responses: {
      200: { description: 'The page; or, for a personal link, the page that sets the session cookie and reloads it.', content: { 'text/html': page }, headers: ['Set-Cookie'] },
      401: 'A personal link that is malformed, unknown, expired or revoked.',
      403: 'The personal link is not a board member’s.',
      ...tableFailures,
    },
  },
  'POST /priorities/{id}/barriers/{barrierId}/responses': {
    operationId: 'respondToBarrier',
    tag: 'Barriers',
    summary: 'Record the board’s response to a barrier',
    description:
      'A board member records a decision or action, its owner and its due date. The priority’s sponsors and delivery lead are emailed once each, from the stream. Only a board token or session may respond.',
    security: ['boardToken', 'session'],
    requestBody: {
      description: `The response, up to ${maxBodyBytes / 1024} KB.`,
      content: { 'application/json': 'BoardResponseInput', 'application/x-www-form-urlencoded': 'BoardResponseForm' },
    },
    errorPages: true,
    responses: {
      201: { description: 'Recorded.', content: { 'application/json': 'PublishedBoardResponse' }, headers: ['Location'] },
      303: { description: 'A browser’s form post was recorded: back to the barriers page.', headers: ['Location'] },
      ...postFailures,
      403: 'The token or session is not a board member’s, or a form relying on the session lacks a valid `csrfToken`.',
      404: 'There is no such priority or barrier.',
      422: 'Fields need correcting (all listed in `errors`). A browser’s form post gets the page again, with the errors and what was typed.',
    },
  },
  'GET /assets/{proxy+}': {
    operationId: 'getAsset',
    tag: 'Pages',
    summary: 'A stylesheet or image for the pages',
    description: 'GOV.UK Frontend’s images and manifest, and the service’s stylesheet. Cached for a day.',
    errorPages: false,
    responses: {
      200: {
        description: 'The file.',
        content: { 'text/css': file, 'image/svg+xml': file, 'image/png': file, 'image/x-icon': file, 'application/manifest+json': file },
      },
      404: 'There is no such asset.',
      ...failures,
    },
  },
  'GET /health': {
    operationId: 'health',
    tag: 'Service',
    summary: 'Liveness check',
    description: 'Touches no table, so it stays cheap for uptime checks.',
    errorPages: false,
    responses: { 200: { description: 'The API is up.', content: { 'application/json': 'Health' } }, ...failures },
  },
  'GET /priorities': {
    operationId: 'listPriorities',
    tag: 'Priorities',
    summary: 'The catalogue with each priority’s current summary',
    description: 'The programme, the rating scale, and every priority in the catalogue’s order with its current summary.',
    errorPages: false,
    responses: { 200: { description: 'The priorities.', content: { 'application/json': 'PriorityList' } }, ...tableFailures },
  },
  'GET /priorities/{id}': {
    operationId: 'getPriority',
    tag: 'Priorities',
    summary: 'One priority',
    description: `Its catalogue entry, summary, latest updates and independent assessments. ${htmlNote} The page has the history and a chart.`,
    errorPages: true,
    responses: {
      200: { description: 'The priority.', content: { 'application/json': 'PriorityDetail', 'text/html': page } },
      404: noPriority,
      ...tableFailures,
    },
  },
  'GET /priorities/{id}/updates': {
    operationId: 'listUpdates',
    tag: 'Updates',
    summary: 'A priority’s updates, newest first',
    description: 'A page at a time; follow `nextCursor` for the next. Other query parameters are refused.',
    query: listUpdatesQuerySchema,
    errorPages: false,
    responses: {
      200: { description: 'A page of updates.', content: { 'application/json': 'UpdatePage' } },
      400: 'A `limit` outside 1–100, a `cursor` this list did not hand out, or an unknown query parameter; listed in `errors`.',
      404: noPriority,
      ...tableFailures,
    },
  },
  'POST /priorities/{id}/updates': {
    operationId: 'recordUpdate',
    tag: 'Updates',
    summary: 'Record a progress update',
    description:
      'A sponsor records progress, as JSON or as a form post. The author comes from the token or session, never from the body. Summaries follow from the update stream within seconds.',
    security: ['sponsorToken', 'session'],
    requestHeaders: {
      'Idempotency-Key': {
        description: 'Makes a retried post return the original update and store nothing new; the same key with a different update answers 422. Remembered for a day.',
        schema: z.string(),
      },
    },
    requestBody: {
      description: `The update, up to ${maxBodyBytes / 1024} KB. HTTP API delivers form posts base64-encoded; both encodings are read.`,
      content: { 'application/json': 'UpdateInput', 'application/x-www-form-urlencoded': 'UpdateForm' },
    },
    errorPages: true,
    responses: {
      201: {
        description: 'Recorded; or, for a retry with the same idempotency key and the same update, the update recorded first.',
        content: { 'application/json': 'ProgressUpdate' },
        headers: ['Location'],
      },
      303: { description: 'A browser’s form post (`Accept: text/html`) was recorded: on to its confirmation page.', headers: ['Location'] },
      ...postFailures,
      403: 'The token belongs to another priority, or a form relying on the session lacks a valid `csrfToken`.',
      404: noPriority,
      422: 'Fields need correcting (all listed in `errors`), a required `statusRationale` is missing, or the idempotency key was used for a different update. A browser’s form post gets the form again, with the errors and everything typed.',
    },
  },
  'GET /priorities/{id}/updates/new': {
    operationId: 'updateForm',
    tag: 'Pages',
    summary: 'The update form',
    description:
      'The form a personal link opens. With `?token=`, the token is exchanged for a session cookie and a page moves the browser on to the same address without it, so the token leaves the address bar.',
    security: ['personalLink', 'session'],
    errorPages: true,
    responses: {
      200: {
        description: 'The form; or, for a personal link, the page that sets the session cookie and reloads the form.',
        content: { 'text/html': page },
        headers: ['Set-Cookie'],
      },
      401: 'No session, or a personal link that is malformed, unknown, expired or revoked.',
      403: 'The link or session belongs to another priority.',
      404: noPriority,
      ...tableFailures,
    },
  },
  'POST /priorities/{id}/assessments': {
    operationId: 'recordAssessment',
    tag: 'Assessments',
    summary: 'Record an independent assessment',
    description:
      'The priority’s delivery lead or a board member records their own rating for a period, with their reasons, as JSON or as a form post. It replaces the same assessor role’s one for the period and becomes the priority’s current independent rating, shown beside the sponsor’s; a divergence is flagged to the board in the next digest. A sponsor’s token is refused.',
    security: ['assessorToken', 'session'],
    requestBody: {
      description: `The assessment, up to ${maxBodyBytes / 1024} KB. HTTP API delivers form posts base64-encoded; both encodings are read.`,
      content: { 'application/json': 'AssessmentInput', 'application/x-www-form-urlencoded': 'AssessmentForm' },
    },
    errorPages: true,
    responses: {
      201: { description: 'Recorded.', content: { 'application/json': 'Assessment' }, headers: ['Location'] },
      303: { description: 'A browser’s form post (`Accept: text/html`) was recorded: on to the priority’s page.', headers: ['Location'] },
      ...postFailures,
      403: 'A sponsor’s token, a delivery lead’s for another priority, or a form relying on the session without a valid `csrfToken`.',
      404: noPriority,
      422: 'Fields need correcting, all listed in `errors`. A browser’s form post gets the form again, with the errors and everything typed.',
    },
  },
  'GET /priorities/{id}/assessments/new': {
    operationId: 'assessmentForm',
    tag: 'Pages',
    summary: 'The independent assessment form',
    description:
      'The form for the priority’s delivery lead or a board member, with the sponsor’s current rating and reasons beside it. With `?token=`, the token is exchanged for a session cookie and a page moves the browser on to the same address without it.',
    security: ['personalLink', 'session'],
    errorPages: true,
    responses: {
      200: {
        description: 'The form; or, for a personal link, the page that sets the session cookie and reloads the form.',
        content: { 'text/html': page },
        headers: ['Set-Cookie'],
      },
      401: 'No session, or a personal link that is malformed, unknown, expired or revoked.',
      403: 'The link or session is a sponsor’s, or a delivery lead’s of another priority.',
      404: noPriority,
      ...tableFailures,
    },
  },
  'GET /priorities/{id}/updates/{updateId}': {
    operationId: 'getUpdate',
    tag: 'Updates',
    summary: 'One recorded update',
    description: `${htmlNote} The page is the confirmation a form post leads to.`,
    errorPages: true,
    responses: {
      200: { description: 'The update.', content: { 'application/json': 'PublishedUpdate', 'text/html': page } },
      404: 'There is no such priority or update.',
      ...tableFailures,
    },
  },
  'GET /portfolio': {
    operationId: 'getPortfolio',
    tag: 'Portfolio',
    summary: 'The portfolio summary',
    description: 'Counts per status, the priorities at each status, and the latest status changes, all derived from the priority summaries when read.',
    errorPages: false,
    responses: { 200: { description: 'The portfolio.', content: { 'application/json': 'Portfolio' } }, ...tableFailures },
  },
  'GET /portfolio.csv': {
    operationId: 'exportPortfolio',
    tag: 'Portfolio',
    summary: 'The portfolio as CSV',
    description: 'Every priority’s current status, trend, last update and barriers, and its latest independent rating (who, which period, why, and whether it diverges), for board papers.',
    errorPages: false,
    responses: {
      200: { description: 'The portfolio, as an attachment.', content: { 'text/csv': csv }, headers: ['Content-Disposition'] },
      ...tableFailures,
    },
  },
  'GET /priorities/{id}/updates.csv': {
    operationId: 'exportUpdates',
    tag: 'Updates',
    summary: 'A priority’s updates as CSV',
    description: 'The whole history, newest first (at most 5,000 updates), for board papers; each update with the independent ratings of its period.',
    errorPages: false,
    responses: {
      200: { description: 'The history, as an attachment.', content: { 'text/csv': csv }, headers: ['Content-Disposition'] },
      404: noPriority,
      ...tableFailures,
    },
  },
  'GET /people/{personId}/preferences': {
    operationId: 'getPreferences',
    tag: 'People',
    summary: 'A person’s email preferences',
    description: `The link in every email’s footer. ${htmlNote}`,
    query: preferencesQuerySchema,
    errorPages: true,
    responses: {
      200: { description: 'The preferences.', content: { 'application/json': 'Preferences', 'text/html': page } },
      404: 'There is no such person, or the key is wrong (the two look alike).',
      ...tableFailures,
    },
  },
  'POST /people/{personId}/preferences': {
    operationId: 'setPreferences',
    tag: 'People',
    summary: 'Change a person’s email preferences',
    description: `Switches emails about each update on or off; digests and reminders always go out. Also the target of the List-Unsubscribe header. ${htmlNote}`,
    query: preferencesQuerySchema,
    requestBody: { description: 'The preferences form, or a one-click unsubscribe.', content: { 'application/x-www-form-urlencoded': 'PreferencesForm' } },
    errorPages: true,
    responses: {
      200: { description: 'Saved; the preferences as they now stand.', content: { 'application/json': 'Preferences', 'text/html': page } },
      400: 'An empty body, or malformed base64 or JSON.',
      404: 'There is no such person, or the key is wrong (the two look alike).',
      413: `The body is larger than ${maxBodyBytes / 1024} KB.`,
      415: 'The body is neither a form nor JSON.',
      ...tableFailures,
    },
  },
  'GET /accessibility': {
    operationId: 'accessibilityStatement',
    tag: 'Pages',
    summary: 'The accessibility statement',
    description: 'The service’s accessibility statement, in GOV.UK’s model format; linked from every page’s footer.',
    errorPages: true,
    responses: { 200: { description: 'The accessibility statement.', content: { 'text/html': page } }, ...failures },
  },
  'GET /privacy': {
    operationId: 'privacyNotice',
    tag: 'Pages',
    summary: 'The privacy notice',
    description: 'What personal data the service holds, why, for how long, and whom to contact; linked from every page’s footer.',
    errorPages: true,
    responses: { 200: { description: 'The privacy notice.', content: { 'text/html': page } }, ...failures },
  },
  'GET /cookies': {
    operationId: 'cookies',
    tag: 'Pages',
    summary: 'The cookies page',
    description: 'The one cookie the service sets, the session cookie of the update form; linked from every page’s footer.',
    errorPages: true,
    responses: { 200: { description: 'The cookies page.', content: { 'text/html': page } }, ...failures },
  },
  'GET /board-packs': {
    operationId: 'listBoardPacks',
    tag: 'Board packs',
    summary: 'The board packs made',
    description:
      'A page listing each quarter’s pack. With a session cookie, it has the form that makes a quarter’s pack (with the session’s CSRF token); the post decides whether the session is a board member’s.',
    errorPages: true,
    responses: { 200: { description: 'The list, and the form for a board member.', content: { 'text/html': page } }, ...tableFailures },
  },
  'POST /board-packs': {
    operationId: 'makeBoardPack',
    tag: 'Board packs',
    summary: 'Make a quarter’s board pack',
    description:
      'A board member makes the pack of a quarter that has ended, and each board member is emailed the link once. A quarter that has a pack keeps it: it is returned unchanged and nothing is written.',
    security: ['boardToken', 'session'],
    requestBody: { description: 'The quarter.', content: { 'application/json': 'BoardPackRequest', 'application/x-www-form-urlencoded': 'BoardPackRequest' } },
    errorPages: true,
    responses: {
      200: { description: 'The quarter had a pack already; it is unchanged.', content: { 'application/json': 'BoardPackMade' }, headers: ['Location'] },
      201: { description: 'The pack was made.', content: { 'application/json': 'BoardPackMade' }, headers: ['Location'] },
      303: { description: 'A browser’s form post (`Accept: text/html`): on to the pack.', headers: ['Location'] },
      400: 'No quarter, one that is not YYYY-Qn, or one that has not ended; malformed JSON or base64, or an empty body. A board member’s form gets the page again with the error.',
      401: 'No token or session; a token that is malformed, unknown, expired or revoked; or a session that has ended.',
      403: 'The token or session is not a board member’s, or a form relying on the session lacks a valid `csrfToken`.',
      413: `The body is larger than ${maxBodyBytes / 1024} KB.`,
      415: 'The body is neither JSON nor a form.',
      ...tableFailures,
    },
  },
  'GET /board-packs/{quarter}': {
    operationId: 'getBoardPack',
    tag: 'Board packs',
    summary: 'A quarter’s board pack, printable',
    description:
      'A page with the portfolio at the quarter’s end and the priorities with no update, then each priority: its status at the quarter’s end and the change since the previous quarter, the sponsor’s and the independent rating, the quarter’s updates, and the barriers opened, resolved and needing support. Printed (A4), each priority starts a page.',
    errorPages: true,
    responses: {
      200: { description: 'The pack.', content: { 'text/html': page } },
      400: 'The quarter is not YYYY-Qn.',
      404: 'No pack has been made for the quarter.',
      ...tableFailures,
    },
  },
  'GET /board-packs/{quarter}/pack.csv': {
    operationId: 'exportBoardPack',
    tag: 'Board packs',
    summary: 'A quarter’s board pack as CSV',
    description: 'One row per priority: both ratings, the change since the previous quarter, the number of updates and of barriers opened, resolved and needing support.',
    errorPages: true,
    responses: {
      200: { description: 'The pack, as an attachment.', content: { 'text/csv': csv }, headers: ['Content-Disposition'] },
      400: 'The quarter is not YYYY-Qn.',
      404: 'No pack has been made for the quarter.',
      ...tableFailures,
    },
  },
  'GET /openapi.json': {
    operationId: 'openApiDescription',
    tag: 'Service',
    summary: 'This description',
    description: 'The OpenAPI 3.1 description of this API, generated from the route table and the schemas.',
    errorPages: false,
    responses: {
      200: { description: 'This document.', content: { 'application/json': z.record(z.string(), z.unknown()).describe('An OpenAPI 3.1 document.') } },
      ...failures,
    },
  },
};
