/** GET /portfolio: how many priorities stand at each status, which ones, and the latest changes. */

import { Catalogue } from '#shared/data/catalogue';
import { TableCore } from '#shared/data/core';
import { Summaries } from '#shared/data/summaries';
import { ratingScales } from '#shared/domain/rating';
import { portfolioOf, portfolioView } from '#shared/domain/summary';
import { httpHandler } from '#shared/http/handler';
import { json } from '#shared/http/responses';
import { settingsFor } from '#shared/settings';
import { definition } from './definition.ts';

const settings = settingsFor(definition);
const table = new TableCore(settings.TABLE_NAME);
const catalogue = new Catalogue(table);
const summaries = new Summaries(table);

export const handler = httpHandler(async () => {
  const [programme, all] = await Promise.all([catalogue.programmeProfile(), summaries.all()]);
  const portfolio = portfolioOf(all);
  const scale = ratingScales[settings.RATING_SCALE].map((level) => level.status);
  // Priorities rated on a finer scale before a switch to three points still count.
  const statuses = [...new Set([...scale, ...Object.values(portfolio.priorities).flatMap((entry) => (entry.status ? [entry.status] : []))])];
  return json(200, portfolioView(portfolio, programme?.priorityIds ?? Object.keys(portfolio.priorities), statuses));
});
