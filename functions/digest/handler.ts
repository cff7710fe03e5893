/**
 * Scheduled weekly (EventBridge Scheduler): digests for everyone and reminders for priorities
 * that have not reported. The schedule's invocation time identifies the run, so a retried
 * invocation sends nothing twice.
 */
import type { Context } from 'aws-lambda';
import * as z from 'zod';
import { config } from '#shared/config';
import { ProgressStore } from '#shared/data/progress-store';
import { SesEmailSender } from '#shared/email/sender';
import { emailSettings } from '#shared/email/settings';
import { logger } from '#shared/logger';
import { runDigest, type DigestResult } from '#shared/services/digest';
import { plainText } from '#shared/domain/text';

const settings = emailSettings();
const mailer = {
  store: new ProgressStore(config().TABLE_NAME),
  sender: new SesEmailSender(settings.SENDER_ADDRESS, settings.SES_CONFIGURATION_SET),
  baseUrl: settings.PUBLIC_BASE_URL,
};

/** The schedule passes `<aws.scheduler.scheduled-time>`; a manual run may name its own run id. */
const digestEventSchema = z.object({
  scheduledTime: z.iso.datetime().optional(),
  runId: plainText({ max: 100 }).optional(),
});

export const handler = async (event: unknown, context: Context): Promise<DigestResult> => {
  logger.addContext(context);
  const input = digestEventSchema.parse(event ?? {});
  const now = input.scheduledTime ? new Date(input.scheduledTime) : new Date();
  const runId = input.runId ?? input.scheduledTime ?? now.toISOString();
  const result = await runDigest(mailer, {
    runId,
    now,
    reportingPeriod: settings.REPORTING_PERIOD,
    staleAfterDays: settings.STALE_AFTER_DAYS,
    linkTokenDays: settings.LINK_TOKEN_DAYS,
  });
  logger.info('Digest run', { ...result });
  return result;
};
