/** GET /portfolio.csv: every priority's current status, for board papers. */

import { TableCore } from '#shared/data/core';
import { ProgrammeReads } from '#shared/data/programme';
import { assessorLabel, divergesFrom } from '#shared/domain/assessment';
import { levelOf } from '#shared/domain/rating';
import { emptySummary } from '#shared/domain/summary';
import { csvResponse, toCsv } from '#shared/http/csv';
import { httpHandler } from '#shared/http/handler';
import { settingsFor } from '#shared/settings';
import { definition } from './definition.ts';

const settings = settingsFor(definition);
const programme = new ProgrammeReads(new TableCore(settings.TABLE_NAME));

export const handler = httpHandler(async () => {
  const { priorities, summaries, assessments } = await programme.snapshot();
  const now = Date.now();
  const rows = priorities.map((priority) => {
    const summary = summaries.get(priority.id) ?? emptySummary(priority.id);
    const assessment = assessments.get(priority.id);
    return [
      priority.id,
      priority.title,
      priority.sponsor.authority,
      summary.status ? levelOf(summary.status).label : 'Not yet rated',
      summary.trend,
      summary.period,
      summary.lastUpdateAt,
      summary.lastUpdateAt ? Math.floor((now - Date.parse(summary.lastUpdateAt)) / 86_400_000) : null,
      summary.updateCount,
      summary.openBarriers.map((barrier) => barrier.description).join('; '),
      summary.barriersNeedingBoardSupport.map((barrier) => barrier.description).join('; '),
      assessment ? levelOf(assessment.status).label : 'Not yet assessed',
      assessment ? assessorLabel(assessment.assessor) : null,
      assessment?.period,
      assessment?.rationale,
      assessment ? (divergesFrom(summary.status, assessment, settings.RATING_SCALE) ? 'Yes' : 'No') : null,
    ];
  });
  const header = [
    'Priority id',
    'Priority',
    'Sponsor',
    'Status',
    'Trend',
    'Period',
    'Last update',
    'Days since last update',
    'Updates',
    'Open barriers',
    'Barriers needing board support',
    'Independent rating',
    'Independently assessed by',
    'Independent period',
    'Why the independent rating',
    'Ratings diverge',
  ];
  return csvResponse(`portfolio-${new Date(now).toISOString().slice(0, 10)}.csv`, toCsv(header, rows));
});
