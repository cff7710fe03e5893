/**
 * The cold-start bench's events for the functions behind routes: what a browser or a client sends
 * through HTTP API, with the tokens, barrier and board pack those requests need stored first.
 */
import { randomUUID } from 'node:crypto';
import { newTrackedAsk } from '#shared/domain/ask';
import { auditEntry } from '#shared/domain/audit';
import { buildBoardPack } from '#shared/domain/board-pack';
import { issueToken } from '#shared/domain/credential';
import { matchRoute, toEvent } from '../../infra/local/http-api.ts';
import type { TableStores } from '../../infra/local/stores.ts';
import { benchSponsor, sampleBody } from '../lib/fixture.ts';
import type { AddEvents, Check, EventContext } from './event-context.ts';

const html = { accept: 'text/html,application/xhtml+xml', 'user-agent': 'Mozilla/5.0 (bench)' };
const jsonAccept = { accept: 'application/json' };

/** The quarter of the board pack the pages show and the on-request function returns. */
const packQuarter = '2021-Q1';

/** An HTTP API (payload 2.0) event for a request, built by the local gateway from the shared route table. */
function apiEvent(name: string, method: 'GET' | 'POST', url: string, headers: Record<string, string>, body = ''): unknown {
  const path = url.split('?')[0]!;
  const match = matchRoute(method, path);
  if (!match || !('route' in match) || match.route.function !== name) throw new Error(`${method} ${path} is not a route of ${name}`);
  return toEvent({ method, url, headers: { host: 'progress.example.org', ...headers }, body: Buffer.from(body) }, match.route, match.pathParameters);
}

const statusIs =
  (...statuses: number[]): Check =>
  (result: unknown) => {
    const status = (result as { statusCode?: number } | undefined)?.statusCode;
    return status !== undefined && statuses.includes(status)
      ? undefined
      : `answered ${status ?? JSON.stringify(result)?.slice(0, 200)}, expected ${statuses.join(' or ')}`;
  };

/** Personal links from an email, one per process, so that no request repeats another's. */
async function issueLinkTokens({ stack, writePriority, person, count }: EventContext): Promise<string[]> {
  const linkTokens: string[] = [];
  for (let index = 0; index < count; index += 1) {
    const issued = issueToken({ priorityId: writePriority, name: benchSponsor, email: person.email });
    await stack.observer.credentials.save(issued.credential);
    linkTokens.push(issued.token);
  }
  return linkTokens;
}

/** A board member's token, stored. */
async function issueBoardToken(observer: TableStores): Promise<string> {
  const board = issueToken({ role: 'board', name: 'Bench board member' });
  await observer.credentials.save(board.credential);
  return board.token;
}

/** A barrier of the read priority that asks for the board's support; returns its id. */
async function raiseBoardBarrier({ stack, readPriority, someUpdate }: EventContext): Promise<string> {
  const barrierId = `${someUpdate.id}-0`;
  await stack.observer.barriers.applyState(
    readPriority,
    barrierId,
    { description: 'Data sharing with DWP is slow', needsBoardSupport: true, status: 'open' },
    { updateId: someUpdate.id, submittedAt: someUpdate.submittedAt, period: someUpdate.period, raises: true },
  );
  return barrierId;
}

/** A quarter's pack to show: built from the table as it stands, stored once. */
async function storeBoardPack(observer: TableStores): Promise<void> {
  if (await observer.boardPacks.get(packQuarter)) return;
  const snapshot = await observer.programme.snapshot();
  const records = await Promise.all(
    snapshot.priorities.map(async (priority) => ({
      priority,
      updates: (await observer.updates.list(priority.id, { limit: 100 })).updates,
      assessments: [],
      barriers: [],
    })),
  );
  await observer.boardPacks.create(
    buildBoardPack({ quarter: packQuarter, programmeTitle: 'Bench', madeAt: new Date(), priorities: records }),
    'bench',
    auditEntry('board-pack-made', { role: 'operator' }, { kind: 'board-pack', id: packQuarter }),
  );
}

/** Adds every route function's events, storing what each needs just before it. */
export async function addRouteEvents(add: AddEvents, context: EventContext): Promise<void> {
  const { stack, readPriority, writePriority, token, someUpdate, person } = context;
  add('health', 'GET /health', statusIs(200), () => apiEvent('health', 'GET', '/health', jsonAccept));
  add('list-priorities', 'GET /priorities (JSON)', statusIs(200), () => apiEvent('list-priorities', 'GET', '/priorities', jsonAccept));
  add('get-priority', `GET /priorities/{id} as a page`, statusIs(200), () => apiEvent('get-priority', 'GET', `/priorities/${readPriority}`, html));
  add('list-updates', 'GET /priorities/{id}/updates (JSON)', statusIs(200), () =>
    apiEvent('list-updates', 'GET', `/priorities/${readPriority}/updates`, jsonAccept),
  );
  add('get-update', 'GET /priorities/{id}/updates/{updateId} as a page', statusIs(200), () =>
    apiEvent('get-update', 'GET', `/priorities/${readPriority}/updates/${someUpdate.id}`, html),
  );
  add('get-portfolio', 'GET /portfolio (JSON)', statusIs(200), () => apiEvent('get-portfolio', 'GET', '/portfolio', jsonAccept));
  add('record-update', 'POST /priorities/{id}/updates, JSON with a bearer token (a new update each time)', statusIs(201), () =>
    apiEvent(
      'record-update',
      'POST',
      `/priorities/${writePriority}/updates`,
      { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      sampleBody,
    ),
  );
  const linkTokens = await issueLinkTokens(context);
  add(
    'update-form',
    'GET /priorities/{id}/updates/new?token=… (a personal link from an email: its Continue page, which writes nothing)',
    statusIs(200),
    linkTokens.map((link) => apiEvent('update-form', 'GET', `/priorities/${writePriority}/updates/new?token=${encodeURIComponent(link)}`, html)),
  );
  const sessionTokens = await issueLinkTokens(context);
  const formPath = `/priorities/${writePriority}/updates/new`;
  const sameOrigin = { ...html, 'content-type': 'application/x-www-form-urlencoded', 'sec-fetch-site': 'same-origin', origin: 'http://progress.example.org' };
  add(
    'sessions',
    'POST /sessions (a Continue page’s post: the personal link exchanged for a session, 303 to the form)',
    statusIs(303),
    sessionTokens.map((link) => apiEvent('sessions', 'POST', '/sessions', sameOrigin, new URLSearchParams({ token: link, next: formPath }).toString())),
  );
  // A board member's token: it may record an assessment of any priority and open its form.
  const assessorToken = await issueBoardToken(stack.observer);
  add(
    'record-assessment',
    'POST /priorities/{id}/assessments, JSON with a board bearer token (the period’s assessment replaced each time)',
    statusIs(201),
    () =>
      apiEvent(
        'record-assessment',
        'POST',
        `/priorities/${writePriority}/assessments`,
        { authorization: `Bearer ${assessorToken}`, 'content-type': 'application/json' },
        JSON.stringify({ status: 'amber', period: '2021-03', rationale: 'Placements are behind the plan for the quarter.' }),
      ),
  );
  add('assessment-form', 'GET /priorities/{id}/assessments/new?token=… (a board member’s personal link: its Continue page)', statusIs(200), () =>
    apiEvent('assessment-form', 'GET', `/priorities/${writePriority}/assessments/new?token=${encodeURIComponent(assessorToken)}`, html),
  );
  add('preferences', 'GET /people/{personId}/preferences?key=… as a page', statusIs(200), () =>
    apiEvent('preferences', 'GET', `/people/${person.personId}/preferences?key=${encodeURIComponent(person.preferencesKey)}`, html),
  );
  add('dashboard', 'GET / (the board’s dashboard page)', statusIs(200), () => apiEvent('dashboard', 'GET', '/', html));
  // The board's side: a barrier of the read priority that asks for its support, and a board token.
  const barrierId = await raiseBoardBarrier(context);
  const boardToken = await issueBoardToken(stack.observer);
  add('board-barriers', 'GET /barriers (the barriers needing board support, a page)', statusIs(200), () =>
    apiEvent('board-barriers', 'GET', '/barriers', html),
  );
  add('respond-to-barrier', 'POST /priorities/{id}/barriers/{barrierId}/responses, JSON with a board token (a new response each time)', statusIs(201), () =>
    apiEvent(
      'respond-to-barrier',
      'POST',
      `/priorities/${readPriority}/barriers/${barrierId}/responses`,
      { authorization: `Bearer ${boardToken}`, 'content-type': 'application/json' },
      JSON.stringify({ decision: 'The chair will raise it with the DWP regional director.', owner: 'Board chair', dueDate: '2021-04-30' }),
    ),
  );
  add(
    'correct-update',
    'POST /priorities/{id}/updates/{updateId}/corrections, JSON with a board token and no reason (the same 422 each time, as nothing is stored)',
    statusIs(422),
    () =>
      apiEvent(
        'correct-update',
        'POST',
        `/priorities/${readPriority}/updates/${someUpdate.id}/corrections`,
        { authorization: `Bearer ${boardToken}`, 'content-type': 'application/json' },
        JSON.stringify({ status: someUpdate.status, period: someUpdate.period, summary: someUpdate.summary }),
      ),
  );
  add('commitments-page', 'GET /priorities/{id}/commitments (a priority’s milestones and measures, a page)', statusIs(200), () =>
    apiEvent('commitments-page', 'GET', `/priorities/${readPriority}/commitments`, html),
  );
  add('commitment-definitions', 'POST /priorities/{id}/milestones, JSON with a board token (a new milestone each time)', statusIs(201), () =>
    apiEvent(
      'commitment-definitions',
      'POST',
      `/priorities/${readPriority}/milestones`,
      { authorization: `Bearer ${boardToken}`, 'content-type': 'application/json' },
      JSON.stringify({ title: `Bench milestone ${randomUUID()}`, baseline: '2021-06-30' }),
    ),
  );
  const askId = 'bench-ask';
  await stack.observer.commitments.track(newTrackedAsk(readPriority, { id: askId, title: 'Bench ask of government', amountGbp: 1_000_000 }));
  add('asks', 'GET /asks (every ask of government by priority, with the totals, a page)', statusIs(200), () => apiEvent('asks', 'GET', '/asks', html));
  add('change-ask', 'POST /asks/{id}/{askId}, JSON with a board token (a new response each time)', statusIs(200), () =>
    apiEvent(
      'change-ask',
      'POST',
      `/asks/${readPriority}/${askId}`,
      { authorization: `Bearer ${boardToken}`, 'content-type': 'application/json' },
      JSON.stringify({ response: `Bench response ${randomUUID()}` }),
    ),
  );
  add('missed-updates', 'GET /missed-updates (the priorities without the period’s update, a page)', statusIs(200), () =>
    apiEvent('missed-updates', 'GET', '/missed-updates', html),
  );
  add('statutory-pages', 'GET /privacy (the privacy notice, a page)', statusIs(200), () => apiEvent('statutory-pages', 'GET', '/privacy', html));
  await storeBoardPack(stack.observer);
  add('board-pack-pages', `GET /board-packs/${packQuarter} (a board pack, a printable page)`, statusIs(200), () =>
    apiEvent('board-pack-pages', 'GET', `/board-packs/${packQuarter}`, html),
  );
  // The quarter made above: the bench's updates are all posted now for 2021's periods, so making
  // a 2021 pack here would read a 100,000-update history, which is the job's cost, not a cold start.
  add('board-pack-on-request', `POST /board-packs for ${packQuarter}, JSON with a board token (the pack as stored)`, statusIs(200), () =>
    apiEvent(
      'board-pack-on-request',
      'POST',
      '/board-packs',
      { authorization: `Bearer ${boardToken}`, 'content-type': 'application/json', ...jsonAccept },
      JSON.stringify({ quarter: packQuarter }),
    ),
  );
  // The board pack made above wrote an entry of the log, so the read has one to answer.
  add('export-audit', 'GET /audit.csv (the last 90 days of the audit log, with a board token)', statusIs(200), () =>
    apiEvent('export-audit', 'GET', '/audit.csv', { authorization: `Bearer ${boardToken}`, accept: 'text/csv' }),
  );
  add('export-portfolio', 'GET /portfolio.csv', statusIs(200), () => apiEvent('export-portfolio', 'GET', '/portfolio.csv', { accept: 'text/csv' }));
  add('export-updates', 'GET /priorities/{id}/updates.csv', statusIs(200), () =>
    apiEvent('export-updates', 'GET', `/priorities/${readPriority}/updates.csv`, { accept: 'text/csv' }),
  );
  add('openapi', 'GET /openapi.json', statusIs(200), () => apiEvent('openapi', 'GET', '/openapi.json', jsonAccept));
}
