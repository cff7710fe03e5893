/** GET /: the board's dashboard, every priority with its status, trend, age and board asks. */
import { emptySummary } from '#shared/domain/summary';
import { TableCore } from '#shared/data/core';
import { ProgrammeReads } from '#shared/data/programme';
import { html, newNonce } from '#shared/http/responses';
import { pageHandler } from '#shared/pages/handler';
import { dashboardPage } from '#shared/pages/pages';
import { settingsFor } from '#shared/settings';

const settings = settingsFor('dashboard');
const programme = new ProgrammeReads(new TableCore(settings.TABLE_NAME));

export const handler = pageHandler(async () => {
  const { priorities, summaries, assessments } = await programme.snapshot();
  const nonce = newNonce();
  const rows = priorities.map((priority) => ({ priority, summary: summaries.get(priority.id) ?? emptySummary(priority.id), assessment: assessments.get(priority.id) }));
  return html(200, dashboardPage(nonce, rows, settings.RATING_SCALE), nonce);
});
