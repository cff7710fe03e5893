/**
 * GET/POST /people/{personId}/preferences?key=…: the link in every email's footer and its
 * List-Unsubscribe header. It switches one person's per-update notifications; digests stay on.
 */
import { timingSafeEqual } from 'node:crypto';
import { config } from '#shared/config';
import { NotFound } from '#shared/domain/errors';
import { ProgressStore } from '#shared/data/progress-store';
import { readBody } from '#shared/http/body';
import { html, json, newNonce, wantsHtml } from '#shared/http/responses';
import { pageHandler } from '#shared/pages/handler';
import { preferencesPage } from '#shared/pages/pages';

const store = new ProgressStore(config().TABLE_NAME);

function sameKey(a: string, b: string): boolean {
  const [x, y] = [Buffer.from(a), Buffer.from(b)];
  return x.length === y.length && timingSafeEqual(x, y);
}

export const handler = pageHandler(async (event) => {
  const personId = event.pathParameters?.personId ?? '';
  const key = event.queryStringParameters?.key ?? '';
  const person = /^[a-f0-9]{16}$/.test(personId) ? await store.getPerson(personId) : undefined;
  // A wrong key looks exactly like an unknown person.
  if (!person || !sameKey(key, person.preferencesKey)) throw new NotFound('There is no such preferences page.');

  let saved = false;
  if (event.requestContext.http.method === 'POST') {
    const body = readBody(event);
    const fields = body.kind === 'form' ? body.fields : {};
    // RFC 8058 one-click unsubscribe posts `List-Unsubscribe=One-Click`.
    const enabled = fields['List-Unsubscribe'] === 'One-Click' ? false : fields.updateNotifications === 'on';
    await store.setUpdateNotifications(person.personId, enabled);
    person.preferences.updateNotifications = enabled;
    saved = true;
  }
  if (!wantsHtml(event)) return json(200, { personId: person.personId, preferences: person.preferences });
  const nonce = newNonce();
  return html(200, preferencesPage(nonce, person, key, saved), nonce);
});
