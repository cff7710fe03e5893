/**
 * GET /: the board's dashboard, every priority with its status, trend and age, the board's asks,
 * oldest first, the asks of government (£ secured of £ asked, those that moved since the last digest), the late and
 * slipping milestones and each measure against its target.
 */

import { Barriers } from '#shared/data/barriers';
import { Commitments } from '#shared/data/commitments';
import { TableCore } from '#shared/data/core';
import { DigestBaselines } from '#shared/data/digest-baseline';
import { ProgrammeReads } from '#shared/data/programme';
import { emptySummary } from '#shared/domain/summary';
import { html, newNonce } from '#shared/http/responses';
import { dashboardCommitmentsView } from '#shared/pages/commitments';
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
  const [{ priorities, summaries, assessments }, log, committed, baseline] = await Promise.all([
    programme.snapshot(),
    barriers.list(),
    commitments.list(),
    baselines.get(),
  ]);
  const nonce = newNonce();
  const rows = priorities.map((priority) => ({
    priority,
    summary: summaries.get(priority.id) ?? emptySummary(priority.id),
    assessment: assessments.get(priority.id),
  }));
  const titles = new Map(priorities.map((priority) => [priority.id, priority.title]));
  const values = <T>(items: readonly { value: T }[]) => items.map(({ value }) => value);
  const section = dashboardCommitmentsView(
    { milestones: values(committed.milestones), measures: values(committed.measures) },
    titles,
    settings.MEASURE_TOLERANCE_PERCENT,
  );
  return html(200, dashboardPage(nonce, rows, log, settings.RATING_SCALE, { asks: values(committed.asks), since: baseline?.at }, section), nonce);
});
