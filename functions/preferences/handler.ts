/**
 * GET/POST /people/{personId}/preferences?key=…: the link in every email's footer and its
 * List-Unsubscribe header. It switches one person's per-update notifications; digests stay on.
 */
import { timingSafeEqual } from 'node:crypto';
import { config } from '#shared/config';
import { NotFound } from '#shared/domain/errors';
import type { Person } from '#shared/domain/people';
import { ProgressStore } from '#shared/data/progress-store';
import { html } from '#shared/email/html';
import { readBody } from '#shared/http/body';
import { httpHandler } from '#shared/http/handler';
import { html as htmlResponse, json, wantsHtml } from '#shared/http/responses';

const store = new ProgressStore(config().TABLE_NAME);

function sameKey(a: string, b: string): boolean {
  const [x, y] = [Buffer.from(a), Buffer.from(b)];
  return x.length === y.length && timingSafeEqual(x, y);
}

function page(person: Person, key: string, saved: boolean): string {
  const on = person.preferences.updateNotifications;
  return html`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>Email preferences</title></head>
<body><main>
<h1>Email preferences</h1>
${saved ? html`<p role="status"><strong>Your preferences have been saved.</strong></p>` : ''}
<p>For ${person.name} (${person.email}).</p>
<form method="post" action="?key=${key}">
<fieldset><legend>Emails about each new progress update</legend>
<p><label><input type="radio" name="updateNotifications" value="on"${on ? html` checked` : ''}> Send them</label></p>
<p><label><input type="radio" name="updateNotifications" value="off"${on ? '' : html` checked`}> Do not send them</label></p>
</fieldset>
<p>The weekly digest and reminders are part of the role and are always sent.</p>
<button type="submit">Save preferences</button>
</form>
</main></body></html>`.value;
}

export const handler = httpHandler(async (event) => {
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
  return htmlResponse(200, page(person, key, saved));
});
