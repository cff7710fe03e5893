/**
 * GET /priorities/{id}/updates/{updateId}: one recorded update. Browsers that followed the
 * redirect after a form post get the confirmation page; API clients get JSON.
 */

import { Catalogue } from '#shared/data/catalogue';
import { TableCore } from '#shared/data/core';
import { Updates } from '#shared/data/updates';
import { NotFound } from '#shared/domain/errors';
import { priorityIdOf, updateIdOf } from '#shared/http/params';
import { publishedUpdate } from '#shared/http/publish';
import { html, json, newNonce, wantsHtml } from '#shared/http/responses';
import { pageHandler } from '#shared/pages/handler';
import { confirmationPage } from '#shared/pages/update-pages';
import { settingsFor } from '#shared/settings';
import { definition } from './definition.ts';

const table = new TableCore(settingsFor(definition).TABLE_NAME);
const updates = new Updates(table);
const catalogue = new Catalogue(table);

export const handler = pageHandler(async (event) => {
  const priorityId = priorityIdOf(event);
  const updateId = updateIdOf(event);
  const [update, correctedBy] = await Promise.all([updates.get(priorityId, updateId), updates.correctionOf(priorityId, updateId)]);
  if (!update) throw new NotFound(`There is no update "${updateId}" for priority "${priorityId}".`);
  if (!wantsHtml(event)) return json(200, publishedUpdate(update, correctedBy));
  const profile = await catalogue.priorityProfile(priorityId);
  const nonce = newNonce();
  return html(200, confirmationPage(nonce, update, profile?.title ?? priorityId, correctedBy), nonce);
});
