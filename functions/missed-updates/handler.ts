/** GET /missed-updates: the priorities with no update for the current period, how late they are and whether the board has been told. */

import { TableCore } from '#shared/data/core';
import { Escalations } from '#shared/data/escalations';
import { ProgrammeReads } from '#shared/data/programme';
import { reportingCalendar } from '#shared/domain/deadlines';
import { emptySummary } from '#shared/domain/summary';
import { html, newNonce } from '#shared/http/responses';
import { pageHandler } from '#shared/pages/handler';
import { missedUpdatesPage } from '#shared/pages/pages';
import { settingsFor } from '#shared/settings';
import { definition } from './definition.ts';

const settings = settingsFor(definition);
const table = new TableCore(settings.TABLE_NAME);
const programme = new ProgrammeReads(table);
const escalations = new Escalations(table);

export const handler = pageHandler(async () => {
  const now = new Date();
  const calendar = reportingCalendar(settings.REPORTING_PERIOD, settings.ESCALATE_AFTER_WORKING_DAYS, now);
  const [{ priorities, summaries }, escalated] = await Promise.all([programme.snapshot(), escalations.forPeriod(calendar.ended.period)]);
  const nonce = newNonce();
  const rows = priorities.map((priority) => ({ priority, summary: summaries.get(priority.id) ?? emptySummary(priority.id) }));
  return html(200, missedUpdatesPage(nonce, { calendar, reportingPeriod: settings.REPORTING_PERIOD, now, priorities: rows, escalated }), nonce);
});
