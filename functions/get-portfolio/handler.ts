/** GET /portfolio: how many priorities stand at each status, which ones, and the latest changes. */
import { config } from '#shared/config';
import { ratingScales } from '#shared/domain/rating';
import { portfolioView } from '#shared/domain/summary';
import { ProgressStore } from '#shared/data/progress-store';
import { httpHandler } from '#shared/http/handler';
import { json } from '#shared/http/responses';

const settings = config();
const store = new ProgressStore(settings.TABLE_NAME);

export const handler = httpHandler(async () => {
  const [programme, portfolio] = await Promise.all([store.getProgrammeProfile(), store.getPortfolio()]);
  const scale = ratingScales[settings.RATING_SCALE].map((level) => level.status);
  // Priorities rated on a finer scale before a switch to three points still count.
  const statuses = [...new Set([...scale, ...Object.values(portfolio.value.priorities).flatMap((entry) => (entry.status ? [entry.status] : []))])];
  return json(200, portfolioView(portfolio.value, programme?.priorityIds ?? Object.keys(portfolio.value.priorities), statuses));
});
