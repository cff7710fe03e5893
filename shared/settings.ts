/**
 * Every setting a function reads from its environment, defined once: name, allowed values and
 * default. Which settings a function gets follows from its definition (functions/<name>/definition.ts),
 * and the CDK stacks, the local runtime and the handlers all derive from this module, so a name
 * or a default is never restated elsewhere.
 */
import * as z from 'zod/mini';
import { programmeNameSchema } from '#shared/domain/catalogue';
import { fieldErrors } from '#shared/domain/errors';
import { reportingPeriods } from '#shared/domain/periods';
import { ratingScaleNames } from '#shared/domain/rating';
import type { FunctionDefinition } from '#shared/function-definition';

/** The retention periods CloudWatch Logs accepts. */
const logRetentionChoices = [1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653] as const;

export const settingSchemas = {
  /** The progress table. */
  TABLE_NAME: z.string().check(z.minLength(1)),
  RATING_SCALE: z._default(z.enum(ratingScaleNames), 'five-point'),
  /** The period sponsors report for; "this period" in forms, reminders and digests. */
  REPORTING_PERIOD: z._default(z.enum(reportingPeriods), 'month'),
  /** A priority without an update for this long counts as stale. */
  STALE_AFTER_DAYS: z._default(z.coerce.number().check(z.int(), z.minimum(1), z.maximum(365)), 42),
  /** Working days (Monday to Friday) after a period's deadline when a priority still without its update is escalated to the board. */
  ESCALATE_AFTER_WORKING_DAYS: z._default(z.coerce.number().check(z.int(), z.minimum(1), z.maximum(60)), 5),
  /** Days after an update is posted during which its author or the priority's delivery lead may correct it; a board member may at any time. */
  CORRECTION_WINDOW_DAYS: z._default(z.coerce.number().check(z.int(), z.minimum(1), z.maximum(365)), 30),
  /** How far a measure's latest value may be behind the straight line from its baseline to its target, as a percentage of |target - baseline|, before it is flagged off track. */
  MEASURE_TOLERANCE_PERCENT: z._default(z.coerce.number().check(z.minimum(0), z.maximum(100)), 10),
  /** Latest updates shown with a priority. */
  LATEST_UPDATES: z._default(z.coerce.number().check(z.int(), z.minimum(1), z.maximum(50)), 5),
  /** The From address of every email: an SES identity. */
  SENDER_ADDRESS: z.email(),
  /** SES configuration set for delivery events; none locally. */
  SES_CONFIGURATION_SET: z.optional(z.string().check(z.minLength(1))),
  /**
   * How long a send whose SES answer was lost waits for SES's SEND event before it is sent again:
   * longer than SES takes to publish the event (seconds) with a wide margin.
   */
  EMAIL_EVENT_WINDOW_SECONDS: z._default(z.coerce.number().check(z.int(), z.minimum(1), z.maximum(3600)), 600),
  /** The secret CloudFront sends in the origin header (shared/http/origin-secret.ts); absent locally, where there is no CloudFront and the check is off. */
  ORIGIN_SECRET: z.optional(z.string().check(z.minLength(32))),
  /** Where links in emails point: the service's public URL. */
  PUBLIC_BASE_URL: z.pipe(
    z.url(),
    z.transform((url) => url.replace(/\/+$/, '')),
  ),
  /** How long the personal link in a digest or reminder works. */
  LINK_TOKEN_DAYS: z._default(z.coerce.number().check(z.int(), z.minimum(1), z.maximum(60)), 14),
  /** The programme's short name, which heads every email: its catalogue entry's `name`, given by the deployment, so no email reads it from the table. */
  PROGRAMME_NAME: programmeNameSchema,
  /** The organisation that runs the service: the data controller of the privacy notice, the public sector body of the accessibility statement. */
  ORGANISATION_NAME: z
    .string()
    .check(z.trim(), z.minLength(1), z.maxLength(200), z.regex(/^[^<>]+$/, 'must be the name of the organisation that runs the service')),
  /** Where people write about their personal data (the privacy notice). */
  DATA_PROTECTION_EMAIL: z.email(),
  /** Where people report an accessibility problem or ask for another format (the accessibility statement). */
  ACCESSIBILITY_EMAIL: z.email(),
  /** Retention of every function log and the API access log, a CloudWatch Logs value; the privacy notice states it. */
  LOG_RETENTION_DAYS: z._default(
    z.coerce.number().check(
      z.int(),
      z.refine((days) => (logRetentionChoices as readonly number[]).includes(days), { message: `must be one of ${logRetentionChoices.join(', ')}` }),
    ),
    90,
  ),
  /**
   * The redrive's map of the stream consumers: each one's function name to the event filter its
   * event source mapping applies (its definition's `stream.filter`), as JSON.
   */
  STREAM_CONSUMER_FILTERS: z._default(
    z.pipe(
      z.string(),
      z.transform((text) => JSON.parse(text) as Record<string, Record<string, unknown>>),
    ),
    {},
  ),
};

export type SettingName = keyof typeof settingSchemas;
export type Settings = { [K in SettingName]: z.output<(typeof settingSchemas)[K]> };

/** Log levels of the functions' Powertools logger (POWERTOOLS_LOG_LEVEL). */
export const logLevels = ['DEBUG', 'INFO', 'WARN', 'ERROR', 'SILENT'] as const;
export type LogLevel = (typeof logLevels)[number];

/** The CloudWatch namespace of the functions' business metrics (POWERTOOLS_METRICS_NAMESPACE; see shared/metrics.ts). */
export const metricsNamespace = 'RecoveryProgress';

/** Every function gets the programme's settings; the table and email settings go only to functions that use them. */
const programmeSettings = [
  'RATING_SCALE',
  'REPORTING_PERIOD',
  'STALE_AFTER_DAYS',
  'ESCALATE_AFTER_WORKING_DAYS',
  'LATEST_UPDATES',
  'CORRECTION_WINDOW_DAYS',
  'MEASURE_TOLERANCE_PERCENT',
] as const;
const tableSettings = ['TABLE_NAME'] as const;
const emailSettings = [
  'SENDER_ADDRESS',
  'SES_CONFIGURATION_SET',
  'EMAIL_EVENT_WINDOW_SECONDS',
  'PUBLIC_BASE_URL',
  'LINK_TOKEN_DAYS',
  'PROGRAMME_NAME',
] as const;
/** Functions that answer routes refuse requests that did not come through CloudFront. */
const routeSettings = ['ORIGIN_SECRET'] as const;
/** Who runs the service and how long it keeps what: the statutory pages state them. */
const organisationSettings = ['ORGANISATION_NAME', 'DATA_PROTECTION_EMAIL', 'ACCESSIBILITY_EMAIL', 'LOG_RETENTION_DAYS', 'LINK_TOKEN_DAYS'] as const;
const redriveSettings = ['STREAM_CONSUMER_FILTERS'] as const;

type NamesOf<D extends FunctionDefinition> =
  | (typeof programmeSettings)[number]
  | (D['tableActions'] extends readonly [] ? never : (typeof tableSettings)[number])
  | (D extends { routes: readonly [unknown, ...unknown[]] } ? (typeof routeSettings)[number] : never)
  | (D extends { sendsEmail: true } ? (typeof emailSettings)[number] : never)
  | (D extends { getsOrganisationSettings: true } ? (typeof organisationSettings)[number] : never)
  | (D extends { redrivesFailedStreamBatches: true } ? (typeof redriveSettings)[number] : never);

/** The settings a function gets, typed from its definition's literal type. */
export type SettingsOf<D extends FunctionDefinition> = Pick<Settings, NamesOf<D>>;

function settingNamesOf(definition: FunctionDefinition): SettingName[] {
  const names = [
    ...programmeSettings,
    ...(definition.tableActions.length > 0 ? tableSettings : []),
    ...((definition.routes?.length ?? 0) > 0 ? routeSettings : []),
    ...(definition.sendsEmail ? emailSettings : []),
    ...(definition.getsOrganisationSettings ? organisationSettings : []),
    ...(definition.redrivesFailedStreamBatches ? redriveSettings : []),
  ];
  return [...new Set(names)];
}

/** Checks the given settings in an environment; one error names every wrong variable. */
function parseSettings<K extends SettingName>(names: readonly K[], env: Record<string, string | undefined>): Pick<Settings, K> {
  const schema = z.object(Object.fromEntries(names.map((name) => [name, settingSchemas[name]])));
  // Parsed once per process: zod's compiled fast path would cost more to build than it saves here.
  const result = schema.safeParse(env, { jitless: true });
  if (!result.success) {
    const problems = fieldErrors(result.error)
      .map(({ field, message }) => `${field}: ${message}`)
      .join('; ');
    throw new Error(`Invalid function settings: ${problems}`);
  }
  return result.data as Pick<Settings, K>;
}

/** A function's settings, read from its environment once, at load, so a bad deployment fails at start. */
export function settingsFor<const D extends FunctionDefinition>(definition: D, env: Record<string, string | undefined> = process.env): SettingsOf<D> {
  return parseSettings(settingNamesOf(definition), env) as SettingsOf<D>;
}

/**
 * A function's environment: its settings that have a value here (the rest take their
 * defaults), and the Powertools settings. Used by the CDK stacks and the local runtime alike.
 */
export function functionEnvironment(
  definition: FunctionDefinition,
  values: { [K in SettingName]?: string | number },
  logging: { serviceName: string; logLevel: LogLevel },
): Record<string, string> {
  const environment: Record<string, string> = {};
  for (const name of settingNamesOf(definition)) {
    const value = values[name];
    if (value !== undefined) environment[name] = String(value);
  }
  return {
    ...environment,
    POWERTOOLS_SERVICE_NAME: logging.serviceName,
    POWERTOOLS_LOG_LEVEL: logging.logLevel,
    POWERTOOLS_METRICS_NAMESPACE: metricsNamespace,
  };
}
