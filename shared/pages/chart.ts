/**
 * Status over time as a server-rendered SVG: one point per update on the delivery confidence
 * scale, with a title and description for assistive technology. The page also shows the
 * same data as a table, so the chart is never the only way to read it.
 */
import { levelOf, type Status, statuses } from '#shared/domain/rating';
import { html, type Markup } from '#shared/html';

export interface ChartPoint {
  label: string;
  status: Status;
  at: string;
}

const width = 640;
const rowHeight = 36;
const left = 110;
const right = 20;
const top = 16;

export function statusChart(points: readonly ChartPoint[]): Markup {
  const height = top * 2 + rowHeight * (statuses.length - 1);
  const y = (status: Status) => top + rowHeight * statuses.indexOf(status);
  const step = points.length > 1 ? (width - left - right) / (points.length - 1) : 0;
  const x = (i: number) => left + (points.length > 1 ? i * step : (width - left - right) / 2);
  const path = points.map((p, i) => `${i === 0 ? 'M' : 'L'}${x(i).toFixed(1)},${y(p.status)}`).join(' ');
  const description = points.length
    ? `${points.length} updates, from ${levelOf(points[0]!.status).label} (${points[0]!.label}) to ${levelOf(points[points.length - 1]!.status).label} (${points[points.length - 1]!.label}).`
    : 'No updates yet.';
  return html`<svg class="app-status-chart" viewBox="0 0 ${width} ${height}" role="img" aria-labelledby="chart-title chart-desc" xmlns="http://www.w3.org/2000/svg">
<title id="chart-title">Delivery confidence over time</title>
<desc id="chart-desc">${description}</desc>
${statuses.map(
  (status) =>
    html`<line x1="${left}" x2="${width - right}" y1="${y(status)}" y2="${y(status)}" class="app-status-chart__grid"/><text x="${left - 8}" y="${y(status) + 5}" text-anchor="end" class="app-status-chart__label">${levelOf(status).label}</text>`,
)}
${points.length > 1 ? html`<path d="${path}" class="app-status-chart__line"/>` : ''}
${points.map((p, i) => html`<circle cx="${x(i).toFixed(1)}" cy="${y(p.status)}" r="6" class="app-status-chart__point app-status-chart__point--${p.status}"><title>${p.label}: ${levelOf(p.status).label}</title></circle>`)}
</svg>`;
}
