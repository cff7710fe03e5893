/**
 * Scheduled daily, and run on demand by `npm run reconcile`: re-derives every summary, and
 * every milestone and measure, that missed an update. A repair means something upstream failed, so it is logged one by one
 * and counted for the alarm.
 */
import type { Context } from 'aws-lambda';
import * as z from 'zod/mini';
import { Commitments } from '#shared/data/commitments';
import { TableCore } from '#shared/data/core';
import { ProgrammeReads } from '#shared/data/programme';
import { Summaries } from '#shared/data/summaries';
import { Updates } from '#shared/data/updates';
import { logger } from '#shared/logger';
import { emit, withMetrics } from '#shared/metrics';
import { type ReconcilePorts, type ReconcileReport, reconcile, repairsIn } from '#shared/services/reconcile';
import { settingsFor } from '#shared/settings';
import { definition } from './definition.ts';

const table = new TableCore(settingsFor(definition).TABLE_NAME);
const ports: ReconcilePorts = {
  programme: new ProgrammeReads(table),
  updates: new Updates(table),
  summaries: new Summaries(table),
  commitments: new Commitments(table),
};

/** The schedule passes its time; an operator may ask for every history to be read. */
const reconcileEventSchema = z.object({
  scheduledTime: z.optional(z.iso.datetime()),
  full: z.optional(z.boolean()),
});

export const handler = withMetrics(async (event: unknown, context: Context): Promise<ReconcileReport> => {
  logger.addContext(context);
  const input = reconcileEventSchema.parse(event ?? {});
  const report = await reconcile(ports, { full: input.full ?? false });
  for (const repair of report.summariesRepaired) logger.warn('Summary repaired', { ...repair });
  for (const repair of report.commitmentsRepaired) logger.warn('Commitments repaired', { ...repair });
  const repairs = repairsIn(report);
  // Written only when there were repairs, so the alarm sees data only when something was wrong.
  if (repairs > 0) emit('RecordsReconciled', repairs);
  logger.info('Reconciled', { priorities: report.priorities, historiesRead: report.historiesRead, repairs });
  return report;
});
