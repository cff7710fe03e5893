/**
 * Server-rendered pages with GOV.UK Frontend's Nunjucks templates. Autoescaping is on, so
 * every value a page shows is escaped unless a template marks it safe.
 *
 * Templates are read from disk: beside this module in development, and beside the bundle in
 * Lambda, where the build copies `views/` and GOV.UK Frontend's templates next to the handler.
 */
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import nunjucks from 'nunjucks';
import { levelOf, type Status } from '#shared/domain/rating';

const here = import.meta.dirname;

function govukTemplates(): string {
  const bundled = join(here, 'govuk-frontend');
  if (existsSync(join(bundled, 'govuk', 'template.njk'))) return bundled;
  return join(dirname(createRequire(import.meta.url).resolve('govuk-frontend/package.json')), 'dist');
}

const environment = new nunjucks.Environment(new nunjucks.FileSystemLoader([join(here, 'views'), govukTemplates()], { noCache: false }), {
  autoescape: true,
  throwOnUndefined: false,
});

/** A GOV.UK tag colour for each level, always shown with the level's name as text. */
const tagColour: Record<Status, string> = {
  green: 'govuk-tag--green',
  'amber-green': 'govuk-tag--turquoise',
  amber: 'govuk-tag--yellow',
  'amber-red': 'govuk-tag--orange',
  red: 'govuk-tag--red',
};

environment.addFilter('statusLabel', (status: Status | null) => (status ? levelOf(status).label : 'Not yet rated'));
environment.addFilter('statusMeaning', (status: Status | null) => (status ? levelOf(status).meaning : 'No update has been recorded yet.'));
environment.addFilter('statusTagClass', (status: Status | null) => (status ? tagColour[status] : 'govuk-tag--grey'));
environment.addFilter('date', (iso: string | null) =>
  iso ? new Date(iso).toLocaleDateString('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'Europe/London' }) : '',
);
environment.addFilter('daysAgo', (iso: string | null, now: string) => {
  if (!iso) return 'No update yet';
  const days = Math.floor((Date.parse(now) - Date.parse(iso)) / 86_400_000);
  return days <= 0 ? 'Today' : days === 1 ? '1 day ago' : `${days} days ago`;
});

export const serviceName = 'Recovery progress';

export function renderPage(view: string, context: Record<string, unknown> & { cspNonce: string }): string {
  return environment.render(view, { serviceName, serviceUrl: '/', assetPath: '/assets', now: new Date().toISOString(), ...context });
}
