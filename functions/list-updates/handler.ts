/** GET /priorities/{id}/updates?limit=&cursor=: a priority's history, newest first, a page at a time. */
import { config } from '#shared/config';
import { BadRequest, NotFound } from '#shared/domain/errors';
import { fieldErrors } from '#shared/domain/update';
import { ProgressStore } from '#shared/data/progress-store';
import { decodeCursor, encodeCursor } from '#shared/http/cursor';
import { httpHandler } from '#shared/http/handler';
import { listUpdatesQuerySchema } from '#shared/http/paging';
import { json } from '#shared/http/responses';
import { priorityIdOf } from '#shared/http/params';

const store = new ProgressStore(config().TABLE_NAME);

export const handler = httpHandler(async (event) => {
  const priorityId = priorityIdOf(event);
  const query = listUpdatesQuerySchema.safeParse(event.queryStringParameters ?? {});
  if (!query.success) throw new BadRequest('The query string has parameters that need correcting.', fieldErrors(query.error));
  const after = query.data.cursor === undefined ? undefined : decodeCursor(query.data.cursor, priorityId);
  const [priority, page] = await Promise.all([
    store.getSummary(priorityId),
    store.listUpdates(priorityId, { limit: query.data.limit, ...(after ? { after } : {}) }),
  ]);
  if (!priority) throw new NotFound(`There is no priority "${priorityId}".`);
  return json(200, {
    priorityId,
    updates: page.updates,
    nextCursor: page.lastId ? encodeCursor(priorityId, page.lastId) : null,
  });
});
