/**
 * Scheduled at the start of each quarter (EventBridge Scheduler, Europe/London): makes the
 * board pack of the quarter just ended and emails the board the link. `npm run board-pack`
 * names a quarter instead. A quarter that has a pack keeps it, so a retried run changes nothing.
 */
import type { Context } from 'aws-lambda';
import * as z from 'zod/mini';
import { Assessments } from '#shared/data/assessments';
import { Barriers } from '#shared/data/barriers';
import { BoardPacks } from '#shared/data/board-packs';
import { Catalogue } from '#shared/data/catalogue';
import { Commitments } from '#shared/data/commitments';
import { TableCore } from '#shared/data/core';
import { People } from '#shared/data/people';
import { ProgrammeReads } from '#shared/data/programme';
import { Updates } from '#shared/data/updates';
import { quarterJustEnded, quarterProblem } from '#shared/domain/board-pack';
import { sesMailer } from '#shared/email/mailer';
import { logger } from '#shared/logger';
import { countEmail, withMetrics } from '#shared/metrics';
import { type BoardPackPorts, makeBoardPack } from '#shared/services/board-pack';
import { settingsFor } from '#shared/settings';
import { definition } from './definition.ts';

const settings = settingsFor(definition);
const table = new TableCore(settings.TABLE_NAME);
const catalogue = new Catalogue(table);
const ports: BoardPackPorts = {
  commitments: new Commitments(table),
  programme: new ProgrammeReads(table),
  updates: new Updates(table),
  assessments: new Assessments(table),
  barriers: new Barriers(table),
  tolerancePercent: settings.MEASURE_TOLERANCE_PERCENT,
  packs: new BoardPacks(table),
  people: new People(table),
  mailer: { ...sesMailer(table, settings), onOutcome: (outcome) => countEmail(outcome) },
};

/** The schedule passes `<aws.scheduler.scheduled-time>`; the command names a quarter. */
const boardPackEventSchema = z.object({
  scheduledTime: z.optional(z.iso.datetime()),
  quarter: z.optional(z.string().check(z.maxLength(20))),
});

export interface BoardPackRun {
  quarter: string;
  made: boolean;
  url: string;
  madeAt: string;
  priorities: number;
  noUpdate: string[];
  emails: { sent: number; skipped: number };
}

export const handler = withMetrics(async (event: unknown, context: Context): Promise<BoardPackRun> => {
  logger.addContext(context);
  const input = boardPackEventSchema.parse(event ?? {});
  const now = new Date();
  const quarter = input.quarter ?? quarterJustEnded(input.scheduledTime ? new Date(input.scheduledTime) : now);
  const problem = quarterProblem(quarter, now, (await catalogue.programmeProfile())?.startsOn);
  if (problem) throw new Error(problem.message);
  // Only the command names a quarter (the schedule passes its time): an operator's run, else the service's own.
  const by = { role: input.quarter === undefined ? 'service' : 'operator' } as const;
  const { made, url, head, emails } = await makeBoardPack(ports, quarter, by, now);
  const run = {
    quarter,
    made,
    url,
    madeAt: head.madeAt,
    priorities: head.priorityIds.length,
    noUpdate: head.noUpdate,
    emails: { sent: emails.sent, skipped: emails.skipped },
  };
  logger.info('Board pack', { ...run });
  return run;
});
