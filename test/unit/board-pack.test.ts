/** The quarterly board pack's rules (quarters and their bounds, the snapshot built from a priority's records) and the service that makes one. */
import { DynamoDBClient, TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand, PutCommand, QueryCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { catalogue, programmeIds } from '#shared/catalogue/index';
import { BoardPacks } from '#shared/data/board-packs';
import { TableCore } from '#shared/data/core';
import type { Assessment } from '#shared/domain/assessment';
import { type Actor, type AuditEntry, auditEntry } from '#shared/domain/audit';
import type { BarrierWithResponses } from '#shared/domain/barrier';
import {
  type BoardPack,
  buildBoardPack,
  changeBetween,
  historyEnoughFor,
  isQuarter,
  type PriorityRecords,
  periodEndsBy,
  periodWithin,
  quarterDates,
  quarterJustEnded,
  quarterOf,
  quarterProblem,
} from '#shared/domain/board-pack';
import type { Priority } from '#shared/domain/catalogue';
import { newUpdateId } from '#shared/domain/ids';
import { newPerson } from '#shared/domain/people';
import type { Status } from '#shared/domain/rating';
import { portfolioOf } from '#shared/domain/summary';
import type { ProgressUpdate } from '#shared/domain/update';
import { emailTemplates } from '#shared/email/content';
import { type BoardPackPorts, makeBoardPack } from '#shared/services/board-pack';

const operator: Actor = { role: 'operator' };

describe('quarters', () => {
  it('accepts YYYY-Qn only', () => {
    expect(isQuarter('2021-Q1')).toBe(true);
    expect(isQuarter('2021-Q4')).toBe(true);
    for (const bad of ['2021-Q5', '2021-Q0', '2021-03', '21-Q1', '2021-q1', '2021-Q1 ', '']) expect(isQuarter(bad)).toBe(false);
  });

  it('starts and ends on the calendar dates of its three months, leap years included', () => {
    expect(quarterDates('2021-Q1')).toEqual({ first: '2021-01-01', last: '2021-03-31' });
    expect(quarterDates('2021-Q2')).toEqual({ first: '2021-04-01', last: '2021-06-30' });
    expect(quarterDates('2024-Q1')).toEqual({ first: '2024-01-01', last: '2024-03-31' });
    expect(quarterDates('2021-Q4')).toEqual({ first: '2021-10-01', last: '2021-12-31' });
    expect(() => quarterDates('2021-05')).toThrow();
  });

  it('names the quarter just ended in London’s calendar, across a year end and British Summer Time', () => {
    expect(quarterJustEnded(new Date('2021-04-01T05:00:00Z'))).toBe('2021-Q1'); // 06:00 BST on 1 April
    expect(quarterJustEnded(new Date('2021-03-31T23:30:00Z'))).toBe('2021-Q1'); // already 1 April in London
    expect(quarterJustEnded(new Date('2021-03-31T22:30:00Z'))).toBe('2020-Q4'); // still 31 March
    expect(quarterJustEnded(new Date('2022-01-01T06:00:00Z'))).toBe('2021-Q4');
  });

  it('can have a pack once it has ended in London, and not before', () => {
    expect(quarterProblem('2021-Q1', new Date('2021-03-31T22:30:00Z'), undefined)).toMatchObject({
      message: expect.stringMatching(/has not ended yet/),
      malformed: false,
    });
    expect(quarterProblem('2021-Q1', new Date('2021-03-31T23:30:00Z'), undefined)).toBeUndefined();
    expect(quarterProblem('2021-Q5', new Date(), undefined)).toMatchObject({ message: expect.stringMatching(/YYYY-Qn/), malformed: true });
  });

  it('can have a pack only from the programme’s start: the quarter it began in and those after', () => {
    const now = new Date('2026-12-07T12:00:00Z');
    expect(quarterProblem('1900-Q1', now, '2020-11-20')).toEqual({
      message: '1900-Q1 ended before the programme began on 2020-11-20: its first board pack is for 2020-Q4',
      malformed: false,
    });
    expect(quarterProblem('2020-Q3', now, '2020-11-20')?.malformed).toBe(false);
    expect(quarterProblem('2020-Q4', now, '2020-11-20')).toBeUndefined();
    expect(quarterProblem('2026-Q3', now, '2020-11-20')).toBeUndefined();
    expect(quarterProblem('2026-Q4', now, '2020-11-20')?.message).toMatch(/has not ended yet/);
    expect(quarterOf('2020-11-20')).toBe('2020-Q4');
    expect(quarterOf('2018-01-01')).toBe('2018-Q1');
  });

  it('takes each catalogue programme’s start from the catalogue', () => {
    for (const id of programmeIds) expect(catalogue(id).startsOn, id).toMatch(/^\d{4}-\d\d-\d\d$/);
  });

  it('places months and quarters by the months they cover', () => {
    expect(periodWithin('2021-03', '2021-Q1')).toBe(true);
    expect(periodWithin('2021-Q1', '2021-Q1')).toBe(true);
    expect(periodWithin('2021-04', '2021-Q1')).toBe(false);
    expect(periodWithin('2020-12', '2021-Q1')).toBe(false);
    expect(periodEndsBy('2020-11', '2021-Q1')).toBe(true);
    expect(periodEndsBy('2021-03', '2021-Q1')).toBe(true);
    expect(periodEndsBy('2021-04', '2021-Q1')).toBe(false);
    expect(periodEndsBy('2021-Q2', '2021-Q1')).toBe(false);
  });

  it('says how a status changed, better or worse on the IPA scale', () => {
    expect(changeBetween(null, null)).toBe('not-rated');
    expect(changeBetween(null, 'amber')).toBe('first-rating');
    expect(changeBetween('amber', 'amber')).toBe('unchanged');
    expect(changeBetween('amber', 'green')).toBe('better');
    expect(changeBetween('amber', 'red')).toBe('worse');
  });
});

const priority = (id: string): Priority => ({
  id,
  title: `Title of ${id}`,
  kind: 'citizen-priority',
  sponsor: { authority: `${id} council` },
  ambitions: [],
  asksOfGovernment: [],
  collaborationOpportunities: [],
  goodPractice: [],
  milestones: [],
  measures: [],
});

function update(priorityId: string, period: string, status: Status, submittedAt: string, summary = `${period} ${status}`): ProgressUpdate {
  return {
    id: newUpdateId(new Date(submittedAt)),
    priorityId,
    period,
    status,
    summary,
    statusRationale: 'Because.',
    achievements: ['one'],
    nextSteps: [],
    barriers: [],
    submittedAt,
    author: { tokenId: 'abc', name: 'Sponsor', email: 'hidden@example.org' },
  };
}

function barrier(priorityId: string, over: Partial<BarrierWithResponses> & Pick<BarrierWithResponses, 'barrierId' | 'raisedAt'>): BarrierWithResponses {
  return {
    priorityId,
    description: `Barrier ${over.barrierId}`,
    needsBoardSupport: false,
    status: 'open',
    raisedBy: 'x',
    stateFrom: 'x',
    responses: [],
    ...over,
  };
}

const assessment = (priorityId: string, period: string, status: Status, assessedAt: string, role: 'board' | 'delivery-lead' = 'board'): Assessment => ({
  priorityId,
  period,
  status,
  rationale: `Assessed ${period}`,
  assessor: { role, tokenId: 't', name: 'Assessor' },
  assessedAt,
});

describe('how much history a pack reads', () => {
  // Made oldest first, so their ids follow their times; read newest first, as a priority's history is.
  const history = [
    update('a', '2020-11', 'red', '2020-12-03T10:00:00Z'),
    update('a', '2020-12', 'red', '2021-01-05T10:00:00Z'),
    update('a', '2021-Q1', 'amber', '2021-03-20T10:00:00Z'),
    update('a', '2021-03', 'amber', '2021-04-02T10:00:00Z'),
    update('a', '2021-04', 'green', '2021-05-02T10:00:00Z'),
  ].reverse();

  it('stops once the status at the previous quarter’s end is found and the quarter’s start is passed', () => {
    // 2021-Q1: the 2020-12 update (posted in January) gives the status at the end of 2020-Q4, but it was posted within Q1.
    expect(historyEnoughFor('2021-Q1', history.slice(0, 4))).toBe(false);
    expect(historyEnoughFor('2021-Q1', history)).toBe(true);
    // 2021-Q2 needs an update for a period ending by 2021-Q1's end posted before 1 April.
    expect(historyEnoughFor('2021-Q2', history.slice(0, 2))).toBe(false);
    expect(historyEnoughFor('2021-Q2', history.slice(0, 3))).toBe(true);
  });

  it('reads on while no update yet gives the status at the previous quarter’s end', () => {
    expect(historyEnoughFor('2021-Q2', [update('a', '2021-04', 'green', '2021-03-30T10:00:00Z')])).toBe(false);
    expect(historyEnoughFor('2021-Q2', [])).toBe(false);
  });

  it('gives the same pack from the history it reads as from the whole history', () => {
    for (const quarter of ['2021-Q1', '2021-Q2']) {
      const needed = history.slice(0, history.findIndex((_, i) => historyEnoughFor(quarter, history.slice(0, i + 1))) + 1);
      const records = (updates: readonly ProgressUpdate[]): PriorityRecords[] => [
        { priority: priority('a'), updates: [...updates], assessments: [], barriers: [] },
      ];
      const madeAt = new Date('2021-07-01T06:00:00Z');
      expect(buildBoardPack({ quarter, programmeTitle: 'R', madeAt, priorities: records(needed) })).toEqual(
        buildBoardPack({ quarter, programmeTitle: 'R', madeAt, priorities: records(history) }),
      );
    }
  });
});

describe('building a board pack', () => {
  const records = (): PriorityRecords[] => [
    {
      priority: priority('a'),
      updates: [
        update('a', '2020-12', 'green', '2021-01-05T10:00:00Z'),
        update('a', '2021-01', 'amber', '2021-02-01T10:00:00Z'),
        update('a', '2021-03', 'red', '2021-04-02T10:00:00Z', '=HYPERLINK("http://x","y")'), // late, but for March
        update('a', '2021-04', 'green', '2021-05-01T10:00:00Z'), // after the quarter
      ],
      assessments: [
        assessment('a', '2020-12', 'green', '2021-01-02T10:00:00Z'),
        assessment('a', '2021-02', 'amber', '2021-03-01T10:00:00Z', 'delivery-lead'),
        assessment('a', '2021-Q1', 'amber-red', '2021-03-20T10:00:00Z'),
        assessment('a', '2021-04', 'green', '2021-04-20T10:00:00Z'),
      ],
      barriers: [
        barrier('a', { barrierId: 'old-open', raisedAt: '2020-11-01T10:00:00Z', needsBoardSupport: true }),
        barrier('a', { barrierId: 'opened-q1', raisedAt: '2021-02-01T10:00:00Z', needsBoardSupport: true }),
        barrier('a', {
          barrierId: 'resolved-q1',
          raisedAt: '2020-10-01T10:00:00Z',
          needsBoardSupport: true,
          status: 'resolved',
          resolvedAt: '2021-03-31T22:30:00Z',
        }),
        // 23:30 UTC on 31 March is 1 April in London: resolved in the next quarter, so still needing support at Q1's end.
        barrier('a', {
          barrierId: 'resolved-q2',
          raisedAt: '2021-01-10T10:00:00Z',
          needsBoardSupport: true,
          status: 'resolved',
          resolvedAt: '2021-03-31T23:30:00Z',
        }),
        barrier('a', { barrierId: 'raised-q2', raisedAt: '2021-04-03T10:00:00Z', needsBoardSupport: true }),
        barrier('a', {
          barrierId: 'with-responses',
          raisedAt: '2021-01-03T10:00:00Z',
          responses: [
            {
              priorityId: 'a',
              barrierId: 'with-responses',
              responseId: '2',
              respondedAt: '2021-05-01T10:00:00Z',
              respondedBy: { tokenId: 't' },
              decision: 'Later',
              owner: 'B',
              dueDate: '2021-06-01',
              barrierDescription: 'x',
            },
            {
              priorityId: 'a',
              barrierId: 'with-responses',
              responseId: '1',
              respondedAt: '2021-02-01T10:00:00Z',
              respondedBy: { tokenId: 't' },
              decision: 'Fund it',
              owner: 'A',
              dueDate: '2021-03-01',
              barrierDescription: 'x',
            },
          ],
        }),
      ],
    },
    { priority: priority('b'), updates: [update('b', '2020-Q4', 'amber', '2021-01-03T10:00:00Z')], assessments: [], barriers: [] },
    { priority: priority('c'), updates: [], assessments: [], barriers: [] },
  ];
  const madeAt = new Date('2021-04-01T05:00:00Z');
  const given = records();
  const pack = buildBoardPack({ quarter: '2021-Q1', programmeTitle: 'Roadmap', madeAt, priorities: given });
  const [a, b, c] = pack.priorities as [(typeof pack.priorities)[0], (typeof pack.priorities)[0], (typeof pack.priorities)[0]];

  it('rates each priority at the quarter’s end and at the previous quarter’s end, by the periods the updates are for', () => {
    expect(a).toMatchObject({ status: 'red', statusPeriod: '2021-03', previousStatus: 'green', change: 'worse' });
    expect(b).toMatchObject({ status: 'amber', statusPeriod: '2020-Q4', previousStatus: 'amber', change: 'unchanged' });
    expect(c).toMatchObject({ status: null, statusPeriod: null, previousStatus: null, change: 'not-rated' });
  });

  it('keeps the latest independent assessment for a period within the quarter beside the sponsor’s rating', () => {
    expect(a.independent).toEqual({
      status: 'amber-red',
      period: '2021-Q1',
      rationale: 'Assessed 2021-Q1',
      assessorRole: 'board',
      assessorName: 'Assessor',
      assessedAt: '2021-03-20T10:00:00Z',
    });
    expect(b.independent).toBeNull();
  });

  it('keeps the updates of the quarter, oldest first, without the author’s email address', () => {
    expect(pack.updates.map((u) => u.period)).toEqual(['2021-01', '2021-03']);
    expect(a.updateIds).toEqual(pack.updates.map((u) => u.updateId));
    expect(JSON.stringify(pack)).not.toContain('hidden@example.org');
    expect(pack.updates[1]!.summary).toBe('=HYPERLINK("http://x","y")');
  });

  it('sorts barriers into opened, resolved and needing support, by London’s calendar', () => {
    expect(a.barriersOpened.map((x) => x.barrierId)).toEqual(['with-responses', 'resolved-q2', 'opened-q1']);
    expect(a.barriersResolved.map((x) => x.barrierId)).toEqual(['resolved-q1']);
    expect(a.barriersNeedingSupport.map((x) => x.barrierId)).toEqual(['old-open', 'resolved-q2', 'opened-q1']);
    const responses = a.barriersOpened.find((x) => x.barrierId === 'with-responses')!.responses;
    expect(responses).toEqual([{ decision: 'Fund it', owner: 'A', dueDate: '2021-03-01', respondedAt: '2021-02-01T10:00:00Z' }]);
  });

  it('counts the portfolio at the quarter’s end and lists the priorities with no update in the quarter', () => {
    expect(pack.head).toEqual({
      quarter: '2021-Q1',
      programmeTitle: 'Roadmap',
      madeAt: madeAt.toISOString(),
      priorityIds: ['a', 'b', 'c'],
      counts: { amber: 1, red: 1, none: 1 },
      noUpdate: ['b', 'c'],
    });
  });

  it('is the same pack from the same records, whatever order they come in', () => {
    const shuffled = given.map((r) => ({
      ...r,
      updates: [...r.updates].reverse(),
      assessments: [...r.assessments].reverse(),
      barriers: [...r.barriers].reverse(),
    }));
    expect(buildBoardPack({ quarter: '2021-Q1', programmeTitle: 'Roadmap', madeAt, priorities: shuffled })).toEqual(pack);
  });
});

describe('the period a barrier belongs to', () => {
  // Posted long after the quarter, for its last month: the barriers it raised belong to March 2021.
  const late = update('a', '2021-03', 'amber', '2026-12-07T10:00:00Z');
  const pack = (barriers: BarrierWithResponses[], updates: ProgressUpdate[] = [late]) =>
    buildBoardPack({
      quarter: '2021-Q1',
      programmeTitle: 'Roadmap',
      madeAt: new Date('2026-12-07T12:00:00Z'),
      priorities: [{ priority: priority('a'), updates, assessments: [], barriers }],
    }).priorities[0]!;

  it('places a barrier by the period of the update that raised it, not by the date it was stored', () => {
    const raised = barrier('a', {
      barrierId: `${late.id}-0`,
      raisedBy: late.id,
      raisedAt: late.submittedAt,
      raisedPeriod: '2021-03',
      needsBoardSupport: true,
    });
    const a = pack([raised]);
    expect(a.barriersOpened.map((x) => x.barrierId)).toEqual([raised.barrierId]);
    expect(a.barriersNeedingSupport.map((x) => x.barrierId)).toEqual([raised.barrierId]);
  });

  it('places a resolution by the period of the update that resolved it', () => {
    const resolving = update('a', '2021-04', 'green', '2026-12-07T11:00:00Z');
    const resolved = barrier('a', {
      barrierId: `${late.id}-0`,
      raisedAt: late.submittedAt,
      raisedPeriod: '2021-03',
      needsBoardSupport: true,
      status: 'resolved',
      resolvedBy: resolving.id,
      resolvedAt: resolving.submittedAt,
      resolvedPeriod: '2021-04',
    });
    const a = pack([resolved], [late, resolving]);
    expect(a.barriersResolved).toEqual([]);
    expect(a.barriersNeedingSupport.map((x) => x.barrierId)).toEqual([resolved.barrierId]);
  });

  it('takes the raising update’s period for a barrier logged without one, and the date when that update is not read', () => {
    const legacy = barrier('a', { barrierId: `${late.id}-1`, raisedAt: late.submittedAt });
    expect(pack([legacy]).barriersOpened.map((x) => x.barrierId)).toEqual([legacy.barrierId]);
    expect(pack([legacy], []).barriersOpened).toEqual([]);
  });
});

describe('making a board pack', () => {
  const board = newPerson({ name: 'Ann Chair', email: 'chair@example.org', role: 'board' });
  const sponsor = newPerson({ name: 'Sam Sponsor', email: 'sponsor@example.org', role: 'sponsor', priorityId: 'a' });

  /** The service's ports in memory: a store of packs that can lose the race to another run, and an outbox. */
  function fakePorts(options: { loseRaceTo?: BoardPack } = {}) {
    const stored = new Map<string, BoardPack>();
    const outbox = new Map<string, Record<string, string>>();
    const sent: string[] = [];
    let creates = 0;
    const audited: AuditEntry[] = [];
    const ports: BoardPackPorts = {
      programme: {
        snapshot: async () => ({
          programme: { title: 'Roadmap' } as never,
          priorities: [priority('a')],
          summaries: new Map(),
          assessments: new Map(),
          portfolio: portfolioOf([]),
        }),
      },
      updates: { list: async () => ({ updates: [update('a', '2021-02', 'amber', '2021-03-01T10:00:00Z')] }), get: async () => undefined },
      assessments: { history: async () => [] },
      commitments: { list: async () => ({ asks: [], milestones: [], measures: [] }), changes: async () => [] },
      tolerancePercent: 10,
      barriers: { list: async () => [] },
      packs: {
        head: async (quarter) => stored.get(quarter)?.head,
        create: async (pack, _packId, audit) => {
          creates += 1;
          audited.push(audit);
          if (options.loseRaceTo) {
            stored.set(pack.head.quarter, options.loseRaceTo);
            return false;
          }
          stored.set(pack.head.quarter, pack);
          return true;
        },
      },
      people: { list: async () => [board, sponsor] },
      mailer: {
        deliveries: {
          lease: async (event, batch) => ({ leaseId: 'l', sent: outbox.get(`${event}|${batch}`) ?? {} }),
          markSending: async () => undefined,
          settle: async (event, batch, newlySent) => void outbox.set(`${event}|${batch}`, { ...outbox.get(`${event}|${batch}`), ...newlySent }),
          // Each person's batch has one recipient: settled with a send, it is done.
          doneBatches: async (event) => new Set([...outbox.keys()].filter((key) => key.startsWith(`${event}|`)).map((key) => key.split('|')[1]!)),
        },
        templates: emailTemplates('Roadmap'),
        sender: {
          send: async (email) => {
            sent.push(`${email.to}: ${email.subject}`);
            return `m${sent.length}`;
          },
        },
        baseUrl: 'http://x',
        eventWindowSeconds: 600,
      },
    };
    return { ports, stored, sent, audited, creates: () => creates };
  }

  it('stores the pack, tells each board member once, and returns the stored pack unchanged when made again', async () => {
    const { ports, sent, audited, creates } = fakePorts();
    const first = await makeBoardPack(ports, '2021-Q1', operator, new Date('2021-04-01T05:00:00Z'));
    // Made, so audited as the one who asked; the pack kept below is not audited again.
    expect(audited.map(({ act, actor, subject, after, at }) => ({ act, actor, subject, after, at }))).toEqual([
      {
        act: 'board-pack-made',
        actor: operator,
        subject: { kind: 'board-pack', id: '2021-Q1' },
        after: { priorities: 1, noUpdate: 0 },
        at: '2021-04-01T05:00:00.000Z',
      },
    ]);
    expect(first).toMatchObject({ quarter: '2021-Q1', made: true, url: 'http://x/board-packs/2021-Q1', emails: { sent: 1, skipped: 0 } });
    expect(sent).toEqual(['chair@example.org: Board pack for 2021-Q1 is ready']);
    const again = await makeBoardPack(ports, '2021-Q1', operator, new Date('2021-04-02T05:00:00Z'));
    expect(again.made).toBe(false);
    expect(again.head).toEqual(first.head);
    expect(again.head.madeAt).toBe('2021-04-01T05:00:00.000Z');
    expect(creates()).toBe(1);
    expect(sent.length).toBe(1);
  });

  it('returns the pack a concurrent run stored first, not its own', async () => {
    const theirs = buildBoardPack({ quarter: '2021-Q1', programmeTitle: 'Roadmap', madeAt: new Date('2021-04-01T05:00:00Z'), priorities: [] });
    const { ports, sent } = fakePorts({ loseRaceTo: theirs });
    const outcome = await makeBoardPack(ports, '2021-Q1', operator, new Date('2021-04-01T05:00:01Z'));
    expect(outcome.made).toBe(false);
    expect(outcome.head).toBe(theirs.head);
    // Still recent: this run sends what the other may not have.
    expect(sent).toEqual(['chair@example.org: Board pack for 2021-Q1 is ready']);
  });

  it('sends nothing for a pack made long ago, when its delivery records may have expired', async () => {
    const { ports, stored, sent } = fakePorts();
    stored.set('2021-Q1', buildBoardPack({ quarter: '2021-Q1', programmeTitle: 'Roadmap', madeAt: new Date('2021-04-01T05:00:00Z'), priorities: [] }));
    const outcome = await makeBoardPack(ports, '2021-Q1', operator, new Date('2021-06-01T05:00:00Z'));
    expect(outcome).toMatchObject({ made: false, emails: { sent: 0, skipped: 1 } });
    expect(sent).toEqual([]);
  });
});

describe('storing a board pack', () => {
  const documents = DynamoDBDocumentClient.from(new DynamoDBClient({ region: 'eu-west-2' }));
  const mock = mockClient(documents);
  const packs = new BoardPacks(new TableCore('table', documents));
  const pack = buildBoardPack({
    quarter: '2021-Q1',
    programmeTitle: 'Roadmap',
    madeAt: new Date('2021-04-01T05:00:00Z'),
    priorities: [{ priority: priority('a'), updates: [update('a', '2021-02', 'amber', '2021-03-01T10:00:00Z')], assessments: [], barriers: [] }],
  });
  const lost = () =>
    new TransactionCanceledException({
      message: 'cancelled',
      $metadata: {},
      CancellationReasons: [{ Code: 'ConditionalCheckFailed' }, { Code: 'ConditionalCheckFailed' }],
    });
  const made = auditEntry('board-pack-made', operator, { kind: 'board-pack', id: '2021-Q1' }, {}, new Date('2021-04-01T05:00:00Z'));
  beforeEach(() => mock.reset());

  it('writes each part only if absent, then the head and the listing together, each only if absent', async () => {
    mock.on(PutCommand).resolves({});
    mock.on(TransactWriteCommand).resolves({});
    expect(await packs.create(pack, 'attempt1', made)).toBe(true);
    const parts = mock.commandCalls(PutCommand).map((call) => [call.args[0].input.Item!.sk, call.args[0].input.ConditionExpression]);
    expect(parts).toEqual([
      ['PART#attempt1#PRIORITY#a', 'attribute_not_exists(pk)'],
      [`PART#attempt1#PRIORITY#a#UPDATE#${pack.updates[0]!.updateId}`, 'attribute_not_exists(pk)'],
    ]);
    const [head, listing, audit] = mock.commandCalls(TransactWriteCommand)[0]!.args[0].input.TransactItems!.map((item) => item.Put!);
    expect([head!.Item!.pk, head!.Item!.sk, head!.Item!.packId, head!.ConditionExpression]).toEqual([
      'BOARDPACK#2021-Q1',
      'PACK',
      'attempt1',
      'attribute_not_exists(pk)',
    ]);
    expect([listing!.Item!.pk, listing!.Item!.sk, listing!.ConditionExpression]).toEqual(['BOARDPACKS', 'QUARTER#2021-Q1', 'attribute_not_exists(pk)']);
    // The making's audit entry, in the same transaction.
    expect([audit!.Item!.pk, audit!.Item!.act, audit!.Item!.actor, audit!.ConditionExpression]).toEqual([
      'AUDIT#2021-04',
      'board-pack-made',
      { role: 'operator' },
      'attribute_not_exists(pk)',
    ]);
  });

  it('loses to a pack stored first, and counts a lost answer to its own transaction as stored', async () => {
    mock.on(PutCommand).resolves({});
    mock.on(TransactWriteCommand).rejects(lost());
    mock
      .on(GetCommand)
      .resolvesOnce({ Item: { pk: 'BOARDPACK#2021-Q1', sk: 'PACK', packId: 'other' } })
      .resolvesOnce({ Item: { pk: 'BOARDPACK#2021-Q1', sk: 'PACK', packId: 'attempt2' } });
    expect(await packs.create(pack, 'attempt1', made)).toBe(false);
    expect(await packs.create(pack, 'attempt2', made)).toBe(true);
  });

  it('reads only the parts of the attempt its head names', async () => {
    mock.on(GetCommand).resolves({ Item: { pk: 'BOARDPACK#2021-Q1', sk: 'PACK', entity: 'board-pack', part: 'head', packId: 'attempt1', ...pack.head } });
    mock.on(QueryCommand).resolves({
      Items: [
        { pk: 'BOARDPACK#2021-Q1', sk: 'PART#attempt1#PRIORITY#a', entity: 'board-pack', part: 'priority', packId: 'attempt1', ...pack.priorities[0] },
        { pk: 'BOARDPACK#2021-Q1', sk: 'x', entity: 'board-pack', part: 'update', packId: 'attempt1', ...pack.updates[0] },
      ],
    });
    expect(await packs.get('2021-Q1')).toEqual(pack);
    const query = mock.commandCalls(QueryCommand)[0]!.args[0].input;
    expect([query.ExpressionAttributeValues, query.ConsistentRead]).toEqual([{ ':pk': 'BOARDPACK#2021-Q1', ':prefix': 'PART#attempt1#' }, true]);
  });
});
