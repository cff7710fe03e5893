/**
 * The weekly digest and reminders. One run (identified by the schedule's invocation time)
 * sends each person one digest, and each sponsor and delivery lead of a priority that has not
 * reported a reminder; running the same invocation again sends nothing twice.
 */
import { issueToken } from '#shared/domain/credential';
import { staleness } from '#shared/domain/notifications';
import type { Person } from '#shared/domain/people';
import { currentPeriod, type ReportingPeriod } from '#shared/domain/periods';
import { compareStatus, levelOf, statuses, type Status } from '#shared/domain/rating';
import { emptySummary, type PrioritySummary } from '#shared/domain/summary';
import type { Credentials } from '#shared/data/credentials';
import type { DigestBaselines } from '#shared/data/digest-baseline';
import type { People } from '#shared/data/people';
import type { ProgrammeReads } from '#shared/data/programme';
import { deliverAll, deliverOnce, personalLinks, type DeliveryOutcome, type Mailer } from '#shared/services/deliveries';
import type { DigestPortfolio, PortfolioRow } from '#shared/services/messages';

export interface DigestPorts {
  programme: Pick<ProgrammeReads, 'snapshot'>;
  people: Pick<People, 'list'>;
  baselines: Pick<DigestBaselines, 'get' | 'save'>;
  /** Personal links are fresh credentials. */
  credentials: Pick<Credentials, 'save'>;
  mailer: Mailer;
}

export interface DigestOptions {
  runId: string;
  now: Date;
  reportingPeriod: ReportingPeriod;
  staleAfterDays: number;
  linkTokenDays: number;
}

export interface DigestResult {
  runId: string;
  period: string;
  digests: { sent: number; skipped: number };
  reminders: { sent: number; skipped: number };
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

/** The portfolio part of a sponsor's or delivery lead's digest. */
export function digestPortfolio(rows: readonly PortfolioRow[], previous: Readonly<Record<string, Status | null>>, dashboardUrl: string): DigestPortfolio {
  if (rows.length <= wholePortfolioUpTo) return { kind: 'whole', rows };
  const counts = [...statuses, null].flatMap((status) => {
    const priorities = rows.filter((row) => row.status === status).length;
    return priorities > 0 ? [{ status, priorities }] : [];
  });
  const rank = (status: Status | null) => (status === null ? -1 : compareStatus(status, 'green'));
  // Worst first: what most needs a sponsor's attention; the dashboard has the rest.
  const changed = rows.filter((row) => previous[row.priorityId] !== undefined && previous[row.priorityId] !== row.status).sort((a, b) => rank(b.status) - rank(a.status));
  const shown = changed.slice(0, wholePortfolioUpTo);
  return { kind: 'bounded', priorities: rows.length, counts, changed: shown, more: changed.length - shown.length, dashboardUrl };
}

export async function runDigest(ports: DigestPorts, options: DigestOptions): Promise<DigestResult> {
  const { mailer } = ports;
  const { baseUrl, templates } = mailer;
  const [snapshot, people, baseline] = await Promise.all([ports.programme.snapshot(), ports.people.list(), ports.baselines.get()]);
  const previous = baseline?.runId === options.runId ? baseline.previous : (baseline?.statuses ?? {});
  const period = currentPeriod(options.reportingPeriod, options.now);
  const summaryOf = (id: string): PrioritySummary => snapshot.summaries.get(id) ?? emptySummary(id);

  const priorities = snapshot.priorities.map((priority) => {
    const summary = summaryOf(priority.id);
    return { priority, summary, staleness: staleness(summary, period, options.staleAfterDays, options.now) };
  });
  const rows: PortfolioRow[] = priorities.map(({ priority, summary, staleness: s }) => ({
    priorityId: priority.id,
    title: priority.title,
    status: summary.status,
    change: changeSince(previous[priority.id], summary.status),
    daysSinceUpdate: s.daysSinceUpdate,
  }));
  // The dashboard page: every link in an email opens a page, never JSON.
  const dashboardUrl = `${baseUrl}/`;
  const portfolio = digestPortfolio(rows, previous, dashboardUrl);
  const byId = new Map(priorities.map((p) => [p.priority.id, p]));

  /**
   * A fresh personal token for the links in this run's emails to a person, issued only when
   * an email is really sent, and once per person even when the digest and a reminder carry it.
   */
  const links = new Map<string, Promise<{ url: string; expiresAt: string }>>();
  const postLink = (person: Person, priorityId: string) => {
    let link = links.get(person.personId);
    if (!link) {
      const { token, credential } = issueToken({ priorityId, name: person.name, email: person.email, days: options.linkTokenDays, now: options.now });
      link = ports.credentials.save(credential).then(() => ({
        url: `${baseUrl}/priorities/${priorityId}/updates/new?token=${encodeURIComponent(token)}`,
        expiresAt: credential.expiresAt,
      }));
      links.set(person.personId, link);
    }
    return link;
  };

  const digestEvent = `digest#${options.runId}`;
  const digests: (() => Promise<DeliveryOutcome>)[] = [];
  const reminders: (() => Promise<DeliveryOutcome>)[] = [];
  for (const person of people) {
    const links = personalLinks(baseUrl, person);
    if (person.role === 'board') {
      digests.push(() =>
        deliverOnce(mailer, digestEvent, person, () =>
          templates.boardDigest({
            person,
            period,
            rows,
            missing: priorities.filter((p) => p.staleness.missingThisPeriod).map((p) => ({ title: p.priority.title, daysSinceUpdate: p.staleness.daysSinceUpdate })),
            boardAsks: priorities
              .filter((p) => p.summary.barriersNeedingBoardSupport.length > 0)
              .map((p) => ({ title: p.priority.title, barriers: p.summary.barriersNeedingBoardSupport })),
            dashboardUrl,
            links,
          }),
        ),
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
          own: { title: own.priority.title, status: own.summary.status, openBarriers: own.summary.openBarriers },
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
          return templates.reminder({ person, title: own.priority.title, period, daysSinceUpdate: own.staleness.daysSinceUpdate, postUpdateUrl: link.url, linkExpiresAt: link.expiresAt, links });
        }),
      );
    }
  }

  const [digestOutcome, reminderOutcome] = [await deliverAll(digests), await deliverAll(reminders)];
  await ports.baselines.save({
    runId: options.runId,
    statuses: Object.fromEntries(priorities.map((p) => [p.priority.id, p.summary.status])),
    previous,
  });
  return { runId: options.runId, period, digests: digestOutcome, reminders: reminderOutcome };
}
