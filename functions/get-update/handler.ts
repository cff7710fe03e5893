/**
 * GET /priorities/{id}/updates/{updateId}: one recorded update. Browsers that followed the
 * redirect after a form post get the confirmation page; API clients get JSON.
 */
import { config } from '#shared/config';
import { NotFound } from '#shared/domain/errors';
import { ProgressStore } from '#shared/data/progress-store';
import { html, json, newNonce, wantsHtml } from '#shared/http/responses';
import { pageHandler } from '#shared/pages/handler';
import { confirmationPage } from '#shared/pages/pages';
import { priorityIdOf, updateIdOf } from '#shared/http/params';

const store = new ProgressStore(config().TABLE_NAME);

export const handler = pageHandler(async (event) => {
  const priorityId = priorityIdOf(event);
  const updateId = updateIdOf(event);
  const update = await store.getUpdate(priorityId, updateId);
  if (!update) throw new NotFound(`There is no update "${updateId}" for priority "${priorityId}".`);
  if (!wantsHtml(event)) return json(200, update);
  const found = await store.getPriority(priorityId);
  const nonce = newNonce();
  return html(200, confirmationPage(nonce, update, found?.priority.title ?? priorityId), nonce);
});
