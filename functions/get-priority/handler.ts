/** GET /priorities/{id}: one priority, its summary and its latest updates. */
import { config } from '#shared/config';
import { NotFound } from '#shared/domain/errors';
import { ProgressStore } from '#shared/data/progress-store';
import { httpHandler } from '#shared/http/handler';
import { json } from '#shared/http/responses';
import { priorityView, ratingScaleView } from '#shared/http/views';

const settings = config();
const store = new ProgressStore(settings.TABLE_NAME);

export const handler = httpHandler(async (event) => {
  const priorityId = event.pathParameters?.id ?? '';
  const [found, latest] = await Promise.all([
    store.getPriority(priorityId),
    store.listUpdates(priorityId, { limit: settings.LATEST_UPDATES }),
  ]);
  if (!found) throw new NotFound(`There is no priority "${priorityId}".`);
  return json(200, {
    ...priorityView(found.priority, found.summary),
    ratingScale: ratingScaleView(settings.RATING_SCALE),
    latestUpdates: latest.updates,
  });
});
