/**
 * The function list and the route table: the single source used by the CDK stacks (one
 * Lambda per function, one API route per route) and by the local runtime (which imports
 * the same handlers and serves the same routes).
 */

/** Reads that IAM can hold to partitions (`dynamodb:LeadingKeys`); a Scan has no leading key, so no function gets one. */
export const readActions = ['dynamodb:GetItem', 'dynamodb:BatchGetItem', 'dynamodb:Query'] as const;
export const writeActions = ['dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:DeleteItem'] as const;
export type ReadAction = (typeof readActions)[number];
export type WriteAction = (typeof writeActions)[number];
/** The table actions a function may use; the CDK grants exactly these and nothing else. */
export type TableAction = ReadAction | WriteAction;

export const isReadAction = (action: string): action is ReadAction => (readActions as readonly string[]).includes(action);
export const isWriteAction = (action: string): action is WriteAction => (writeActions as readonly string[]).includes(action);

const read: ReadAction[] = [...readActions];

/** How a stream consumer is fed: the local poller follows the same settings as Lambda's event source mapping. */
export interface StreamSettings {
  batchSize: number;
  maxBatchingWindowSeconds: number;
  retryAttempts: number;
  maxRecordAgeSeconds: number;
  /** An event filter pattern (Lambda filter criteria syntax) for the records this function acts on. */
  filter: Record<string, unknown>;
}

/** Partition key patterns: `*` matches any run of characters, as in IAM's StringLike. */
type Partitions = readonly [string, ...string[]];

/**
 * A function that reads must name the partitions it reads, and one that writes those it
 * writes: IAM holds each kind of action to its partitions with `dynamodb:LeadingKeys`, so a
 * public page cannot read tokens, sessions, people or the outbox, and no stream consumer can
 * write an update.
 */
type ReadGrant = { tableActions: readonly WriteAction[]; readPartitions?: never } | { tableActions: readonly TableAction[]; readPartitions: Partitions };
type WriteGrant = { tableActions: readonly ReadAction[]; writePartitions?: never } | { tableActions: readonly TableAction[]; writePartitions: Partitions };

interface FunctionSettings {
  /** Path of the handler module from the project root; it exports `handler`. */
  entry: string;
  description: string;
  memoryMb?: number;
  timeoutSeconds?: number;
  stream?: StreamSettings;
  /** Sends email through SES: gets the sender settings and permission to send as the identity. */
  sendsEmail?: boolean;
  /** Files the handler reads at run time, copied beside the bundle: `assets` for stylesheets and images. */
  files?: readonly 'assets'[];
  /** Runs on every deployment, as a CloudFormation custom resource (the local stack seeds at start instead). */
  runsOnDeploy?: boolean;
  /**
   * Consumes the stream consumers' on-failure destination: reads the failed records back from
   * the stream and invokes their consumer again (stream read and invoke grants, no table access).
   */
  redrivesFailedStreamBatches?: boolean;
  /** States who runs the service and how long it keeps what (the statutory pages): gets the organisation's settings. */
  describesTheService?: boolean;
  /** Invoked on a schedule (EventBridge Scheduler cron, in the schedule's time zone). */
  schedule?: { cron: string; timezone: string };
}

export type FunctionDefinition = FunctionSettings & { tableActions: readonly TableAction[] } & ReadGrant & WriteGrant;

/**
 * The two functions of the update form, showing it and taking its post, read the same things:
 * the proof (a token, or a session and then its token), the priority with its summary, and its
 * updates (the latest on the form; an idempotency record after a retried post). Each writes one thing.
 */
const updateForm = {
  tableActions: [...read, 'dynamodb:PutItem'],
  // The barrier log: the form shows the open barriers, and a post that names one is checked against it.
  readPartitions: ['PROGRAMME', 'PRIORITY#*', 'TOKEN#*', 'SESSION#*', 'BARRIERS'],
} as const;

/**
 * What making a board pack reads (the catalogue, each priority's updates and assessments, the
 * barrier log, the board, the pack if made) and writes (the pack, its listing, the delivery records).
 */
const boardPackMaker = {
  tableActions: ['dynamodb:GetItem', 'dynamodb:Query', 'dynamodb:PutItem', 'dynamodb:UpdateItem'],
  readPartitions: ['PROGRAMME', 'PRIORITY#*', 'ASSESSMENT#*', 'BARRIERS', 'PEOPLE', 'BOARDPACK#*', 'BOARDPACKS'],
  writePartitions: ['BOARDPACK#*', 'BOARDPACKS', 'OUTBOX#*'],
} as const;

export const functions = {
  health: {
    entry: 'functions/health/handler.ts',
    description: 'Liveness check',
    tableActions: [],
  },
  'list-priorities': {
    entry: 'functions/list-priorities/handler.ts',
    description: 'The catalogue with each priority’s current summary',
    tableActions: read,
    readPartitions: ['PROGRAMME'],
  },
  'get-priority': {
    entry: 'functions/get-priority/handler.ts',
    description: 'One priority, its summary, latest updates and barrier log',
    tableActions: read,
    readPartitions: ['PROGRAMME', 'PRIORITY#*', 'BARRIERS', 'ASSESSMENT#*'],
  },
  'list-updates': {
    entry: 'functions/list-updates/handler.ts',
    description: 'A priority’s update history, newest first',
    tableActions: read,
    readPartitions: ['PROGRAMME', 'PRIORITY#*'],
  },
  'get-update': {
    entry: 'functions/get-update/handler.ts',
    description: 'One recorded update (the confirmation after a post)',
    tableActions: read,
    readPartitions: ['PROGRAMME', 'PRIORITY#*'],
  },
  'get-portfolio': {
    entry: 'functions/get-portfolio/handler.ts',
    description: 'The portfolio summary',
    tableActions: read,
    readPartitions: ['PROGRAMME'],
  },
  'record-update': {
    entry: 'functions/record-update/handler.ts',
    description: 'Records a sponsor’s progress update',
    ...updateForm,
    // Updates, alone or with their idempotency record in one transaction.
    writePartitions: ['PRIORITY#*'],
  },
  summarise: {
    entry: 'functions/summarise/handler.ts',
    description: 'Regenerates priority and portfolio summaries, and the barrier log, from the update stream',
    // The barrier log is written with conditional updates, never read.
    tableActions: ['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem'],
    readPartitions: ['PROGRAMME'],
    writePartitions: ['PROGRAMME', 'BARRIERS'],
    timeoutSeconds: 30,
    stream: {
      batchSize: 25,
      maxBatchingWindowSeconds: 0,
      // Enough to ride out a short outage of the table; a poison record is still isolated by bisecting.
      retryAttempts: 10,
      maxRecordAgeSeconds: 3600,
      filter: { eventName: ['INSERT'], dynamodb: { NewImage: { entity: { S: ['update'] } } } },
    },
  },
  notify: {
    entry: 'functions/notify/handler.ts',
    description: 'Emails sponsors, delivery leads and the board about new updates (from summary changes) and board responses to barriers',
    // Get/Query to read the update, the priority's title and the people; Update to lease and settle the delivery record.
    tableActions: ['dynamodb:GetItem', 'dynamodb:Query', 'dynamodb:UpdateItem'],
    // The delivery record is leased with a conditional write, never read.
    readPartitions: ['PROGRAMME', 'PRIORITY#*', 'PEOPLE'],
    writePartitions: ['OUTBOX#*'],
    timeoutSeconds: 60,
    sendsEmail: true,
    stream: {
      batchSize: 10,
      maxBatchingWindowSeconds: 0,
      // Enough to ride out a short outage of SES; each retry re-sends only what failed.
      retryAttempts: 10,
      maxRecordAgeSeconds: 21_600,
      // Board responses are only ever inserted; the handler acts on an INSERT of one.
      filter: { eventName: ['INSERT', 'MODIFY'], dynamodb: { NewImage: { entity: { S: ['summary', 'board-response'] } } } },
    },
  },
  digest: {
    entry: 'functions/digest/handler.ts',
    description: 'Weekly digests and reminders, each with a personal link to post the next update, and escalations of missed updates to the board',
    tableActions: ['dynamodb:GetItem', 'dynamodb:BatchGetItem', 'dynamodb:Query', 'dynamodb:PutItem', 'dynamodb:UpdateItem'],
    // The snapshot, the people, the last digest's statuses, the period's escalations and the board's asks; tokens and delivery records are only written.
    readPartitions: ['PROGRAMME', 'PEOPLE', 'DIGEST', 'ESCALATION#*', 'BARRIERS'],
    // Personal-link credentials, delivery records, the digest baseline and escalations.
    writePartitions: ['TOKEN#*', 'OUTBOX#*', 'DIGEST', 'ESCALATION#*'],
    timeoutSeconds: 300,
    memoryMb: 512,
    sendsEmail: true,
    schedule: { cron: 'cron(0 8 ? * MON *)', timezone: 'Europe/London' },
  },
  reconcile: {
    entry: 'functions/reconcile/handler.ts',
    description: 'Re-derives every summary and portfolio entry that missed an update, from the update items',
    // The programme snapshot and each priority's newest updates; only summaries and the portfolio are written.
    tableActions: ['dynamodb:GetItem', 'dynamodb:Query', 'dynamodb:PutItem'],
    readPartitions: ['PROGRAMME', 'PRIORITY#*'],
    writePartitions: ['PROGRAMME'],
    timeoutSeconds: 300,
    schedule: { cron: 'cron(30 6 * * ? *)', timezone: 'Europe/London' },
  },
  redrive: {
    entry: 'functions/redrive/handler.ts',
    description: 'Applies stream records that failed every retry again, read back from the stream by shard and sequence number',
    tableActions: [],
    timeoutSeconds: 120,
    redrivesFailedStreamBatches: true,
  },
  preferences: {
    entry: 'functions/preferences/handler.ts',
    description: 'A person’s email preferences and one-click unsubscribe',
    tableActions: ['dynamodb:GetItem', 'dynamodb:UpdateItem'],
    readPartitions: ['PEOPLE'],
    writePartitions: ['PEOPLE'],
  },
  'update-form': {
    entry: 'functions/update-form/handler.ts',
    description: 'The form a personal link opens, after exchanging its token for a session',
    ...updateForm,
    writePartitions: ['SESSION#*'],
  },
  'record-assessment': {
    entry: 'functions/record-assessment/handler.ts',
    description: 'Records a delivery lead’s or board member’s independent assessment of a priority',
    tableActions: [...read, 'dynamodb:PutItem'],
    // The proof, the priority (its latest update too when a form comes back with errors).
    readPartitions: ['PROGRAMME', 'PRIORITY#*', 'TOKEN#*', 'SESSION#*'],
    // The period's assessment and the current one beside the summaries, in one transaction; never an update.
    writePartitions: ['ASSESSMENT#*', 'PROGRAMME'],
  },
  'assessment-form': {
    entry: 'functions/assessment-form/handler.ts',
    description: 'The independent assessment form a personal link opens, after exchanging its token for a session',
    tableActions: [...read, 'dynamodb:PutItem'],
    readPartitions: ['PROGRAMME', 'PRIORITY#*', 'TOKEN#*', 'SESSION#*'],
    writePartitions: ['SESSION#*'],
  },
  dashboard: {
    entry: 'functions/dashboard/handler.ts',
    description: 'The board’s dashboard page',
    tableActions: read,
    readPartitions: ['PROGRAMME', 'BARRIERS'],
  },
  'board-barriers': {
    entry: 'functions/board-barriers/handler.ts',
    description: 'The barriers needing board support, oldest first, where a board member’s personal link opens a session to respond',
    tableActions: [...read, 'dynamodb:PutItem'],
    readPartitions: ['PROGRAMME', 'BARRIERS', 'TOKEN#*', 'SESSION#*'],
    writePartitions: ['SESSION#*'],
  },
  'respond-to-barrier': {
    entry: 'functions/respond-to-barrier/handler.ts',
    description: 'Records a board member’s response to a barrier',
    tableActions: [...read, 'dynamodb:PutItem'],
    readPartitions: ['PROGRAMME', 'BARRIERS', 'TOKEN#*', 'SESSION#*'],
    writePartitions: ['BARRIERS'],
  },
  'missed-updates': {
    entry: 'functions/missed-updates/handler.ts',
    description: 'The priorities with no update for the current period, how late they are and whether the board has been told',
    tableActions: read,
    readPartitions: ['PROGRAMME', 'ESCALATION#*'],
  },
  'export-portfolio': {
    entry: 'functions/export-portfolio/handler.ts',
    description: 'The portfolio as CSV for board papers',
    tableActions: read,
    readPartitions: ['PROGRAMME'],
  },
  'export-updates': {
    entry: 'functions/export-updates/handler.ts',
    description: 'A priority’s history as CSV for board papers',
    tableActions: read,
    readPartitions: ['PROGRAMME', 'PRIORITY#*', 'ASSESSMENT#*'],
  },
  'statutory-pages': {
    entry: 'functions/statutory-pages/handler.ts',
    description: 'The accessibility statement, the privacy notice and the cookies page',
    tableActions: [],
    describesTheService: true,
  },
  assets: {
    entry: 'functions/assets/handler.ts',
    description: 'Stylesheets and images for the pages',
    tableActions: [],
    files: ['assets'],
  },
  openapi: {
    entry: 'functions/openapi/handler.ts',
    description: 'The OpenAPI description of the HTTP API',
    tableActions: [],
  },
  'board-pack': {
    entry: 'functions/board-pack/handler.ts',
    description: 'Makes the board pack of the quarter just ended (or of a named quarter) and emails the board the link',
    ...boardPackMaker,
    timeoutSeconds: 300,
    memoryMb: 512,
    sendsEmail: true,
    // 06:00 on the first day of each quarter, London time: the pack of the quarter that ended at midnight.
    schedule: { cron: 'cron(0 6 1 1,4,7,10 ? *)', timezone: 'Europe/London' },
  },
  'make-board-pack': {
    entry: 'functions/make-board-pack/handler.ts',
    description: 'Makes a quarter’s board pack on a board member’s request, and emails the board the link',
    ...boardPackMaker,
    // The proof (a board token, or a session and then its token) besides what the pack is made from.
    readPartitions: [...boardPackMaker.readPartitions, 'TOKEN#*', 'SESSION#*'],
    // HTTP API waits 30 seconds for an answer.
    timeoutSeconds: 29,
    memoryMb: 512,
    sendsEmail: true,
  },
  'board-packs': {
    entry: 'functions/board-packs/handler.ts',
    description: 'The board packs made, and a quarter’s pack as a printable page and as CSV',
    tableActions: read,
    // The packs alone: the list's form takes its CSRF token from the session cookie without reading the session.
    readPartitions: ['BOARDPACK#*', 'BOARDPACKS'],
  },
  seed: {
    entry: 'functions/seed/handler.ts',
    description: 'Loads the catalogue and the configured board recipients on every deployment',
    tableActions: ['dynamodb:GetItem', 'dynamodb:Query', 'dynamodb:PutItem'],
    // Profiles are replaced without a read; each summary is read to give it its title under the version check; people are listed to keep them once.
    readPartitions: ['PROGRAMME', 'PEOPLE'],
    writePartitions: ['PROGRAMME', 'PEOPLE'],
    timeoutSeconds: 120,
    runsOnDeploy: true,
  },
} as const satisfies Record<string, FunctionDefinition>;

export type FunctionName = keyof typeof functions;

export interface Route {
  method: 'GET' | 'POST';
  /** API Gateway path syntax: `{name}` is a path parameter. */
  path: string;
  function: FunctionName;
}

export const routes: readonly Route[] = [
  { method: 'GET', path: '/', function: 'dashboard' },
  { method: 'GET', path: '/assets/{proxy+}', function: 'assets' },
  { method: 'GET', path: '/health', function: 'health' },
  { method: 'GET', path: '/priorities', function: 'list-priorities' },
  { method: 'GET', path: '/priorities/{id}', function: 'get-priority' },
  { method: 'GET', path: '/priorities/{id}/updates', function: 'list-updates' },
  { method: 'POST', path: '/priorities/{id}/updates', function: 'record-update' },
  { method: 'GET', path: '/priorities/{id}/updates/new', function: 'update-form' },
  { method: 'GET', path: '/priorities/{id}/updates/{updateId}', function: 'get-update' },
  { method: 'POST', path: '/priorities/{id}/assessments', function: 'record-assessment' },
  { method: 'GET', path: '/priorities/{id}/assessments/new', function: 'assessment-form' },
  { method: 'GET', path: '/missed-updates', function: 'missed-updates' },
  { method: 'GET', path: '/barriers', function: 'board-barriers' },
  { method: 'POST', path: '/priorities/{id}/barriers/{barrierId}/responses', function: 'respond-to-barrier' },
  { method: 'GET', path: '/portfolio', function: 'get-portfolio' },
  { method: 'GET', path: '/portfolio.csv', function: 'export-portfolio' },
  { method: 'GET', path: '/priorities/{id}/updates.csv', function: 'export-updates' },
  { method: 'GET', path: '/people/{personId}/preferences', function: 'preferences' },
  { method: 'POST', path: '/people/{personId}/preferences', function: 'preferences' },
  { method: 'GET', path: '/board-packs', function: 'board-packs' },
  { method: 'POST', path: '/board-packs', function: 'make-board-pack' },
  { method: 'GET', path: '/board-packs/{quarter}', function: 'board-packs' },
  { method: 'GET', path: '/board-packs/{quarter}/pack.csv', function: 'board-packs' },
  { method: 'GET', path: '/openapi.json', function: 'openapi' },
  { method: 'GET', path: '/accessibility', function: 'statutory-pages' },
  { method: 'GET', path: '/privacy', function: 'statutory-pages' },
  { method: 'GET', path: '/cookies', function: 'statutory-pages' },
];

/** The route key API Gateway puts in `routeKey`, e.g. `GET /priorities/{id}`. */
export function routeKey(route: Route): string {
  return `${route.method} ${route.path}`;
}
