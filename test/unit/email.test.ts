import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { catalogue, programmeIds } from '#shared/catalogue/index';
import { isNews, needsBoard, newsDays, staleness, updateRecipients } from '#shared/domain/notifications';
import { newPerson, type Person, personInputSchema } from '#shared/domain/people';
import { currentPeriod, reportedFor } from '#shared/domain/periods';
import { levelOf, statuses } from '#shared/domain/rating';
import { applyUpdate, emptySummary } from '#shared/domain/summary';
import type { ProgressUpdate } from '#shared/domain/update';
import { emailTemplates } from '#shared/email/content';
import { html } from '#shared/html';
import type { EmailContent } from '#shared/services/messages';
import { type NotifyPorts, notifyUpdate } from '#shared/services/notify';
import { notRatedColour, type StatusColour, statusColour, statusColours } from '#shared/status-colours';
import { sampleUpdate } from './fixtures.ts';

const templates = emailTemplates('Test programme');

/** Text as the views escape it (Nunjucks' autoescape). */
const escaped = (text: string) => text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

const hostile = '<script>alert(1)</script>"\' onmouseover=x =HYPERLINK("http://evil")';

const update = (extra: Partial<ProgressUpdate> = {}): ProgressUpdate => sampleUpdate({ author: { tokenId: 't', email: 'sponsor@example.org' }, ...extra });

const person = (role: Person['role'], email: string, priorityId?: string, updateNotifications = true) =>
  newPerson({ name: `Holder of ${email.split('@')[0]}`, email, role, ...(priorityId ? { priorityId } : {}), updateNotifications });

describe('who is told about an update', () => {
  const people = [
    person('sponsor', 'sponsor@example.org', 'jobs-and-training'),
    person('delivery-lead', 'lead@example.org', 'jobs-and-training'),
    person('delivery-lead', 'quiet@example.org', 'jobs-and-training', false),
    person('sponsor', 'other@example.org', 'education-and-young-people'),
    person('board', 'board@example.org'),
  ];
  const emails = (list: Person[]) => list.map((p) => p.email);

  it('the priority’s people except the author and those who opted out; the board only when asked', () => {
    expect(emails(updateRecipients(people, update(), false))).toEqual(['lead@example.org']);
    expect(emails(updateRecipients(people, update({ author: { tokenId: 't' } }), true))).toEqual([
      'sponsor@example.org',
      'lead@example.org',
      'board@example.org',
    ]);
  });

  it('the board needs to know about a worsening to amber-red or red, or a barrier needing support', () => {
    const amber = { ...emptySummary('p'), status: 'amber' as const };
    const red = { ...emptySummary('p'), status: 'red' as const };
    expect(needsBoard(amber, update({ status: 'red' }))).toBe(true);
    expect(needsBoard(amber, update({ status: 'amber-red' }))).toBe(true);
    expect(needsBoard(red, update({ status: 'red' }))).toBe(false);
    expect(needsBoard(red, update({ status: 'amber-red' }))).toBe(false);
    expect(needsBoard(null, update({ status: 'red' }))).toBe(true);
    expect(needsBoard(amber, update({ status: 'amber' }))).toBe(false);
    expect(needsBoard(amber, update({ barriers: [{ description: 'x', needsBoardSupport: true }] }))).toBe(true);
  });
});

describe('what is news to the notifier', () => {
  /** Ports that count their reads and send through a sender that records who was sent what. */
  function ports(updates: ProgressUpdate[]) {
    const reads: string[] = [];
    const sent: string[] = [];
    const read = <T>(what: string, value: T): T => {
      reads.push(what);
      return value;
    };
    const notify: NotifyPorts = {
      updates: {
        get: async (_priorityId, id) =>
          read(
            'update',
            updates.find((u) => u.id === id),
          ),
      },
      catalogue: { priorityProfile: async () => read('profile', undefined) },
      people: { list: async () => read('people', [person('delivery-lead', 'lead@example.org', 'jobs-and-training')]) },
      mailer: {
        deliveries: { lease: async () => ({ leaseId: 'l', sent: {} }), markSending: async () => undefined, settle: async () => undefined },
        templates,
        sender: {
          send: async (email) => {
            sent.push(email.to);
            return 'm';
          },
        },
        baseUrl: 'http://localhost',
        eventWindowSeconds: 600,
      },
    };
    return { notify, reads, sent };
  }
  const at = (daysAgo: number, id: string) => update({ id, submittedAt: new Date(Date.now() - daysAgo * 86_400_000).toISOString() });

  it('tells people about a newer latest update', async () => {
    const first = at(2, '01M81TKZKWMG1WK2G5JJJXE3YA');
    const second = at(1, '01M81TKZKWMG1WK2G5JJJXE3YB');
    const before = applyUpdate(emptySummary('jobs-and-training'), first)!;
    const { notify, sent } = ports([first, second]);
    expect(await notifyUpdate(notify, before, applyUpdate(before, second)!)).toEqual({ sent: 1, skipped: 0 });
    expect(sent).toEqual(['lead@example.org']);
  });

  it('takes the title from a summary the seed titled, and reads the profile only for one it did not', async () => {
    const first = at(2, '01M81TKZKWMG1WK2G5JJJXE3YA');
    const titled = ports([first]);
    await notifyUpdate(titled.notify, null, applyUpdate(emptySummary('jobs-and-training', 'Jobs & training'), first)!);
    expect(titled.reads.sort()).toEqual(['people', 'update']);
    const untitled = ports([first]);
    await notifyUpdate(untitled.notify, null, applyUpdate(emptySummary('jobs-and-training'), first)!);
    expect(untitled.reads.sort()).toEqual(['people', 'profile', 'update']);
  });

  it('reads and sends nothing for a summary set back to an older update, or for an update no longer news', async () => {
    const first = at(2, '01M81TKZKWMG1WK2G5JJJXE3YA');
    const second = at(1, '01M81TKZKWMG1WK2G5JJJXE3YB');
    const older = applyUpdate(emptySummary('jobs-and-training'), first)!;
    const newer = applyUpdate(older, second)!;
    const setBack = ports([first, second]);
    expect(await notifyUpdate(setBack.notify, newer, older)).toEqual({ sent: 0, skipped: 0 });
    expect([...setBack.reads, ...setBack.sent]).toEqual([]);

    const stale = at(newsDays + 1, '01M81TKZKWMG1WK2G5JJJXE3YC');
    const late = ports([stale]);
    expect(await notifyUpdate(late.notify, null, applyUpdate(emptySummary('jobs-and-training'), stale)!)).toEqual({ sent: 0, skipped: 0 });
    expect([...late.reads, ...late.sent]).toEqual([]);
    expect(isNews(new Date(Date.now() - (newsDays - 1) * 86_400_000).toISOString())).toBe(true);
  });
});

describe('periods and staleness', () => {
  it('names the current month or quarter', () => {
    expect(currentPeriod('month', new Date('2021-03-31T22:59:59Z'))).toBe('2021-03');
    // Midnight in London (BST) is 23:00 UTC: the period follows London's calendar.
    expect(currentPeriod('month', new Date('2021-03-31T23:00:00Z'))).toBe('2021-04');
    expect(currentPeriod('quarter', new Date('2020-12-31T23:59:00Z'))).toBe('2020-Q4');
    expect(currentPeriod('quarter', new Date('2021-11-01T00:00:00Z'))).toBe('2021-Q4');
  });

  it('flags a priority without an update this period, or for too long', () => {
    const now = new Date('2021-04-20T00:00:00Z');
    const summary = { ...emptySummary('p'), period: '2021-03', lastUpdateAt: '2021-03-01T00:00:00.000Z' };
    expect(staleness(summary, '2021-04', 60, now)).toEqual({ missingThisPeriod: true, stale: false, daysSinceUpdate: 50 });
    expect(staleness(summary, '2021-04', 50, now).stale).toBe(true);
    expect(staleness(summary, '2021-03', 60, now)).toMatchObject({ missingThisPeriod: false, stale: false });
    expect(staleness(emptySummary('p'), '2021-04', 42, now)).toEqual({ missingThisPeriod: true, stale: true, daysSinceUpdate: null });
  });
});

describe('people', () => {
  it('refuses header-breaking names, bad addresses, and board members tied to a priority', () => {
    expect(personInputSchema.safeParse({ name: 'A\r\nBcc: x@evil', email: 'a@example.org', role: 'board' }).success).toBe(false);
    expect(personInputSchema.safeParse({ name: 'A', email: 'not-an-email', role: 'board' }).success).toBe(false);
    expect(personInputSchema.safeParse({ name: 'A', email: 'a@example.org', role: 'board', priorityId: 'x' }).success).toBe(false);
    expect(personInputSchema.safeParse({ name: 'A', email: 'a@example.org', role: 'sponsor' }).success).toBe(false);
    expect(newPerson({ name: 'Ann', email: 'A@Example.org', role: 'sponsor', priorityId: 'p' }).email).toBe('a@example.org');
  });
});

describe('email templates', () => {
  const sponsor = person('sponsor', 'sponsor@example.org', 'jobs-and-training');
  const links = { preferences: 'http://x/people/1/preferences?key=k' };
  const rows = [
    { priorityId: 'p', title: `Priority ${hostile}`, status: 'red' as const, change: 'worse (was Amber)', daysSinceUpdate: 3 },
    { priorityId: 'q', title: 'Quiet priority', status: null, change: 'not yet rated', daysSinceUpdate: null },
    { priorityId: 'r', title: 'Steady priority', status: 'amber-green' as const, change: 'no change', daysSinceUpdate: 10 },
  ];
  /** The emails, in the layout of the programme named `programme`. */
  const render = (programme: string): EmailContent[] => {
    const { boardDigest, boardPack, priorityDigest, reminder, updateNotification } = emailTemplates(programme);
    return [
      updateNotification({
        person: sponsor,
        priorityTitle: 'Jobs',
        update: update({ summary: hostile, statusRationale: hostile, barriers: [{ description: hostile, needsBoardSupport: true }] }),
        previousStatus: 'green',
        priorityUrl: 'http://x/p',
        links,
      }),
      priorityDigest({
        person: sponsor,
        period: '2021-03',
        portfolio: { kind: 'whole', rows },
        own: { title: 'Jobs', status: 'red', openBarriers: [{ description: hostile, needsBoardSupport: true }] },
        postUpdateUrl: 'http://x/new?token=t',
        linkExpiresAt: '2021-03-15T00:00:00Z',
        links,
      }),
      boardDigest({
        person: sponsor,
        period: '2021-03',
        rows,
        missing: [{ title: hostile, daysSinceUpdate: null }],
        boardAsks: [{ title: hostile, description: hostile, ageDays: 3, owner: hostile, status: 'open', responses: 0 }],
        barriersUrl: 'http://x/barriers?token=t',
        linkExpiresAt: '2021-03-15T00:00:00Z',
        dashboardUrl: 'http://x/portfolio',
        links,
      }),
      reminder({
        person: sponsor,
        title: hostile,
        period: '2021-03',
        daysSinceUpdate: 50,
        postUpdateUrl: 'http://x/new?token=t',
        linkExpiresAt: '2021-03-15T00:00:00Z',
        links,
      }),
      boardPack({ person: sponsor, quarter: '2021-Q1', programmeTitle: hostile, priorities: 7, noUpdate: 1, packUrl: 'http://x/board-packs/2021-Q1', links }),
    ];
  };
  const programme = `Recovery ${hostile}`;
  const all = render(programme);

  it('escapes every piece of user text in HTML', () => {
    for (const email of all) {
      expect(email.html).not.toContain('<script>');
      expect(email.html).not.toContain('" onmouseover');
      expect(email.html).toContain('&lt;script&gt;');
    }
  });

  it('has an HTML and a text part, the preferences link, and subjects on one line', () => {
    for (const email of all) {
      expect(email.text.length).toBeGreaterThan(50);
      expect(email.html).toContain(links.preferences);
      expect(email.text).toContain(links.preferences);
      expect(email.subject).not.toMatch(/[\r\n]/);
    }
  });

  it('shows a status as text with its meaning, in a semantic table for the portfolio', () => {
    const [notification, digest] = all;
    expect(notification!.html).toMatch(/<strong>Status:<\/strong> <strong style="[^"]*">Amber<\/strong>/);
    expect(notification!.text).toContain('significant issues already exist');
    expect(digest!.html).toMatch(/<th scope="col" style="[^"]*">Status<\/th>/);
    expect(digest!.html).toMatch(/<caption style="[^"]*">/);
    expect(digest!.text).toContain('Red: Successful delivery appears unachievable');
  });

  /** Every element of the HTML with a text and a background colour: those colours and its text (as escaped). */
  const coloured = (markup: string) =>
    [...markup.matchAll(/<(\w+) style="([^"]*)">([^<]*)<\/\1>/g)].flatMap(([, , style, content]) => {
      const css = Object.fromEntries(style!.split(';').map((rule) => rule.split(':').map((part) => part.trim())));
      return css.color && css['background-color'] ? [{ text: css.color as string, background: css['background-color'] as string, content: content! }] : [];
    });
  const tagColours: [string, StatusColour][] = [
    ...statuses.map((status) => [levelOf(status).label, statusColours[status]] as [string, StatusColour]),
    ['Not yet rated', notRatedColour],
  ];
  const labelOf = (background: string) => tagColours.find(([, colour]) => colour.background === background)?.[0];
  const tagsIn = (markup: string) => coloured(markup).filter(({ background }) => labelOf(background) !== undefined);

  it('heads every email with the programme’s name, in the HTML’s header band and on the text’s first line', () => {
    for (const name of [...programmeIds.map((id) => catalogue(id).name), programme]) {
      for (const email of render(name)) {
        const [header] = coloured(email.html);
        expect(header).toEqual({ text: '#ffffff', background: '#1d70b8', content: escaped(name) });
        expect(email.html).toContain(`<title>${escaped(email.subject)}</title>`);
        expect(email.text.startsWith(`${name}\n\n`)).toBe(true);
      }
    }
    expect(new Set(programmeIds.map((id) => catalogue(id).name)).size).toBe(programmeIds.length);
  });

  it('shows every status as its label inside its coloured tag, never the colour alone, and the same labels in the text', () => {
    const shown = all.map((email) => tagsIn(email.html).map(({ content }) => content));
    expect(shown[0]).toEqual(['Amber', 'Green']); // the new status, and the one before
    expect(new Set(shown[1])).toEqual(new Set(['Red', 'Not yet rated', 'Amber/Green']));
    expect(new Set(shown[2])).toEqual(new Set(['Red', 'Not yet rated', 'Amber/Green']));
    expect(shown[3]).toEqual([]);
    all.forEach((email, i) => {
      // Each tag's text is a status's label, and its colours are that status's.
      for (const tag of tagsIn(email.html))
        expect(tagColours.find(([label]) => label === tag.content)?.[1], tag.content).toMatchObject({ text: tag.text, background: tag.background });
      for (const label of shown[i]!) expect(email.text).toContain(label);
    });
  });

  /** WCAG 2 contrast ratio of two sRGB colours. */
  const contrast = (a: string, b: string) => {
    const luminance = (hex: string) => {
      const [r, g, bl] = [1, 3, 5].map((at) => parseInt(hex.slice(at, at + 2), 16) / 255).map((c) => (c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4));
      return 0.2126 * r! + 0.7152 * g! + 0.0722 * bl!;
    };
    const [light, dark] = [luminance(a), luminance(b)].sort((x, y) => y - x);
    return (light! + 0.05) / (dark! + 0.05);
  };

  it('gives every status colour, and every coloured element of the layout, a contrast of at least 4.5:1', () => {
    expect(contrast('#000000', '#ffffff')).toBeCloseTo(21);
    for (const [label, { text, background }] of tagColours) expect(contrast(text, background), label).toBeGreaterThanOrEqual(4.5);
    for (const { text, background, content } of all.flatMap((email) => coloured(email.html)))
      expect(contrast(text, background), content).toBeGreaterThanOrEqual(4.5);
  });

  it('uses the colours of the GOV.UK Frontend tags the pages show', () => {
    const css = readFileSync(createRequire(import.meta.url).resolve('govuk-frontend/dist/govuk/govuk-frontend.min.css'), 'utf8');
    for (const [, { tagClass, text, background }] of tagColours) expect(css).toContain(`.${tagClass}{color:${text};background-color:${background}}`);
  });

  it('is HTML an email client shows as meant: inline styles, layout tables at most 600 pixels wide, nothing loaded, no script', () => {
    for (const email of all) {
      expect(email.html).toMatch(/^<!doctype html>\n<html lang="en"><head><meta charset="utf-8">/);
      expect(email.html).toMatch(/<table role="presentation" width="600" [^>]*max-width: 600px/);
      const tags = [...email.html.matchAll(/<[^>]*>/g)].join('');
      expect(tags).not.toMatch(/<(script|style|link|img|iframe|form)\b|\b(class|src|on\w+)=|url\(|@import|@font-face/i);
    }
  });

  it('carries the same information in the text as in the HTML', () => {
    const [notification, digest, board, reminding] = all;
    expect(notification!.text).toContain('Status: Amber (was Green)');
    expect(digest!.text).toContain(`Asks for board support:\n  - ${hostile} (needs board support)`);
    expect(board!.text).toContain('- Quiet priority: Not yet rated (not yet rated; last update: none yet)');
    expect(reminding!.text).toContain('Post the update now');
    for (const email of all) expect(email.text).toContain(`--\nYou receive this because you are named on the ${programme} programme.\n`);
  });

  it('the html tag escapes values but keeps its own markup', () => {
    expect(html`<p>${'<b>'}${html`<i>ok</i>`}${['a', '<'] as const}</p>`.value).toBe('<p>&#60;b&#62;<i>ok</i>a&#60;</p>');
  });
});

describe('reporting periods', () => {
  it('count an update for any month of a quarter as the quarter’s, a quarter’s for each of its months, and a later period’s for an earlier one', () => {
    expect(reportedFor('2021-03', '2021-Q1')).toBe(true);
    expect(reportedFor('2021-Q2', '2021-05')).toBe(true);
    expect(reportedFor('2021-Q1', '2021-03')).toBe(true);
    expect(reportedFor('2021-04', '2021-Q1')).toBe(true); // a later report supersedes
    expect(reportedFor('2021-Q2', '2021-Q3')).toBe(false);
    expect(reportedFor('2021-12', '2022-Q1')).toBe(false);
    expect(reportedFor('2021-Q1', '2021-04')).toBe(false);
    expect(reportedFor('nonsense', '2021-Q1')).toBe(false);
    expect(reportedFor(null, '2021-Q1')).toBe(false);
  });

  it('decide staleness by dates under quarterly reporting', () => {
    const now = new Date('2021-03-20T09:00:00Z');
    const summary = { ...emptySummary('p'), period: '2021-02', lastUpdateAt: '2021-02-10T09:00:00Z' };
    expect(staleness(summary, currentPeriod('quarter', now), 60, now).missingThisPeriod).toBe(false);
    expect(staleness(summary, currentPeriod('month', now), 60, now).missingThisPeriod).toBe(true);
  });
});

describe('independent ratings in the digests', () => {
  const board = person('board', 'board@example.org');
  const lead = person('delivery-lead', 'lead@example.org', 'jobs-and-training');
  const links = { preferences: 'http://x/people/1/preferences?key=k' };
  const independent = {
    status: 'amber-red' as const,
    by: `Ann ${hostile} (delivery lead)`,
    period: '2021-03',
    rationale: `Behind ${hostile}`,
    divergent: true,
  };
  const rows = [
    { priorityId: 'p', title: 'Jobs', status: 'green' as const, change: 'no change', daysSinceUpdate: 3, independent },
    { priorityId: 'q', title: 'Quiet priority', status: null, change: 'not yet rated', daysSinceUpdate: null },
  ];
  const boardEmail = templates.boardDigest({
    person: board,
    period: '2021-03',
    rows,
    missing: [],
    boardAsks: [],
    divergent: [{ title: 'Jobs', status: 'green', period: '2021-03', independent }],
    barriersUrl: 'http://x/barriers?token=t',
    linkExpiresAt: '2021-03-15T00:00:00Z',
    dashboardUrl: 'http://x/',
    links,
  });
  const leadEmail = templates.priorityDigest({
    person: lead,
    period: '2021-03',
    portfolio: { kind: 'whole', rows },
    own: { title: 'Jobs', status: 'green', openBarriers: [], independent },
    assessUrl: 'http://x/priorities/jobs/assessments/new?token=t',
    postUpdateUrl: 'http://x/priorities/jobs/updates/new?token=t',
    linkExpiresAt: '2021-03-15T00:00:00Z',
    links,
  });

  it('lists each divergent priority for the board with both ratings, who and why, in the HTML and the text', () => {
    const section = boardEmail.text.slice(boardEmail.text.indexOf('Ratings that diverge:'), boardEmail.text.indexOf('What the ratings mean:'));
    expect(section).toContain(
      `Jobs\n  Sponsor: Green for 2021-03\n  Independent: Amber/Red by Ann ${hostile} (delivery lead) for 2021-03\n  Why the independent rating: Behind ${hostile}`,
    );
    expect(boardEmail.html).toContain('>Ratings that diverge</h2>');
    expect(boardEmail.html).toContain(
      `color: ${statusColour('amber-red').text}; background-color: ${statusColour('amber-red').background}">Amber/Red</strong> by Ann &lt;script&gt;`,
    );
    expect(boardEmail.html).not.toContain('<script>');
    // Every rating shown has its meaning, the independent ones too.
    expect(boardEmail.text).toContain(`- Amber/Red: ${levelOf('amber-red').meaning}`);
  });

  it('says so when no rating diverges', () => {
    const calm = templates.boardDigest({
      person: board,
      period: '2021-03',
      rows: [rows[1]!],
      missing: [],
      boardAsks: [],
      divergent: [],
      barriersUrl: 'http://x/barriers?token=t',
      linkExpiresAt: '2021-03-15T00:00:00Z',
      dashboardUrl: 'http://x/',
      links,
    });
    expect(calm.text).toContain('Ratings that diverge:\n  None: every independent rating is close to its sponsor’s.');
    expect(calm.html).not.toContain('Independent rating</th>'); // no column while nobody has one
  });

  it('shows the portfolio’s independent ratings as tags with their labels, and a delivery lead their own and the link to record one', () => {
    expect(boardEmail.html).toContain('Independent rating</th>');
    expect(boardEmail.text).toContain(
      `- Jobs: Green (no change; last update: 3 days ago; independent: Amber/Red by Ann ${hostile} (delivery lead) for 2021-03, diverges)`,
    );
    expect(leadEmail.text).toContain(
      `Independent rating: Amber/Red by Ann ${hostile} (delivery lead) for 2021-03 (diverges: the board is told)\nBehind ${hostile}`,
    );
    expect(leadEmail.text).toContain(
      'Record your own independent rating (the same personal link; do not forward it):\nhttp://x/priorities/jobs/assessments/new?token=t',
    );
    expect(leadEmail.html).toContain('<a href="http://x/priorities/jobs/assessments/new?token=t">Record your own independent rating</a>');
    expect(leadEmail.html).not.toContain('<script>');
  });
});
