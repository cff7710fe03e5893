/**
 * Deployment configuration: read from CDK context (cdk.json, overridden with `-c key=value`)
 * and checked with zod, so a wrong value stops synth with a message that names the key
 * instead of producing a stack that fails at run time. Values that become function settings
 * take their allowed values and defaults from shared/settings.ts.
 */
import type { Construct } from 'constructs';
import * as z from 'zod';
import { programmeIds } from '#shared/catalogue/index';
import { logLevels, settingSchemas } from '#shared/settings';
import { stagePattern } from './naming.ts';

/** The retention periods CloudWatch Logs accepts. */
const logRetentionChoices = [1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653] as const;

/** `-c key=value` always gives strings; cdk.json gives JSON values. Accept both. */
const number = (schema: z.ZodNumber) =>
  z.preprocess((value) => (typeof value === 'string' && value.trim() !== '' ? Number(value) : value), schema);

const emailList = z.preprocess(
  (value) =>
    typeof value === 'string'
      ? value
          .split(',')
          .map((address) => address.trim())
          .filter((address) => address !== '')
      : value,
  z.array(z.email('must be e-mail addresses, separated by commas')),
);

/** An empty `-c alarmEmail=` means "no subscription", as does leaving it out. */
const optionalEmail = z.preprocess((value) => (value === '' || value === null ? undefined : value), z.email().optional());

const deploymentSchema = z.object({
  stage: z.string().regex(stagePattern, 'must be lower-case letters, digits and hyphens, start with a letter, at most 20 characters'),
  /** The From address of every email; an SES identity verified by the operator. */
  senderAddress: settingSchemas.SENDER_ADDRESS,
  /** Board members' addresses, added as board people on deployment (more with `npm run people`). */
  boardRecipients: emailList,
  /** The catalogue loaded on deployment (shared/catalogue). */
  programme: z.enum(programmeIds as [string, ...string[]]),
  ratingScale: settingSchemas.RATING_SCALE,
  reportingPeriod: settingSchemas.REPORTING_PERIOD,
  staleAfterDays: settingSchemas.STALE_AFTER_DAYS,
  latestUpdates: settingSchemas.LATEST_UPDATES,
  linkTokenDays: settingSchemas.LINK_TOKEN_DAYS,
  logRetentionDays: number(
    z
      .number()
      .int()
      .refine((days) => (logRetentionChoices as readonly number[]).includes(days), {
        message: `must be one of ${logRetentionChoices.join(', ')}`,
      }),
  ),
  logLevel: z.enum(logLevels.filter((level) => level !== 'SILENT')),
  /** `retain` keeps the table (with deletion protection), the DLQ and the logs when a stack is deleted. */
  removalPolicy: z.enum(['retain', 'destroy']),
  /** Steady-state requests per second across the API. */
  throttlingRateLimit: number(z.number().positive().max(10_000)),
  throttlingBurstLimit: number(z.number().int().min(1).max(5_000)),
  alarmEmail: optionalEmail,
});

export type DeploymentConfig = z.output<typeof deploymentSchema>;
export type DeploymentContext = { [K in keyof DeploymentConfig]?: unknown };

export const deploymentKeys = Object.keys(deploymentSchema.shape) as (keyof DeploymentConfig)[];

/** A wrong or missing context value; the message lists every one. */
export class DeploymentConfigError extends Error {
  override readonly name = 'DeploymentConfigError';
}

function shown(value: unknown): string {
  return value === undefined ? 'nothing' : JSON.stringify(value);
}

/** Checks raw context values; throws one error that lists every wrong key and what it got. */
export function parseDeploymentConfig(context: DeploymentContext): DeploymentConfig {
  const result = deploymentSchema.safeParse(context);
  if (result.success) return result.data;
  const problems = result.error.issues.map((issue) => {
    const key = issue.path[0] as keyof DeploymentConfig;
    return `  ${issue.path.join('.')}: ${issue.message} (got ${shown(context[key])})`;
  });
  throw new DeploymentConfigError(`Invalid deployment configuration in CDK context (cdk.json "context" or -c key=value):\n${problems.join('\n')}`);
}

/** The configuration of the app `scope` belongs to. */
export function deploymentConfig(scope: Construct): DeploymentConfig {
  const context: DeploymentContext = {};
  for (const key of deploymentKeys) context[key] = scope.node.tryGetContext(key);
  return parseDeploymentConfig(context);
}
