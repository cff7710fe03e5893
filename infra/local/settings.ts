/**
 * Settings of the local stack, from the environment with defaults, and the environment the
 * functions see when they run locally (the same variables they get in AWS, plus endpoints).
 */
import { resolve } from 'node:path';
import * as z from 'zod';

const settingsSchema = z.object({
  PORT: z.coerce.number().int().min(1).max(65535).default(3000),
  DYNAMODB_PORT: z.coerce.number().int().min(1).max(65535).default(8000),
  SES_PORT: z.coerce.number().int().min(0).max(65535).default(8005),
  SENDER_ADDRESS: z.email().default('progress@recovery-progress.example'),
  REPORTING_PERIOD: z.enum(['month', 'quarter']).default('month'),
  STALE_AFTER_DAYS: z.coerce.number().int().min(1).max(365).default(42),
  LOCAL_DATA_DIR: z.string().min(1).default('./.local'),
  TABLE_NAME: z.string().min(1).default('recovery-progress-local'),
  PROGRAMME: z.string().min(1).default('west-midlands-community-recovery'),
  RATING_SCALE: z.enum(['five-point', 'three-point']).default('five-point'),
  AWS_REGION: z.string().min(1).default('eu-west-2'),
  LOG_LEVEL: z.enum(['DEBUG', 'INFO', 'WARN', 'ERROR', 'SILENT']).default('WARN'),
});

export type LocalSettings = z.output<typeof settingsSchema> & { dataDir: string; dynamoDbEndpoint: string; sesEndpoint: string; apiUrl: string };

export function localSettings(env: NodeJS.ProcessEnv = process.env): LocalSettings {
  const result = settingsSchema.safeParse(env);
  if (!result.success) {
    const problems = result.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('\n  ');
    throw new Error(`Invalid local settings:\n  ${problems}`);
  }
  return {
    ...result.data,
    dataDir: resolve(result.data.LOCAL_DATA_DIR),
    dynamoDbEndpoint: `http://127.0.0.1:${result.data.DYNAMODB_PORT}`,
    sesEndpoint: `http://127.0.0.1:${result.data.SES_PORT}`,
    apiUrl: `http://127.0.0.1:${result.data.PORT}`,
  };
}

/** What the handlers and SDK clients need to talk to the local services. */
export type FunctionEnvironmentSettings = Pick<
  LocalSettings,
  'TABLE_NAME' | 'RATING_SCALE' | 'AWS_REGION' | 'LOG_LEVEL' | 'SENDER_ADDRESS' | 'REPORTING_PERIOD' | 'STALE_AFTER_DAYS' | 'dynamoDbEndpoint' | 'sesEndpoint' | 'apiUrl'
>;

export function functionEnvironment(settings: FunctionEnvironmentSettings): Record<string, string> {
  return {
    TABLE_NAME: settings.TABLE_NAME,
    RATING_SCALE: settings.RATING_SCALE,
    AWS_REGION: settings.AWS_REGION,
    AWS_ENDPOINT_URL_DYNAMODB: settings.dynamoDbEndpoint,
    AWS_ENDPOINT_URL_DYNAMODB_STREAMS: settings.dynamoDbEndpoint,
    AWS_ENDPOINT_URL_SESV2: settings.sesEndpoint,
    SENDER_ADDRESS: settings.SENDER_ADDRESS,
    PUBLIC_BASE_URL: settings.apiUrl,
    REPORTING_PERIOD: settings.REPORTING_PERIOD,
    STALE_AFTER_DAYS: String(settings.STALE_AFTER_DAYS),
    // DynamoDB Local accepts any credentials; these keep the SDK from looking for real ones.
    AWS_ACCESS_KEY_ID: process.env.AWS_ACCESS_KEY_ID ?? 'local',
    AWS_SECRET_ACCESS_KEY: process.env.AWS_SECRET_ACCESS_KEY ?? 'local',
    POWERTOOLS_SERVICE_NAME: 'recovery-progress',
    POWERTOOLS_LOG_LEVEL: settings.LOG_LEVEL,
    POWERTOOLS_DEV: 'true',
  };
}
