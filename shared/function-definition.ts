/**
 * What a function's definition (functions/<name>/definition.ts) states: the routes it serves,
 * its stream or schedule, the partitions it reads and writes, the settings it gets, and its
 * memory and time. The CDK stacks and the local runtime build each function from its
 * definition alone, and its handler reads its settings through it.
 */
import type { ReadGrant, TableAction, WriteGrant } from '#shared/grants';

/** How a stream consumer is fed: the local poller follows the same settings as Lambda's event source mapping. */
export interface StreamSettings {
  batchSize: number;
  maxBatchingWindowSeconds: number;
  retryAttempts: number;
  maxRecordAgeSeconds: number;
  /** An event filter pattern (Lambda filter criteria syntax) for the records this function acts on. */
  filter: Record<string, unknown>;
}

/** SES event types a configuration set publishes, as SES names them, and their EventBridge detail types. */
export const emailEventDetailTypes = {
  SEND: 'Email Sent',
  DELIVERY: 'Email Delivered',
  BOUNCE: 'Email Bounced',
  COMPLAINT: 'Email Complaint Received',
  REJECT: 'Email Rejected',
  DELIVERY_DELAY: 'Email Delivery Delayed',
} as const;
export type EmailEventType = keyof typeof emailEventDetailTypes;

/**
 * How a function consumes SES's events: the configuration set publishes them to EventBridge, a
 * rule puts them on an SQS queue, and Lambda invokes the function with batches of them, so the
 * events of one batch of emails can be recorded together (the local event bus does the same).
 */
export interface EmailEventSettings {
  types: readonly EmailEventType[];
  batchSize: number;
  /** How long Lambda gathers events before an invocation: the emails of one batch are sent at once, so their events come together. */
  maxBatchingWindowSeconds: number;
  /** Receives of an event that failed before it goes to the dead-letter queue. */
  maxReceiveCount: number;
}

/** A route a function serves, as API Gateway names it. */
export interface RouteAddress {
  method: 'GET' | 'POST';
  /** API Gateway path syntax: `{name}` is a path parameter. */
  path: string;
}

/** A route of the route table: its address and the function that serves it. */
export interface Route<N extends string = string> extends RouteAddress {
  function: N;
}

interface FunctionSettings {
  /** The function's folder under functions/, which holds its `handler.ts`. */
  name: string;
  description: string;
  /** The HTTP API routes it serves, one integration for all of them. */
  routes?: readonly RouteAddress[];
  memoryMb?: number;
  timeoutSeconds?: number;
  stream?: StreamSettings;
  /** Sends email through SES: gets the sender settings and permission to send as the identity. */
  sendsEmail?: boolean;
  /** Runs on every deployment, as a CloudFormation custom resource (the local stack seeds at start instead). */
  runsOnDeploy?: boolean;
  /**
   * Consumes the stream consumers' on-failure destination: reads the failed records back from
   * the stream and invokes their consumer again (stream read and invoke grants, no table access).
   */
  redrivesFailedStreamBatches?: boolean;
  /** Gets the organisation's settings: who runs the service and how long it keeps what (the statutory pages state them). */
  getsOrganisationSettings?: boolean;
  /**
   * Consumes these SES events of the configuration set, published to EventBridge's default bus
   * (the local runtime's SES emulator publishes the same), in batches from an SQS queue.
   */
  emailEvents?: EmailEventSettings;
  /** Invoked on a schedule (EventBridge Scheduler cron, in the schedule's time zone). */
  schedule?: { cron: string; timezone: string };
}

export type FunctionDefinition = FunctionSettings & { tableActions: readonly TableAction[] } & ReadGrant & WriteGrant;

/** Keeps a definition's literal types, from which its handler's settings are typed (shared/settings.ts). */
export function defineFunction<const D extends FunctionDefinition>(definition: D): D {
  return definition;
}

/** The route key API Gateway puts in `routeKey`, e.g. `GET /priorities/{id}`. */
export function routeKey(route: RouteAddress): string {
  return `${route.method} ${route.path}`;
}

/** The route keys of a definition's routes, e.g. `'GET /privacy' | 'GET /cookies'`. */
export type RouteKeyOf<D extends FunctionDefinition> = D['routes'] extends readonly (infer R)[]
  ? R extends RouteAddress
    ? `${R['method']} ${R['path']}`
    : never
  : never;
