/**
 * `npm run email:preview [-- --out DIR]`: renders every email template with sample data
 * (including hostile text, to show it stays inert) to HTML and text files for review, in the
 * layout of the programme the local stack runs.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { newPerson } from '#shared/domain/people';
import type { ProgressUpdate } from '#shared/domain/update';
import { emailTemplates } from '#shared/email/content';
import { digestPortfolio, wholePortfolioUpTo } from '#shared/services/digest';
import type { EmailContent, PortfolioRow } from '#shared/services/messages';
import { localSettings } from '../settings.ts';

const { values } = parseArgs({ options: { out: { type: 'string', default: '.local/email-preview' } } });
const out = resolve(values.out);
mkdirSync(out, { recursive: true });

const base = 'http://127.0.0.1:3000';
// The programme the local stack runs (PROGRAMME), by the name its emails carry.
const templates = emailTemplates(localSettings().PROGRAMME_NAME);
const sponsor = newPerson({ name: 'Example Sponsor <b>', email: 'sponsor@example.org', role: 'sponsor', priorityId: 'jobs-and-training' });
const board = newPerson({ name: 'Board Chair', email: 'board@example.org', role: 'board' });
const links = { preferences: `${base}/people/${sponsor.personId}/preferences?key=${sponsor.preferencesKey}` };
const barriers = [
  { description: 'Data sharing with DWP is slow', needsBoardSupport: true },
  { description: '<script>alert(1)</script> =HYPERLINK("http://example.org")', needsBoardSupport: false },
];
const update: ProgressUpdate = {
  id: '01JQ0000000000000000000000',
  priorityId: 'jobs-and-training',
  submittedAt: '2021-03-01T09:00:00.000Z',
  author: { tokenId: '0123456789abcdef', name: 'Solihull sponsor' },
  status: 'amber-red',
  period: '2021-03',
  summary: 'Kickstart placements are behind plan. <img src=x onerror=alert(1)>',
  achievements: ['500 placements agreed'],
  nextSteps: ['Open the second round'],
  barriers,
  statusRationale: 'Employers are slower to sign up than planned.',
};
const rows: PortfolioRow[] = [
  { priorityId: 'jobs-and-training', title: 'Jobs and training', status: 'amber-red', change: 'worse (was Amber)', daysSinceUpdate: 2 },
  { priorityId: 'education-and-young-people', title: 'Education and young people', status: 'green', change: 'no change', daysSinceUpdate: 9 },
  {
    priorityId: 'mental-health-support-and-awareness',
    title: 'Mental health support and awareness',
    status: null,
    change: 'not yet rated',
    daysSinceUpdate: null,
  },
];
const postLink = `${base}/priorities/jobs-and-training/updates/new?token=rp_example`;
// A programme above the whole table's limit: its sponsors get the counts and the changes.
const manyRows = Array.from({ length: wholePortfolioUpTo * 4 }, (_, i) => ({
  ...rows[i % rows.length]!,
  priorityId: `priority-${i + 1}`,
  title: `${rows[i % rows.length]!.title} (${i + 1})`,
}));
// As the rows say: the amber-red ones were amber at the last digest, the others as they are.
const previous = Object.fromEntries(manyRows.map((row) => [row.priorityId, row.status === 'amber-red' ? 'amber' : row.status] as const));
const largePortfolio = digestPortfolio(manyRows, previous, `${base}/`);

const samples: Record<string, EmailContent> = {
  'update-notification': templates.updateNotification({
    person: sponsor,
    priorityTitle: 'Jobs and training',
    update,
    previousStatus: 'amber',
    priorityUrl: `${base}/priorities/jobs-and-training`,
    links,
  }),
  'priority-digest': templates.priorityDigest({
    person: sponsor,
    period: '2021-03',
    portfolio: { kind: 'whole', rows },
    own: { title: 'Jobs and training', status: 'amber-red', openBarriers: barriers },
    postUpdateUrl: postLink,
    linkExpiresAt: '2021-03-15T00:00:00.000Z',
    links,
  }),
  'priority-digest-large-programme': templates.priorityDigest({
    person: sponsor,
    period: '2021-03',
    portfolio: largePortfolio,
    own: { title: 'Jobs and training', status: 'amber-red', openBarriers: barriers },
    postUpdateUrl: postLink,
    linkExpiresAt: '2021-03-15T00:00:00.000Z',
    links,
  }),
  'board-digest': templates.boardDigest({
    person: board,
    period: '2021-03',
    rows,
    missing: [{ title: 'Mental health support and awareness', daysSinceUpdate: null }],
    boardAsks: [
      {
        title: 'Jobs and training',
        description: 'Data sharing with DWP is slow',
        ageDays: 23,
        owner: 'DWP regional lead',
        status: 'being-handled',
        responses: 1,
      },
    ],
    barriersUrl: `${base}/barriers?token=rp_example`,
    linkExpiresAt: '2021-03-15T00:00:00.000Z',
    dashboardUrl: `${base}/`,
    links,
  }),
  reminder: templates.reminder({
    person: sponsor,
    title: 'Jobs and training',
    period: '2021-03',
    daysSinceUpdate: 47,
    postUpdateUrl: postLink,
    linkExpiresAt: '2021-03-15T00:00:00.000Z',
    links,
  }),
  'board-response': templates.boardResponse({
    person: sponsor,
    priorityTitle: 'Jobs and training',
    response: {
      priorityId: 'jobs-and-training',
      barrierId: '01F0000000000000000000000A-0',
      responseId: '01F0000000000000000000000B',
      respondedAt: '2021-03-12T10:00:00.000Z',
      respondedBy: { tokenId: 'example', name: 'Board chair (example)' },
      decision: 'The chair will raise data sharing with the DWP regional director this month.',
      owner: 'Board chair',
      dueDate: '2021-03-31',
      barrierDescription: 'Data sharing with DWP is slow',
    },
    priorityUrl: `${base}/priorities/jobs-and-training`,
    links,
  }),
  escalation: templates.escalation({
    person: board,
    title: 'Mental health support and awareness',
    period: '2021-03',
    deadline: '2021-03-31',
    workingDaysLate: 8,
    daysSinceUpdate: 61,
    missedUpdatesUrl: `${base}/missed-updates`,
    links,
  }),
  'board-pack': templates.boardPack({
    person: board,
    quarter: '2021-Q1',
    programmeTitle: 'West Midlands Community Recovery Roadmap',
    priorities: 7,
    noUpdate: 1,
    packUrl: `${base}/board-packs/2021-Q1`,
    links,
  }),
};
for (const [name, email] of Object.entries(samples)) {
  writeFileSync(join(out, `${name}.html`), email.html);
  writeFileSync(join(out, `${name}.txt`), `Subject: ${email.subject}\n\n${email.text}`);
}
console.log(`Rendered ${Object.keys(samples).length} templates to ${out}`);
