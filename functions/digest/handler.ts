/**
 * Scheduled weekly (EventBridge Scheduler): digests for everyone, reminders for priorities
 * that have not reported, and escalations to the board of those long past the deadline. The schedule's invocation time identifies the run, so a retried
 * invocation sends nothing twice.
 */
import type { Context } from 'aws-lambda';
import * as z from 'zod/mini';
import { Barriers } from '#shared/data/barriers';
import { Commitments } from '#shared/data/commitments';
import { TableCore } from '#shared/data/core';
import { Credentials } from '#shared/data/credentials';
import { DigestBaselines } from '#shared/data/digest-baseline';
import { Escalations } from '#shared/data/escalations';
import { FailingAddresses } from '#shared/data/failing-addresses';
import { People } from '#shared/data/people';
import { ProgrammeReads } from '#shared/data/programme';
import { plainText } from '#shared/domain/text';
import { sesMailer } from '#shared/email/mailer';
import { logger } from '#shared/logger';
import { type BusinessMetric, countEmail, emit, withMetrics } from '#shared/metrics';
import { type DigestPorts, type DigestResult, runDigest } from '#shared/services/digest';
import { settingsFor } from '#shared/settings';
import { definition } from './definition.ts';

/** Digests and reminders go out under delivery events `digest#<run>` and `reminder#<run>`, escalations under `escalation#<period>#<priority>`. */
const sentByKind: Record<string, BusinessMetric | undefined> = { digest: 'DigestsSent', reminder: 'RemindersSent', escalation: 'EscalationsSent' };

const settings = settingsFor(definition);
const table = new TableCore(settings.TABLE_NAME);
const ports: DigestPorts = {
  programme: new ProgrammeReads(table),
  people: new People(table),
  baselines: new DigestBaselines(table),
  credentials: new Credentials(table),
  escalations: new Escalations(table),
  barriers: new Barriers(table),
  commitments: new Commitments(table),
  failing: new FailingAddresses(table),
  mailer: {
    ...sesMailer(table, settings),
    onOutcome: (outcome, kind) => {
      countEmail(outcome);
      const sent = sentByKind[kind];
      if (outcome === 'sent' && sent) emit(sent);
    },
  },
};

/** The schedule passes `<aws.scheduler.scheduled-time>`; a manual run may name its own run id. */
const digestEventSchema = z.object({
  scheduledTime: z.optional(z.iso.datetime()),
  runId: z.optional(plainText({ max: 100 })),
});

export const handler = withMetrics(async (event: unknown, context: Context): Promise<DigestResult> => {
  logger.addContext(context);
  const input = digestEventSchema.parse(event ?? {});
  const now = input.scheduledTime ? new Date(input.scheduledTime) : new Date();
  const runId = input.runId ?? input.scheduledTime ?? now.toISOString();
  const result = await runDigest(ports, {
    runId,
    now,
    reportingPeriod: settings.REPORTING_PERIOD,
    staleAfterDays: settings.STALE_AFTER_DAYS,
    escalateAfterWorkingDays: settings.ESCALATE_AFTER_WORKING_DAYS,
    linkTokenDays: settings.LINK_TOKEN_DAYS,
    scale: settings.RATING_SCALE,
  });
  if (result.bounced.length > 0) {
    emit('EmailsSkippedBounced', result.bounced.length);
    logger.warn('Digest run skipped people whose address hard-bounced', { personIds: result.bounced });
  }
  logger.info('Digest run', { ...result });
  return result;
});
