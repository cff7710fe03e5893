/**
 * GET/POST /people/{personId}/preferences?key=…: the link in every email's footer and its
 * List-Unsubscribe header. It switches one person's per-update notifications; digests stay on.
 */

import { TableCore } from '#shared/data/core';
import { People } from '#shared/data/people';
import { NotFound } from '#shared/domain/errors';
import { recordIdPattern } from '#shared/domain/ids';
import { sameSecret } from '#shared/domain/secrets';
import { readBody } from '#shared/http/body';
import { html, json, newNonce, wantsHtml } from '#shared/http/responses';
import { pageHandler } from '#shared/pages/handler';
import { preferencesPage } from '#shared/pages/pages';
import { settingsFor } from '#shared/settings';
import { definition } from './definition.ts';

const people = new People(new TableCore(settingsFor(definition).TABLE_NAME));

export const handler = pageHandler(async (event) => {
  const personId = event.pathParameters?.personId ?? '';
  const key = event.queryStringParameters?.key ?? '';
  const person = recordIdPattern.test(personId) ? await people.get(personId) : undefined;
  // A wrong key looks exactly like an unknown person.
  if (!person || !sameSecret(key, person.preferencesKey)) throw new NotFound('There is no such preferences page.');

  let saved = false;
  if (event.requestContext.http.method === 'POST') {
    const body = readBody(event);
    const fields = body.kind === 'form' ? body.fields : {};
    // RFC 8058 one-click unsubscribe posts `List-Unsubscribe=One-Click`.
    const enabled = fields['List-Unsubscribe'] === 'One-Click' ? false : fields.updateNotifications === 'on';
    await people.setUpdateNotifications(person.personId, enabled);
    person.preferences.updateNotifications = enabled;
    saved = true;
  }
  if (!wantsHtml(event)) return json(200, { personId: person.personId, preferences: person.preferences });
  const nonce = newNonce();
  return html(200, preferencesPage(nonce, person, key, saved), nonce);
});
