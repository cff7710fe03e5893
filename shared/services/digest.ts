/**
 * The weekly digest and reminders. One run (identified by the schedule's invocation time)
 * sends each person one digest, and each sponsor and delivery lead of a priority that has not
 * reported a reminder; running the same invocation again sends nothing twice. A priority still
 * without its update for the period just ended, the set number of working days after the
 * deadline, is escalated: the board is told, once per period.
 */

import type { Barriers } from '#shared/data/barriers';
import type { Commitments } from '#shared/data/commitments';
import type { Credentials } from '#shared/data/credentials';
import type { DigestBaselines } from '#shared/data/digest-baseline';
import type { Escalations } from '#shared/data/escalations';
import type { FailingAddresses } from '#shared/data/failing-addresses';
import type { People } from '#shared/data/people';
import type { ProgrammeReads } from '#shared/data/programme';
import { movedSince } from '#shared/domain/ask';
import { type Assessment, besideSponsor } from '#shared/domain/assessment';
import type { Actor } from '#shared/domain/audit';
import { barrierAgeDays, boardAsks } from '#shared/domain/barrier';
import { londonDate } from '#shared/domain/calendar';
import { issueToken, type TokenScope } from '#shared/domain/credential';
import { missedUpdate, reportingCalendar } from '#shared/domain/deadlines';
import { milestoneNews } from '#shared/domain/milestone';
import { staleness } from '#shared/domain/notifications';
import type { Person } from '#shared/domain/people';
import type { ReportingPeriod } from '#shared/domain/periods';
import { compareStatus, levelOf, type RatingScaleName, type Status, statuses } from '#shared/domain/rating';
import { emptySummary, type PrioritySummary } from '#shared/domain/summary';
import { type DeliveryOutcome, deliverAll, deliverOnce, type Mailer, personalLinks } from '#shared/services/deliveries';
import type { DigestPortfolio, EscalationNotice, IndependentRating, PortfolioRow } from '#shared/services/messages';

export interface DigestPorts {
  programme: Pick<ProgrammeReads, 'snapshot'>;
  people: Pick<People, 'list'>;
  baselines: Pick<DigestBaselines, 'get' | 'save'>;
  /** Personal links are fresh credentials, each recorded in the audit log as issued by the digest. */
  credentials: Pick<Credentials, 'save'>;
  escalations: Pick<Escalations, 'forPeriod' | 'record'>;
  barriers: Pick<Barriers, 'list'>;
  /** The asks of government that moved, and the milestones newly late or slipping, since the last digest go to the board. */
  commitments: Pick<Commitments, 'list'>;
  /** Addresses SES reported a hard bounce for get nothing. */
  failing: Pick<FailingAddresses, 'hardBounced'>;
  mailer: Mailer;
}

export interface DigestOptions {
  runId: string;
  now: Date;
  reportingPeriod: ReportingPeriod;
  staleAfterDays: number;
  escalateAfterWorkingDays: number;
  linkTokenDays: number;
  /** The deployment's rating scale, by whose levels divergence is counted; five-point when not given. */
  scale?: RatingScaleName;
}

export interface DigestResult {
  runId: string;
  period: string;
  digests: { sent: number; skipped: number };
  reminders: { sent: number; skipped: number };
  /** Escalations to board members, and the priorities escalated in this run. */
  escalations: { sent: number; skipped: number; priorities: string[] };
  /** The people sent nothing because SES reported a hard bounce for their address. */
  bounced: string[];
}

function changeSince(previous: Status | null | undefined, current: Status | null): string {
  if (previous === undefined) return 'first digest';
  if (current === null) return 'not yet rated';
  if (previous === null) return 'first rating';
  const change = compareStatus(current, previous);
  if (change === 0) return 'no change';
  return `${change < 0 ? 'better' : 'worse'} (was ${levelOf(previous).label})`;
}

/**
 * Up to this many priorities, a sponsor's or delivery lead's digest carries the whole portfolio
 * table; above it, the counts and the changes, so each of their digests stays the same size
 * whatever the programme's (the board's, to a fixed few people, always carries every row).
 */
export const wholePortfolioUpTo = 20;

/** Who issues personal links, as the audit log names it. */
const digestActor: Actor = { role: 'service', name: 'digest' };

/** The portfolio part of a sponsor's or delivery lead's digest. */
export function digestPortfolio(rows: readonly PortfolioRow[], previous: Readonly<Record<string, Status | null>>, dashboardUrl: string): DigestPortfolio {
  if (rows.length <= wholePortfolioUpTo) return { kind: 'whole', rows };
  const counts = [...statuses, null].flatMap((status) => {
    const priorities = rows.filter((row) => row.status === status).length;
    return priorities > 0 ? [{ status, priorities }] : [];
  });
  const rank = (status: Status | null) => (status === null ? -1 : compareStatus(status, 'green'));
  // Worst first: what most needs a sponsor's attention; the dashboard has the rest.
  const changed = rows
    .filter((row) => previous[row.priorityId] !== undefined && previous[row.priorityId] !== row.status)
    .sort((a, b) => rank(b.status) - rank(a.status));
  const shown = changed.slice(0, wholePortfolioUpTo);
  return { kind: 'bounded', priorities: rows.length, counts, changed: shown, more: changed.length - shown.length, dashboardUrl };
}

function independentRating(summary: PrioritySummary, assessment: Assessment | undefined, scale: RatingScaleName): IndependentRating | undefined {
  if (!assessment) return undefined;
  const { status, period, rationale, by, divergent } = besideSponsor(summary.status, assessment, scale);
  return { status, period, rationale, by, divergent };
}

export async function runDigest(ports: DigestPorts, options: DigestOptions): Promise<DigestResult> {
  const { mailer } = ports;
  const { baseUrl, templates } = mailer;
  const calendar = reportingCalendar(options.reportingPeriod, options.escalateAfterWorkingDays, options.now);
  const [snapshot, everyone, baseline, escalated, barriers, hardBounced, committed] = await Promise.all([
    ports.programme.snapshot(),
    ports.people.list(),
    ports.baselines.get(),
    ports.escalations.forPeriod(calendar.ended.period),
    ports.barriers.list(),
    ports.failing.hardBounced(),
    ports.commitments.list(),
  ]);
  const people = everyone.filter((person) => !hardBounced.has(person.email.toLowerCase()));
  const bounced = everyone.filter((person) => hardBounced.has(person.email.toLowerCase())).map((person) => person.personId);
  const rerun = baseline?.runId === options.runId;
  const previous = rerun ? baseline.previous : (baseline?.statuses ?? {});
  const since = rerun ? baseline.previousAt : baseline?.at;
  const period = calendar.current.period;
  const summaryOf = (id: string): PrioritySummary => snapshot.summaries.get(id) ?? emptySummary(id);

  const priorities = snapshot.priorities.map((priority) => {
    const summary = summaryOf(priority.id);
    return {
      priority,
      summary,
      staleness: staleness(summary, period, options.staleAfterDays, options.now),
      missed: missedUpdate(summary.period, calendar),
      independent: independentRating(summary, snapshot.assessments.get(priority.id), options.scale ?? 'five-point'),
    };
  });
  const rows: PortfolioRow[] = priorities.map(({ priority, summary, staleness: s, independent }) => ({
    priorityId: priority.id,
    title: priority.title,
    status: summary.status,
    change: changeSince(previous[priority.id], summary.status),
    daysSinceUpdate: s.daysSinceUpdate,
    ...(independent ? { independent } : {}),
  }));
  // The dashboard page: every link in an email opens a page, never JSON.
  const dashboardUrl = `${baseUrl}/`;
  const portfolio = digestPortfolio(rows, previous, dashboardUrl);
  const byId = new Map(priorities.map((p) => [p.priority.id, p]));

  /**
   * A fresh personal token for the links in this run's emails to a person, issued only when
   * an email is really sent, and once per person even when the digest and a reminder carry it.
   */
  const links = new Map<string, Promise<{ token: string; expiresAt: string }>>();
  const personalToken = (person: Person, scope: TokenScope) => {
    let link = links.get(person.personId);
    if (!link) {
      const holder = { personId: person.personId, ...(person.name ? { name: person.name } : {}), email: person.email };
      const { token, credential } = issueToken({ ...scope, ...holder, days: options.linkTokenDays, now: options.now });
      link = ports.credentials.save(credential, digestActor).then(() => ({ token, expiresAt: credential.expiresAt }));
      links.set(person.personId, link);
    }
    return link;
  };
  const withToken = (path: string, token: string) => `${baseUrl}${path}?token=${encodeURIComponent(token)}`;
  const postLink = async (person: Person, priorityId: string) => {
    const { token, expiresAt } = await personalToken(person, { role: person.role === 'delivery-lead' ? 'delivery-lead' : 'sponsor', priorityId });
    return {
      url: withToken(`/priorities/${priorityId}/updates/new`, token),
      // The assessment form takes a delivery lead's token as well; a sponsor's is refused there.
      assessUrl: withToken(`/priorities/${priorityId}/assessments/new`, token),
      expiresAt,
    };
  };
  // A board member's link opens the barriers page, where the board responds; it posts no update.
  const boardLink = async (person: Person) => {
    const { token, expiresAt } = await personalToken(person, { role: 'board' });
    return { url: withToken('/barriers', token), expiresAt };
  };
  const titles = new Map(snapshot.priorities.map((priority) => [priority.id, priority.title]));
  const asks = boardAsks(barriers.filter((barrier) => titles.has(barrier.priorityId))).map((barrier) => ({
    title: titles.get(barrier.priorityId)!,
    description: barrier.description,
    ageDays: barrierAgeDays(barrier, options.now),
    ...(barrier.owner ? { owner: barrier.owner } : {}),
    status: barrier.status,
    responses: barrier.responses.length,
  }));
  const milestones = milestoneNews(
    committed.milestones.flatMap(({ value }) => (titles.has(value.priorityId) ? [value] : [])),
    since,
    londonDate(options.now),
  ).map(({ milestone, newlyLate, slippage }) => ({
    title: milestone.title,
    priorityId: milestone.priorityId,
    priorityTitle: titles.get(milestone.priorityId)!,
    late: newlyLate,
    slippage,
  }));

  const movedAsks = movedSince(
    committed.asks.map(({ value }) => value).filter((ask) => titles.has(ask.priorityId)),
    since,
  ).map((ask) => ({
    title: snapshot.priorities.find((p) => p.id === ask.priorityId)?.asksOfGovernment.find((a) => a.id === ask.askId)?.title ?? ask.title,
    priorityTitle: titles.get(ask.priorityId)!,
    status: ask.status,
    ...(ask.securedGbp === undefined ? {} : { securedGbp: ask.securedGbp }),
    url: `${baseUrl}/asks/${ask.priorityId}/${ask.askId}`,
  }));

  const digestEvent = `digest#${options.runId}`;
  const digests: (() => Promise<DeliveryOutcome>)[] = [];
  const reminders: (() => Promise<DeliveryOutcome>)[] = [];
  for (const person of people) {
    const links = personalLinks(baseUrl, person);
    if (person.role === 'board') {
      digests.push(() =>
        deliverOnce(mailer, digestEvent, person, async () => {
          const link = await boardLink(person);
          return templates.boardDigest({
            person,
            period,
            rows,
            missing: priorities
              .filter((p) => p.staleness.missingThisPeriod)
              .map((p) => ({ title: p.priority.title, daysSinceUpdate: p.staleness.daysSinceUpdate })),
            boardAsks: asks,
            movedAsks,
            milestones,
            barriersUrl: link.url,
            linkExpiresAt: link.expiresAt,
            divergent: priorities.flatMap(({ priority, summary, independent }) =>
              independent?.divergent ? [{ title: priority.title, status: summary.status, period: summary.period, independent }] : [],
            ),
            dashboardUrl,
            links,
          });
        }),
      );
      continue;
    }
    const own = person.priorityId === undefined ? undefined : byId.get(person.priorityId);
    if (!own) continue; // a person left on a priority the catalogue no longer has
    digests.push(() =>
      deliverOnce(mailer, digestEvent, person, async () => {
        const link = await postLink(person, own.priority.id);
        return templates.priorityDigest({
          person,
          period,
          portfolio,
          own: {
            title: own.priority.title,
            status: own.summary.status,
            openBarriers: own.summary.openBarriers,
            ...(own.independent ? { independent: own.independent } : {}),
          },
          ...(person.role === 'delivery-lead' ? { assessUrl: link.assessUrl } : {}),
          postUpdateUrl: link.url,
          linkExpiresAt: link.expiresAt,
          links,
        });
      }),
    );
    if (own.staleness.missingThisPeriod || own.staleness.stale) {
      reminders.push(() =>
        deliverOnce(mailer, `reminder#${options.runId}`, person, async () => {
          const link = await postLink(person, own.priority.id);
          return templates.reminder({
            person,
            title: own.priority.title,
            period,
            daysSinceUpdate: own.staleness.daysSinceUpdate,
            postUpdateUrl: link.url,
            linkExpiresAt: link.expiresAt,
            milestones: milestones.filter((milestone) => milestone.priorityId === own.priority.id),
            links,
          });
        }),
      );
    }
  }

  // Each kind is tried whatever became of the others, so one retry of the run finishes all three.
  const failures: unknown[] = [];
  const tried = async <T>(work: () => Promise<T>, none: T): Promise<T> => {
    try {
      return await work();
    } catch (error) {
      failures.push(error);
      return none;
    }
  };
  const digestOutcome = await tried(() => deliverAll(digests), { sent: 0, skipped: 0 });
  const reminderOutcome = await tried(() => deliverAll(reminders), { sent: 0, skipped: 0 });
  const escalationOutcome = await tried(
    () =>
      escalate(
        ports,
        people.filter((person) => person.role === 'board'),
        priorities.flatMap(({ priority, staleness: s, missed }) =>
          missed?.late && missed.escalate && !escalated.has(priority.id)
            ? [
                {
                  priorityId: priority.id,
                  title: priority.title,
                  period: missed.period,
                  deadline: missed.deadline,
                  workingDaysLate: missed.workingDaysLate,
                  daysSinceUpdate: s.daysSinceUpdate,
                },
              ]
            : [],
        ),
        options.now,
      ),
    { sent: 0, skipped: 0, priorities: [] },
  );
  if (failures.length > 0) throw failures.length === 1 ? failures[0] : new AggregateError(failures, 'Digests, reminders or escalations could not all be sent');
  await ports.baselines.save({
    runId: options.runId,
    statuses: Object.fromEntries(priorities.map((p) => [p.priority.id, p.summary.status])),
    previous,
    at: rerun && baseline.at ? baseline.at : options.now.toISOString(),
    ...(since ? { previousAt: since } : {}),
  });
  return { runId: options.runId, period, digests: digestOutcome, reminders: reminderOutcome, escalations: escalationOutcome, bounced };
}

type Overdue = Omit<EscalationNotice, 'person' | 'missedUpdatesUrl' | 'links'> & { priorityId: string };

/**
 * Tells each board member of each overdue priority, once per priority and period: the delivery
 * event is keyed by the period and the priority, not by the run, so next week's run does not
 * repeat it (a deliberate choice: the sponsors' reminders go on weekly; the board is told once).
 * The escalation is recorded when every board member has it, and a recorded one is not sent
 * again: the record outlives the outbox's, which a quarter's escalation would.
 */
async function escalate(ports: DigestPorts, board: readonly Person[], overdue: readonly Overdue[], now: Date): Promise<DigestResult['escalations']> {
  const { mailer } = ports;
  const result: DigestResult['escalations'] = { sent: 0, skipped: 0, priorities: [] };
  if (board.length === 0) return result;
  const failures: unknown[] = [];
  for (const { priorityId, ...notice } of overdue) {
    try {
      const outcome = await deliverAll(
        board.map(
          (person) => () =>
            deliverOnce(mailer, `escalation#${notice.period}#${priorityId}`, person, () =>
              mailer.templates.escalation({
                ...notice,
                person,
                missedUpdatesUrl: `${mailer.baseUrl}/missed-updates`,
                links: personalLinks(mailer.baseUrl, person),
              }),
            ),
        ),
      );
      result.sent += outcome.sent;
      result.skipped += outcome.skipped;
      // Another run holds a board member's delivery and may yet fail it: the next run finishes it, then records.
      if (outcome.held) continue;
      await ports.escalations.record({ period: notice.period, priorityId, escalatedAt: now.toISOString() });
      result.priorities.push(priorityId);
    } catch (error) {
      failures.push(error);
    }
  }
  if (failures.length > 0) throw new AggregateError(failures, `${failures.length} of ${overdue.length} escalations could not be sent`);
  return result;
}
