/** GET /priorities/{id}: one priority, its summary and its latest updates; for a browser, its page with history and chart. */
import { config } from '#shared/config';
import { NotFound } from '#shared/domain/errors';
import { ProgressStore } from '#shared/data/progress-store';
import { html, json, newNonce, wantsHtml } from '#shared/http/responses';
import { pageHandler } from '#shared/pages/handler';
import { priorityPage } from '#shared/pages/pages';
import { priorityView, ratingScaleView } from '#shared/http/views';
import { priorityIdOf } from '#shared/http/params';

const settings = config();
const store = new ProgressStore(settings.TABLE_NAME);

/** Updates a page shows, for the chart and the history; older ones are in the CSV. */
const pageHistory = 24;

export const handler = pageHandler(async (event) => {
  const priorityId = priorityIdOf(event);
  const browser = wantsHtml(event);
  const [found, latest] = await Promise.all([
    store.getPriority(priorityId),
    store.listUpdates(priorityId, { limit: browser ? pageHistory : settings.LATEST_UPDATES }),
  ]);
  if (!found) throw new NotFound(`There is no priority "${priorityId}".`);
  if (browser) {
    const nonce = newNonce();
    return html(200, priorityPage(nonce, found.priority, found.summary, latest.updates), nonce);
  }
  return json(200, {
    ...priorityView(found.priority, found.summary),
    ratingScale: ratingScaleView(settings.RATING_SCALE),
    latestUpdates: latest.updates,
  });
});
