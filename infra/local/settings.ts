/**
 * Settings of the local stack, from the environment with defaults, and the environment the
 * functions see when they run locally. Function settings come from shared/settings.ts, so
 * their allowed values and defaults are the ones a deployment has; only the local stack's own
 * settings (ports, data folder) and its stand-ins for deployed values are defined here.
 */
import { resolve } from 'node:path';
import * as z from 'zod/mini';
import { catalogue } from '#shared/catalogue/index';
import type { FunctionDefinition } from '#shared/function-definition';
import { functionEnvironment, logLevels, type SettingName, settingSchemas } from '#shared/settings';
import { functions, streamConsumerFilters } from '../../functions/index.ts';
import { projectName } from '../naming.ts';

const port = z.coerce.number().check(z.int(), z.minimum(0), z.maximum(65535));
const name = z.string().check(z.minLength(1));

/** A function setting's own schema, with the local stack's stand-in for what a deployment provides. */
const standIn = <S extends z.ZodMiniType>(setting: S, value: z.output<S>) => z._default(setting, value as never);

const settingsSchema = z.object({
  PORT: z._default(port, 3000),
  DYNAMODB_PORT: z._default(port, 8000),
  SES_PORT: z._default(port, 8005),
  LOCAL_DATA_DIR: z._default(name, './.local'),
  PROGRAMME: z._default(name, 'west-midlands-community-recovery'),
  AWS_REGION: z._default(name, 'eu-west-2'),
  LOG_LEVEL: z._default(z.enum(logLevels), 'WARN'),
  TABLE_NAME: standIn(settingSchemas.TABLE_NAME, 'recovery-progress-local'),
  SENDER_ADDRESS: standIn(settingSchemas.SENDER_ADDRESS, 'progress@recovery-progress.example'),
  RATING_SCALE: settingSchemas.RATING_SCALE,
  REPORTING_PERIOD: settingSchemas.REPORTING_PERIOD,
  STALE_AFTER_DAYS: settingSchemas.STALE_AFTER_DAYS,
  ESCALATE_AFTER_WORKING_DAYS: settingSchemas.ESCALATE_AFTER_WORKING_DAYS,
  LATEST_UPDATES: settingSchemas.LATEST_UPDATES,
  CORRECTION_WINDOW_DAYS: settingSchemas.CORRECTION_WINDOW_DAYS,
  MEASURE_TOLERANCE_PERCENT: settingSchemas.MEASURE_TOLERANCE_PERCENT,
  LINK_TOKEN_DAYS: settingSchemas.LINK_TOKEN_DAYS,
  // The emulator publishes its events within milliseconds: a short window keeps a lost answer's retry quick.
  EMAIL_EVENT_WINDOW_SECONDS: standIn(settingSchemas.EMAIL_EVENT_WINDOW_SECONDS, 2),
  ORGANISATION_NAME: standIn(settingSchemas.ORGANISATION_NAME, 'Recovery programme office (local stack)'),
  DATA_PROTECTION_EMAIL: standIn(settingSchemas.DATA_PROTECTION_EMAIL, 'data-protection@recovery-progress.example'),
  ACCESSIBILITY_EMAIL: standIn(settingSchemas.ACCESSIBILITY_EMAIL, 'accessibility@recovery-progress.example'),
  LOG_RETENTION_DAYS: settingSchemas.LOG_RETENTION_DAYS,
});

export type LocalSettings = z.output<typeof settingsSchema> & {
  PROGRAMME_NAME: string;
  dataDir: string;
  dynamoDbEndpoint: string;
  sesEndpoint: string;
  apiUrl: string;
};

export function localSettings(env: Record<string, string | undefined> = process.env): LocalSettings {
  const result = settingsSchema.safeParse(env);
  if (!result.success) {
    const problems = result.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('\n  ');
    throw new Error(`Invalid local settings:\n  ${problems}`);
  }
  return {
    ...result.data,
    // As a deployment gives it: the catalogue entry's short name.
    PROGRAMME_NAME: catalogue(result.data.PROGRAMME).name,
    dataDir: resolve(result.data.LOCAL_DATA_DIR),
    dynamoDbEndpoint: `http://127.0.0.1:${result.data.DYNAMODB_PORT}`,
    sesEndpoint: `http://127.0.0.1:${result.data.SES_PORT}`,
    apiUrl: `http://127.0.0.1:${result.data.PORT}`,
  };
}

/** Local credentials: DynamoDB Local accepts any, and these keep the SDK from looking for real ones. */
export const localCredentials = { accessKeyId: 'local', secretAccessKey: 'local' };

/**
 * The environment of the functions on the local stack: every function runs in this one
 * process, so it holds the settings of all of them, as CDK derives them for each, plus the
 * endpoints of the local services.
 */
export function localFunctionEnvironment(settings: Omit<LocalSettings, 'dataDir' | 'LOCAL_DATA_DIR'>): Record<string, string> {
  const values: { [K in SettingName]?: string | number } = {
    ...settings,
    PUBLIC_BASE_URL: settings.apiUrl,
    // Local functions go by their own names (infra/local/lambda.ts).
    STREAM_CONSUMER_FILTERS: JSON.stringify(streamConsumerFilters((name) => name)),
  };
  const environment = Object.assign(
    {},
    ...(Object.values(functions) as FunctionDefinition[]).map((definition) =>
      functionEnvironment(definition, values, { serviceName: projectName, logLevel: settings.LOG_LEVEL }),
    ),
  ) as Record<string, string>;
  return {
    ...environment,
    AWS_REGION: settings.AWS_REGION,
    AWS_ENDPOINT_URL_DYNAMODB: settings.dynamoDbEndpoint,
    AWS_ENDPOINT_URL_DYNAMODB_STREAMS: settings.dynamoDbEndpoint,
    AWS_ENDPOINT_URL_SESV2: settings.sesEndpoint,
    AWS_ACCESS_KEY_ID: process.env.AWS_ACCESS_KEY_ID ?? localCredentials.accessKeyId,
    AWS_SECRET_ACCESS_KEY: process.env.AWS_SECRET_ACCESS_KEY ?? localCredentials.secretAccessKey,
    POWERTOOLS_DEV: 'true',
    // POWERTOOLS_DEV alone would turn metrics off; locally their EMF lines are printed with the
    // handlers' log lines, and a SILENT stack (the tests') prints neither.
    POWERTOOLS_METRICS_DISABLED: String(settings.LOG_LEVEL === 'SILENT'),
  };
}
