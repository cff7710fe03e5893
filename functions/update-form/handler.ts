/**
 * GET /priorities/{id}/updates/new?token=…: the page a personal link opens, a plain form
 * that posts an update for the token's own priority.
 */
import { config } from '#shared/config';
import { authenticate, authoriseFor, tokenIdOf } from '#shared/domain/credential';
import { NotFound, Unauthorised } from '#shared/domain/errors';
import { ratingScales } from '#shared/domain/rating';
import { ProgressStore } from '#shared/data/progress-store';
import { html } from '#shared/email/html';
import { httpHandler } from '#shared/http/handler';
import { html as htmlResponse } from '#shared/http/responses';

const settings = config();
const store = new ProgressStore(settings.TABLE_NAME);

export const handler = httpHandler(async (event) => {
  const priorityId = event.pathParameters?.id ?? '';
  const token = event.queryStringParameters?.token ?? '';
  const tokenId = tokenIdOf(token);
  if (!tokenId) throw new Unauthorised('This page needs the personal link from your email.');
  const [credential, found] = await Promise.all([store.getCredential(tokenId), store.getPriority(priorityId)]);
  const verified = authenticate(token, credential);
  if (!found) throw new NotFound(`There is no priority "${priorityId}".`);
  const author = authoriseFor(verified, priorityId);
  const { priority, summary } = found;
  const levels = ratingScales[settings.RATING_SCALE];
  const body = html`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>Progress update: ${priority.title}</title></head>
<body><main>
<h1>Progress update: ${priority.title}</h1>
<p>Posting as ${author.name ?? 'the sponsor'}. Current status: ${summary.status ?? 'not yet rated'}.</p>
<form method="post" action="/priorities/${priority.id}/updates">
<input type="hidden" name="token" value="${token}">
<input type="hidden" name="submissionId" value="${crypto.randomUUID()}">
<fieldset><legend>Delivery confidence</legend>
${levels.map((level) => html`<p><label><input type="radio" name="status" value="${level.status}"${summary.status === level.status ? html` checked` : ''}> <strong>${level.label}</strong>: ${level.meaning}</label></p>`)}
</fieldset>
<p><label>Why this rating (required when it changes, or for amber/red and red)<br><textarea name="statusRationale" rows="3" cols="60"></textarea></label></p>
<p><label>Period (YYYY-MM or YYYY-Qn)<br><input name="period" required pattern="\\d{4}-(0[1-9]|1[0-2]|Q[1-4])"></label></p>
<p><label>Summary of progress<br><textarea name="summary" rows="6" cols="60" required maxlength="5000"></textarea></label></p>
<p><label>Achievements (one per line)<br><textarea name="achievements" rows="4" cols="60"></textarea></label></p>
<p><label>Next steps (one per line)<br><textarea name="nextSteps" rows="4" cols="60"></textarea></label></p>
<p><label>Barriers (one per line)<br><textarea name="barriers" rows="3" cols="60"></textarea></label></p>
<p><label>Barriers that need the board's support (one per line)<br><textarea name="boardSupportBarriers" rows="3" cols="60"></textarea></label></p>
<button type="submit">Record the update</button>
</form>
</main></body></html>`;
  return htmlResponse(200, body.value, { 'referrer-policy': 'no-referrer' });
});
