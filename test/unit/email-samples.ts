/**
 * Every kind of email, in each of its branches, with realistic data and hostile text (markup,
 * formulas, quotes, ampersands) in every field people type: what the email content tests render.
 */
import { newPerson } from '#shared/domain/people';
import { digestPortfolio, wholePortfolioUpTo } from '#shared/services/digest';
import type { EmailContent, EmailTemplates, IndependentRating, PortfolioRow } from '#shared/services/messages';
import { sampleUpdate } from './fixtures.ts';

const hostile = `<script>alert("x")</script> =HYPERLINK("http://evil.example") Tom & Jerry's "quote"`;
export const hostileProgramme = `Recovery & Renewal <b>"West"</b>`;

const base = 'https://progress.example.org';
const sponsor = newPerson({ name: `Sam ${hostile}`, email: 'sponsor@example.org', role: 'sponsor', priorityId: 'jobs-and-training' });
const lead = newPerson({ name: 'Lee Lead', email: 'lead@example.org', role: 'delivery-lead', priorityId: 'jobs-and-training' });
const board = newPerson({ name: 'Board Chair', email: 'board@example.org', role: 'board' });
const links = { preferences: `${base}/people/01J0PERSON/preferences?key=k&x="1"` };
const expires = '2021-03-15T00:00:00.000Z';
const postUpdateUrl = `${base}/priorities/jobs-and-training/updates/new?token=rp_example`;

const barriers = [
  { description: 'Data sharing with DWP is slow', needsBoardSupport: true },
  { description: `Venue ${hostile}`, needsBoardSupport: false },
  { description: `Funding & "match" ${hostile}`, needsBoardSupport: true },
];
const independent: IndependentRating = {
  status: 'amber-red',
  by: `Ann ${hostile} (delivery lead)`,
  period: '2021-03',
  rationale: `Behind plan: ${hostile}`,
  divergent: true,
};
const closeRating: IndependentRating = { status: 'amber', by: 'Board (board)', period: '2021-02', rationale: 'Close enough', divergent: false };
const rows: PortfolioRow[] = [
  { priorityId: 'jobs-and-training', title: 'Jobs & training', status: 'amber-red', change: 'worse (was Amber)', daysSinceUpdate: 2, independent },
  { priorityId: 'education', title: `Education ${hostile}`, status: 'green', change: 'no change', daysSinceUpdate: 9 },
  { priorityId: 'mental-health', title: 'Mental health support and awareness', status: null, change: 'not yet rated', daysSinceUpdate: null },
  { priorityId: 'transport', title: 'Transport', status: 'amber', change: 'better (was Red)', daysSinceUpdate: 0, independent: closeRating },
  { priorityId: 'housing', title: 'Housing', status: 'red', change: 'first rating', daysSinceUpdate: 1 },
];
const plainRows = rows.map(({ independent: _independent, ...row }) => row);
const manyRows = Array.from({ length: wholePortfolioUpTo * 3 }, (_, i) => ({
  ...plainRows[i % plainRows.length]!,
  priorityId: `p-${i + 1}`,
  title: `${plainRows[i % plainRows.length]!.title} (${i + 1})`,
}));
/** The statuses at the last digest: the first `changed` rows had another. */
const previousWith = (changed: number) =>
  Object.fromEntries(manyRows.map((row, i) => [row.priorityId, i < changed ? (row.status === 'red' ? 'green' : 'red') : row.status] as const));

const update = sampleUpdate({
  author: { tokenId: 't', name: `Solihull sponsor ${hostile}` },
  status: 'amber-red',
  summary: `Kickstart placements are behind plan. ${hostile}`,
  statusRationale: `Employers sign up slowly & ${hostile}`,
  achievements: ['500 placements agreed'],
  nextSteps: ['Open the second round'],
  barriers,
});
const response = {
  priorityId: 'jobs-and-training',
  barrierId: '01F0000000000000000000000A-0',
  responseId: '01F0000000000000000000000B',
  respondedAt: '2021-03-12T10:00:00.000Z',
  respondedBy: { tokenId: 'example', name: `Board chair ${hostile}` },
  decision: `Raise data sharing with the DWP regional director ${hostile}`,
  owner: `Board chair & ${hostile}`,
  dueDate: '2021-03-31',
  barrierDescription: `Data sharing ${hostile}`,
};
const asks = [
  {
    title: 'Jobs & training',
    description: 'Data sharing with DWP is slow',
    ageDays: 23,
    owner: 'DWP regional lead',
    status: 'being-handled' as const,
    responses: 1,
  },
  { title: `Education ${hostile}`, description: `Funding ${hostile}`, ageDays: 1, status: 'open' as const, responses: 0 },
  { title: 'Housing', description: 'Planning', ageDays: 0, owner: hostile, status: 'open' as const, responses: 2 },
];

/** Every sample, by name, in the layout of `programme`. */
export function emailSamples(templates: EmailTemplates): Record<string, EmailContent> {
  const own = { title: 'Jobs & training', status: 'amber-red' as const, openBarriers: barriers };
  const portfolioUrl = `${base}/`;
  return {
    'update notification: changed status, named author, rationale, barriers': templates.updateNotification({
      person: sponsor,
      priorityTitle: 'Jobs & training',
      update,
      previousStatus: 'amber',
      priorityUrl: `${base}/priorities/jobs-and-training`,
      links,
    }),
    'update notification: first rating, no name, no rationale, no barriers': templates.updateNotification({
      person: lead,
      priorityTitle: `Jobs ${hostile}`,
      update: sampleUpdate({ author: { tokenId: 't' }, status: 'green', summary: hostile, barriers: [] }),
      previousStatus: null,
      priorityUrl: `${base}/priorities/jobs-and-training`,
      links,
    }),
    'update notification: same status': templates.updateNotification({
      person: lead,
      priorityTitle: 'Jobs',
      update: sampleUpdate({ status: 'red', summary: 'Still red' }),
      previousStatus: 'red',
      priorityUrl: `${base}/p`,
      links,
    }),
    'sponsor digest: whole portfolio': templates.priorityDigest({
      person: sponsor,
      period: '2021-03',
      portfolio: { kind: 'whole', rows: plainRows },
      own,
      postUpdateUrl,
      linkExpiresAt: expires,
      links,
    }),
    'sponsor digest: no barriers, not yet rated': templates.priorityDigest({
      person: sponsor,
      period: '2021-Q1',
      portfolio: { kind: 'whole', rows: plainRows.slice(2, 3) },
      own: { title: 'Mental health', status: null, openBarriers: [] },
      postUpdateUrl,
      linkExpiresAt: expires,
      links,
    }),
    'sponsor digest: large programme, changes and many more': templates.priorityDigest({
      person: sponsor,
      period: '2021-03',
      portfolio: digestPortfolio(manyRows, previousWith(30), portfolioUrl),
      own,
      postUpdateUrl,
      linkExpiresAt: expires,
      links,
    }),
    'sponsor digest: large programme, changes and one more': templates.priorityDigest({
      person: sponsor,
      period: '2021-03',
      portfolio: digestPortfolio(manyRows, previousWith(wholePortfolioUpTo + 1), portfolioUrl),
      own,
      postUpdateUrl,
      linkExpiresAt: expires,
      links,
    }),
    'sponsor digest: large programme, one change': templates.priorityDigest({
      person: sponsor,
      period: '2021-03',
      portfolio: digestPortfolio(manyRows, previousWith(1), portfolioUrl),
      own,
      postUpdateUrl,
      linkExpiresAt: expires,
      links,
    }),
    'sponsor digest: large programme, no change': templates.priorityDigest({
      person: sponsor,
      period: '2021-03',
      portfolio: digestPortfolio(manyRows, previousWith(0), portfolioUrl),
      own,
      postUpdateUrl,
      linkExpiresAt: expires,
      links,
    }),
    'delivery lead digest: independent ratings, assessment link': templates.priorityDigest({
      person: lead,
      period: '2021-03',
      portfolio: { kind: 'whole', rows },
      own: { ...own, independent },
      assessUrl: `${base}/priorities/jobs-and-training/assessments/new?token=rp_lead`,
      postUpdateUrl,
      linkExpiresAt: expires,
      links,
    }),
    'delivery lead digest: independent rating close to the sponsor': templates.priorityDigest({
      person: lead,
      period: '2021-03',
      portfolio: { kind: 'whole', rows: plainRows },
      own: { ...own, status: 'amber', independent: closeRating },
      assessUrl: `${base}/priorities/jobs-and-training/assessments/new?token=rp_lead`,
      postUpdateUrl,
      linkExpiresAt: expires,
      links,
    }),
    'board digest: missing, asks, divergent ratings': templates.boardDigest({
      person: board,
      period: '2021-03',
      rows,
      missing: [
        { title: 'Mental health support and awareness', daysSinceUpdate: null },
        { title: `Education ${hostile}`, daysSinceUpdate: 40 },
      ],
      boardAsks: asks,
      milestones: [
        { title: `Hub open ${hostile}`, priorityId: 'jobs', priorityTitle: 'Jobs & training', late: true, slippage: 10 },
        { title: 'Youth offer', priorityId: 'education', priorityTitle: 'Education', late: false, slippage: 1 },
      ],
      divergent: [
        { title: 'Jobs & training', status: 'green', period: '2021-03', independent },
        { title: 'Housing', status: null, period: null, independent: { ...independent, status: 'red' } },
      ],
      movedAsks: [
        {
          title: 'Get people back into work through retraining',
          priorityTitle: 'Jobs and training',
          status: 'agreed',
          securedGbp: 20_000_000,
          url: `${base}/asks/jobs-and-training/get-people-back-work`,
        },
        {
          title: 'An Affordable <Housing> Fund',
          priorityTitle: 'Extra help',
          status: 'raised',
          url: `${base}/asks/extra-help-to-the-most-affected/affordable-housing-fund`,
        },
      ],
      barriersUrl: `${base}/barriers?token=rp_board`,
      linkExpiresAt: expires,
      dashboardUrl: portfolioUrl,
      links,
    }),
    'board digest: one missing, nothing asked, nothing divergent': templates.boardDigest({
      person: board,
      period: '2021-03',
      rows: plainRows,
      missing: [{ title: 'Housing', daysSinceUpdate: 1 }],
      boardAsks: [],
      divergent: [],
      barriersUrl: `${base}/barriers?token=rp_board`,
      linkExpiresAt: expires,
      dashboardUrl: portfolioUrl,
      links,
    }),
    'board digest: every priority reported, no divergence listed': templates.boardDigest({
      person: board,
      period: '2021-03',
      rows: plainRows.slice(0, 2),
      missing: [],
      boardAsks: [],
      barriersUrl: `${base}/barriers?token=rp_board`,
      linkExpiresAt: expires,
      dashboardUrl: portfolioUrl,
      links,
    }),
    'reminder: long overdue': templates.reminder({
      person: sponsor,
      title: `Jobs ${hostile}`,
      period: '2021-03',
      daysSinceUpdate: 47,
      postUpdateUrl,
      linkExpiresAt: expires,
      milestones: [{ title: `Hub open ${hostile}`, priorityId: 'jobs', priorityTitle: 'Jobs', late: false, slippage: 3 }],
      links,
    }),
    'reminder: never updated': templates.reminder({
      person: lead,
      title: 'Housing',
      period: '2021-Q1',
      daysSinceUpdate: null,
      postUpdateUrl,
      linkExpiresAt: expires,
      links,
    }),
    'reminder: updated yesterday': templates.reminder({
      person: lead,
      title: 'Housing',
      period: '2021-03',
      daysSinceUpdate: 1,
      postUpdateUrl,
      linkExpiresAt: expires,
      links,
    }),
    'escalation: several working days late': templates.escalation({
      person: board,
      title: `Mental health ${hostile}`,
      period: '2021-03',
      deadline: '2021-03-31',
      workingDaysLate: 8,
      daysSinceUpdate: 61,
      missedUpdatesUrl: `${base}/missed-updates`,
      links,
    }),
    'escalation: one working day late, never updated': templates.escalation({
      person: board,
      title: 'Housing',
      period: '2021-Q1',
      deadline: '2021-04-09',
      workingDaysLate: 1,
      daysSinceUpdate: null,
      missedUpdatesUrl: `${base}/missed-updates`,
      links,
    }),
    'board response: named responder': templates.boardResponse({
      person: sponsor,
      priorityTitle: 'Jobs & training',
      response,
      priorityUrl: `${base}/priorities/jobs-and-training`,
      links,
    }),
    'board response: no name': templates.boardResponse({
      person: lead,
      priorityTitle: `Jobs ${hostile}`,
      response: { ...response, respondedBy: { tokenId: 'x' } },
      priorityUrl: `${base}/p`,
      links,
    }),
    'board pack: one without an update': templates.boardPack({
      person: board,
      quarter: '2021-Q1',
      programmeTitle: 'West Midlands Community Recovery Roadmap',
      priorities: 7,
      noUpdate: 1,
      packUrl: `${base}/board-packs/2021-Q1`,
      links,
    }),
    'board pack: every priority reported': templates.boardPack({
      person: board,
      quarter: '2021-Q2',
      programmeTitle: hostile,
      priorities: 1,
      noUpdate: 0,
      packUrl: `${base}/board-packs/2021-Q2`,
      links,
    }),
    'board pack: several without an update': templates.boardPack({
      person: board,
      quarter: '2021-Q3',
      programmeTitle: 'Roadmap',
      priorities: 12,
      noUpdate: 3,
      packUrl: `${base}/board-packs/2021-Q3`,
      links,
    }),
  };
}
