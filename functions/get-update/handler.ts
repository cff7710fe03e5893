/**
 * GET /priorities/{id}/updates/{updateId}: one recorded update. Browsers that followed the
 * redirect after a form post get a plain confirmation page; API clients get JSON.
 */
import { config } from '#shared/config';
import { NotFound } from '#shared/domain/errors';
import { levelOf } from '#shared/domain/rating';
import type { ProgressUpdate } from '#shared/domain/update';
import { ProgressStore } from '#shared/data/progress-store';
import { httpHandler } from '#shared/http/handler';
import { escapeHtml, html, json, wantsHtml } from '#shared/http/responses';

const store = new ProgressStore(config().TABLE_NAME);

export const handler = httpHandler(async (event) => {
  const priorityId = event.pathParameters?.id ?? '';
  const updateId = event.pathParameters?.updateId ?? '';
  const update = await store.getUpdate(priorityId, updateId);
  if (!update) throw new NotFound(`There is no update "${updateId}" for priority "${priorityId}".`);
  return wantsHtml(event) ? html(200, confirmationPage(update)) : json(200, update);
});

function list(title: string, items: string[]): string {
  if (items.length === 0) return '';
  return `<h2>${escapeHtml(title)}</h2><ul>${items.map((item) => `<li>${escapeHtml(item)}</li>`).join('')}</ul>`;
}

function confirmationPage(update: ProgressUpdate): string {
  const level = levelOf(update.status);
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Update recorded</title></head>
<body><main>
<h1>Update recorded</h1>
<p>Your update for <strong>${escapeHtml(update.priorityId)}</strong>, period ${escapeHtml(update.period)}, was recorded at ${escapeHtml(update.submittedAt)}.</p>
<p>Reference: <code>${escapeHtml(update.id)}</code></p>
<h2>Status: ${escapeHtml(level.label)}</h2>
<p>${escapeHtml(level.meaning)}</p>
${update.statusRationale ? `<h2>Why this rating</h2><p>${escapeHtml(update.statusRationale)}</p>` : ''}
<h2>Summary</h2><p>${escapeHtml(update.summary)}</p>
${list('Achievements', update.achievements)}
${list('Next steps', update.nextSteps)}
${list('Barriers', update.barriers.map((b) => (b.needsBoardSupport ? `${b.description} (needs board support)` : b.description)))}
</main></body></html>`;
}
