/** GET /priorities/{id}/updates?limit=&cursor=: a priority's history, newest first, a page at a time. */

import { TableCore } from '#shared/data/core';
import { ProgrammeReads } from '#shared/data/programme';
import { Summaries } from '#shared/data/summaries';
import { Updates } from '#shared/data/updates';
import { BadRequest, fieldErrors, NotFound } from '#shared/domain/errors';
import { decodeCursor, encodeCursor } from '#shared/http/cursor';
import { httpHandler } from '#shared/http/handler';
import { listUpdatesQuerySchema } from '#shared/http/paging';
import { priorityIdOf } from '#shared/http/params';
import { publishedUpdates } from '#shared/http/publish';
import { json } from '#shared/http/responses';
import { settingsFor } from '#shared/settings';
import { definition } from './definition.ts';

const table = new TableCore(settingsFor(definition).TABLE_NAME);
const summaries = new Summaries(table);
const updates = new Updates(table);
const programme = new ProgrammeReads(table);

export const handler = httpHandler(async (event) => {
  const priorityId = priorityIdOf(event);
  const query = listUpdatesQuerySchema.safeParse(event.queryStringParameters ?? {});
  if (!query.success) throw new BadRequest('The query string has parameters that need correcting.', fieldErrors(query.error));
  const after = query.data.cursor === undefined ? undefined : decodeCursor(query.data.cursor, priorityId);
  // A page after the first may hold updates whose corrections are on a newer page: those read the priority's correction marks.
  const [priority, page, corrections] = await Promise.all([
    summaries.get(priorityId),
    updates.list(priorityId, { limit: query.data.limit, ...(after ? { after } : {}) }),
    after ? updates.corrections(priorityId) : undefined,
  ]);
  // A lost summary item does not hide the priority: the catalogue says whether it exists.
  if (!priority && !(await programme.isPriority(priorityId))) throw new NotFound(`There is no priority "${priorityId}".`);
  return json(200, {
    priorityId,
    updates: publishedUpdates(page.updates, corrections),
    nextCursor: page.lastId ? encodeCursor(priorityId, page.lastId) : null,
  });
});
