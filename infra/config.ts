/**
 * Deployment configuration of one stage: its settings file `infra/stages/<stage>.json`, with
 * any `-c key=value` given to cdk on top, checked with zod, so a wrong value stops synth with
 * a message that names the key and the file instead of producing a stack that fails at run
 * time. Values that become function settings take their allowed values and defaults from
 * shared/settings.ts. The CDK app and the operator commands (`--stage`) read stages here.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { isAbsolute, join, relative, resolve } from 'node:path';
import type { Construct } from 'constructs';
import * as z from 'zod/mini';
import { programmeIds } from '#shared/catalogue/index';
import { boardRecipientSchema } from '#shared/domain/people';
import { logLevels, settingSchemas } from '#shared/settings';
import { stagePattern } from './naming.ts';

/** Where the stage files are: one `<stage>.json` per stage. */
export const stagesDirectory = resolve(import.meta.dirname, 'stages');
/** The stage synth, diff and deploy use without `-c stage=…`. */
export const defaultStage = 'dev';

const projectRoot = resolve(import.meta.dirname, '..');

/** `-c key=value` always gives strings; a stage file gives JSON values. Accept both. */
const number = (schema: z.ZodMiniNumber) =>
  z.pipe(
    z.transform((value) => (typeof value === 'string' && value.trim() !== '' ? Number(value) : value)),
    schema,
  );

/** `-c waf=false` gives the string "false". */
const boolean = z.pipe(
  z.transform((value) => (value === 'true' ? true : value === 'false' ? false : value)),
  z.boolean('must be true or false'),
);

/** `Ann Lee <ann.lee@example.org>` as `-c` gives a named board member; an address alone stays a string. */
const mailbox = (entry: string) => {
  const named = /^(.+?)\s*<([^<>]+)>$/.exec(entry);
  return named ? { name: named[1]!.trim(), email: named[2]!.trim() } : entry;
};

/** Board members: `{ "name", "email" }` objects in a stage file; with `-c`, `Name <address>` entries separated by commas. */
const boardRecipientList = z.pipe(
  z.transform((value) =>
    typeof value === 'string'
      ? value
          .split(',')
          .map((entry) => entry.trim())
          .filter((entry) => entry !== '')
          .map(mailbox)
      : value,
  ),
  z.array(boardRecipientSchema),
);

/** An empty `-c alarmEmail=` means "no subscription", as does leaving it out. */
const optionalEmail = z.pipe(
  z.transform((value) => (value === '' || value === null ? undefined : value)),
  z.optional(z.email()),
);

const tableNamePattern = /^[A-Za-z0-9_.-]{3,255}$/;

/**
 * A table the stage uses instead of the data stack's own, e.g. one restored to a point in
 * time. The stream ARN is given, not looked up: it is what the event source mappings read.
 */
const tableSchema = z
  .strictObject({
    name: z.string().check(z.regex(tableNamePattern, 'must be a DynamoDB table name')),
    streamArn: z
      .string()
      .check(
        z.regex(
          /^arn:aws[a-z-]*:dynamodb:[a-z0-9-]+:\d{12}:table\/[A-Za-z0-9_.-]{3,255}\/stream\/\S+$/,
          "must be the table's stream ARN (describe-table's LatestStreamArn)",
        ),
      ),
  })
  .check(
    z.refine((table) => table.streamArn.split(':table/')[1]?.startsWith(`${table.name}/stream/`), {
      message: 'must be the stream of the table that "name" names',
      path: ['streamArn'],
    }),
  );

/** A DNS name: labels of letters, digits and hyphens, at least two, no trailing dot. */
const hostnamePattern = /^(?=.{4,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]([a-z0-9-]{0,61}[a-z0-9])?$/;
const hostname = (what: string) => z.string().check(z.regex(hostnamePattern, `must be ${what}: a lower-case DNS name such as progress.example.gov.uk`));

/**
 * Send from a whole domain instead of one verified address: SES signs with Easy DKIM and uses
 * `<mailFromSubdomain>.<domain>` as the MAIL FROM (bounce) domain, so SPF and DKIM both align
 * with the From domain and DMARC can pass.
 */
const emailDomainSchema = z.strictObject({
  domain: hostname('the domain the email is sent from'),
  mailFromSubdomain: z._default(z.string().check(z.regex(/^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/, 'must be one DNS label, e.g. "mail"')), 'mail'),
});

/**
 * Serve the service under a name of the organisation's own instead of the CloudFront one. The
 * certificate is an ACM certificate in us-east-1 (the only region CloudFront takes one from)
 * covering `name`; with a hosted zone (both its id and its name), the stack makes the alias record too.
 */
const apiDomainSchema = z
  .strictObject({
    name: hostname('the name the API is served under'),
    certificateArn: z
      .string()
      .check(
        z.regex(
          /^arn:aws[a-z-]*:acm:us-east-1:\d{12}:certificate\/[A-Za-z0-9-]+$/,
          'must be the ARN of an ACM certificate in us-east-1, where CloudFront takes certificates from',
        ),
      ),
    hostedZoneId: z.optional(z.string().check(z.regex(/^[A-Z0-9]{1,32}$/, 'must be a Route 53 hosted zone id, e.g. Z0123456789ABCDEFGHIJ'))),
    hostedZoneName: z.optional(hostname('the name of the hosted zone')),
  })
  .check(
    z.refine((domain) => (domain.hostedZoneId === undefined) === (domain.hostedZoneName === undefined), {
      message: 'give both hostedZoneId and hostedZoneName, or neither (no DNS record is made then)',
      path: ['hostedZoneId'],
    }),
    z.refine((domain) => domain.hostedZoneName === undefined || domain.name === domain.hostedZoneName || domain.name.endsWith(`.${domain.hostedZoneName}`), {
      message: 'must be the zone that holds "name"',
      path: ['hostedZoneName'],
    }),
  );

/** The settings a stage file holds and `-c` may override. */
const settingsShape = {
  /** The From address of every email; an SES identity verified by the operator. */
  senderAddress: settingSchemas.SENDER_ADDRESS,
  /**
   * Board members added as board people on deployment (more with `npm run people`), each with
   * the name pages show; one given by address alone is shown by role alone.
   */
  boardRecipients: z._default(boardRecipientList, []),
  /** The catalogue loaded on deployment (shared/catalogue). */
  programme: z.enum(programmeIds as [string, ...string[]]),
  ratingScale: settingSchemas.RATING_SCALE,
  reportingPeriod: settingSchemas.REPORTING_PERIOD,
  staleAfterDays: settingSchemas.STALE_AFTER_DAYS,
  escalateAfterWorkingDays: settingSchemas.ESCALATE_AFTER_WORKING_DAYS,
  latestUpdates: settingSchemas.LATEST_UPDATES,
  correctionWindowDays: settingSchemas.CORRECTION_WINDOW_DAYS,
  measureTolerancePercent: settingSchemas.MEASURE_TOLERANCE_PERCENT,
  linkTokenDays: settingSchemas.LINK_TOKEN_DAYS,
  logRetentionDays: settingSchemas.LOG_RETENTION_DAYS,
  logLevel: z._default(z.enum(logLevels.filter((level) => level !== 'SILENT')), 'INFO'),
  /** `retain` keeps the table (with deletion protection), the DLQ and the logs when a stack is deleted. */
  removalPolicy: z._default(z.enum(['retain', 'destroy']), 'retain'),
  /** Steady-state requests per second across the API. */
  throttlingRateLimit: z._default(number(z.number().check(z.positive(), z.maximum(10_000))), 20),
  throttlingBurstLimit: z._default(number(z.number().check(z.int(), z.minimum(1), z.maximum(5_000))), 40),
  /** Named by the privacy notice and the accessibility statement. */
  organisationName: settingSchemas.ORGANISATION_NAME,
  dataProtectionEmail: settingSchemas.DATA_PROTECTION_EMAIL,
  accessibilityEmail: settingSchemas.ACCESSIBILITY_EMAIL,
  /** Subscribed to the alarm topic; every stage that is not throw-away must have one. */
  alarmEmail: optionalEmail,
  /** The AWS WAF web ACL on the CloudFront distribution; by default on where `removalPolicy` is `retain`. */
  waf: z.optional(boolean),
  /** Posts and CSV exports one client address may make in five minutes before WAF answers 429. */
  wafRateLimit: z._default(number(z.number().check(z.int(), z.minimum(10), z.maximum(2_000_000_000))), 100),
};

/** What only the stage file says: they are the record of what the stage is and which table it serves. */
const stageFileOnlyShape = {
  /** A stage made to be deleted: no termination protection, and `removalPolicy: destroy` allowed. */
  throwAway: z._default(z.boolean(), false),
  /** Serve this table instead of the data stack's own (after a point-in-time restore). */
  table: z.optional(tableSchema),
  /** Send from this domain (DKIM, MAIL FROM) rather than from one verified address. */
  emailDomain: z.optional(emailDomainSchema),
  /** Serve the service (its CloudFront distribution), and every link in emails, under this name. */
  apiDomain: z.optional(apiDomainSchema),
};

const checkedSchema = z
  .object({
    stage: z.string().check(z.regex(stagePattern, 'must be lower-case letters, digits and hyphens, start with a letter, at most 20 characters')),
    ...stageFileOnlyShape,
    ...settingsShape,
  })
  .check(
    // IAM pins the From address and SES signs for the domain identity only: a sender elsewhere could not send.
    z.superRefine((config, context) => {
      const domain = config.emailDomain?.domain;
      if (domain !== undefined && !config.senderAddress.toLowerCase().endsWith(`@${domain}`)) {
        context.addIssue({ code: 'custom', message: `must be an address at emailDomain.domain "${domain}"`, path: ['senderAddress'] });
      }
    }),
  );

// A kept stage gets the web ACL unless its file or `-c` says otherwise; a throw-away one does not.
const deploymentSchema = z.pipe(
  checkedSchema,
  z.transform((config) => ({ ...config, waf: config.waf ?? config.removalPolicy === 'retain' })),
);

export type DeploymentConfig = z.output<typeof deploymentSchema>;
type SettingKey = keyof typeof settingsShape;

/** The keys `-c key=value` may override. */
const settingKeys = Object.keys(settingsShape) as SettingKey[];
const stageFileOnlyKeys = Object.keys(stageFileOnlyShape) as (keyof typeof stageFileOnlyShape)[];
const stageFileKeys = new Set<string>([...settingKeys, ...stageFileOnlyKeys, '$comment']);

/** A missing stage file, a wrong or missing value; the message names the file and every key. */
export class DeploymentConfigError extends Error {
  override readonly name = 'DeploymentConfigError';
}

/** A setting given with `-c` that replaces (or adds to) what the stage file says. */
interface Override {
  key: SettingKey;
  value: unknown;
  /** What the stage file says; undefined when it says nothing (the default applies). */
  fileValue: unknown;
}

export interface LoadedStage {
  config: DeploymentConfig;
  /** The stage file, as a path relative to the project when it is inside it. */
  file: string;
  overrides: Override[];
}

export interface StageOptions {
  /** `-c` values, as strings or JSON values; only setting keys. */
  overrides?: Record<string, unknown>;
  /** Where the stage files are; tests use their own. */
  directory?: string;
}

function shown(value: unknown): string {
  return value === undefined ? 'nothing' : JSON.stringify(value);
}

function displayPath(file: string): string {
  const inside = relative(projectRoot, file);
  return inside.startsWith('..') || isAbsolute(inside) ? file : inside;
}

/** The stages that have a file in `directory`. */
export function stageNames(directory = stagesDirectory): string[] {
  if (!existsSync(directory)) return [];
  return readdirSync(directory)
    .filter((name) => name.endsWith('.json') && stagePattern.test(name.slice(0, -'.json'.length)))
    .map((name) => name.slice(0, -'.json'.length))
    .sort();
}

function readStageFile(stage: string, directory: string): { file: string; values: Record<string, unknown> } {
  if (!stagePattern.test(stage)) {
    throw new DeploymentConfigError(
      `Stage "${stage}" is not a stage name: lower-case letters, digits and hyphens, starting with a letter, at most 20 characters.`,
    );
  }
  const path = join(directory, `${stage}.json`);
  const file = displayPath(path);
  if (!existsSync(path)) {
    const known = stageNames(directory);
    throw new DeploymentConfigError(
      `No stage file for stage "${stage}": ${file} does not exist.` +
        ` Stages with a file: ${known.length > 0 ? known.join(', ') : 'none'}.` +
        ` To add one, copy ${displayPath(join(directory, 'prod.example.json'))} to ${file} and fill it in (docs/operations.md).`,
    );
  }
  let values: unknown;
  try {
    values = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new DeploymentConfigError(`${file} is not valid JSON: ${error instanceof Error ? error.message : String(error)}`);
  }
  if (typeof values !== 'object' || values === null || Array.isArray(values)) throw new DeploymentConfigError(`${file} must hold one JSON object of settings.`);
  const unknown = Object.keys(values).filter((key) => !stageFileKeys.has(key));
  if (unknown.length > 0) {
    throw new DeploymentConfigError(
      `${file} has keys that are not stage settings: ${unknown.join(', ')}. The settings are: ${[...stageFileKeys].filter((key) => key !== '$comment').join(', ')}.`,
    );
  }
  return { file, values: values as Record<string, unknown> };
}

/**
 * One stage's configuration: its file, then the overrides. Throws one error that names the
 * file and lists every wrong or missing key, with what it got and where that came from.
 */
export function loadStage(stage: string, options: StageOptions = {}): LoadedStage {
  const { file, values } = readStageFile(stage, options.directory ?? stagesDirectory);
  const given = options.overrides ?? {};
  const fileOnly = Object.keys(given).filter((key) => (stageFileOnlyKeys as string[]).includes(key));
  if (fileOnly.length > 0) {
    throw new DeploymentConfigError(
      `${fileOnly.map((key) => `-c ${key}`).join(', ')}: set only in the stage file (${file}), so that what a stage is, which table it serves and which domains it uses are recorded there.`,
    );
  }
  const overrides: Override[] = settingKeys.filter((key) => given[key] !== undefined).map((key) => ({ key, value: given[key], fileValue: values[key] }));
  const { $comment: _comment, ...settings } = values;
  const input: Record<string, unknown> = { ...settings, ...Object.fromEntries(overrides.map(({ key, value }) => [key, value])), stage };
  const origin = (key: string) => (overrides.some((override) => override.key === key) ? `-c ${key}` : file);

  const problems: string[] = [];
  const result = deploymentSchema.safeParse(input);
  if (!result.success) {
    for (const issue of result.error.issues) {
      const key = String(issue.path[0]);
      // The value at the issue's path, or the key's whole value when that is not an object (`-c` strings).
      let value: unknown = input;
      for (const step of issue.path) {
        if (typeof value !== 'object' || value === null) {
          value = input[key];
          break;
        }
        value = (value as Record<PropertyKey, unknown>)[step];
      }
      const where = value === undefined ? '' : `, from ${origin(key)}`;
      problems.push(`  ${issue.path.join('.')}: ${value === undefined ? 'missing' : issue.message} (got ${shown(value)}${where})`);
    }
  }
  // A stage that is kept must say who hears its alarms, and must keep its data.
  if (input.throwAway !== true) {
    const alarmEmail = result.success ? result.data.alarmEmail : input.alarmEmail === '' ? undefined : input.alarmEmail;
    if (alarmEmail === undefined) {
      problems.push(`  alarmEmail: missing; a stage that is not throw-away must name the address its alarms go to (got ${shown(input.alarmEmail)})`);
    }
    if (input.removalPolicy === 'destroy') {
      problems.push(
        `  removalPolicy: "destroy" is for throw-away stages only; keep "retain", or set "throwAway": true in ${file} (got "destroy", from ${origin('removalPolicy')})`,
      );
    }
  }
  if (problems.length > 0 || !result.success) {
    throw new DeploymentConfigError(
      `Invalid settings for stage "${stage}" in ${file}${overrides.length > 0 ? ' and -c overrides' : ''}:\n${problems.join('\n')}`,
    );
  }
  return { config: result.data, file, overrides };
}

/** The configuration of the app `scope` belongs to: `-c stage=…` (default `dev`), and the other `-c` settings as overrides. */
export function deploymentConfig(scope: Construct, options: Pick<StageOptions, 'directory'> = {}): LoadedStage {
  const stage = (scope.node.tryGetContext('stage') as unknown) ?? defaultStage;
  const overrides: Record<string, unknown> = {};
  for (const key of [...settingKeys, ...stageFileOnlyKeys]) {
    const value: unknown = scope.node.tryGetContext(key);
    if (value !== undefined) overrides[key] = value;
  }
  return loadStage(String(stage), { ...options, overrides });
}

/** What synth prints (to stderr): the stage file in use and every override in effect. */
export function describeStage({ config, file, overrides }: LoadedStage): string[] {
  return [
    `Stage ${config.stage}: settings from ${file}${overrides.length === 0 ? ', no -c overrides' : ''}`,
    ...overrides.map(({ key, value, fileValue }) =>
      fileValue === undefined
        ? `  -c ${key}=${shown(value)} overrides the default (the stage file does not set it)`
        : `  -c ${key}=${shown(value)} overrides ${shown(fileValue)} from the stage file`,
    ),
  ];
}
