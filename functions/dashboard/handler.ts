/**
 * GET /: the board's dashboard, every priority with its status, trend and age, the board's asks,
 * oldest first, and the asks of government: £ secured of £ asked, and those that moved since the last digest.
 */

import { Barriers } from '#shared/data/barriers';
import { Commitments } from '#shared/data/commitments';
import { TableCore } from '#shared/data/core';
import { DigestBaselines } from '#shared/data/digest-baseline';
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
const commitments = new Commitments(table);
const baselines = new DigestBaselines(table);

export const handler = pageHandler(async () => {
  const [{ priorities, summaries, assessments }, log, tracked, baseline] = await Promise.all([
    programme.snapshot(),
    barriers.list(),
    commitments.asks(),
    baselines.get(),
  ]);
  const nonce = newNonce();
  const rows = priorities.map((priority) => ({
    priority,
    summary: summaries.get(priority.id) ?? emptySummary(priority.id),
    assessment: assessments.get(priority.id),
  }));
  const asks = tracked.map(({ value }) => value);
  return html(200, dashboardPage(nonce, rows, log, settings.RATING_SCALE, { asks, since: baseline?.at }), nonce);
});
