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

/** What a measure's chart draws: its baseline and target, and its values each dated by its period's last day. */
export interface MeasureChartInput {
  measureId: string;
  name: string;
  baseline: { value: number; date: string };
  target: { value: number; date: string };
  baselineText: string;
  targetText: string;
  values: readonly { period: string; value: number; text: string; date?: string }[];
}

const chartHeight = 220;
const dayNumber = (date: string) => Date.parse(`${date}T00:00:00Z`) / 86_400_000;

/**
 * A measure over time as a server-rendered SVG: its values joined by a line, the straight line
 * from baseline to target it is expected to follow (dashed), and the target as a level. The page
 * shows the same figures as a table beside it.
 */
export function measureChart(measure: MeasureChartInput, dateOf: (period: string) => string): Markup {
  const points = measure.values.map((entry) => ({ ...entry, day: dayNumber(dateOf(entry.period)) }));
  const days = [dayNumber(measure.baseline.date), dayNumber(measure.target.date), ...points.map((p) => p.day)];
  const amounts = [measure.baseline.value, measure.target.value, ...points.map((p) => p.value)];
  const [firstDay, lastDay] = [Math.min(...days), Math.max(...days)];
  const [low, high] = [Math.min(...amounts), Math.max(...amounts)];
  const x = (day: number) => left + ((width - left - right) * (day - firstDay)) / Math.max(1, lastDay - firstDay);
  const y = (amount: number) => chartHeight - top - ((chartHeight - top * 2) * (amount - low)) / Math.max(Number.EPSILON, high - low);
  const id = `measure-${measure.measureId}`;
  const path = points.map((p, i) => `${i === 0 ? 'M' : 'L'}${x(p.day).toFixed(1)},${y(p.value).toFixed(1)}`).join(' ');
  const latest = points[points.length - 1];
  const description = latest
    ? `${points.length} values, the latest ${latest.text} for ${latest.period}; baseline ${measure.baselineText} on ${measure.baseline.date}, target ${measure.targetText} by ${measure.target.date}.`
    : `No values yet; baseline ${measure.baselineText} on ${measure.baseline.date}, target ${measure.targetText} by ${measure.target.date}.`;
  const [bx, by, tx, ty] = [x(dayNumber(measure.baseline.date)), y(measure.baseline.value), x(dayNumber(measure.target.date)), y(measure.target.value)];
  return html`<svg class="app-measure-chart" viewBox="0 0 ${width} ${chartHeight}" role="img" aria-labelledby="${id}-title ${id}-desc" xmlns="http://www.w3.org/2000/svg">
<title id="${id}-title">${measure.name} over time, against its target</title>
<desc id="${id}-desc">${description}</desc>
<line x1="${left}" x2="${width - right}" y1="${ty.toFixed(1)}" y2="${ty.toFixed(1)}" class="app-measure-chart__target"/><text x="${left - 8}" y="${(ty + 5).toFixed(1)}" text-anchor="end" class="app-status-chart__label">Target ${measure.targetText}</text>
<text x="${left - 8}" y="${(by + 5).toFixed(1)}" text-anchor="end" class="app-status-chart__label">Baseline ${measure.baselineText}</text>
<path d="M${bx.toFixed(1)},${by.toFixed(1)} L${tx.toFixed(1)},${ty.toFixed(1)}" class="app-measure-chart__plan"/>
${points.length > 1 ? html`<path d="${path}" class="app-status-chart__line"/>` : ''}
${points.map((p) => html`<circle cx="${x(p.day).toFixed(1)}" cy="${y(p.value).toFixed(1)}" r="5" class="app-measure-chart__point"><title>${p.period}: ${p.text}</title></circle>`)}
</svg>`;
}
