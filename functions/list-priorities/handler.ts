/** GET /priorities: the programme's catalogue with each priority's current summary. */

import { TableCore } from '#shared/data/core';
import { ProgrammeReads } from '#shared/data/programme';
import { emptySummary } from '#shared/domain/summary';
import { httpHandler } from '#shared/http/handler';
import { assessmentViews, priorityView, ratingScaleView } from '#shared/http/publish';
import { json } from '#shared/http/responses';
import { settingsFor } from '#shared/settings';
import { definition } from './definition.ts';

const settings = settingsFor(definition);
const programmeReads = new ProgrammeReads(new TableCore(settings.TABLE_NAME));

export const handler = httpHandler(async () => {
  const { programme, priorities, summaries, assessments } = await programmeReads.snapshot();
  return json(200, {
    programme: programme ? { ...programme, priorityIds: undefined } : null,
    ratingScale: ratingScaleView(settings.RATING_SCALE),
    priorities: priorities.map((priority) => priorityView(priority, summaries.get(priority.id) ?? emptySummary(priority.id))),
    assessments: Object.fromEntries(
      priorities.flatMap((priority) => {
        const { assessment } = assessmentViews(
          summaries.get(priority.id) ?? emptySummary(priority.id),
          assessments.get(priority.id),
          [],
          settings.RATING_SCALE,
        );
        return assessment ? [[priority.id, assessment]] : [];
      }),
    ),
  });
});
