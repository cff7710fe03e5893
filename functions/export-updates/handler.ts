/** GET /priorities/{id}/updates.csv: a priority's whole history, newest first, for board papers. */

import { Assessments } from '#shared/data/assessments';
import { TableCore } from '#shared/data/core';
import { ProgrammeReads } from '#shared/data/programme';
import { Summaries } from '#shared/data/summaries';
import { Updates } from '#shared/data/updates';
import { type Assessment, assessorLabel } from '#shared/domain/assessment';
import { type CorrectedBy, correctionsOf } from '#shared/domain/corrections';
import { NotFound } from '#shared/domain/errors';
import { levelOf } from '#shared/domain/rating';
import { authorLabel } from '#shared/domain/update';
import { csvResponse, toCsv } from '#shared/http/csv';
import { httpHandler } from '#shared/http/handler';
import { priorityIdOf } from '#shared/http/params';
import { wholeHistory } from '#shared/services/summarise';
import { settingsFor } from '#shared/settings';
import { definition } from './definition.ts';

const table = new TableCore(settingsFor(definition).TABLE_NAME);
const summaries = new Summaries(table);
const history = new Updates(table);
const assessments = new Assessments(table);
const programme = new ProgrammeReads(table);
/** Years of monthly updates fit many times over; the cap keeps one request bounded. */
const maxRows = 5000;

const correctionText = (correction: CorrectedBy | undefined): string =>
  correction ? `${correction.updateId} on ${correction.correctedAt.slice(0, 10)}: ${correction.reason}` : '';

export const handler = httpHandler(async (event) => {
  const priorityId = priorityIdOf(event);
  const [summary, assessed] = await Promise.all([summaries.get(priorityId), assessments.history(priorityId)]);
  // A lost summary item does not hide the priority: the catalogue says whether it exists.
  if (!summary && !(await programme.isPriority(priorityId))) throw new NotFound(`There is no priority "${priorityId}".`);
  // Each update's row carries the independent ratings of its period, so the two can be read side by side.
  const byPeriod = new Map<string, Assessment[]>();
  for (const assessment of assessed) byPeriod.set(assessment.period, [...(byPeriod.get(assessment.period) ?? []), assessment]);
  const updates = await wholeHistory(history, priorityId, (read) => read.length >= maxRows);
  const header = [
    'Update id',
    'Recorded',
    'Period',
    'Status',
    'Why this rating',
    'Summary',
    'Achievements',
    'Next steps',
    'Barriers',
    'Barriers needing board support',
    'Author',
    'Independent ratings for the period',
    'Why the independent ratings',
    'Corrected by',
    'Corrects',
  ];
  // Both stay in the history: each corrected update names its correction, and each correction the update it supersedes.
  const corrections = correctionsOf(updates);
  const rows = updates.slice(0, maxRows).map((u) => [
    u.id,
    u.submittedAt,
    u.period,
    levelOf(u.status).label,
    u.statusRationale,
    u.summary,
    u.achievements.join('; '),
    u.nextSteps.join('; '),
    u.barriers
      .filter((b) => !b.needsBoardSupport)
      .map((b) => b.description)
      .join('; '),
    u.barriers
      .filter((b) => b.needsBoardSupport)
      .map((b) => b.description)
      .join('; '),
    authorLabel(u.author),
    (byPeriod.get(u.period) ?? []).map((a) => `${levelOf(a.status).label} by ${assessorLabel(a.assessor)}`).join('; '),
    (byPeriod.get(u.period) ?? []).map((a) => `${assessorLabel(a.assessor)}: ${a.rationale}`).join('; '),
    correctionText(corrections.get(u.id)),
    u.corrects ? `${u.corrects.updateId}: ${u.corrects.reason}` : '',
  ]);
  return csvResponse(`${priorityId}-updates.csv`, toCsv(header, rows));
});
