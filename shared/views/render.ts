/**
 * Rendering the views (pages and emails) with Nunjucks' runtime-only build. Autoescaping is on,
 * so every value a view shows is escaped unless a template marks it safe.
 *
 * The views are compiled at build time (infra/views-compiler.ts, into shared/views/compiled):
 * nothing is read, lexed or compiled at run time. A caller names its view's compiled templates,
 * so each bundle holds only those of the views it renders.
 */

import { posix } from 'node:path';
import nunjucks from 'nunjucks/browser/nunjucks-slim.js';
import { formatGbp } from '#shared/domain/ask';
import { longDate } from '#shared/domain/calendar';
import { formatValue, type MeasureUnit } from '#shared/domain/measure';
import { levelOf, type Status } from '#shared/domain/rating';
import { statusColour } from '#shared/status-colours';

/** A view as the compiled modules export it: its name, and every template it needs by name. */
export interface CompiledView {
  name: string;
  templates: Record<string, object>;
}

/** The templates of the views rendered so far; the loader reads this object as it grows. */
const compiled: Record<string, object> = {};
const loader = new nunjucks.PrecompiledLoader(compiled);
// GOV.UK Frontend's templates name each other relatively (`../hint/macro.njk`); the runtime
// build has no path module to resolve them, and the names are the compiled names, not files.
loader.resolve = (from, to) => posix.join(posix.dirname(from), to);

const environment = new nunjucks.Environment(loader, {
  autoescape: true,
  throwOnUndefined: false,
});

environment.addFilter('statusLabel', (status: Status | null) => (status ? levelOf(status).label : 'Not yet rated'));
environment.addFilter('statusMeaning', (status: Status | null) => (status ? levelOf(status).meaning : 'No update has been recorded yet.'));
environment.addFilter('statusColour', (status: Status | null) => statusColour(status));
environment.addFilter('gbp', (amount: number | undefined) => (amount === undefined ? '' : formatGbp(amount)));
environment.addFilter('date', (iso: string | null) => (iso ? longDate(new Date(iso), 'Europe/London') : ''));
environment.addFilter('measureValue', (value: number, unit: MeasureUnit) => formatValue(unit, value));
environment.addFilter('daysAgo', (iso: string | null, now: string) => {
  if (!iso) return 'No update yet';
  const days = Math.floor((Date.parse(now) - Date.parse(iso)) / 86_400_000);
  return days <= 0 ? 'Today' : days === 1 ? '1 day ago' : `${days} days ago`;
});

export function renderView(view: CompiledView, context: Record<string, unknown>): string {
  Object.assign(compiled, view.templates);
  return environment.render(view.name, context);
}
