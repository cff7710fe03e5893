/**
 * GET /priorities/{id}: one priority, its summary, its latest updates, its barrier log and its
 * milestones and measures; for a browser, its page with history, charts and tables.
 */

import { Assessments } from '#shared/data/assessments';
import { Barriers } from '#shared/data/barriers';
import { Commitments } from '#shared/data/commitments';
import { TableCore } from '#shared/data/core';
import { ProgrammeReads } from '#shared/data/programme';
import { Updates } from '#shared/data/updates';
import { currentOf } from '#shared/domain/assessment';
import { londonDate } from '#shared/domain/calendar';
import { NotFound } from '#shared/domain/errors';
import { priorityIdOf } from '#shared/http/params';
import { assessmentViews, priorityView, publishedBarrier, publishedMeasure, publishedMilestone, publishedUpdates, ratingScaleView } from '#shared/http/publish';
import { html, json, newNonce, wantsHtml } from '#shared/http/responses';
import { priorityCommitmentsView } from '#shared/pages/commitments';
import { pageHandler } from '#shared/pages/handler';
import { priorityPage } from '#shared/pages/pages';
import { settingsFor } from '#shared/settings';
import { definition } from './definition.ts';

const settings = settingsFor(definition);
const table = new TableCore(settings.TABLE_NAME);
const programme = new ProgrammeReads(table);
const updates = new Updates(table);
const barriers = new Barriers(table);
const assessments = new Assessments(table);
const commitments = new Commitments(table);

/** Updates a page shows, for the chart and the history; older ones are in the CSV. */
const pageHistory = 24;

export const handler = pageHandler(async (event) => {
  const priorityId = priorityIdOf(event);
  const browser = wantsHtml(event);
  const [found, latest, log, assessed, committed] = await Promise.all([
    programme.priority(priorityId),
    updates.list(priorityId, { limit: browser ? pageHistory : settings.LATEST_UPDATES }),
    barriers.list(priorityId),
    assessments.history(priorityId),
    commitments.list(priorityId),
  ]);
  const milestones = committed.milestones.map(({ value }) => value);
  const measures = committed.measures.map(({ value }) => value);
  if (!found) throw new NotFound(`There is no priority "${priorityId}".`);
  // The history has an assessment the moment it is recorded; the copy beside the summary follows from the stream.
  const current = currentOf([found.assessment, ...assessed]);
  if (browser) {
    const nonce = newNonce();
    return html(
      200,
      priorityPage(
        nonce,
        found.priority,
        found.summary,
        latest.updates,
        log,
        { current, history: assessed, scale: settings.RATING_SCALE },
        committed.asks.map(({ value }) => value),
        priorityCommitmentsView({ milestones, measures }, settings.MEASURE_TOLERANCE_PERCENT),
      ),
      nonce,
    );
  }
  return json(200, {
    ...priorityView(found.priority, found.summary),
    ratingScale: ratingScaleView(settings.RATING_SCALE),
    barriers: log.map(publishedBarrier),
    latestUpdates: publishedUpdates(latest.updates),
    ...assessmentViews(found.summary, current, assessed, settings.RATING_SCALE),
    milestones: milestones.map((milestone) => publishedMilestone(milestone, londonDate(new Date()))),
    measures: measures.map((measure) => publishedMeasure(measure, settings.MEASURE_TOLERANCE_PERCENT)),
  });
});
