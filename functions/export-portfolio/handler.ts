/** GET /portfolio.csv: every priority's current status, for board papers. */
import { levelOf } from '#shared/domain/rating';
import { emptySummary } from '#shared/domain/summary';
import { TableCore } from '#shared/data/core';
import { ProgrammeReads } from '#shared/data/programme';
import { csvResponse, toCsv } from '#shared/http/csv';
import { httpHandler } from '#shared/http/handler';
import { settingsFor } from '#shared/settings';

const programme = new ProgrammeReads(new TableCore(settingsFor('export-portfolio').TABLE_NAME));

export const handler = httpHandler(async () => {
  const { priorities, summaries } = await programme.snapshot();
  const now = Date.now();
  const rows = priorities.map((priority) => {
    const summary = summaries.get(priority.id) ?? emptySummary(priority.id);
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
    ];
  });
  const header = ['Priority id', 'Priority', 'Sponsor', 'Status', 'Trend', 'Period', 'Last update', 'Days since last update', 'Updates', 'Open barriers', 'Barriers needing board support'];
  return csvResponse(`portfolio-${new Date(now).toISOString().slice(0, 10)}.csv`, toCsv(header, rows));
});
