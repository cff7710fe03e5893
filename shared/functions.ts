/**
 * The function list and the route table: the single source used by the CDK stacks (one
 * Lambda per function, one API route per route) and by the local runtime (which imports
 * the same handlers and serves the same routes).
 */

/** The table actions a function may use; the CDK grants exactly these and nothing else. */
export type TableAction =
  | 'dynamodb:GetItem'
  | 'dynamodb:BatchGetItem'
  | 'dynamodb:Query'
  | 'dynamodb:PutItem'
  | 'dynamodb:UpdateItem'
  | 'dynamodb:DeleteItem';

const read: TableAction[] = ['dynamodb:GetItem', 'dynamodb:BatchGetItem', 'dynamodb:Query'];

/** How a stream consumer is fed: the local poller follows the same settings as Lambda's event source mapping. */
export interface StreamSettings {
  batchSize: number;
  maxBatchingWindowSeconds: number;
  retryAttempts: number;
  maxRecordAgeSeconds: number;
  /** An event filter pattern (Lambda filter criteria syntax) for the records this function acts on. */
  filter: Record<string, unknown>;
}

export interface FunctionDefinition {
  /** Path of the handler module from the project root; it exports `handler`. */
  entry: string;
  description: string;
  tableActions: TableAction[];
  memoryMb?: number;
  timeoutSeconds?: number;
  stream?: StreamSettings;
  /**
   * Partition key patterns (`*` wildcard) this function may write to; IAM enforces them with
   * `dynamodb:LeadingKeys`, so for example no stream consumer can write an update.
   */
  writePartitions?: string[];
  /** Sends email through SES: gets the sender settings and permission to send as the identity. */
  sendsEmail?: boolean;
  /**
   * Files the handler reads at run time, copied beside the bundle: `pages` for the page
   * templates (this service's and GOV.UK Frontend's), `assets` for stylesheets and images.
   */
  files?: ('pages' | 'assets')[];
  /** Runs on every deployment, as a CloudFormation custom resource (the local stack seeds at start instead). */
  runsOnDeploy?: boolean;
  /** Invoked on a schedule (EventBridge Scheduler cron, in the schedule's time zone). */
  schedule?: { cron: string; timezone: string };
}

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
  },
  'get-priority': {
    entry: 'functions/get-priority/handler.ts',
    description: 'One priority, its summary and latest updates',
    tableActions: read,
    files: ['pages'],
  },
  'list-updates': {
    entry: 'functions/list-updates/handler.ts',
    description: 'A priority’s update history, newest first',
    tableActions: read,
  },
  'get-update': {
    entry: 'functions/get-update/handler.ts',
    description: 'One recorded update (the confirmation after a post)',
    tableActions: read,
    files: ['pages'],
  },
  'get-portfolio': {
    entry: 'functions/get-portfolio/handler.ts',
    description: 'The portfolio summary',
    tableActions: read,
  },
  'record-update': {
    entry: 'functions/record-update/handler.ts',
    description: 'Records a sponsor’s progress update',
    // Put for updates, and for an update with its idempotency record in one transaction; Query for the form shown again with errors.
    tableActions: ['dynamodb:GetItem', 'dynamodb:BatchGetItem', 'dynamodb:Query', 'dynamodb:PutItem'],
    writePartitions: ['PRIORITY#*'],
    files: ['pages'],
  },
  summarise: {
    entry: 'functions/summarise/handler.ts',
    description: 'Regenerates priority and portfolio summaries from the update stream',
    tableActions: ['dynamodb:GetItem', 'dynamodb:PutItem'],
    writePartitions: ['PROGRAMME'],
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
    description: 'Emails sponsors, delivery leads and the board about new updates, from summary changes',
    // Get/Query to read the update, the priority's title and the people; Put/Update for the delivery records.
    tableActions: ['dynamodb:GetItem', 'dynamodb:Query', 'dynamodb:PutItem', 'dynamodb:UpdateItem'],
    writePartitions: ['OUTBOX#*'],
    timeoutSeconds: 60,
    sendsEmail: true,
    stream: {
      batchSize: 10,
      maxBatchingWindowSeconds: 0,
      // Enough to ride out a short outage of SES; each retry re-sends only what failed.
      retryAttempts: 10,
      maxRecordAgeSeconds: 21_600,
      filter: { eventName: ['INSERT', 'MODIFY'], dynamodb: { NewImage: { entity: { S: ['summary'] } } } },
    },
  },
  digest: {
    entry: 'functions/digest/handler.ts',
    description: 'Weekly digests and reminders, each with a personal link to post the next update',
    tableActions: ['dynamodb:GetItem', 'dynamodb:BatchGetItem', 'dynamodb:Query', 'dynamodb:PutItem', 'dynamodb:UpdateItem'],
    // Personal-link credentials, delivery records and the digest baseline.
    writePartitions: ['TOKEN#*', 'OUTBOX#*', 'DIGEST'],
    timeoutSeconds: 300,
    memoryMb: 512,
    sendsEmail: true,
    schedule: { cron: 'cron(0 8 ? * MON *)', timezone: 'Europe/London' },
  },
  preferences: {
    entry: 'functions/preferences/handler.ts',
    description: 'A person’s email preferences and one-click unsubscribe',
    tableActions: ['dynamodb:GetItem', 'dynamodb:UpdateItem'],
    writePartitions: ['PEOPLE'],
    files: ['pages'],
  },
  'update-form': {
    entry: 'functions/update-form/handler.ts',
    description: 'The form a personal link opens, after exchanging its token for a session',
    tableActions: ['dynamodb:GetItem', 'dynamodb:BatchGetItem', 'dynamodb:Query', 'dynamodb:PutItem'],
    writePartitions: ['SESSION#*'],
    files: ['pages'],
  },
  dashboard: {
    entry: 'functions/dashboard/handler.ts',
    description: 'The board’s dashboard page',
    tableActions: read,
    files: ['pages'],
  },
  'export-portfolio': {
    entry: 'functions/export-portfolio/handler.ts',
    description: 'The portfolio as CSV for board papers',
    tableActions: read,
  },
  'export-updates': {
    entry: 'functions/export-updates/handler.ts',
    description: 'A priority’s history as CSV for board papers',
    tableActions: read,
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
  seed: {
    entry: 'functions/seed/handler.ts',
    description: 'Loads the catalogue and the configured board recipients on every deployment',
    tableActions: ['dynamodb:GetItem', 'dynamodb:Query', 'dynamodb:PutItem'],
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
  { method: 'GET', path: '/portfolio', function: 'get-portfolio' },
  { method: 'GET', path: '/portfolio.csv', function: 'export-portfolio' },
  { method: 'GET', path: '/priorities/{id}/updates.csv', function: 'export-updates' },
  { method: 'GET', path: '/people/{personId}/preferences', function: 'preferences' },
  { method: 'POST', path: '/people/{personId}/preferences', function: 'preferences' },
  { method: 'GET', path: '/openapi.json', function: 'openapi' },
];

/** The route key API Gateway puts in `routeKey`, e.g. `GET /priorities/{id}`. */
export function routeKey(route: Route): string {
  return `${route.method} ${route.path}`;
}
