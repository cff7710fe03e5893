/**
 * Email content: every message's subject, its plain text, and what its HTML view
 * (shared/email/views, compiled like the pages' views) is given, with the same information in
 * both parts. The HTML has one layout, built for email clients: a header band with the
 * programme's name, the message, and the footer with the preferences link. A status is always its
 * name as text, in its colour, never colour alone, with the rating scale's meaning wherever a
 * status is shown.
 */

import * as views from '#compiled-views/emails';
import { askStatusLabels, formatGbp } from '#shared/domain/ask';
import { barrierStatusLabels } from '#shared/domain/barrier';
import { longDate } from '#shared/domain/calendar';
import { publicName } from '#shared/domain/people';
import { levelOf, type Status } from '#shared/domain/rating';
import { authorLabel, type Barrier } from '#shared/domain/update';
import type {
  BoardAsk,
  BoardDigest,
  BoardPackNotice,
  BoardResponseNotice,
  DigestPortfolio,
  EmailContent,
  EmailTemplates,
  EscalationNotice,
  IndependentRating,
  Links,
  MovedAsk,
  PortfolioRow,
  PriorityDigest,
  Reminder,
  UpdateNotification,
} from '#shared/services/messages';
import { type CompiledView, renderView } from '#shared/views/render';

const statusLabel = (status: Status | null) => (status ? levelOf(status).label : 'Not yet rated');
const statusMeaning = (status: Status | null) => (status ? levelOf(status).meaning : 'No update has been recorded yet.');
/** A calendar date (`YYYY-MM-DD`) as people write it: 31 March 2021. */
const calendarDate = (date: string) => longDate(new Date(`${date}T12:00:00Z`), 'UTC');
const age = (days: number | null) => (days === null ? 'none yet' : days === 0 ? 'today' : days === 1 ? '1 day ago' : `${days} days ago`);

/** Subject lines are built from catalogue text and fixed words only, never from sponsor input; this strips anything header-breaking anyway. */
const subjectLine = (text: string) => text.replace(/[\r\n\t]+/g, ' ').slice(0, 200);

const whyYouGetThis = (programme: string) => `You receive this because you are named on the ${programme} programme.`;
const managePreferences = 'Manage your email preferences or turn off update notifications';
const staysOn = 'Digests and reminders are part of the role and stay on.';

/** A message's subject, its HTML view and what the view is given, and its plain text without the layout's name and footer. */
interface Draft {
  subject: string;
  view: CompiledView;
  context: Record<string, unknown>;
  text: string;
}

/** Every email's plain text: the programme's name, the message, the footer. */
function textLayout(programme: string, text: string, links: Links): string {
  return `${programme}\n\n${text}\n\n--\n${whyYouGetThis(programme)}\n${managePreferences}: ${links.preferences}\n${staysOn}\n`;
}

const textBarriers = (barriers: readonly Barrier[]) =>
  barriers.length === 0 ? '  None recorded.' : barriers.map((b) => `  - ${b.description}${b.needsBoardSupport ? ' (needs board support)' : ''}`).join('\n');

const independentText = (independent: IndependentRating | undefined) =>
  independent
    ? `; independent: ${levelOf(independent.status).label} by ${independent.by} for ${independent.period}${independent.divergent ? ', diverges' : ''}`
    : '';

/** Portfolio rows as the HTML shows them: with the age of their last update in words. */
const rowsView = (rows: readonly PortfolioRow[]) => rows.map((row) => ({ ...row, age: age(row.daysSinceUpdate) }));

const textPortfolio = (rows: readonly PortfolioRow[]) =>
  rows
    .map((row) => `- ${row.title}: ${statusLabel(row.status)} (${row.change}; last update: ${age(row.daysSinceUpdate)}${independentText(row.independent)})`)
    .join('\n');

type Divergent = NonNullable<BoardDigest['divergent']>[number];

const divergenceRule =
  'A sponsor’s rating and an independent one diverge when they are two or more levels apart, or when one is amber/red or red and the other green or amber/green.';

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

/** A sponsor's or delivery lead's portfolio as the HTML shows it: the whole table, or the counts and the changes as the digest service chose. */
function digestPortfolioView(portfolio: DigestPortfolio) {
  if (portfolio.kind === 'whole') return { kind: portfolio.kind, rows: rowsView(portfolio.rows) };
  return {
    ...portfolio,
    countsCaption: `The ${portfolio.priorities} priorities by status`,
    changedCaption,
    changed: rowsView(portfolio.changed),
    noneChanged,
    more: portfolio.more ? andMore(portfolio.more) : '',
  };
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

/** The ratings whose meaning an email gives, each once. */
const ratedIn = (shown: readonly (Status | null)[]) => [...new Set(shown.flatMap((status) => (status ? [status] : [])))];
const scaleText = (shown: readonly (Status | null)[]) =>
  `What the ratings mean:\n${ratedIn(shown)
    .map((status) => `- ${levelOf(status).label}: ${levelOf(status).meaning}`)
    .join('\n')}`;

function updateNotification(input: UpdateNotification): Draft {
  const { update, priorityTitle, previousStatus } = input;
  const change = previousStatus && previousStatus !== update.status ? ` (was ${statusLabel(previousStatus)})` : '';
  const subject = subjectLine(`${priorityTitle}: new update, ${statusLabel(update.status)}${change}`);
  const postedBy = authorLabel(update.author);
  const context = { priorityTitle, update, postedBy, previousStatus: previousStatus !== update.status ? previousStatus : null, priorityUrl: input.priorityUrl };
  const text = `${priorityTitle}: new progress update for ${update.period}${postedBy ? ` by ${postedBy}` : ''}

Status: ${statusLabel(update.status)}${change}
${statusMeaning(update.status)}
${update.statusRationale ? `\nWhy this rating: ${update.statusRationale}\n` : ''}
Summary: ${update.summary}

Barriers:
${textBarriers(update.barriers)}

See the priority: ${input.priorityUrl}`;
  return { subject, view: views.updateNotification, context, text };
}

function priorityDigest(input: PriorityDigest): Draft {
  const { own } = input;
  const subject = subjectLine(`Weekly recovery digest: ${own.title} is ${statusLabel(own.status)}`);
  const boardAsks = own.openBarriers.filter((b) => b.needsBoardSupport);
  const context = {
    own,
    boardAsks,
    assessUrl: input.assessUrl,
    period: input.period,
    postUpdateUrl: input.postUpdateUrl,
    expires: input.linkExpiresAt.slice(0, 10),
    portfolio: digestPortfolioView(input.portfolio),
    ratings: ratedIn([...statusesOf(input.portfolio), own.independent?.status ?? null]),
  };
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
  return { subject, view: views.priorityDigest, context, text };
}

function movedAsksText(asks: readonly MovedAsk[]): string {
  if (asks.length === 0) return '  None.';
  return asks
    .map(
      (ask) =>
        `- ${ask.title} (${ask.priorityTitle}): ${askStatusLabels[ask.status]}${ask.securedGbp === undefined ? '' : `, ${formatGbp(ask.securedGbp)} secured`}\n  ${ask.url}`,
    )
    .join('\n');
}

/** A milestone's news in words: "late; 10 working days past its baseline". */
function milestoneNewsText(milestone: { late: boolean; slippage: number }): string {
  const slipped = milestone.slippage > 0 ? `${milestone.slippage} working day${milestone.slippage === 1 ? '' : 's'} past its baseline` : 'on its baseline';
  return milestone.late ? `late; ${slipped}` : `slipped: ${slipped}`;
}

function boardDigest(input: BoardDigest): Draft {
  const missing = input.missing.length === 1 ? '1 priority' : `${input.missing.length} priorities`;
  const subject = subjectLine(`Weekly recovery digest for the board: ${missing} without an update for ${input.period}`);
  const context = {
    rows: rowsView(input.rows),
    period: input.period,
    missing: input.missing.map((m) => ({ title: m.title, age: age(m.daysSinceUpdate) })),
    asks: input.boardAsks.map(askRow),
    movedAsks: (input.movedAsks ?? []).map((ask) => ({
      ...ask,
      statusLabel: askStatusLabels[ask.status],
      secured: ask.securedGbp === undefined ? '' : formatGbp(ask.securedGbp),
    })),
    milestones: (input.milestones ?? []).map((m) => ({ ...m, news: milestoneNewsText(m) })),
    barriersUrl: input.barriersUrl,
    expires: input.linkExpiresAt.slice(0, 10),
    divergenceRule,
    divergent: input.divergent ?? [],
    ratings: ratedIn(ratingsShown(input.rows)),
    dashboardUrl: input.dashboardUrl,
  };
  const text = `Weekly recovery digest for the board

${textPortfolio(input.rows)}

No update yet for ${input.period}:
${input.missing.length ? input.missing.map((m) => `- ${m.title} (last update: ${age(m.daysSinceUpdate)})`).join('\n') : '  Every priority has reported.'}

Barriers needing board support, oldest first:
${input.boardAsks.length ? input.boardAsks.map(askText).join('\n') : '  None.'}

Asks of government that moved since the last digest:
${movedAsksText(input.movedAsks ?? [])}

Milestones late or slipping since the last digest:
${input.milestones?.length ? input.milestones.map((m) => `- ${m.title} (${m.priorityTitle}): ${milestoneNewsText(m)}`).join('\n') : '  None.'}

Respond to these barriers (personal link, valid until ${input.linkExpiresAt.slice(0, 10)}; do not forward it):
${input.barriersUrl}

Ratings that diverge:
${divergentText(input.divergent ?? [])}

${scaleText(ratingsShown(input.rows))}

Open the dashboard: ${input.dashboardUrl}`;
  return { subject, view: views.boardDigest, context, text };
}

const raised = (days: number) => (days === 0 ? 'today' : days === 1 ? '1 day ago' : `${days} days ago`);
/** An ask as a row of the board digest's table (shared/views/partials/table.njk), headed by its barrier. */
const askRow = (ask: BoardAsk) =>
  [ask.description, ask.title, raised(ask.ageDays), ask.owner ?? 'Not set', barrierStatusLabels[ask.status], ask.responses].map((text) => ({ text }));
const askText = (ask: BoardAsk) =>
  `- ${ask.description} (${ask.title}; raised ${raised(ask.ageDays)}; owner: ${ask.owner ?? 'not set'}; ${barrierStatusLabels[ask.status].toLowerCase()}; board responses: ${ask.responses})`;

function boardResponse(input: BoardResponseNotice): Draft {
  const { response } = input;
  const subject = subjectLine(`${input.priorityTitle}: the board has responded to a barrier`);
  const name = publicName(response.respondedBy);
  const by = name ? ` by ${name}` : '';
  const context = {
    priorityTitle: input.priorityTitle,
    by,
    respondedOn: calendarDate(response.respondedAt.slice(0, 10)),
    response,
    dueBy: calendarDate(response.dueDate),
    priorityUrl: input.priorityUrl,
  };
  const text = `${input.priorityTitle}: the board has responded to a barrier

The board recorded a response${by} on ${calendarDate(response.respondedAt.slice(0, 10))}.

Barrier: ${response.barrierDescription}

Decision or action: ${response.decision}

Owner: ${response.owner}
Due by: ${calendarDate(response.dueDate)}

See the priority and its barriers: ${input.priorityUrl}`;
  return { subject, view: views.boardResponse, context, text };
}

function reminder(input: Reminder): Draft {
  const subject = subjectLine(`Reminder: ${input.title} has no update for ${input.period}`);
  const milestones = (input.milestones ?? []).map((m) => ({ ...m, news: milestoneNewsText(m) }));
  const context = {
    priorityTitle: input.title,
    period: input.period,
    age: age(input.daysSinceUpdate),
    postUpdateUrl: input.postUpdateUrl,
    expires: input.linkExpiresAt.slice(0, 10),
    milestones,
  };
  const text = `Reminder: an update is due

${input.title} has no progress update for ${input.period}. Last update: ${age(input.daysSinceUpdate)}.
${milestones.length ? `\nMilestones late or slipping since the last digest (report their forecast in the update):\n${milestones.map((m) => `- ${m.title}: ${m.news}`).join('\n')}\n` : ''}
Post the update now (personal link, valid until ${input.linkExpiresAt.slice(0, 10)}; do not forward it):
${input.postUpdateUrl}

Reminders come once a week and stop as soon as an update arrives.`;
  return { subject, view: views.reminder, context, text };
}

function escalation(input: EscalationNotice): Draft {
  const late = input.workingDaysLate === 1 ? '1 working day' : `${input.workingDaysLate} working days`;
  const subject = subjectLine(`Escalation: ${input.title} has no update for ${input.period}, ${late} after the deadline`);
  const summary = `${input.title} has no progress update for ${input.period}, which was due by ${calendarDate(input.deadline)}: it is ${late} late. Last update: ${age(input.daysSinceUpdate)}.`;
  const why =
    'Its sponsor and delivery lead are reminded every week. The board is told once for each period a priority misses, and only while no update has arrived.';
  const text = `Escalation: an update is overdue

${summary}

${why}

See every missed update: ${input.missedUpdatesUrl}`;
  return { subject, view: views.escalation, context: { summary, why, missedUpdatesUrl: input.missedUpdatesUrl }, text };
}

function boardPack(input: BoardPackNotice): Draft {
  const subject = subjectLine(`Board pack for ${input.quarter} is ready`);
  const priorities = input.priorities === 1 ? '1 priority' : `${input.priorities} priorities`;
  const missing =
    input.noUpdate === 0
      ? 'Every priority reported in the quarter.'
      : `${input.noUpdate === 1 ? '1 priority has' : `${input.noUpdate} priorities have`} no update for the quarter.`;
  const summary = `The board pack of ${input.programmeTitle} for ${input.quarter} has been made: where each of its ${priorities} stood at the quarter’s end, both ratings, the quarter’s updates and barriers. ${missing}`;
  const frozen = 'The pack is a snapshot: it does not change when later updates arrive. It prints one priority to a page, and has a CSV for board papers.';
  const text = `Board pack for ${input.quarter}

${summary}

${frozen}

Open the board pack: ${input.packUrl}`;
  return { subject, view: views.boardPack, context: { quarter: input.quarter, summary, frozen, packUrl: input.packUrl }, text };
}

/** The templates of one programme: every message in the one layout, headed by the programme's name. */
export function emailTemplates(programme: string): EmailTemplates {
  const footer = { why: whyYouGetThis(programme), manage: managePreferences, staysOn };
  const laidOut =
    <M extends { links: Links }>(draft: (message: M) => Draft) =>
    (message: M): EmailContent => {
      const { subject, view, context, text } = draft(message);
      return {
        subject,
        html: renderView(view, { ...context, programme, title: subject, links: message.links, footer }),
        text: textLayout(programme, text, message.links),
      };
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
