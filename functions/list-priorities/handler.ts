/** GET /priorities: the programme's catalogue with each priority's current summary. */
import { config } from '#shared/config';
import { emptySummary } from '#shared/domain/summary';
import { ProgressStore } from '#shared/data/progress-store';
import { httpHandler } from '#shared/http/handler';
import { json } from '#shared/http/responses';
import { priorityView, ratingScaleView } from '#shared/http/views';

const settings = config();
const store = new ProgressStore(settings.TABLE_NAME);

export const handler = httpHandler(async () => {
  const { programme, priorities, summaries } = await store.readProgramme();
  return json(200, {
    programme: programme ? { ...programme, priorityIds: undefined } : null,
    ratingScale: ratingScaleView(settings.RATING_SCALE),
    priorities: priorities.map((priority) => priorityView(priority, summaries.get(priority.id) ?? emptySummary(priority.id))),
  });
});
