/** GET /: the board's dashboard, every priority with its status, trend and age, and the board's asks, oldest first. */

import { Barriers } from '#shared/data/barriers';
import { TableCore } from '#shared/data/core';
import { ProgrammeReads } from '#shared/data/programme';
import { emptySummary } from '#shared/domain/summary';
import { html, newNonce } from '#shared/http/responses';
import { pageHandler } from '#shared/pages/handler';
import { dashboardPage } from '#shared/pages/pages';
import { settingsFor } from '#shared/settings';
import { definition } from './definition.ts';

const settings = settingsFor(definition);
const table = new TableCore(settings.TABLE_NAME);
const programme = new ProgrammeReads(table);
const barriers = new Barriers(table);

export const handler = pageHandler(async () => {
  const [{ priorities, summaries, assessments }, log] = await Promise.all([programme.snapshot(), barriers.list()]);
  const nonce = newNonce();
  const rows = priorities.map((priority) => ({
    priority,
    summary: summaries.get(priority.id) ?? emptySummary(priority.id),
    assessment: assessments.get(priority.id),
  }));
  return html(200, dashboardPage(nonce, rows, log, settings.RATING_SCALE), nonce);
});
