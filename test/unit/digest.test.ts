import { describe, expect, it } from 'vitest';
import { catalogue, programmeIds } from '#shared/catalogue/index';
import type { DigestBaseline } from '#shared/data/digest-baseline';
import type { TrackedAsk } from '#shared/domain/ask';
import type { Priority } from '#shared/domain/catalogue';
import { newPerson } from '#shared/domain/people';
import type { Status } from '#shared/domain/rating';
import { emptySummary, type PrioritySummary } from '#shared/domain/summary';
import { emailTemplates } from '#shared/email/content';
import type { Mailer } from '#shared/services/deliveries';
import { type DigestPorts, digestPortfolio, runDigest, wholePortfolioUpTo } from '#shared/services/digest';
import type { OutgoingEmail, PortfolioRow } from '#shared/services/messages';

const hostile = '<script>alert(1)</script>"\' onmouseover=x';
const dashboardUrl = 'http://x/';
const links = { preferences: 'http://x/people/1/preferences?key=k' };
const templates = emailTemplates('Test programme');
const sponsor = newPerson({ name: 'S', email: 'sponsor@example.org', role: 'sponsor', priorityId: 'p-1' });

const row = (n: number, status: Status | null, title = `Priority ${n}`): PortfolioRow => ({
  priorityId: `p-${n}`,
  title,
  status,
  change: 'no change',
  daysSinceUpdate: 3,
});
/** `count` rows: p-1 is red, every third amber, the rest green. */
const rows = (count: number) => Array.from({ length: count }, (_, i) => row(i + 1, i === 0 ? 'red' : i % 3 === 0 ? 'amber' : 'green'));

/** The markup without its inline styles, for the structure alone. */
const withoutStyles = (markup: string) => markup.replace(/ style="[^"]*"/g, '');

const render = (portfolio: ReturnType<typeof digestPortfolio>) =>
  templates.priorityDigest({
    person: sponsor,
    period: '2021-03',
    portfolio,
    own: { title: 'Priority 1', status: 'red', openBarriers: [] },
    postUpdateUrl: 'http://x/new?token=t',
    linkExpiresAt: '2021-03-15T00:00:00Z',
    links,
  });

describe('the portfolio in a sponsor’s or delivery lead’s digest', () => {
  it('is the whole table up to the limit', () => {
    const all = rows(wholePortfolioUpTo);
    expect(digestPortfolio(all, { 'p-2': 'amber' }, dashboardUrl)).toEqual({ kind: 'whole', rows: all });
  });

  it('above it, is the counts by status and the changed priorities, worst first, at most the limit, and how many more', () => {
    const all = rows(wholePortfolioUpTo + 30);
    // Every row but the first two changed from green or to green; p-2 has no earlier digest (not a change), p-1 the same status as before.
    const previous: Record<string, Status | null> = Object.fromEntries(all.slice(2).map((r) => [r.priorityId, r.status === 'green' ? 'amber' : 'green']));
    previous['p-1'] = 'red';
    const portfolio = digestPortfolio(all, previous, dashboardUrl);
    if (portfolio.kind !== 'bounded') throw new Error('expected the bounded portfolio');
    expect(portfolio.priorities).toBe(50);
    expect(portfolio.counts).toEqual([
      { status: 'green', priorities: 33 },
      { status: 'amber', priorities: 16 },
      { status: 'red', priorities: 1 },
    ]);
    expect(portfolio.changed).toHaveLength(wholePortfolioUpTo);
    expect(portfolio.more).toBe(48 - wholePortfolioUpTo);
    expect(portfolio.changed.map((r) => r.priorityId)).not.toContain('p-1');
    expect(portfolio.changed.map((r) => r.priorityId)).not.toContain('p-2');
    // The 16 amber first, then green, each in catalogue order.
    expect(portfolio.changed.slice(0, 16).every((r) => r.status === 'amber')).toBe(true);
    expect(portfolio.changed[16]).toMatchObject({ priorityId: 'p-3', status: 'green' });
    expect(portfolio.dashboardUrl).toBe(dashboardUrl);
  });

  it('renders the counts, the changes, "and N more" and the dashboard link in HTML and text, titles escaped', () => {
    const all = [row(1, 'red', `Red ${hostile}`), row(2, 'amber', `Amber ${hostile}`), ...rows(wholePortfolioUpTo + 3).slice(2)];
    const previous = Object.fromEntries(all.map((r) => [r.priorityId, r.status === 'red' ? 'green' : 'red'])) as Record<string, Status>;
    const email = render(digestPortfolio(all, previous, dashboardUrl));
    const markup = withoutStyles(email.html);
    expect(markup).toContain('<caption>The 23 priorities by status</caption>');
    expect(markup).toMatch(/<th scope="row"><strong>Red<\/strong><\/th><td>1<\/td>/);
    expect(markup).toContain('<th scope="row">Red &lt;script&gt;alert(1)&lt;/script&gt;&quot;&#39; onmouseover=x</th>');
    expect(markup).not.toContain('<script>');
    expect(markup).toContain('And 3 more priorities whose status changed.');
    expect(markup).toContain(`<a href="${dashboardUrl}">See every priority on the dashboard</a>`);
    expect(email.text).toContain('The 23 priorities by status:\n- Green: 14\n- Amber: 8\n- Red: 1');
    expect(email.text).toContain(`- Red ${hostile}: Red (no change; last update: 3 days ago)`);
    expect(email.text).toContain('And 3 more priorities whose status changed.');
    expect(email.text).toContain(`See every priority on the dashboard: ${dashboardUrl}`);
    // Worst first: the one red before the ambers; the last green is one of the 3 cut, in neither part.
    expect(email.text.indexOf('- Red <script>')).toBeLessThan(email.text.indexOf('- Amber <script>'));
    expect(email.text).not.toContain('- Priority 23:');
    expect(markup).not.toContain('Priority 23<');
  });

  it('says when no status changed, and keeps the whole table escaped at the limit', () => {
    const quiet = render(digestPortfolio(rows(wholePortfolioUpTo + 1), {}, dashboardUrl));
    expect(quiet.html).toContain('No priority’s status changed since the last digest.');
    expect(quiet.text).toContain('No priority’s status changed since the last digest.');
    expect(quiet.html).not.toContain('more priorit');

    const whole = render(digestPortfolio([row(1, 'red', hostile), ...rows(wholePortfolioUpTo).slice(1)], {}, dashboardUrl));
    expect(withoutStyles(whole.html)).toContain('<caption>Every priority, its status and when it was last updated</caption>');
    expect(withoutStyles(whole.html)).toContain('<th scope="row">&lt;script&gt;');
    expect(whole.html).not.toContain('<script>');
    expect(whole.text).toContain(`- ${hostile}: Red`);
    expect(whole.text).toContain(`- Priority ${wholePortfolioUpTo}: Green`);
  });

  it('is the same size for a programme of 100 priorities as of 1,000', () => {
    const size = (count: number) => {
      const all = rows(count);
      const email = render(digestPortfolio(all, Object.fromEntries(all.map((r) => [r.priorityId, 'amber-red'])), dashboardUrl));
      return email.html.length + email.text.length;
    };
    // Only the counts' digits and "and N more" grow.
    expect(size(1000) - size(100)).toBeLessThan(20);
  });
});

describe('the digest run', () => {
  /** The digest over `priorities`, with one sponsor of the first and one board member; returns what each was sent. */
  async function sent(
    priorities: readonly Priority[],
    summaries: readonly PrioritySummary[],
    hardBounced = new Set<string>(),
    commitments: { asks: TrackedAsk[]; lastDigestAt?: string } = { asks: [] },
  ) {
    const saved: DigestBaseline[] = [];
    const emails: OutgoingEmail[] = [];
    const board = newPerson({ name: 'B', email: 'board@example.org', role: 'board' });
    const lead = newPerson({ name: 'L', email: 'lead@example.org', role: 'sponsor', priorityId: priorities[0]!.id });
    const ports: DigestPorts = {
      programme: {
        snapshot: async () => ({
          programme: undefined,
          priorities: [...priorities],
          summaries: new Map(summaries.map((s) => [s.priorityId, s])),
          portfolio: { priorities: {}, recentChanges: [] },
          assessments: new Map(),
        }),
      },
      people: { list: async () => [board, lead] },
      baselines: {
        get: async () => (commitments.lastDigestAt ? { runId: 'before', statuses: {}, previous: {}, at: commitments.lastDigestAt } : undefined),
        save: async (baseline) => {
          saved.push(baseline);
        },
      },
      commitments: { list: async () => ({ asks: commitments.asks.map((value) => ({ value, version: 1 })), milestones: [], measures: [] }) },
      credentials: { save: async () => undefined },
      escalations: { forPeriod: async () => new Map(), record: async () => undefined },
      barriers: { list: async () => [] },
      failing: { hardBounced: async () => hardBounced },
      mailer: {
        deliveries: { lease: async () => ({ leaseId: 'l', sent: {} }), markSending: async () => undefined, settle: async () => undefined },
        templates,
        sender: {
          send: async (email) => {
            emails.push(email);
            return 'm';
          },
        },
        baseUrl: 'http://x',
        eventWindowSeconds: 600,
      },
    };
    const result = await runDigest(ports, {
      runId: 'r',
      now: new Date('2021-03-10T08:00:00Z'),
      reportingPeriod: 'month',
      staleAfterDays: 35,
      escalateAfterWorkingDays: 5,
      linkTokenDays: 14,
    });
    const digestTo = (to: string) => emails.find((email) => email.to === to && email.subject.startsWith('Weekly'))!;
    return { board: digestTo(board.email), lead: digestTo(lead.email), emails, result, personIds: { board: board.personId, lead: lead.personId }, saved };
  }
  const real = catalogue(programmeIds[0]!).priorities;

  it('names in the board’s digest the asks of government that moved since the last digest, and keeps when this one ran', async () => {
    const ask = (askId: string, changedAt?: string): TrackedAsk => ({
      priorityId: real[0]!.id,
      askId,
      title: `Ask ${askId}`,
      status: 'agreed',
      securedGbp: 1_500_000,
      ...(changedAt ? { changedAt } : {}),
    });
    const asks = [ask('moved', '2021-03-05T00:00:00Z'), ask('before', '2021-02-01T00:00:00Z'), ask('never')];
    const { board, lead, saved } = await sent(
      real,
      real.map((p) => emptySummary(p.id)),
      new Set(),
      { asks, lastDigestAt: '2021-03-01T08:00:00Z' },
    );
    expect(board.text).toContain('- Ask moved (');
    expect(board.text).toContain('Agreed, £1,500,000 secured');
    expect(board.text).not.toContain('Ask before');
    expect(board.text).not.toContain('Ask never');
    expect(lead.text).not.toContain('Asks of government');
    expect(saved[0]).toMatchObject({ at: '2021-03-10T08:00:00.000Z', previousAt: '2021-03-01T08:00:00Z' });
  });

  it('sends nothing to an address SES reported a hard bounce for, and names the person skipped', async () => {
    const { emails, result, personIds } = await sent(
      real,
      real.map((p) => emptySummary(p.id)),
      new Set(['lead@example.org']),
    );
    expect(emails.map((email) => email.to)).not.toContain('lead@example.org');
    expect(emails.map((email) => email.to)).toContain('board@example.org');
    expect(result.bounced).toEqual([personIds.lead]);
  });

  it('gives sponsors and delivery leads of the real programme the whole table', async () => {
    const { lead } = await sent(
      real,
      real.map((p) => emptySummary(p.id)),
    );
    expect(real.length).toBeLessThanOrEqual(wholePortfolioUpTo);
    for (const priority of real) expect(lead.text).toContain(`- ${priority.title}: Not yet rated`);
  });

  it('gives the board every row of a large programme, and its sponsors the counts', async () => {
    const large = Array.from({ length: wholePortfolioUpTo + 5 }, (_, i) => ({ ...real[i % real.length]!, id: `p-${i + 1}`, title: `Priority ${i + 1}` }));
    const { board, lead } = await sent(
      large,
      large.map((p) => emptySummary(p.id)),
    );
    for (const priority of large) expect(board.text).toContain(`- ${priority.title}: Not yet rated`);
    expect(lead.text).toContain(`The ${large.length} priorities by status:\n- Not yet rated: ${large.length}`);
    expect(lead.text).not.toContain('- Priority 2: Not yet rated');
  });
});

describe('escalations in the digest run', () => {
  const priority = (id: string, title = `Priority ${id}`): Priority => ({ ...catalogue(programmeIds[0]!).priorities[0]!, id, title });
  const reported = (id: string, period: string | null, at = '2021-02-15T10:00:00.000Z'): PrioritySummary => ({
    ...emptySummary(id),
    period,
    lastUpdateAt: period ? at : null,
  });
  const chair = newPerson({ name: 'Ann Chair', email: 'chair@example.org', role: 'board' });
  const secretary = newPerson({ name: 'Sue Secretary', email: 'secretary@example.org', role: 'board' });
  const lateSponsor = newPerson({ name: 'S', email: 'sponsor.late@example.org', role: 'sponsor', priorityId: 'late' });
  const priorities = [priority('late', `Late ${hostile}`), priority('due'), priority('reported'), priority('never')];

  /** A run at `now` over late (last reported February), due (March), reported (April) and never; the escalations recorded so far persist between runs. */
  function digestAt(
    recorded = new Map<string, { period: string; priorityId: string; escalatedAt: string }>(),
    summaries = [reported('late', '2021-02'), reported('due', '2021-03'), reported('reported', '2021-04')],
  ) {
    return async (now: string, runId = now, lease: Mailer['deliveries']['lease'] = async () => ({ leaseId: 'l', sent: {} })) => {
      const emails: OutgoingEmail[] = [];
      const ports: DigestPorts = {
        programme: {
          snapshot: async () => ({
            programme: undefined,
            priorities,
            summaries: new Map(summaries.map((s) => [s.priorityId, s])),
            portfolio: { priorities: {}, recentChanges: [] },
            assessments: new Map(),
          }),
        },
        people: { list: async () => [chair, secretary, lateSponsor] },
        baselines: { get: async () => undefined, save: async () => undefined },
        credentials: { save: async () => undefined },
        commitments: { list: async () => ({ asks: [], milestones: [], measures: [] }) },
        escalations: {
          forPeriod: async (period) => new Map([...recorded.values()].filter((e) => e.period === period).map((e) => [e.priorityId, e])),
          record: async (escalation) => void recorded.set(`${escalation.period}#${escalation.priorityId}`, escalation),
        },
        barriers: { list: async () => [] },
        failing: { hardBounced: async () => new Set<string>() },
        mailer: {
          deliveries: { lease, markSending: async () => undefined, settle: async () => undefined },
          templates,
          sender: {
            send: async (email) => {
              emails.push(email);
              return 'm';
            },
          },
          baseUrl: 'http://x',
          eventWindowSeconds: 600,
        },
      };
      const result = await runDigest(ports, {
        runId,
        now: new Date(now),
        reportingPeriod: 'month',
        staleAfterDays: 35,
        escalateAfterWorkingDays: 5,
        linkTokenDays: 14,
      });
      return { result, escalations: emails.filter((email) => email.subject.startsWith('Escalation')), emails, recorded };
    };
  }

  it('tells each board member, once, of each priority still without the last period’s update the set working days after its deadline', async () => {
    // Thursday 8 April 2021: six working days after March's deadline.
    const { result, escalations, emails, recorded } = await digestAt()('2021-04-08T07:00:00Z');
    expect(result.escalations).toEqual({ sent: 4, skipped: 0, priorities: ['late', 'never'] });
    expect(escalations.map((email) => `${email.to} ${email.subject.includes('Late') ? 'late' : 'never'}`).sort()).toEqual([
      'chair@example.org late',
      'chair@example.org never',
      'secretary@example.org late',
      'secretary@example.org never',
    ]);
    expect([...recorded.keys()].sort()).toEqual(['2021-03#late', '2021-03#never']);
    // The sponsor still gets the weekly reminder, not the escalation.
    expect(emails.filter((email) => email.to === lateSponsor.email).map((email) => email.subject.split(':')[0])).toEqual([
      'Weekly recovery digest',
      'Reminder',
    ]);

    const email = escalations.find((e) => e.to === chair.email && e.subject.includes('Late'))!;
    expect(email.subject).toBe(`Escalation: Late ${hostile} has no update for 2021-03, 6 working days after the deadline`);
    expect(email.text).toContain('which was due by 31 March 2021: it is 6 working days late. Last update: 51 days ago.');
    expect(email.text).toContain('See every missed update: http://x/missed-updates');
    expect(email.html).toContain('Late &lt;script&gt;');
    expect(email.html).not.toContain('<script>');
  });

  it('still sends reminders and escalations when a digest fails, then fails the run so its retry finishes it', async () => {
    const recorded = new Map<string, { period: string; priorityId: string; escalatedAt: string }>();
    const digestsDown: Mailer['deliveries']['lease'] = async (event) =>
      event.startsWith('digest#') ? Promise.reject(new Error('SES is down')) : { leaseId: 'l', sent: {} };
    await expect(digestAt(recorded)('2021-04-08T07:00:00Z', 'run', digestsDown)).rejects.toThrow();
    expect([...recorded.keys()].sort()).toEqual(['2021-03#late', '2021-03#never']);
  });

  it('records no escalation while another run holds a board member’s delivery, so a later run finishes it', async () => {
    const run = digestAt();
    const secretaryHeld: Mailer['deliveries']['lease'] = async (event, batch) =>
      event.startsWith('escalation#') && batch === secretary.email ? 'busy' : { leaseId: 'l', sent: {} };
    const held = await run('2021-04-08T07:00:00Z', 'first', secretaryHeld);
    expect(held.escalations.map((email) => email.to)).toEqual([chair.email, chair.email]);
    expect(held.result.escalations.priorities).toEqual([]);
    expect([...held.recorded.keys()]).toEqual([]);

    const next = await run('2021-04-12T07:00:00Z');
    expect(next.escalations.filter((email) => email.to === secretary.email)).toHaveLength(2);
    expect([...next.recorded.keys()].sort()).toEqual(['2021-03#late', '2021-03#never']);
  });

  it('does not tell the board again in a later week, nor before the set working days have passed', async () => {
    const run = digestAt();
    expect((await run('2021-04-06T07:00:00Z')).escalations).toEqual([]); // four working days
    expect((await run('2021-04-12T07:00:00Z')).escalations).toHaveLength(4);
    const nextWeek = await run('2021-04-19T07:00:00Z');
    expect(nextWeek.escalations).toEqual([]);
    expect(nextWeek.result.escalations).toEqual({ sent: 0, skipped: 0, priorities: [] });
  });

  it('tells nobody of a priority whose update has arrived, for that period or a later one', async () => {
    const recent = '2021-04-09T10:00:00.000Z';
    const run = digestAt(new Map(), [
      reported('late', '2021-04', recent),
      reported('due', '2021-03', recent),
      reported('reported', '2021-04', recent),
      reported('never', '2021-03', recent),
    ]);
    const { escalations, emails } = await run('2021-04-12T07:00:00Z');
    expect(escalations).toEqual([]);
    // Nor is the late priority's sponsor reminded any more.
    expect(emails.filter((email) => email.subject.startsWith('Reminder')).map((email) => email.to)).toEqual([]);
  });
});
