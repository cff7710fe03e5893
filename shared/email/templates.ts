/**
 * Email content: every message as accessible HTML (semantic tables, status as text, never
 * colour alone) and plain text, with the rating scale's meaning wherever a status is shown.
 */
import { levelOf, type Status } from '#shared/domain/rating';
import type { Barrier } from '#shared/domain/update';
import { html, type Markup } from '#shared/html';
import type {
  BoardDigest,
  DigestPortfolio,
  EmailContent,
  EmailTemplates,
  Links,
  PortfolioRow,
  PriorityDigest,
  Reminder,
  UpdateNotification,
} from '#shared/services/messages';

const statusLabel = (status: Status | null) => (status ? levelOf(status).label : 'Not yet rated');
const statusMeaning = (status: Status | null) => (status ? levelOf(status).meaning : 'No update has been recorded yet.');
const age = (days: number | null) => (days === null ? 'none yet' : days === 0 ? 'today' : days === 1 ? '1 day ago' : `${days} days ago`);

/** Subject lines are built from catalogue text and fixed words only, never from sponsor input; this strips anything header-breaking anyway. */
const subjectLine = (text: string) => text.replace(/[\r\n\t]+/g, ' ').slice(0, 200);

function page(title: string, body: Markup, links: Links): string {
  return html`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${title}</title></head>
<body style="font-family: Arial, sans-serif; line-height: 1.5; color: #0b0c0c; max-width: 40em">
${body}
<hr>
<p style="font-size: 0.9em">You receive this because you are named on the West Midlands recovery programme. <a href="${links.preferences}">Manage your email preferences or turn off update notifications</a>. Digests and reminders are part of the role and stay on.</p>
</body></html>`.value;
}

function textFooter(links: Links): string {
  return `\n--\nManage your email preferences or turn off update notifications: ${links.preferences}\nDigests and reminders are part of the role and stay on.\n`;
}

function statusBlock(status: Status | null): Markup {
  return html`<p><strong>Status: ${statusLabel(status)}</strong><br><span>${statusMeaning(status)}</span></p>`;
}

function barrierList(barriers: readonly Barrier[]): Markup {
  if (barriers.length === 0) return html`<p>None recorded.</p>`;
  return html`<ul>${barriers.map((b) => html`<li>${b.description}${b.needsBoardSupport ? html` <strong>(needs board support)</strong>` : ''}</li>`)}</ul>`;
}

const textBarriers = (barriers: readonly Barrier[]) =>
  barriers.length === 0 ? '  None recorded.' : barriers.map((b) => `  - ${b.description}${b.needsBoardSupport ? ' (needs board support)' : ''}`).join('\n');

/** A table whose rows are headed by their first cell. */
function table(caption: string, columns: readonly string[], rows: readonly (readonly [string, ...(string | number)[]])[]): Markup {
  return html`<table style="border-collapse: collapse" cellpadding="6" border="1">
<caption>${caption}</caption>
<thead><tr>${columns.map((column) => html`<th scope="col">${column}</th>`)}</tr></thead>
<tbody>${rows.map(([head, ...cells]) => html`<tr><th scope="row">${head}</th>${cells.map((cell) => html`<td>${cell}</td>`)}</tr>`)}</tbody></table>`;
}

function portfolioTable(rows: readonly PortfolioRow[], caption = 'Every priority, its status and when it was last updated'): Markup {
  return table(
    caption,
    ['Priority', 'Status', 'Change since the last digest', 'Last update'],
    rows.map((row) => [row.title, statusLabel(row.status), row.change, age(row.daysSinceUpdate)]),
  );
}

const textPortfolio = (rows: readonly PortfolioRow[]) =>
  rows.map((row) => `- ${row.title}: ${statusLabel(row.status)} (${row.change}; last update: ${age(row.daysSinceUpdate)})`).join('\n');

const changedCaption = 'Priorities whose status changed since the last digest';
const noneChanged = 'No priority’s status changed since the last digest.';
const andMore = (more: number) => `And ${more} more ${more === 1 ? 'priority whose status' : 'priorities whose status'} changed.`;

/** A sponsor's or delivery lead's portfolio: the whole table, or the counts and the changes as the digest service chose. */
function digestPortfolioHtml(portfolio: DigestPortfolio): Markup {
  if (portfolio.kind === 'whole') return portfolioTable(portfolio.rows);
  return html`${table(
    `The ${portfolio.priorities} priorities by status`,
    ['Status', 'Priorities'],
    portfolio.counts.map((count) => [statusLabel(count.status), count.priorities]),
  )}
<h3>${changedCaption}</h3>
${portfolio.changed.length ? portfolioTable(portfolio.changed, changedCaption) : html`<p>${noneChanged}</p>`}
${portfolio.more ? html`<p>${andMore(portfolio.more)}</p>` : ''}
<p><a href="${portfolio.dashboardUrl}">See every priority on the dashboard</a></p>`;
}

function digestPortfolioText(portfolio: DigestPortfolio): string {
  if (portfolio.kind === 'whole') return textPortfolio(portfolio.rows);
  return `The ${portfolio.priorities} priorities by status:
${portfolio.counts.map((count) => `- ${statusLabel(count.status)}: ${count.priorities}`).join('\n')}

${changedCaption}:
${portfolio.changed.length ? textPortfolio(portfolio.changed) : `  ${noneChanged}`}${portfolio.more ? `\n${andMore(portfolio.more)}` : ''}

See every priority on the dashboard: ${portfolio.dashboardUrl}`;
}

const statusesOf = (portfolio: DigestPortfolio) => (portfolio.kind === 'whole' ? portfolio.rows : portfolio.counts).map((entry) => entry.status);

const scaleNote = (shown: readonly (Status | null)[]) => {
  const used = [...new Set(shown.flatMap((status) => (status ? [status] : [])))];
  return used.map((status) => `${levelOf(status).label}: ${levelOf(status).meaning}`);
};

function updateNotification(input: UpdateNotification): EmailContent {
  const { update, priorityTitle, previousStatus } = input;
  const change = previousStatus && previousStatus !== update.status ? ` (was ${statusLabel(previousStatus)})` : '';
  const subject = subjectLine(`${priorityTitle}: new update, ${statusLabel(update.status)}${change}`);
  const body = html`<h1>${priorityTitle}: new progress update</h1>
<p>An update for ${update.period} was recorded${update.author.name ? html` by ${update.author.name}` : ''}.</p>
${statusBlock(update.status)}
${previousStatus && previousStatus !== update.status ? html`<p>The status was ${statusLabel(previousStatus)} before this update.</p>` : ''}
${update.statusRationale ? html`<h2>Why this rating</h2><p>${update.statusRationale}</p>` : ''}
<h2>Summary</h2><p>${update.summary}</p>
<h2>Barriers</h2>${barrierList(update.barriers)}
<p><a href="${input.priorityUrl}">See the priority and its history</a></p>`;
  const text = `${priorityTitle}: new progress update for ${update.period}${update.author.name ? ` by ${update.author.name}` : ''}

Status: ${statusLabel(update.status)}${change}
${statusMeaning(update.status)}
${update.statusRationale ? `\nWhy this rating: ${update.statusRationale}\n` : ''}
Summary: ${update.summary}

Barriers:
${textBarriers(update.barriers)}

See the priority: ${input.priorityUrl}
${textFooter(input.links)}`;
  return { subject, html: page(subject, body, input.links), text };
}

function priorityDigest(input: PriorityDigest): EmailContent {
  const { own } = input;
  const subject = subjectLine(`Weekly recovery digest: ${own.title} is ${statusLabel(own.status)}`);
  const boardAsks = own.openBarriers.filter((b) => b.needsBoardSupport);
  const body = html`<h1>Weekly recovery digest</h1>
<h2>${own.title}</h2>
${statusBlock(own.status)}
<h3>Open barriers</h3>${barrierList(own.openBarriers)}
<h3>Asks for board support</h3>${boardAsks.length ? barrierList(boardAsks) : html`<p>None.</p>`}
<p><a href="${input.postUpdateUrl}">Post the update for ${input.period}</a> (this personal link works until ${input.linkExpiresAt.slice(0, 10)}; do not forward it).</p>
<h2>The portfolio</h2>
${digestPortfolioHtml(input.portfolio)}
<h3>What the ratings mean</h3><ul>${scaleNote(statusesOf(input.portfolio)).map((line) => html`<li>${line}</li>`)}</ul>`;
  const text = `Weekly recovery digest

${own.title}
Status: ${statusLabel(own.status)}
${statusMeaning(own.status)}

Open barriers:
${textBarriers(own.openBarriers)}

Post the update for ${input.period} (personal link, valid until ${input.linkExpiresAt.slice(0, 10)}; do not forward it):
${input.postUpdateUrl}

The portfolio:
${digestPortfolioText(input.portfolio)}

What the ratings mean:
${scaleNote(statusesOf(input.portfolio)).map((line) => `- ${line}`).join('\n')}
${textFooter(input.links)}`;
  return { subject, html: page(subject, body, input.links), text };
}

function boardDigest(input: BoardDigest): EmailContent {
  const missing = input.missing.length === 1 ? '1 priority' : `${input.missing.length} priorities`;
  const subject = subjectLine(`Weekly recovery digest for the board: ${missing} without an update for ${input.period}`);
  const body = html`<h1>Weekly recovery digest for the board</h1>
${portfolioTable(input.rows)}
<h2>No update yet for ${input.period}</h2>
${input.missing.length ? html`<ul>${input.missing.map((m) => html`<li>${m.title} (last update: ${age(m.daysSinceUpdate)})</li>`)}</ul>` : html`<p>Every priority has reported.</p>`}
<h2>Barriers needing board support</h2>
${input.boardAsks.length ? input.boardAsks.map((ask) => html`<h3>${ask.title}</h3>${barrierList(ask.barriers)}`) : html`<p>None.</p>`}
<h3>What the ratings mean</h3><ul>${scaleNote(input.rows.map((row) => row.status)).map((line) => html`<li>${line}</li>`)}</ul>
<p><a href="${input.dashboardUrl}">Open the dashboard</a></p>`;
  const text = `Weekly recovery digest for the board

${textPortfolio(input.rows)}

No update yet for ${input.period}:
${input.missing.length ? input.missing.map((m) => `- ${m.title} (last update: ${age(m.daysSinceUpdate)})`).join('\n') : '  Every priority has reported.'}

Barriers needing board support:
${input.boardAsks.length ? input.boardAsks.map((ask) => `${ask.title}\n${textBarriers(ask.barriers)}`).join('\n') : '  None.'}

What the ratings mean:
${scaleNote(input.rows.map((row) => row.status)).map((line) => `- ${line}`).join('\n')}

Open the dashboard: ${input.dashboardUrl}
${textFooter(input.links)}`;
  return { subject, html: page(subject, body, input.links), text };
}

function reminder(input: Reminder): EmailContent {
  const subject = subjectLine(`Reminder: ${input.title} has no update for ${input.period}`);
  const body = html`<h1>Reminder: an update is due</h1>
<p>${input.title} has no progress update for ${input.period}. Last update: ${age(input.daysSinceUpdate)}.</p>
<p><a href="${input.postUpdateUrl}">Post the update now</a> (this personal link works until ${input.linkExpiresAt.slice(0, 10)}; do not forward it).</p>
<p>Reminders come once a week and stop as soon as an update arrives.</p>`;
  const text = `Reminder: an update is due

${input.title} has no progress update for ${input.period}. Last update: ${age(input.daysSinceUpdate)}.

Post the update now (personal link, valid until ${input.linkExpiresAt.slice(0, 10)}; do not forward it):
${input.postUpdateUrl}

Reminders come once a week and stop as soon as an update arrives.
${textFooter(input.links)}`;
  return { subject, html: page(subject, body, input.links), text };
}

export const templates: EmailTemplates = { updateNotification, priorityDigest, boardDigest, reminder };
