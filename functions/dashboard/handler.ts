/** GET /: the board's dashboard, every priority with its status, trend, age and board asks. */
import { config } from '#shared/config';
import { emptySummary } from '#shared/domain/summary';
import { ProgressStore } from '#shared/data/progress-store';
import { html, newNonce } from '#shared/http/responses';
import { pageHandler } from '#shared/pages/handler';
import { dashboardPage } from '#shared/pages/pages';

const store = new ProgressStore(config().TABLE_NAME);

export const handler = pageHandler(async () => {
  const { priorities, summaries } = await store.readProgramme();
  const nonce = newNonce();
  const rows = priorities.map((priority) => ({ priority, summary: summaries.get(priority.id) ?? emptySummary(priority.id) }));
  return html(200, dashboardPage(nonce, rows), nonce);
});
