/**
 * Email content: every message as accessible HTML and plain text, with the same information in
 * both. The HTML has one layout, built for email clients (tables, inline styles, nothing loaded
 * from elsewhere): a header band with the programme's name, the message, and the footer with
 * the preferences link. A status is always its name as text, in its colour (shared/status-colours.ts),
 * never colour alone, with the rating scale's meaning wherever a status is shown.
 */
import { barrierStatusLabels } from '#shared/domain/barrier';
import { levelOf, type Status } from '#shared/domain/rating';
import type { Barrier } from '#shared/domain/update';
import { html, type Markup } from '#shared/html';
import type {
  BoardAsk,
  BoardDigest,
  BoardResponseNotice,
  BoardPackNotice,
  DigestPortfolio,
  EmailContent,
  EmailTemplates,
  EscalationNotice,
  IndependentRating,
  Links,
  PortfolioRow,
  PriorityDigest,
  Reminder,
  UpdateNotification,
} from '#shared/services/messages';
import { statusColour } from '#shared/status-colours';

const statusLabel = (status: Status | null) => (status ? levelOf(status).label : 'Not yet rated');
const statusMeaning = (status: Status | null) => (status ? levelOf(status).meaning : 'No update has been recorded yet.');
/** A calendar date (`YYYY-MM-DD`) as people write it: 31 March 2021. */
const longDate = (date: string) => new Date(`${date}T12:00:00Z`).toLocaleDateString('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });
const age = (days: number | null) => (days === null ? 'none yet' : days === 0 ? 'today' : days === 1 ? '1 day ago' : `${days} days ago`);

/** Subject lines are built from catalogue text and fixed words only, never from sponsor input; this strips anything header-breaking anyway. */
const subjectLine = (text: string) => text.replace(/[\r\n\t]+/g, ' ').slice(0, 200);

/** The layout's colours: GOV.UK's text, secondary text, border and brand blue. */
const colours = { text: '#0b0c0c', secondary: '#505a5f', border: '#b1b4b6', brand: '#1d70b8', page: '#f3f2f1', white: '#ffffff' };
const font = 'font-family: Arial, Helvetica, sans-serif';
/** Inline styles, since many email clients drop style sheets. */
const style = (css: string) => html`style="${css}"`;
const styles = {
  h1: style(`${font}; margin: 0 0 16px; font-size: 26px; line-height: 1.25`),
  h2: style(`${font}; margin: 24px 0 8px; font-size: 21px; line-height: 1.3`),
  h3: style(`${font}; margin: 20px 0 8px; font-size: 18px; line-height: 1.3`),
  table: style(`${font}; border-collapse: collapse; width: 100%; margin: 0 0 16px; font-size: 15px; line-height: 1.4`),
  caption: style('text-align: left; font-weight: bold; padding: 0 0 8px'),
  cell: style(`border-bottom: 1px solid ${colours.border}; text-align: left; vertical-align: top`),
};

/** A status as its name, in its colour: the label is always there, so the colour is never alone. */
function statusTag(status: Status | null): Markup {
  const { text, background } = statusColour(status);
  return html`<strong ${style(`display: inline-block; padding: 2px 8px; font-weight: bold; color: ${text}; background-color: ${background}`)}>${statusLabel(status)}</strong>`;
}

const whyYouGetThis = (programme: string) => `You receive this because you are named on the ${programme} programme.`;
const managePreferences = 'Manage your email preferences or turn off update notifications';
const staysOn = 'Digests and reminders are part of the role and stay on.';

/** Every email's HTML: the header band with the programme's name, the message, the footer; 600 pixels at most. */
function layout(programme: string, title: string, body: Markup, links: Links): string {
  return html`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${title}</title></head>
<body ${style(`margin: 0; padding: 0; background-color: ${colours.page}`)}>
<table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0" ${style(`background-color: ${colours.page}`)}><tr><td align="center" ${style('padding: 16px 8px')}>
<table role="presentation" width="600" cellpadding="0" cellspacing="0" border="0" ${style(`width: 100%; max-width: 600px; background-color: ${colours.white}`)}>
<tr><td ${style(`${font}; padding: 16px 24px; font-size: 20px; line-height: 1.3; font-weight: bold; color: ${colours.white}; background-color: ${colours.brand}`)}>${programme}</td></tr>
<tr><td ${style(`${font}; padding: 24px; font-size: 16px; line-height: 1.5; color: ${colours.text}`)}>
${body}
</td></tr>
<tr><td ${style(`${font}; padding: 16px 24px; border-top: 1px solid ${colours.border}; font-size: 14px; line-height: 1.5; color: ${colours.secondary}`)}>${whyYouGetThis(programme)} <a href="${links.preferences}">${managePreferences}</a>. ${staysOn}</td></tr>
</table>
</td></tr></table>
</body></html>`.value;
}

/** A message's subject, the HTML inside the layout, and its plain text without the layout's name and footer. */
interface Draft {
  subject: string;
  body: Markup;
  text: string;
}

/** Every email's plain text: the programme's name, the message, the footer. */
function textLayout(programme: string, text: string, links: Links): string {
  return `${programme}\n\n${text}\n\n--\n${whyYouGetThis(programme)}\n${managePreferences}: ${links.preferences}\n${staysOn}\n`;
}

function statusBlock(status: Status | null): Markup {
  return html`<p><strong>Status:</strong> ${statusTag(status)}<br><span>${statusMeaning(status)}</span></p>`;
}

function barrierList(barriers: readonly Barrier[]): Markup {
  if (barriers.length === 0) return html`<p>None recorded.</p>`;
  return html`<ul>${barriers.map((b) => html`<li>${b.description}${b.needsBoardSupport ? html` <strong>(needs board support)</strong>` : ''}</li>`)}</ul>`;
}

const textBarriers = (barriers: readonly Barrier[]) =>
  barriers.length === 0 ? '  None recorded.' : barriers.map((b) => `  - ${b.description}${b.needsBoardSupport ? ' (needs board support)' : ''}`).join('\n');

type Cell = string | number | Markup;

/** A table whose rows are headed by their first cell. */
function table(caption: string, columns: readonly string[], rows: readonly (readonly [Cell, ...Cell[]])[]): Markup {
  return html`<table cellpadding="8" cellspacing="0" border="0" ${styles.table}>
<caption ${styles.caption}>${caption}</caption>
<thead><tr>${columns.map((column) => html`<th scope="col" ${styles.cell}>${column}</th>`)}</tr></thead>
<tbody>${rows.map(([head, ...cells]) => html`<tr><th scope="row" ${styles.cell}>${head}</th>${cells.map((cell) => html`<td ${styles.cell}>${cell}</td>`)}</tr>`)}</tbody></table>`;
}

/** An independent rating in a table cell: the rating, who, for which period, and whether it diverges. */
function independentCell(independent: IndependentRating | undefined): Markup | string {
  if (!independent) return 'None yet';
  return html`${statusTag(independent.status)}<br>${independent.by}, ${independent.period}${independent.divergent ? html`<br><strong>Diverges from the sponsor</strong>` : ''}`;
}

const independentText = (independent: IndependentRating | undefined) =>
  independent ? `; independent: ${levelOf(independent.status).label} by ${independent.by} for ${independent.period}${independent.divergent ? ', diverges' : ''}` : '';

function portfolioTable(rows: readonly PortfolioRow[], caption = 'Every priority, its status and when it was last updated'): Markup {
  // The independent column appears once any priority has an independent rating.
  const independent = rows.some((row) => row.independent);
  return table(
    caption,
    ['Priority', 'Status', ...(independent ? ['Independent rating'] : []), 'Change since the last digest', 'Last update'],
    rows.map((row) => [row.title, statusTag(row.status), ...(independent ? [independentCell(row.independent)] : []), row.change, age(row.daysSinceUpdate)]),
  );
}

const textPortfolio = (rows: readonly PortfolioRow[]) =>
  rows.map((row) => `- ${row.title}: ${statusLabel(row.status)} (${row.change}; last update: ${age(row.daysSinceUpdate)}${independentText(row.independent)})`).join('\n');

type Divergent = NonNullable<BoardDigest['divergent']>[number];

const divergenceRule = 'A sponsor’s rating and an independent one diverge when they are two or more levels apart, or when one is amber/red or red and the other green or amber/green.';

function divergentHtml(divergent: readonly Divergent[]): Markup {
  if (divergent.length === 0) return html`<p>None: every independent rating is close to its sponsor’s.</p>`;
  return html`<p>${divergenceRule}</p>${divergent.map(
    (d) => html`<h3 ${styles.h3}>${d.title}</h3>
<p><strong>Sponsor:</strong> ${statusTag(d.status)}${d.period ? ` for ${d.period}` : ''}<br>
<strong>Independent:</strong> ${statusTag(d.independent.status)} by ${d.independent.by} for ${d.independent.period}</p>
<p><strong>Why the independent rating:</strong> ${d.independent.rationale}</p>`,
  )}`;
}

function divergentText(divergent: readonly Divergent[]): string {
  if (divergent.length === 0) return '  None: every independent rating is close to its sponsor’s.';
  return `${divergenceRule}\n${divergent
    .map(
      (d) =>
        `${d.title}\n  Sponsor: ${statusLabel(d.status)}${d.period ? ` for ${d.period}` : ''}\n  Independent: ${levelOf(d.independent.status).label} by ${d.independent.by} for ${d.independent.period}\n  Why the independent rating: ${d.independent.rationale}`,
    )
    .join('\n')}`;
}

const changedCaption = 'Priorities whose status changed since the last digest';
const noneChanged = 'No priority’s status changed since the last digest.';
const andMore = (more: number) => `And ${more} more ${more === 1 ? 'priority whose status' : 'priorities whose status'} changed.`;

/** A sponsor's or delivery lead's portfolio: the whole table, or the counts and the changes as the digest service chose. */
function digestPortfolioHtml(portfolio: DigestPortfolio): Markup {
  if (portfolio.kind === 'whole') return portfolioTable(portfolio.rows);
  return html`${table(
    `The ${portfolio.priorities} priorities by status`,
    ['Status', 'Priorities'],
    portfolio.counts.map((count) => [statusTag(count.status), count.priorities]),
  )}
<h3 ${styles.h3}>${changedCaption}</h3>
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

/** The sponsors' ratings and the independent ones, so each shown has its meaning. */
const ratingsShown = (rows: readonly PortfolioRow[]) => rows.flatMap((row) => [row.status, row.independent?.status ?? null]);

const statusesOf = (portfolio: DigestPortfolio) => (portfolio.kind === 'whole' ? ratingsShown(portfolio.rows) : portfolio.counts.map((entry) => entry.status));

/** What each rating shown means, in HTML and in text. */
const ratedIn = (shown: readonly (Status | null)[]) => [...new Set(shown.flatMap((status) => (status ? [status] : [])))];
const scaleHtml = (shown: readonly (Status | null)[]) =>
  html`<h3 ${styles.h3}>What the ratings mean</h3><ul>${ratedIn(shown).map((status) => html`<li>${statusTag(status)}<br>${levelOf(status).meaning}</li>`)}</ul>`;
const scaleText = (shown: readonly (Status | null)[]) =>
  `What the ratings mean:\n${ratedIn(shown).map((status) => `- ${levelOf(status).label}: ${levelOf(status).meaning}`).join('\n')}`;

function updateNotification(input: UpdateNotification): Draft {
  const { update, priorityTitle, previousStatus } = input;
  const change = previousStatus && previousStatus !== update.status ? ` (was ${statusLabel(previousStatus)})` : '';
  const subject = subjectLine(`${priorityTitle}: new update, ${statusLabel(update.status)}${change}`);
  const body = html`<h1 ${styles.h1}>${priorityTitle}: new progress update</h1>
<p>An update for ${update.period} was recorded${update.author.name ? html` by ${update.author.name}` : ''}.</p>
${statusBlock(update.status)}
${previousStatus && previousStatus !== update.status ? html`<p>The status was ${statusTag(previousStatus)} before this update.</p>` : ''}
${update.statusRationale ? html`<h2 ${styles.h2}>Why this rating</h2><p>${update.statusRationale}</p>` : ''}
<h2 ${styles.h2}>Summary</h2><p>${update.summary}</p>
<h2 ${styles.h2}>Barriers</h2>${barrierList(update.barriers)}
<p><a href="${input.priorityUrl}">See the priority and its history</a></p>`;
  const text = `${priorityTitle}: new progress update for ${update.period}${update.author.name ? ` by ${update.author.name}` : ''}

Status: ${statusLabel(update.status)}${change}
${statusMeaning(update.status)}
${update.statusRationale ? `\nWhy this rating: ${update.statusRationale}\n` : ''}
Summary: ${update.summary}

Barriers:
${textBarriers(update.barriers)}

See the priority: ${input.priorityUrl}`;
  return { subject, body, text };
}

function priorityDigest(input: PriorityDigest): Draft {
  const { own } = input;
  const subject = subjectLine(`Weekly recovery digest: ${own.title} is ${statusLabel(own.status)}`);
  const boardAsks = own.openBarriers.filter((b) => b.needsBoardSupport);
  const body = html`<h1 ${styles.h1}>Weekly recovery digest</h1>
<h2 ${styles.h2}>${own.title}</h2>
${statusBlock(own.status)}
${own.independent ? html`<p><strong>Independent rating:</strong> ${statusTag(own.independent.status)} by ${own.independent.by} for ${own.independent.period}${own.independent.divergent ? html` <strong>(diverges: the board is told)</strong>` : ''}<br><span>${own.independent.rationale}</span></p>` : ''}
${input.assessUrl ? html`<p><a href="${input.assessUrl}">Record your own independent rating</a> (the same personal link; do not forward it).</p>` : ''}
<h3 ${styles.h3}>Open barriers</h3>${barrierList(own.openBarriers)}
<h3 ${styles.h3}>Asks for board support</h3>${boardAsks.length ? barrierList(boardAsks) : html`<p>None.</p>`}
<p><a href="${input.postUpdateUrl}">Post the update for ${input.period}</a> (this personal link works until ${input.linkExpiresAt.slice(0, 10)}; do not forward it).</p>
<h2 ${styles.h2}>The portfolio</h2>
${digestPortfolioHtml(input.portfolio)}
${scaleHtml([...statusesOf(input.portfolio), own.independent?.status ?? null])}`;
  const text = `Weekly recovery digest

${own.title}
Status: ${statusLabel(own.status)}
${statusMeaning(own.status)}
${own.independent ? `\nIndependent rating: ${levelOf(own.independent.status).label} by ${own.independent.by} for ${own.independent.period}${own.independent.divergent ? ' (diverges: the board is told)' : ''}\n${own.independent.rationale}\n` : ''}${input.assessUrl ? `\nRecord your own independent rating (the same personal link; do not forward it):\n${input.assessUrl}\n` : ''}
Open barriers:
${textBarriers(own.openBarriers)}

Asks for board support:
${boardAsks.length ? textBarriers(boardAsks) : '  None.'}

Post the update for ${input.period} (personal link, valid until ${input.linkExpiresAt.slice(0, 10)}; do not forward it):
${input.postUpdateUrl}

The portfolio:
${digestPortfolioText(input.portfolio)}

${scaleText([...statusesOf(input.portfolio), own.independent?.status ?? null])}`;
  return { subject, body, text };
}

function boardDigest(input: BoardDigest): Draft {
  const missing = input.missing.length === 1 ? '1 priority' : `${input.missing.length} priorities`;
  const subject = subjectLine(`Weekly recovery digest for the board: ${missing} without an update for ${input.period}`);
  const body = html`<h1 ${styles.h1}>Weekly recovery digest for the board</h1>
${portfolioTable(input.rows)}
<h2 ${styles.h2}>No update yet for ${input.period}</h2>
${input.missing.length ? html`<ul>${input.missing.map((m) => html`<li>${m.title} (last update: ${age(m.daysSinceUpdate)})</li>`)}</ul>` : html`<p>Every priority has reported.</p>`}
<h2 ${styles.h2}>Barriers needing board support</h2>
${input.boardAsks.length ? table('Oldest first', ['Barrier', 'Priority', 'Raised', 'Owner', 'Status', 'Board responses'], input.boardAsks.map(askRow)) : html`<p>None.</p>`}
<p><a href="${input.barriersUrl}">Respond to these barriers</a> (this personal link works until ${input.linkExpiresAt.slice(0, 10)}; do not forward it).</p>
<h2 ${styles.h2}>Ratings that diverge</h2>
${divergentHtml(input.divergent ?? [])}
${scaleHtml(ratingsShown(input.rows))}
<p><a href="${input.dashboardUrl}">Open the dashboard</a></p>`;
  const text = `Weekly recovery digest for the board

${textPortfolio(input.rows)}

No update yet for ${input.period}:
${input.missing.length ? input.missing.map((m) => `- ${m.title} (last update: ${age(m.daysSinceUpdate)})`).join('\n') : '  Every priority has reported.'}

Barriers needing board support, oldest first:
${input.boardAsks.length ? input.boardAsks.map(askText).join('\n') : '  None.'}

Respond to these barriers (personal link, valid until ${input.linkExpiresAt.slice(0, 10)}; do not forward it):
${input.barriersUrl}

Ratings that diverge:
${divergentText(input.divergent ?? [])}

${scaleText(ratingsShown(input.rows))}

Open the dashboard: ${input.dashboardUrl}`;
  return { subject, body, text };
}

const raised = (days: number) => (days === 0 ? 'today' : days === 1 ? '1 day ago' : `${days} days ago`);
const askRow = (ask: BoardAsk): [Cell, ...Cell[]] => [ask.description, ask.title, raised(ask.ageDays), ask.owner ?? 'Not set', barrierStatusLabels[ask.status], ask.responses];
const askText = (ask: BoardAsk) =>
  `- ${ask.description} (${ask.title}; raised ${raised(ask.ageDays)}; owner: ${ask.owner ?? 'not set'}; ${barrierStatusLabels[ask.status].toLowerCase()}; board responses: ${ask.responses})`;

function boardResponse(input: BoardResponseNotice): Draft {
  const { response } = input;
  const subject = subjectLine(`${input.priorityTitle}: the board has responded to a barrier`);
  const by = response.respondedBy.name ? ` by ${response.respondedBy.name}` : '';
  const body = html`<h1 ${styles.h1}>${input.priorityTitle}: the board has responded to a barrier</h1>
<p>The board recorded a response${by} on ${longDate(response.respondedAt.slice(0, 10))}.</p>
<h2 ${styles.h2}>Barrier</h2><p>${response.barrierDescription}</p>
<h2 ${styles.h2}>Decision or action</h2><p>${response.decision}</p>
<p><strong>Owner:</strong> ${response.owner}<br><strong>Due by:</strong> ${longDate(response.dueDate)}</p>
<p><a href="${input.priorityUrl}">See the priority and its barriers</a></p>`;
  const text = `${input.priorityTitle}: the board has responded to a barrier

The board recorded a response${by} on ${longDate(response.respondedAt.slice(0, 10))}.

Barrier: ${response.barrierDescription}

Decision or action: ${response.decision}

Owner: ${response.owner}
Due by: ${longDate(response.dueDate)}

See the priority and its barriers: ${input.priorityUrl}`;
  return { subject, body, text };
}

function reminder(input: Reminder): Draft {
  const subject = subjectLine(`Reminder: ${input.title} has no update for ${input.period}`);
  const body = html`<h1 ${styles.h1}>Reminder: an update is due</h1>
<p>${input.title} has no progress update for ${input.period}. Last update: ${age(input.daysSinceUpdate)}.</p>
<p><a href="${input.postUpdateUrl}">Post the update now</a> (this personal link works until ${input.linkExpiresAt.slice(0, 10)}; do not forward it).</p>
<p>Reminders come once a week and stop as soon as an update arrives.</p>`;
  const text = `Reminder: an update is due

${input.title} has no progress update for ${input.period}. Last update: ${age(input.daysSinceUpdate)}.

Post the update now (personal link, valid until ${input.linkExpiresAt.slice(0, 10)}; do not forward it):
${input.postUpdateUrl}

Reminders come once a week and stop as soon as an update arrives.`;
  return { subject, body, text };
}

function escalation(input: EscalationNotice): Draft {
  const late = input.workingDaysLate === 1 ? '1 working day' : `${input.workingDaysLate} working days`;
  const subject = subjectLine(`Escalation: ${input.title} has no update for ${input.period}, ${late} after the deadline`);
  const summary = `${input.title} has no progress update for ${input.period}, which was due by ${longDate(input.deadline)}: it is ${late} late. Last update: ${age(input.daysSinceUpdate)}.`;
  const why = 'Its sponsor and delivery lead are reminded every week. The board is told once for each period a priority misses, and only while no update has arrived.';
  const body = html`<h1 ${styles.h1}>Escalation: an update is overdue</h1>
<p>${summary}</p>
<p>${why}</p>
<p><a href="${input.missedUpdatesUrl}">See every missed update</a></p>`;
  const text = `Escalation: an update is overdue

${summary}

${why}

See every missed update: ${input.missedUpdatesUrl}`;
  return { subject, body, text };
}

function boardPack(input: BoardPackNotice): Draft {
  const subject = subjectLine(`Board pack for ${input.quarter} is ready`);
  const priorities = input.priorities === 1 ? '1 priority' : `${input.priorities} priorities`;
  const missing = input.noUpdate === 0 ? 'Every priority reported in the quarter.' : `${input.noUpdate === 1 ? '1 priority has' : `${input.noUpdate} priorities have`} no update for the quarter.`;
  const summary = `The board pack of ${input.programmeTitle} for ${input.quarter} has been made: where each of its ${priorities} stood at the quarter’s end, both ratings, the quarter’s updates and barriers. ${missing}`;
  const frozen = 'The pack is a snapshot: it does not change when later updates arrive. It prints one priority to a page, and has a CSV for board papers.';
  const body = html`<h1 ${styles.h1}>Board pack for ${input.quarter}</h1>
<p>${summary}</p>
<p>${frozen}</p>
<p><a href="${input.packUrl}">Open the board pack</a></p>`;
  const text = `Board pack for ${input.quarter}

${summary}

${frozen}

Open the board pack: ${input.packUrl}`;
  return { subject, body, text };
}

/** The templates of one programme: every message in the one layout, headed by the programme's name. */
export function emailTemplates(programme: string): EmailTemplates {
  const laidOut =
    <M extends { links: Links }>(draft: (message: M) => Draft) =>
    (message: M): EmailContent => {
      const { subject, body, text } = draft(message);
      return { subject, html: layout(programme, subject, body, message.links), text: textLayout(programme, text, message.links) };
    };
  return {
    updateNotification: laidOut(updateNotification),
    priorityDigest: laidOut(priorityDigest),
    boardDigest: laidOut(boardDigest),
    reminder: laidOut(reminder),
    escalation: laidOut(escalation),
    boardResponse: laidOut(boardResponse),
    boardPack: laidOut(boardPack),
  };
}
