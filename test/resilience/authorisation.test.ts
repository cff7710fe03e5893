/**
 * 2. Authorisation matrix: every priority against every priority's credentials (token in the
 * header, token as a form field, browser session with and without its CSRF token), and
 * expired, revoked, tampered and malformed tokens, and the board's (which post no update).
 * Counting each priority's updates before and after, no write may land outside the credential's
 * own priority. Responding to a barrier, making a board pack, and defining or changing a milestone
 * or a measure: only a board credential may, and no other leaves a response, a pack or a change behind, and only a board credential reads the audit log. Independent assessments have a matrix of their own:
 * the priority's delivery lead and the board may record one; a sponsor, another priority's lead,
 * and any invalid credential may not. Asks of government: the board may change any, a sponsor or
 * delivery lead their own priority's; nobody else leaves a change behind. Sessions: only a same-origin post of a valid personal link,
 * for a page it may open, makes one; scanners' GETs and login CSRF make none; only a session's own
 * sign-out ends it. Corrections: the update's author, its priority's delivery lead and the board
 * may correct an update; any other credential may not, and leaves nothing behind.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Assessments } from '#shared/data/assessments';
import { issueToken, tokenIdOf } from '#shared/domain/credential';
import { newUpdateId } from '#shared/domain/ids';
import { newMeasure } from '#shared/domain/measure';
import { newMilestone } from '#shared/domain/milestone';
import { csrfTokenFor, sessionCookie } from '#shared/domain/session';
import { assessmentSchema, boardPackMadeSchema, publishedBoardResponseSchema, publishedMeasureSchema, publishedMilestoneSchema } from '#shared/http/published';
import { functions } from '../../functions/index.ts';
import { followPersonalLink } from '../integration/stack.ts';
import { section } from './lib/figures.ts';
import { fetchHeaders, isBrowser, violations } from './lib/responses.ts';
import { type Item, pool, priorityIds, type ResilienceStack, startStack, validUpdate } from './lib/stack.ts';

const figures = section(2, 'Authorisation matrix');
let stack: ResilienceStack;

beforeAll(async () => {
  stack = await startStack({ startPollers: false });
});
afterAll(async () => stack?.stop());

interface Credential {
  /** What the credential is, for messages. */
  label: string;
  /** The priority it may write to, or null when it may write nowhere. */
  owner: string | null;
  /** The status expected when it is not allowed: 401 (not a valid credential) or 403 (valid, wrong priority or no CSRF). */
  refused: 401 | 403;
  /** Builds the request for a post to `priorityId`. */
  request(priorityId: string, body: Record<string, unknown>): { headers: Record<string, string>; body: string };
}

const asJson = (authorization: string) => (_priorityId: string, body: Record<string, unknown>) => ({
  headers: { 'content-type': 'application/json', authorization },
  body: JSON.stringify(body),
});

const asForm =
  (fields: Record<string, string>, headers: Record<string, string> = {}) =>
  (_priorityId: string, body: Record<string, unknown>) => ({
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
    body: new URLSearchParams({
      ...fields,
      status: String(body.status),
      period: String(body.period),
      summary: String(body.summary),
      statusRationale: String(body.statusRationale),
    }).toString(),
  });

/** Swaps one character of the secret for another of the same alphabet. */
function tamper(token: string, at: number): string {
  const position = token.length - 1 - at;
  const swapped = token[position] === 'A' ? 'B' : 'A';
  return token.slice(0, position) + swapped + token.slice(position + 1);
}

/** The session id a personal link's Continue page makes (its same-origin post). */
const sessionOf = async (link: string): Promise<string> => (await followPersonalLink(stack, link)).slice(sessionCookie.length + 1);
const cookieOf = (sessionId: string) => ({ cookie: `${sessionCookie}=${sessionId}` });

async function sessionFor(priorityId: string, token: string): Promise<string> {
  return sessionOf(`/priorities/${priorityId}/updates/new?token=${encodeURIComponent(token)}`);
}

async function credentialsFor(priorityId: string): Promise<Credential[]> {
  const token = await stack.token(priorityId, { name: `Sponsor of ${priorityId}` });
  const other = priorityIds.find((id) => id !== priorityId)!;
  const otherToken = await stack.token(other);
  const expired = issueToken({ priorityId, now: new Date(Date.now() - 3 * 86_400_000), days: 1 });
  await stack.stores.credentials.save(expired.credential);
  const revoked = await stack.token(priorityId);
  const session = await sessionFor(priorityId, token);
  const revokedSessionToken = await stack.token(priorityId);
  const revokedSession = await sessionFor(priorityId, revokedSessionToken);
  await stack.stores.credentials.revoke(revoked.split('_')[1]!);
  await stack.stores.credentials.revoke(revokedSessionToken.split('_')[1]!);
  const ghost = await stack.token('ghost-priority-that-does-not-exist');
  const parts = (value: string) => {
    const match = /^rp_([a-f0-9]{16})_(.+)$/.exec(value);
    if (!match) throw new Error('tokens look like rp_<id>_<secret>');
    return { id: match[1]!, secret: match[2]! };
  };
  const { id: tokenId, secret } = parts(token);
  const { id: otherId, secret: otherSecret } = parts(otherToken);
  const cookie = cookieOf;

  const valid = (label: string, request: Credential['request']): Credential => ({ label, owner: priorityId, refused: 403, request });
  const invalid = (label: string, request: Credential['request'], refused: 401 | 403 = 401): Credential => ({ label, owner: null, refused, request });
  const malformed = [
    '',
    'rp_',
    'rp__',
    `rp_${tokenId}_`,
    `rp_${tokenId}`,
    `${tokenId}_${secret}`,
    `rp_${tokenId}_${secret}x`,
    `rp_${tokenId}_${secret.slice(1)}`,
    token.toUpperCase(),
    `rp_${tokenId.toUpperCase()}_${secret}`,
    `rp_${tokenId}_${secret.replace(/-/g, '+')}=`,
    'null',
    'undefined',
    "' OR '1'='1",
    '{"tokenId":"x"}',
    `rp_${'0'.repeat(16)}_${'A'.repeat(43)}`,
    `rp_${tokenId}_${'A'.repeat(43)}`,
    `rp_${tokenId}_${secret}\u0000`,
    'x'.repeat(5000),
  ];
  return [
    valid('its token in the Authorization header', asJson(`Bearer ${token}`)),
    valid('its token as a form field', asForm({ token })),
    valid('its browser session with the CSRF token', asForm({ csrfToken: csrfTokenFor(session) }, cookie(session))),
    invalid('its browser session without a CSRF token', asForm({}, cookie(session)), 403),
    invalid('its browser session with another session’s CSRF token', asForm({ csrfToken: csrfTokenFor(revokedSession) }, cookie(session)), 403),
    invalid('an expired token', asJson(`Bearer ${expired.token}`)),
    invalid('a revoked token', asJson(`Bearer ${revoked}`)),
    invalid('a revoked token as a form field', asForm({ token: revoked })),
    invalid('a session made from a token revoked since', asForm({ csrfToken: csrfTokenFor(revokedSession) }, cookie(revokedSession))),
    invalid('a tampered secret (last character)', asJson(`Bearer ${tamper(token, 0)}`)),
    invalid('a tampered secret (middle character)', asJson(`Bearer ${tamper(token, 20)}`)),
    invalid('its token id with another token’s secret', asJson(`Bearer rp_${tokenId}_${otherSecret}`)),
    invalid('another token’s id with its secret', asJson(`Bearer rp_${otherId}_${secret}`)),
    invalid('a made-up session id', asForm({ csrfToken: csrfTokenFor('A'.repeat(43)) }, cookie('A'.repeat(43)))),
    { label: 'a valid token for a priority that does not exist', owner: null, refused: 403, request: asJson(`Bearer ${ghost}`) },
    ...malformed.map((value, i) => invalid(`a malformed token #${i + 1}`, i % 2 === 0 ? asJson(`Bearer ${value}`) : asForm({ token: value }))),
  ];
}

/** Who may record an assessment of a priority: one priority (its delivery lead), every priority (the board), or none. */
interface AssessorCredential extends Omit<Credential, 'owner'> {
  owner: string | 'every priority' | null;
}

const assessmentAsJson = (authorization: string) => (_priorityId: string, body: Record<string, unknown>) => ({
  headers: { 'content-type': 'application/json', authorization },
  body: JSON.stringify(body),
});

const assessmentAsForm =
  (fields: Record<string, string>, headers: Record<string, string> = {}) =>
  (_priorityId: string, body: Record<string, unknown>) => ({
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
    body: new URLSearchParams({ ...fields, status: String(body.status), period: String(body.period), rationale: String(body.rationale) }).toString(),
  });

async function assessmentSessionFor(priorityId: string, token: string): Promise<string> {
  return sessionOf(`/priorities/${priorityId}/assessments/new?token=${encodeURIComponent(token)}`);
}

/** A priority's sponsor and delivery lead, in every way they can present themselves, and invalid forms of the lead's token. */
async function assessorCredentialsFor(priorityId: string): Promise<AssessorCredential[]> {
  const sponsor = await stack.token(priorityId, { name: `Sponsor of ${priorityId}` });
  const lead = await stack.token(priorityId, { role: 'delivery-lead', name: `Delivery lead of ${priorityId}` });
  const sponsorSession = await sessionFor(priorityId, sponsor);
  const leadSession = await assessmentSessionFor(priorityId, lead);
  const expired = issueToken({ role: 'delivery-lead', priorityId, now: new Date(Date.now() - 3 * 86_400_000), days: 1 });
  await stack.stores.credentials.save(expired.credential);
  const revoked = await stack.token(priorityId, { role: 'delivery-lead' });
  await stack.stores.credentials.revoke(revoked.split('_')[1]!);
  const cookie = cookieOf;
  const refusedWith = (label: string, request: AssessorCredential['request'], refused: 401 | 403): AssessorCredential => ({
    label,
    owner: null,
    refused,
    request,
  });
  const lead_ = (label: string, request: AssessorCredential['request']): AssessorCredential => ({ label, owner: priorityId, refused: 403, request });
  return [
    lead_('its delivery lead’s token in the Authorization header', assessmentAsJson(`Bearer ${lead}`)),
    lead_('its delivery lead’s token as a form field', assessmentAsForm({ token: lead })),
    lead_('its delivery lead’s session with the CSRF token', assessmentAsForm({ csrfToken: csrfTokenFor(leadSession) }, cookie(leadSession))),
    refusedWith('its delivery lead’s session without a CSRF token', assessmentAsForm({}, cookie(leadSession)), 403),
    refusedWith('its sponsor’s token in the Authorization header', assessmentAsJson(`Bearer ${sponsor}`), 403),
    refusedWith('its sponsor’s token as a form field', assessmentAsForm({ token: sponsor }), 403),
    refusedWith('its sponsor’s session with the CSRF token', assessmentAsForm({ csrfToken: csrfTokenFor(sponsorSession) }, cookie(sponsorSession)), 403),
    refusedWith('an expired delivery lead’s token', assessmentAsJson(`Bearer ${expired.token}`), 401),
    refusedWith('a revoked delivery lead’s token', assessmentAsJson(`Bearer ${revoked}`), 401),
    refusedWith('a tampered delivery lead’s token', assessmentAsJson(`Bearer ${tamper(lead, 0)}`), 401),
  ];
}

/** A board member, in every way they can present themselves, and invalid forms of the board's token. */
async function boardCredentials(): Promise<AssessorCredential[]> {
  const board = await stack.boardToken({ name: 'Board chair' });
  const session = await assessmentSessionFor(priorityIds[0]!, board);
  const expired = issueToken({ role: 'board', now: new Date(Date.now() - 3 * 86_400_000), days: 1 });
  await stack.stores.credentials.save(expired.credential);
  const revoked = await stack.boardToken();
  await stack.stores.credentials.revoke(revoked.split('_')[1]!);
  const cookie = cookieOf(session);
  const board_ = (label: string, request: AssessorCredential['request']): AssessorCredential => ({ label, owner: 'every priority', refused: 403, request });
  return [
    board_('a board token in the Authorization header', assessmentAsJson(`Bearer ${board}`)),
    board_('a board token as a form field', assessmentAsForm({ token: board })),
    board_('a board session with the CSRF token', assessmentAsForm({ csrfToken: csrfTokenFor(session) }, cookie)),
    { label: 'a board session without a CSRF token', owner: null, refused: 403, request: assessmentAsForm({}, cookie) },
    { label: 'an expired board token', owner: null, refused: 401, request: assessmentAsJson(`Bearer ${expired.token}`) },
    { label: 'a revoked board token', owner: null, refused: 401, request: assessmentAsJson(`Bearer ${revoked}`) },
  ];
}

/** A distinct period for each attempt, so that every accepted one adds an item rather than replacing one. */
const periodOf = (i: number) => `${2000 + Math.floor(i / 12)}-${String((i % 12) + 1).padStart(2, '0')}`;

async function countAssessments(): Promise<Map<string, number>> {
  const assessments = new Assessments(stack.stores.table);
  return new Map(await Promise.all(priorityIds.map(async (priorityId) => [priorityId, (await assessments.history(priorityId)).length] as const)));
}

/** An IAM `dynamodb:LeadingKeys` StringLike pattern (`*` any run of characters) as a regular expression. */
function leadingKeysPattern(pattern: string): RegExp {
  const literal = pattern.split('*').map((part) => part.replace(/[.+?^$|()[\]{}\\]/g, (c) => `\\${c}`));
  return new RegExp(`^${literal.join('.*')}$`);
}

async function countUpdates(): Promise<Map<string, number>> {
  const counts = new Map<string, number>();
  for (const priorityId of priorityIds) counts.set(priorityId, (await stack.storedUpdates(priorityId)).length);
  return counts;
}

/** A proof of who is asking, turned into a request with the given fields as JSON or as a form. */
type Proof = (fields: Record<string, string>) => { headers: Record<string, string>; body: string };

interface BoardActionAttempt {
  label: string;
  /** Whether the credential may act as the board. */
  allowed: boolean;
  refused: 401 | 403;
  proof: Proof;
}

/**
 * Every kind of credential against an action only the board may take: board tokens and a board
 * session (opened by a board member's personal link), broken ones, and each priority's sponsor
 * and delivery lead tokens and a sponsor's session.
 */
/** A board member's session, opened the way their personal link opens it. */
async function openBoardSession(token: string): Promise<string> {
  return sessionOf(`/barriers?token=${encodeURIComponent(token)}`);
}

async function boardActionAttempts(): Promise<BoardActionAttempt[]> {
  const boardSession = openBoardSession;
  const boardToken = await stack.boardToken({ name: 'Board chair' });
  const session = await boardSession(boardToken);
  const revoked = await stack.boardToken();
  const revokedSessionToken = await stack.boardToken();
  const revokedSession = await boardSession(revokedSessionToken);
  await stack.stores.credentials.revoke(tokenIdOf(revoked)!);
  await stack.stores.credentials.revoke(tokenIdOf(revokedSessionToken)!);
  const expired = issueToken({ role: 'board', now: new Date(Date.now() - 3 * 86_400_000), days: 1 });
  await stack.stores.credentials.save(expired.credential);
  const json =
    (authorization: string): Proof =>
    (fields) => ({ headers: { 'content-type': 'application/json', ...(authorization ? { authorization } : {}) }, body: JSON.stringify(fields) });
  const form =
    (proof: Record<string, string>, headers: Record<string, string> = {}): Proof =>
    (fields) => ({
      headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
      body: new URLSearchParams({ ...proof, ...fields }).toString(),
    });
  const cookie = cookieOf;
  const attempts: BoardActionAttempt[] = [
    { label: 'a board token in the Authorization header', allowed: true, refused: 403, proof: json(`Bearer ${boardToken}`) },
    { label: 'a board token as a form field', allowed: true, refused: 403, proof: form({ token: boardToken }) },
    { label: 'a board session with the CSRF token', allowed: true, refused: 403, proof: form({ csrfToken: csrfTokenFor(session) }, cookie(session)) },
    { label: 'a board session without a CSRF token', allowed: false, refused: 403, proof: form({}, cookie(session)) },
    {
      label: 'a board session with another session’s CSRF token',
      allowed: false,
      refused: 403,
      proof: form({ csrfToken: csrfTokenFor(revokedSession) }, cookie(session)),
    },
    { label: 'an expired board token', allowed: false, refused: 401, proof: json(`Bearer ${expired.token}`) },
    { label: 'a revoked board token', allowed: false, refused: 401, proof: json(`Bearer ${revoked}`) },
    {
      label: 'a session made from a board token revoked since',
      allowed: false,
      refused: 401,
      proof: form({ csrfToken: csrfTokenFor(revokedSession) }, cookie(revokedSession)),
    },
    { label: 'a tampered board token', allowed: false, refused: 401, proof: json(`Bearer ${tamper(boardToken, 5)}`) },
    { label: 'no credential', allowed: false, refused: 401, proof: json('') },
  ];
  for (const priorityId of priorityIds) {
    const sponsor = await stack.token(priorityId);
    const lead = await stack.token(priorityId, { role: 'delivery-lead' });
    const sponsorSession = await sessionFor(priorityId, sponsor);
    attempts.push(
      { label: `the sponsor token of ${priorityId}`, allowed: false, refused: 403, proof: json(`Bearer ${sponsor}`) },
      { label: `the sponsor token of ${priorityId} as a form field`, allowed: false, refused: 403, proof: form({ token: sponsor }) },
      { label: `the delivery lead token of ${priorityId}`, allowed: false, refused: 403, proof: json(`Bearer ${lead}`) },
      {
        label: `a sponsor session of ${priorityId} with its CSRF token`,
        allowed: false,
        refused: 403,
        proof: form({ csrfToken: csrfTokenFor(sponsorSession) }, cookie(sponsorSession)),
      },
    );
  }
  return attempts;
}

describe('authorisation matrix', () => {
  it('writes only to the priority of a valid credential; every other attempt is refused with 401 or 403', async () => {
    // Prepare
    const boardToken = await stack.boardToken();
    const boardSession = await openBoardSession(boardToken);
    const board: Credential[] = [
      { label: 'a board token in the Authorization header', owner: null, refused: 403, request: asJson(`Bearer ${boardToken}`) },
      { label: 'a board token as a form field', owner: null, refused: 403, request: asForm({ token: boardToken }) },
      {
        label: 'a board session with the CSRF token',
        owner: null,
        refused: 403,
        request: asForm({ csrfToken: csrfTokenFor(boardSession) }, cookieOf(boardSession)),
      },
    ];
    const credentials = [...(await Promise.all(priorityIds.map(credentialsFor))).flat(), ...board];
    const attempts = credentials.flatMap((credential) => priorityIds.map((priorityId) => ({ credential, priorityId })));
    const before = await countUpdates();
    const ghostPartition = (await stack.storedUpdates('ghost-priority-that-does-not-exist')).length;

    // Act
    const outcomes = await pool(attempts, 8, async ({ credential, priorityId }, i) => {
      const body = { ...validUpdate, summary: `authorisation attempt ${i}` };
      const request = credential.request(priorityId, body);
      const response = await stack.request('POST', `/priorities/${priorityId}/updates`, request);
      const text = await response.text();
      const allowed = credential.owner === priorityId;
      return {
        credential,
        priorityId,
        allowed,
        status: response.status,
        problems: violations(
          { status: response.status, headers: fetchHeaders(response), body: text },
          { fromHandler: true, browser: isBrowser(request.headers.accept) },
        ),
        expected: allowed ? [201, 303] : [credential.refused],
      };
    });
    const after = await countUpdates();
    const newItems = (await Promise.all(priorityIds.map((priorityId) => stack.storedUpdates(priorityId))))
      .flat()
      .filter((item) => String(item.summary).startsWith('authorisation attempt'));
    const owners = new Map<string, string>();
    for (const credential of credentials) if (credential.owner) owners.set(credential.label, credential.owner);

    // Assess
    const expectedWrites = new Map(
      priorityIds.map((priorityId) => [
        priorityId,
        outcomes.filter((outcome) => outcome.allowed && outcome.priorityId === priorityId && [201, 303].includes(outcome.status)).length,
      ]),
    );
    const unexpectedWrites = priorityIds.reduce(
      (sum, priorityId) => sum + Math.abs(after.get(priorityId)! - before.get(priorityId)! - expectedWrites.get(priorityId)!),
      0,
    );
    const tokenPriority = new Map<string, string>();
    for (const priorityId of priorityIds) {
      for (const item of await stack.storedUpdates(priorityId)) {
        const author = item.author as { tokenId: string };
        const credential = await stack.stores.credentials.get(author.tokenId);
        if (credential) tokenPriority.set(String(item.id), credential.priorityId ?? 'board');
      }
    }
    const crossPriority = newItems.filter((item) => tokenPriority.get(String(item.id)) !== item.priorityId).length;
    const wrongStatus = outcomes.filter((outcome) => !outcome.expected.includes(outcome.status));
    const answerProblems = outcomes.filter((outcome) => outcome.problems.length > 0);
    const ghostWrites = (await stack.storedUpdates('ghost-priority-that-does-not-exist')).length - ghostPartition;

    figures.record('attempts (priorities × credentials)', outcomes.length, { info: true });
    figures.record('priorities × tokens of every priority', `${priorityIds.length} × ${priorityIds.length}`, { info: true });
    const cross = figures.record('cross-priority writes', crossPriority + ghostWrites, { equals: 0 });
    const unexpected = figures.record('writes other than the allowed ones (partition counts before/after)', unexpectedWrites, { equals: 0 });
    figures.record('allowed writes accepted', outcomes.filter((outcome) => outcome.allowed && [201, 303].includes(outcome.status)).length, {
      equals: outcomes.filter((outcome) => outcome.allowed).length,
    });
    const wrong = figures.record('answers with the wrong status (401 invalid, 403 wrong priority)', wrongStatus.length, { equals: 0 });
    const problems = figures.record('refusals that are not clean problem answers', answerProblems.length, { equals: 0 });

    expect(cross).toBe(0);
    expect(unexpected).toBe(0);
    expect({
      wrong,
      examples: wrongStatus
        .slice(0, 8)
        .map(
          (outcome) =>
            `${outcome.credential.label} of ${outcome.credential.owner ?? '-'} → ${outcome.priorityId}: ${outcome.status}, expected ${outcome.expected.join('/')}`,
        ),
    }).toEqual({ wrong: 0, examples: [] });
    expect({
      problems,
      examples: answerProblems.slice(0, 5).map((outcome) => `${outcome.credential.label} → ${outcome.status} [${outcome.problems.join(', ')}]`),
    }).toEqual({ problems: 0, examples: [] });
  });

  it('records a response to a barrier only for a board credential: every sponsor, delivery lead and invalid credential is refused and leaves nothing', async () => {
    // Prepare: a barrier on each priority asking for the board's support; each attempt's decision names it.
    const barriers = new Map<string, string>();
    for (const priorityId of priorityIds) {
      const updateId = newUpdateId();
      const barrierId = `${updateId}-0`;
      await stack.stores.barriers.applyState(
        priorityId,
        barrierId,
        { description: `Ask of ${priorityId}`, needsBoardSupport: true, status: 'open' },
        { updateId, submittedAt: new Date().toISOString(), period: '2021-03', raises: true },
      );
      barriers.set(priorityId, barrierId);
    }
    const attempts = (await boardActionAttempts()).flatMap((attempt) => priorityIds.map((priorityId) => ({ attempt, priorityId })));
    const decisionOf = (i: number) => `response attempt ${i}`;

    // Act
    const outcomes = await pool(attempts, 8, async ({ attempt, priorityId }, i) => {
      const request = attempt.proof({ decision: decisionOf(i), owner: 'Board chair', dueDate: '2021-04-30' });
      const response = await stack.request('POST', `/priorities/${priorityId}/barriers/${barriers.get(priorityId)}/responses`, request);
      const text = await response.text();
      return {
        attempt,
        decision: decisionOf(i),
        status: response.status,
        // A refusal must be a clean problem answer; a response recorded, as the public reads it.
        problems:
          response.status >= 400
            ? violations(
                { status: response.status, headers: fetchHeaders(response), body: text },
                { fromHandler: true, browser: isBrowser(request.headers.accept) },
              )
            : publishedBoardResponseSchema.safeParse(JSON.parse(text)).success
              ? []
              : ['201 body'],
        expected: attempt.allowed ? [201] : [attempt.refused],
      };
    });

    // Assess
    const written = new Set((await stack.stores.barriers.list()).flatMap((barrier) => barrier.responses.map((response) => response.decision)));
    const wrongWrites = outcomes.filter((outcome) => !outcome.attempt.allowed && written.has(outcome.decision)).length;
    const missingWrites = outcomes.filter((outcome) => outcome.attempt.allowed && !written.has(outcome.decision)).length;
    const wrongStatus = outcomes.filter((outcome) => !outcome.expected.includes(outcome.status));
    const answerProblems = outcomes.filter((outcome) => outcome.problems.length > 0);
    figures.record('barrier-response attempts (credentials × priorities)', outcomes.length, { info: true });
    const wrong = figures.record('barrier responses recorded for a credential that may not respond', wrongWrites, { equals: 0 });
    figures.record('barrier responses recorded for a board credential', outcomes.filter((outcome) => outcome.attempt.allowed).length - missingWrites, {
      equals: outcomes.filter((outcome) => outcome.attempt.allowed).length,
    });
    const statuses = figures.record('barrier-response answers with the wrong status', wrongStatus.length, { equals: 0 });
    figures.record('barrier-response refusals that are not clean problem answers', answerProblems.length, { equals: 0 });

    expect(wrong).toBe(0);
    expect(missingWrites).toBe(0);
    expect({
      statuses,
      examples: wrongStatus.slice(0, 8).map((outcome) => `${outcome.attempt.label}: ${outcome.status}, expected ${outcome.expected.join('/')}`),
    }).toEqual({ statuses: 0, examples: [] });
    expect(answerProblems.map((outcome) => `${outcome.attempt.label} → ${outcome.status} [${outcome.problems.join(', ')}]`)).toEqual([]);
  });

  it('makes a board pack only for a board credential: every sponsor, delivery lead and invalid credential is refused and leaves nothing', async () => {
    // Prepare: each attempt asks for a quarter of its own, so a pack in a quarter says which attempt made it.
    const attempts = (await boardActionAttempts()).map(({ proof, ...attempt }) => ({ ...attempt, request: (quarter: string) => proof({ quarter }) }));
    // Packs are made only for quarters from the programme's start (2020-Q4) to the last one ended: each allowed
    // attempt (they come first) has a quarter of its own, and the refused ones share the next twenty.
    const inRange = (n: number) => `${Math.floor((2020 * 4 + 3 + n) / 4)}-Q${((2020 * 4 + 3 + n) % 4) + 1}`;
    const allowedCount = attempts.filter((attempt) => attempt.allowed).length;
    const quarterOf = (i: number) => inRange(i < allowedCount ? i : allowedCount + ((i - allowedCount) % 20));
    const packsBefore = (await stack.scan()).filter((item) => String(item.pk).startsWith('BOARDPACK')).length;

    // Act
    const outcomes = await pool(attempts, 4, async (attempt, i) => {
      const request = attempt.request(quarterOf(i));
      const response = await stack.request('POST', '/board-packs', request);
      const text = await response.text();
      return {
        attempt,
        quarter: quarterOf(i),
        status: response.status,
        // A refusal must be a clean problem answer; a pack made, its description with the pack's address.
        problems:
          response.status >= 400
            ? violations({ status: response.status, headers: fetchHeaders(response), body: text }, { fromHandler: true, browser: false })
            : boardPackMadeSchema.safeParse(JSON.parse(text)).success && response.headers.get('location') === `/board-packs/${quarterOf(i)}`
              ? []
              : ['201 body'],
        expected: attempt.allowed ? [201] : [attempt.refused],
      };
    });

    // Assess
    const packItems = (await stack.scan()).filter((item) => String(item.pk).startsWith('BOARDPACK'));
    const quartersWritten = new Set(packItems.map((item) => String(item.pk === 'BOARDPACKS' ? item.quarter : String(item.pk).slice('BOARDPACK#'.length))));
    const wrongWrites = outcomes.filter((outcome) => !outcome.attempt.allowed && quartersWritten.has(outcome.quarter)).length;
    const missingWrites = outcomes.filter((outcome) => outcome.attempt.allowed && !quartersWritten.has(outcome.quarter)).length;
    const wrongStatus = outcomes.filter((outcome) => !outcome.expected.includes(outcome.status));
    const answerProblems = outcomes.filter((outcome) => outcome.problems.length > 0);
    figures.record('board-pack attempts (credentials)', outcomes.length, { info: true });
    const wrong = figures.record('board packs made by a credential that may not make one', wrongWrites, { equals: 0 });
    figures.record('board packs made by a board credential', outcomes.filter((outcome) => outcome.attempt.allowed).length - missingWrites, {
      equals: outcomes.filter((outcome) => outcome.attempt.allowed).length,
    });
    const statuses = figures.record('board-pack answers with the wrong status', wrongStatus.length, { equals: 0 });
    figures.record('board-pack answers that are not clean (problem+json refusals, described packs)', answerProblems.length, { equals: 0 });

    expect(packsBefore).toBe(0);
    expect(wrong).toBe(0);
    expect(missingWrites).toBe(0);
    expect({
      statuses,
      examples: wrongStatus.slice(0, 8).map((outcome) => `${outcome.attempt.label}: ${outcome.status}, expected ${outcome.expected.join('/')}`),
    }).toEqual({ statuses: 0, examples: [] });
    expect(answerProblems.map((outcome) => `${outcome.attempt.label} → ${outcome.status} [${outcome.problems.join(', ')}]`)).toEqual([]);
  });

  it('defines and changes milestones and measures only for a board credential: every sponsor, delivery lead and invalid credential is refused and leaves nothing', async () => {
    // Prepare: a milestone and a measure on each priority to change; each attempt's title, name or reason names it.
    const at = new Date().toISOString();
    for (const priorityId of priorityIds) {
      const milestone = newMilestone(priorityId, 'hub-open', { title: 'Hub open', baseline: '2021-06-30' });
      const measure = newMeasure(priorityId, 'placements', {
        name: 'Placements',
        unit: 'count',
        better: 'higher',
        baseline: { value: 0, date: '2021-01-01' },
        target: { value: 100, date: '2022-01-01' },
      });
      const by = { role: 'operator' as const };
      await stack.stores.commitments.commit({ priorityId, kind: 'MILESTONE', id: 'hub-open', at, changeId: 'matrix', by, state: milestone }, 0);
      await stack.stores.commitments.commit({ priorityId, kind: 'MEASURE', id: 'placements', at, changeId: 'matrix', by, state: measure }, 0);
    }
    const routes = [
      { path: '/milestones', created: true, form: (mark: string) => ({ title: mark, baseline: '2021-06-30' }) },
      { path: '/milestones/hub-open', created: false, form: (mark: string) => ({ baseline: '2021-07-30', reason: mark }) },
      {
        path: '/measures',
        created: true,
        form: (mark: string) => ({
          name: mark,
          unit: 'count',
          better: 'lower',
          baselineValue: '9',
          baselineDate: '2021-01-01',
          targetValue: '1',
          targetDate: '2022-01-01',
        }),
        json: (mark: string) => ({
          name: mark,
          unit: 'count',
          better: 'lower',
          baseline: { value: 9, date: '2021-01-01' },
          target: { value: 1, date: '2022-01-01' },
        }),
      },
      {
        path: '/measures/placements',
        created: false,
        form: (mark: string) => ({ targetValue: '120', targetDate: '2022-01-01', reason: mark }),
        json: (mark: string) => ({ target: { value: 120, date: '2022-01-01' }, reason: mark }),
      },
    ];
    const attempts = (await boardActionAttempts()).flatMap((attempt, a) =>
      routes.map((route) => ({ attempt, route, priorityId: priorityIds[a % priorityIds.length]! })),
    );
    const markOf = (i: number) => `Commitment attempt ${i}`;

    // Act
    const outcomes = await pool(attempts, 8, async ({ attempt, route, priorityId }, i) => {
      const asForm = attempt.proof(route.form(markOf(i)));
      // JSON takes the nested shape the form's flat fields stand for.
      const request = asForm.headers['content-type'] === 'application/json' && route.json ? { ...asForm, body: JSON.stringify(route.json(markOf(i))) } : asForm;
      const response = await stack.request('POST', `/priorities/${priorityId}${route.path}`, request);
      const text = await response.text();
      const schema = route.path.startsWith('/milestones') ? publishedMilestoneSchema : publishedMeasureSchema;
      return {
        attempt,
        mark: markOf(i),
        status: response.status,
        problems:
          response.status >= 400
            ? violations(
                { status: response.status, headers: fetchHeaders(response), body: text },
                { fromHandler: true, browser: isBrowser(request.headers.accept) },
              )
            : schema.safeParse(JSON.parse(text)).success
              ? []
              : [`${response.status} body`],
        expected: attempt.allowed ? [route.created ? 201 : 200] : [attempt.refused],
      };
    });

    // Assess: a mark left in a current item or a log entry names the attempt that wrote it.
    const items = (await stack.scan()).filter((item) => item.pk === 'COMMITMENTS' || item.pk === 'COMMITMENTLOG');
    const written = new Set(
      items.flatMap((item) => [item.title, item.name, item.reason, (item.state as Item | undefined)?.title, (item.state as Item | undefined)?.name]),
    );
    const wrongWrites = outcomes.filter((outcome) => !outcome.attempt.allowed && written.has(outcome.mark)).length;
    const missingWrites = outcomes.filter((outcome) => outcome.attempt.allowed && !written.has(outcome.mark)).length;
    const wrongStatus = outcomes.filter((outcome) => !outcome.expected.includes(outcome.status));
    const answerProblems = outcomes.filter((outcome) => outcome.problems.length > 0);
    figures.record('milestone and measure attempts (credentials × 4 routes)', outcomes.length, { info: true });
    const wrong = figures.record('milestones and measures written for a credential that may not define them', wrongWrites, { equals: 0 });
    figures.record(
      'milestone and measure writes accepted for a board credential',
      outcomes.filter((outcome) => outcome.attempt.allowed).length - missingWrites,
      {
        equals: outcomes.filter((outcome) => outcome.attempt.allowed).length,
      },
    );
    const statuses = figures.record('milestone and measure answers with the wrong status', wrongStatus.length, { equals: 0 });
    figures.record('milestone and measure refusals that are not clean problem answers', answerProblems.length, { equals: 0 });

    expect(wrong).toBe(0);
    expect(missingWrites).toBe(0);
    expect({
      statuses,
      examples: wrongStatus.slice(0, 8).map((outcome) => `${outcome.attempt.label}: ${outcome.status}, expected ${outcome.expected.join('/')}`),
    }).toEqual({ statuses: 0, examples: [] });
    expect(answerProblems.map((outcome) => `${outcome.attempt.label} → ${outcome.status} [${outcome.problems.join(', ')}]`)).toEqual([]);
  });

  it('lets only a board credential read the audit log: every sponsor, delivery lead and invalid credential is refused and reads nothing', async () => {
    // Prepare: an entry to read (a board response), and every kind of credential as a GET carries it.
    const boardToken = await stack.boardToken({ name: 'Board chair' });
    const session = await openBoardSession(boardToken);
    const revoked = await stack.boardToken();
    const revokedSessionToken = await stack.boardToken();
    const revokedSession = await openBoardSession(revokedSessionToken);
    await stack.stores.credentials.revoke(tokenIdOf(revoked)!);
    await stack.stores.credentials.revoke(tokenIdOf(revokedSessionToken)!);
    const expired = issueToken({ role: 'board', now: new Date(Date.now() - 3 * 86_400_000), days: 1 });
    await stack.stores.credentials.save(expired.credential);
    const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
    const cookie = cookieOf;
    const attempts: { label: string; allowed: boolean; refused: 401 | 403; headers: Record<string, string>; query?: string }[] = [
      { label: 'a board token in the Authorization header', allowed: true, refused: 403, headers: bearer(boardToken) },
      { label: 'a board session (no CSRF token: a read)', allowed: true, refused: 403, headers: cookie(session) },
      { label: 'a board token in the query, as a personal link carries it', allowed: false, refused: 401, headers: {}, query: `&token=${boardToken}` },
      { label: 'an expired board token', allowed: false, refused: 401, headers: bearer(expired.token) },
      { label: 'a revoked board token', allowed: false, refused: 401, headers: bearer(revoked) },
      { label: 'a session made from a board token revoked since', allowed: false, refused: 401, headers: cookie(revokedSession) },
      { label: 'a tampered board token', allowed: false, refused: 401, headers: bearer(tamper(boardToken, 5)) },
      { label: 'a malformed Authorization header', allowed: false, refused: 401, headers: { authorization: 'Bearer' } },
      { label: 'no credential', allowed: false, refused: 401, headers: {} },
    ];
    for (const priorityId of priorityIds) {
      const sponsor = await stack.token(priorityId);
      const lead = await stack.token(priorityId, { role: 'delivery-lead' });
      const sponsorSession = await sessionFor(priorityId, sponsor);
      attempts.push(
        { label: `the sponsor token of ${priorityId}`, allowed: false, refused: 403, headers: bearer(sponsor) },
        { label: `the delivery lead token of ${priorityId}`, allowed: false, refused: 403, headers: bearer(lead) },
        { label: `a sponsor session of ${priorityId}`, allowed: false, refused: 403, headers: cookie(sponsorSession) },
      );
    }
    const updateId = newUpdateId();
    await stack.stores.barriers.applyState(
      priorityIds[0]!,
      `${updateId}-0`,
      { description: 'An ask for the audit log', needsBoardSupport: true, status: 'open' },
      { updateId, submittedAt: new Date().toISOString(), period: '2021-03', raises: true },
    );
    const responded = await stack.request('POST', `/priorities/${priorityIds[0]}/barriers/${updateId}-0/responses`, {
      headers: { 'content-type': 'application/json', ...bearer(boardToken) },
      body: JSON.stringify({ decision: 'audited decision', owner: 'Board chair', dueDate: '2021-04-30' }),
    });
    expect(responded.status).toBe(201);
    const today = new Date().toISOString().slice(0, 10);

    // Act
    const outcomes = await pool(attempts, 4, async (attempt) => {
      const response = await stack.request('GET', `/audit.csv?since=${today}${attempt.query ?? ''}`, { headers: attempt.headers });
      const text = await response.text();
      return {
        attempt,
        status: response.status,
        read: text.includes('audited decision'),
        problems:
          response.status >= 400
            ? violations({ status: response.status, headers: fetchHeaders(response), body: text }, { fromHandler: true, browser: false })
            : response.headers.get('content-type') === 'text/csv; charset=utf-8'
              ? []
              : ['200 not CSV'],
        expected: attempt.allowed ? 200 : attempt.refused,
      };
    });

    // Assess
    const leaked = outcomes.filter((outcome) => !outcome.attempt.allowed && outcome.read).length;
    const unread = outcomes.filter((outcome) => outcome.attempt.allowed && !outcome.read).length;
    const wrongStatus = outcomes.filter((outcome) => outcome.status !== outcome.expected);
    const answerProblems = outcomes.filter((outcome) => outcome.problems.length > 0);
    figures.record('audit-log reads (credentials)', outcomes.length, { info: true });
    const wrong = figures.record('audit-log reads answered for a credential that is not a board member’s', leaked, { equals: 0 });
    figures.record('audit-log reads answered for a board credential', outcomes.filter((outcome) => outcome.attempt.allowed).length - unread, {
      equals: outcomes.filter((outcome) => outcome.attempt.allowed).length,
    });
    const statuses = figures.record('audit-log answers with the wrong status (401 invalid, 403 not the board)', wrongStatus.length, { equals: 0 });
    figures.record('audit-log answers that are not clean (problem+json refusals, CSV reads)', answerProblems.length, { equals: 0 });

    expect(wrong).toBe(0);
    expect(unread).toBe(0);
    expect({
      statuses,
      examples: wrongStatus.slice(0, 8).map((outcome) => `${outcome.attempt.label}: ${outcome.status}, expected ${outcome.expected}`),
    }).toEqual({ statuses: 0, examples: [] });
    expect(answerProblems.map((outcome) => `${outcome.attempt.label} → ${outcome.status} [${outcome.problems.join(', ')}]`)).toEqual([]);
  });

  it('keeps an idempotency key to its own token and priority: the same key elsewhere never returns another priority’s update', async () => {
    // Prepare
    const [first, second] = priorityIds as [string, string];
    const tokenA = await stack.token(first);
    const tokenB = await stack.token(second);
    const key = 'shared-idempotency-key';
    const post = (priorityId: string, token: string) =>
      stack.request('POST', `/priorities/${priorityId}/updates`, {
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}`, 'idempotency-key': key },
        body: JSON.stringify({ ...validUpdate, summary: `idempotency scope ${priorityId}` }),
      });

    // Act
    const own = await post(first, tokenA);
    const elsewhereWithSameToken = await post(second, tokenA);
    const otherPriority = await post(second, tokenB);

    // Assess
    const ownUpdate = (await own.json()) as { id: string; priorityId: string };
    const otherUpdate = (await otherPriority.json()) as { id: string; priorityId: string };
    const leaks = [elsewhereWithSameToken.status !== 403, otherUpdate.id === ownUpdate.id, otherUpdate.priorityId !== second].filter(Boolean).length;
    figures.record('idempotency keys answered across priorities', leaks, { equals: 0 });
    expect(own.status).toBe(201);
    expect(elsewhereWithSameToken.status).toBe(403);
    expect(otherPriority.status).toBe(201);
    expect(otherUpdate.id).not.toBe(ownUpdate.id);
    expect(otherUpdate.priorityId).toBe(second);
  });

  it('opens no session for another priority: a personal link used on the wrong priority is refused', async () => {
    // Prepare
    const [first, second] = priorityIds as [string, string];
    const token = await stack.token(first);

    // Act
    const response = await stack.request('GET', `/priorities/${second}/updates/new?token=${encodeURIComponent(token)}`, { headers: { accept: 'text/html' } });

    // Assess
    const cookies = response.headers.getSetCookie().filter((value) => value.startsWith(`${sessionCookie}=`));
    figures.record('sessions opened for another priority', cookies.length, { equals: 0 });
    expect(response.status).toBe(403);
    expect(cookies).toEqual([]);
  });

  it('makes a session only from a same-origin post of a valid personal link, for a page the link may open; every other attempt is refused and makes none', async () => {
    // Prepare: each kind of credential against each page a link opens, and pages no link opens.
    const [first, second] = priorityIds as [string, string];
    const expired = issueToken({ priorityId: first, now: new Date(Date.now() - 3 * 86_400_000), days: 1 });
    await stack.stores.credentials.save(expired.credential);
    const revoked = await stack.token(first);
    await stack.stores.credentials.revoke(tokenIdOf(revoked)!);
    const sponsor = await stack.token(first);
    const tokens: { label: string; token: string; valid?: true; may: (next: string) => boolean }[] = [
      { label: `the sponsor of ${first}`, token: sponsor, valid: true, may: (next) => next === `/priorities/${first}/updates/new` },
      {
        label: `the delivery lead of ${first}`,
        token: await stack.token(first, { role: 'delivery-lead' }),
        valid: true,
        may: (next) => next.startsWith(`/priorities/${first}/`),
      },
      { label: 'a board member', token: await stack.boardToken(), valid: true, may: (next) => next === '/barriers' || next.endsWith('/assessments/new') },
      { label: 'an expired token', token: expired.token, may: () => false },
      { label: 'a revoked token', token: revoked, may: () => false },
      { label: 'a tampered token', token: tamper(sponsor, 3), may: () => false },
      { label: 'no token', token: '', may: () => false },
    ];
    const linked = [`/priorities/${first}/updates/new`, `/priorities/${second}/updates/new`, `/priorities/${first}/assessments/new`, '/barriers'];
    const unlinked = ['https://evil.example/barriers', '//evil.example/barriers', `/priorities/${first}/updates`, '/board-packs', ''];
    const origins: { label: string; headers: Record<string, string>; sameOrigin: boolean }[] = [
      { label: 'same-origin', headers: { 'sec-fetch-site': 'same-origin', origin: stack.apiUrl }, sameOrigin: true },
      { label: 'no browser headers', headers: {}, sameOrigin: true },
      { label: 'cross-site', headers: { 'sec-fetch-site': 'cross-site', origin: 'https://evil.example' }, sameOrigin: false },
      { label: 'a foreign Origin alone', headers: { origin: 'https://evil.example' }, sameOrigin: false },
    ];
    const attempts = tokens.flatMap((token) => [...linked, ...unlinked].flatMap((next) => origins.map((origin) => ({ token, next, origin }))));
    const sessionItems = async () => (await stack.scan()).filter((item) => item.entity === 'session').length;
    const before = await sessionItems();

    // Act
    const outcomes = await pool(attempts, 8, async ({ token, next, origin }) => {
      const response = await stack.request('POST', '/sessions', {
        headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'text/html', ...origin.headers },
        body: new URLSearchParams({ token: token.token, next }).toString(),
      });
      const allowed = origin.sameOrigin && linked.includes(next) && token.may(next);
      const cookies = response.headers.getSetCookie().filter((value) => value.startsWith(`${sessionCookie}=`));
      // The same-origin rule comes first, then the page, then the token.
      const expected = allowed ? 303 : !origin.sameOrigin ? 403 : !linked.includes(next) ? 400 : token.valid ? 403 : 401;
      return { label: `${token.label} → ${next || '(none)'} (${origin.label})`, allowed, status: response.status, cookies: cookies.length, expected };
    });
    const made = (await sessionItems()) - before;

    // Assess
    const allowed = outcomes.filter((outcome) => outcome.allowed).length;
    const wrongStatus = outcomes.filter((outcome) => outcome.status !== outcome.expected);
    figures.record('session attempts (credentials × pages × origins)', outcomes.length, { info: true });
    const extra = figures.record('sessions made other than by the allowed posts (items before/after)', made - allowed, { equals: 0 });
    const cookies = figures.record('session cookies set by refused session posts', outcomes.filter((o) => !o.allowed && o.cookies > 0).length, { equals: 0 });
    const statuses = figures.record('session answers with the wrong status (303, 400 page, 401, 403)', wrongStatus.length, { equals: 0 });
    expect(extra).toBe(0);
    expect(cookies).toBe(0);
    expect(wrongStatus.slice(0, 8).map((o) => `${o.label}: ${o.status}, expected ${o.expected}`)).toEqual([]);
    expect(statuses).toBe(0);
    expect(allowed).toBeGreaterThan(0);
  });

  it('makes no session from a scanner’s GET of a personal link, nor from login CSRF (another site’s post or navigation carrying an attacker’s token)', async () => {
    // Prepare: every kind of link, fetched as a scanner fetches them; an attacker's own valid tokens.
    const links: string[] = [];
    for (const priorityId of priorityIds) {
      links.push(`/priorities/${priorityId}/updates/new?token=${encodeURIComponent(await stack.token(priorityId))}`);
      links.push(`/priorities/${priorityId}/assessments/new?token=${encodeURIComponent(await stack.token(priorityId, { role: 'delivery-lead' }))}`);
    }
    links.push(`/barriers?token=${encodeURIComponent(await stack.boardToken())}`);
    const scanners: Record<string, string>[] = [{}, { accept: 'text/html' }, { accept: '*/*', 'user-agent': 'Mail link checker' }];
    const attacker = { sponsor: await stack.token(priorityIds[0]!), board: await stack.boardToken() };
    const forged = [
      { next: `/priorities/${priorityIds[0]}/updates/new`, token: attacker.sponsor },
      { next: '/barriers', token: attacker.board },
    ];
    const crossSite: Record<string, string>[] = [
      { 'sec-fetch-site': 'cross-site', 'sec-fetch-mode': 'navigate', origin: 'https://evil.example' },
      { 'sec-fetch-site': 'same-site', origin: 'https://sub.evil.example' },
      { origin: 'https://evil.example' },
      { origin: 'null' },
      { 'sec-fetch-site': 'cross-site' },
    ];
    const sessionItems = async () => (await stack.scan()).filter((item) => item.entity === 'session').length;
    const before = await sessionItems();

    // Act
    const scans = await pool(
      links.flatMap((link) => scanners.map((headers) => ({ link, headers }))),
      8,
      async ({ link, headers }) => stack.request('GET', link, { headers }),
    );
    const afterScans = await sessionItems();
    const posts = await pool(
      forged.flatMap((attempt) => crossSite.map((headers) => ({ ...attempt, headers }))),
      8,
      async ({ next, token, headers }) =>
        stack.request('POST', '/sessions', {
          headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'text/html', ...headers },
          body: new URLSearchParams({ token, next }).toString(),
        }),
    );
    const navigations = await pool(forged, 4, async ({ next, token }) =>
      stack.request('GET', `${next}?token=${encodeURIComponent(token)}`, { headers: { accept: 'text/html', ...crossSite[0]! } }),
    );
    const afterForgery = await sessionItems();

    // Assess
    const setCookies = [...scans, ...posts, ...navigations].filter((response) => response.headers.getSetCookie().length > 0).length;
    figures.record('personal-link GETs by scanners', scans.length, { info: true });
    const scanned = figures.record('sessions made by scanners’ fetches of personal links', afterScans - before, { equals: 0 });
    figures.record('login-CSRF attempts (cross-site posts and navigations with an attacker’s token)', posts.length + navigations.length, { info: true });
    const planted = figures.record('sessions made by login-CSRF attempts', afterForgery - afterScans, { equals: 0 });
    const refused = figures.record('cross-site session posts not refused with 403', posts.filter((response) => response.status !== 403).length, { equals: 0 });
    const cookies = figures.record('session cookies set by scanners or login-CSRF attempts', setCookies, { equals: 0 });
    expect(scanned).toBe(0);
    expect(planted).toBe(0);
    expect(refused).toBe(0);
    expect(cookies).toBe(0);
    expect(scans.filter((response) => response.status !== 200)).toEqual([]);
  });

  it('ends a session only by its own sign-out (its CSRF token, from this site); the old cookie is then refused, and a sign-out without a session is harmless', async () => {
    // Prepare
    const priorityId = priorityIds[2]!;
    const session = await sessionFor(priorityId, await stack.token(priorityId));
    const other = await sessionFor(priorityId, await stack.token(priorityId));
    const sameSite = { 'sec-fetch-site': 'same-origin', origin: stack.apiUrl };
    const signOut = (fields: Record<string, string>, headers: Record<string, string>) =>
      stack.request('POST', '/sign-out', {
        headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'text/html', ...headers },
        body: new URLSearchParams(fields).toString(),
      });
    const stillOpen = async (id: string) =>
      (await stack.request('GET', `/priorities/${priorityId}/updates/new`, { headers: { accept: 'text/html', ...cookieOf(id) } })).status === 200;

    // Act
    const refusedAttempts = [
      await signOut({ next: '/' }, { ...cookieOf(session), ...sameSite }),
      await signOut({ csrfToken: csrfTokenFor(other) }, { ...cookieOf(session), ...sameSite }),
      await signOut({ csrfToken: csrfTokenFor(session) }, { ...cookieOf(session), 'sec-fetch-site': 'cross-site', origin: 'https://evil.example' }),
      await signOut({ csrfToken: csrfTokenFor(session) }, { ...cookieOf(session), origin: 'https://evil.example' }),
    ];
    const openAfterRefusals = await stillOpen(session);
    const signedOut = await signOut({ csrfToken: csrfTokenFor(session) }, { ...cookieOf(session), ...sameSite });
    const oldCookie = await stack.request('GET', `/priorities/${priorityId}/updates/new`, { headers: { accept: 'text/html', ...cookieOf(session) } });
    const oldCookiePost = await stack.request(
      'POST',
      `/priorities/${priorityId}/updates`,
      asForm({ csrfToken: csrfTokenFor(session) }, cookieOf(session))(priorityId, validUpdate),
    );
    const withoutSession = await signOut({}, sameSite);
    const withoutSessionBare = await stack.request('POST', '/sign-out', { headers: { accept: 'text/html', ...sameSite } });

    // Assess
    figures.record('sign-out attempts without the session’s own CSRF token, or from another site', refusedAttempts.length, { info: true });
    const ended = figures.record('sessions ended by a sign-out without its own CSRF token or from another site', openAfterRefusals ? 0 : 1, { equals: 0 });
    const accepted = figures.record(
      'requests a signed-out session’s old cookie still gets through',
      [oldCookie.status, oldCookiePost.status].filter((status) => status !== 401).length,
      { equals: 0 },
    );
    expect(refusedAttempts.map((response) => response.status)).toEqual([403, 403, 403, 403]);
    expect(ended).toBe(0);
    expect(signedOut.status).toBe(200);
    expect(signedOut.headers.getSetCookie()[0]).toMatch(new RegExp(`^${sessionCookie}=; .*Max-Age=0`));
    expect(accepted).toBe(0);
    expect(await stillOpen(other)).toBe(true);
    expect([withoutSession.status, withoutSessionBare.status]).toEqual([200, 200]);
  });

  it('records an assessment only for the priority’s delivery lead or the board; every other attempt is refused with 401 or 403, and the board posts no update', async () => {
    // Prepare
    const credentials = [...(await Promise.all(priorityIds.map(assessorCredentialsFor))).flat(), ...(await boardCredentials())];
    const attempts = credentials.flatMap((credential) => priorityIds.map((priorityId) => ({ credential, priorityId })));
    const boardToken = await stack.boardToken();
    const before = await countAssessments();
    const updatesBefore = await countUpdates();

    // Act
    const outcomes = await pool(attempts, 8, async ({ credential, priorityId }, i) => {
      const request = credential.request(priorityId, { status: 'amber', period: periodOf(i), rationale: `assessment attempt ${i}` });
      const response = await stack.request('POST', `/priorities/${priorityId}/assessments`, request);
      const text = await response.text();
      const allowed = credential.owner === priorityId || credential.owner === 'every priority';
      return {
        credential,
        priorityId,
        allowed,
        status: response.status,
        problems: violations(
          { status: response.status, headers: fetchHeaders(response), body: text },
          { fromHandler: true, browser: isBrowser(request.headers.accept), created: assessmentSchema },
        ),
        expected: allowed ? [201, 303] : [credential.refused],
      };
    });
    const boardUpdates = await pool(priorityIds, 4, async (priorityId) => {
      const answers = [];
      for (const request of [asJson(`Bearer ${boardToken}`), asForm({ token: boardToken })]) {
        answers.push(
          (await stack.request('POST', `/priorities/${priorityId}/updates`, request(priorityId, { ...validUpdate, summary: 'board update attempt' }))).status,
        );
      }
      return answers;
    });
    const after = await countAssessments();
    const updatesAfter = await countUpdates();

    // Assess
    const assessments = new Assessments(stack.stores.table);
    const newItems = (await Promise.all(priorityIds.map((priorityId) => assessments.history(priorityId))))
      .flat()
      .filter((item) => item.rationale.startsWith('assessment attempt'));
    const wrongAssessor = [];
    for (const item of newItems) {
      const credential = await stack.stores.credentials.get(item.assessor.tokenId);
      const mayAssess = credential?.role === 'board' || (credential?.role === 'delivery-lead' && credential.priorityId === item.priorityId);
      if (!mayAssess || credential?.role !== item.assessor.role) wrongAssessor.push(item);
    }
    const expectedWrites = new Map(
      priorityIds.map((priorityId) => [
        priorityId,
        outcomes.filter((outcome) => outcome.allowed && outcome.priorityId === priorityId && [201, 303].includes(outcome.status)).length,
      ]),
    );
    const unexpectedWrites = priorityIds.reduce(
      (sum, priorityId) => sum + Math.abs(after.get(priorityId)! - before.get(priorityId)! - expectedWrites.get(priorityId)!),
      0,
    );
    const updateWrites = priorityIds.reduce((sum, priorityId) => sum + updatesAfter.get(priorityId)! - updatesBefore.get(priorityId)!, 0);
    const wrongStatus = outcomes.filter((outcome) => !outcome.expected.includes(outcome.status));
    const answerProblems = outcomes.filter((outcome) => outcome.problems.length > 0);
    const boardUpdatesAccepted = boardUpdates.flat().filter((status) => status !== 403).length;

    figures.record('assessment attempts (priorities × assessor credentials)', outcomes.length, { info: true });
    const wrong = figures.record('assessments by someone who may not assess the priority', wrongAssessor.length, { equals: 0 });
    const unexpected = figures.record('assessment writes other than the allowed ones (counts before/after)', unexpectedWrites + updateWrites, { equals: 0 });
    figures.record('allowed assessments accepted', outcomes.filter((outcome) => outcome.allowed && [201, 303].includes(outcome.status)).length, {
      equals: outcomes.filter((outcome) => outcome.allowed).length,
    });
    const statuses = figures.record('assessment answers with the wrong status (401 invalid, 403 not an assessor of it)', wrongStatus.length, { equals: 0 });
    const problems = figures.record('assessment refusals that are not clean problem answers', answerProblems.length, { equals: 0 });
    const boardPosts = figures.record('updates a board credential could post', boardUpdatesAccepted, { equals: 0 });

    expect(wrong).toBe(0);
    expect(unexpected).toBe(0);
    expect(boardPosts).toBe(0);
    expect({
      statuses,
      examples: wrongStatus
        .slice(0, 8)
        .map(
          (outcome) =>
            `${outcome.credential.label} of ${outcome.credential.owner ?? '-'} → ${outcome.priorityId}: ${outcome.status}, expected ${outcome.expected.join('/')}`,
        ),
    }).toEqual({ statuses: 0, examples: [] });
    expect({
      problems,
      examples: answerProblems.slice(0, 5).map((outcome) => `${outcome.credential.label} → ${outcome.status} [${outcome.problems.join(', ')}]`),
    }).toEqual({ problems: 0, examples: [] });
    // The matrix is live: each priority got its lead's and the board's assessments.
    expect(newItems.length).toBe(priorityIds.length * 6);
  });

  it('records a correction only for the update’s author, its priority’s delivery lead or the board; every other attempt is refused and leaves nothing', async () => {
    // Prepare: each priority's author (token, form field, session), its delivery lead, another of its sponsors; the board; broken credentials.
    const json = (authorization: string) => (fields: Record<string, string>) => ({
      headers: { 'content-type': 'application/json', ...(authorization ? { authorization } : {}) },
      body: JSON.stringify(fields),
    });
    const form =
      (proof: Record<string, string>, headers: Record<string, string> = {}) =>
      (fields: Record<string, string>) => ({
        headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
        body: new URLSearchParams({ ...proof, ...fields }).toString(),
      });
    type Attempt = {
      label: string;
      owner: string | 'every priority' | null;
      refused: 401 | 403;
      proof: (fields: Record<string, string>) => { headers: Record<string, string>; body: string };
    };
    const authors = new Map<string, string>();
    const credentials: Attempt[] = [];
    for (const priorityId of priorityIds) {
      const author = await stack.token(priorityId, { name: `Author of ${priorityId}` });
      authors.set(priorityId, tokenIdOf(author)!);
      const session = await sessionFor(priorityId, author);
      const lead = await stack.token(priorityId, { role: 'delivery-lead' });
      const otherSponsor = await stack.token(priorityId);
      credentials.push(
        { label: `the author of ${priorityId}`, owner: priorityId, refused: 403, proof: json(`Bearer ${author}`) },
        { label: `the author of ${priorityId} as a form field`, owner: priorityId, refused: 403, proof: form({ token: author }) },
        {
          label: `the author’s session of ${priorityId}`,
          owner: priorityId,
          refused: 403,
          proof: form({ csrfToken: csrfTokenFor(session) }, cookieOf(session)),
        },
        { label: `the author’s session of ${priorityId} without a CSRF token`, owner: null, refused: 403, proof: form({}, cookieOf(session)) },
        { label: `the delivery lead of ${priorityId}`, owner: priorityId, refused: 403, proof: json(`Bearer ${lead}`) },
        { label: `another sponsor of ${priorityId}`, owner: null, refused: 403, proof: json(`Bearer ${otherSponsor}`) },
      );
    }
    const board = await stack.boardToken({ name: 'Board chair' });
    const boardSession = await openBoardSession(board);
    const revoked = await stack.boardToken();
    await stack.stores.credentials.revoke(tokenIdOf(revoked)!);
    const expired = issueToken({ priorityId: priorityIds[0]!, now: new Date(Date.now() - 3 * 86_400_000), days: 1 });
    await stack.stores.credentials.save(expired.credential);
    credentials.push(
      { label: 'a board token', owner: 'every priority', refused: 403, proof: json(`Bearer ${board}`) },
      { label: 'a board session', owner: 'every priority', refused: 403, proof: form({ csrfToken: csrfTokenFor(boardSession) }, cookieOf(boardSession)) },
      { label: 'a revoked board token', owner: null, refused: 401, proof: json(`Bearer ${revoked}`) },
      { label: 'an expired sponsor token', owner: null, refused: 401, proof: json(`Bearer ${expired.token}`) },
      { label: 'a tampered board token', owner: null, refused: 401, proof: json(`Bearer ${tamper(board, 3)}`) },
      { label: 'no credential', owner: null, refused: 401, proof: json('') },
    );
    // A fresh update by each priority's author for every attempt: an update is corrected once.
    const attempts = await pool(
      credentials.flatMap((credential) => priorityIds.map((priorityId) => ({ credential, priorityId }))),
      8,
      async (attempt) => {
        const original = {
          ...validUpdate,
          achievements: [...validUpdate.achievements],
          nextSteps: [...validUpdate.nextSteps],
          barriers: [],
          id: newUpdateId(),
          priorityId: attempt.priorityId,
          submittedAt: new Date().toISOString(),
        };
        await stack.stores.updates.record({ ...original, author: { tokenId: authors.get(attempt.priorityId)!, role: 'sponsor' } });
        return { ...attempt, updateId: original.id };
      },
    );
    const before = await countUpdates();

    // Act
    const outcomes = await pool(attempts, 8, async ({ credential, priorityId, updateId }, i) => {
      const request = credential.proof({
        status: 'red',
        period: '2021-02',
        summary: `correction attempt ${i}`,
        statusRationale: 'Corrected.',
        reason: 'Wrong period.',
      });
      const response = await stack.request('POST', `/priorities/${priorityId}/updates/${updateId}/corrections`, request);
      const text = await response.text();
      const allowed = credential.owner === priorityId || credential.owner === 'every priority';
      return {
        credential,
        priorityId,
        allowed,
        status: response.status,
        problems: violations(
          { status: response.status, headers: fetchHeaders(response), body: text },
          { fromHandler: true, browser: isBrowser(request.headers.accept) },
        ),
        expected: allowed ? [201, 303] : [credential.refused],
      };
    });
    const after = await countUpdates();

    // Assess
    const expectedWrites = new Map(priorityIds.map((priorityId) => [priorityId, outcomes.filter((o) => o.allowed && o.priorityId === priorityId).length]));
    const unexpectedWrites = priorityIds.reduce((sum, id) => sum + Math.abs(after.get(id)! - before.get(id)! - expectedWrites.get(id)!), 0);
    const marks = (await stack.scan()).filter((item) => item.entity === 'correction').length;
    const wrongStatus = outcomes.filter((outcome) => !outcome.expected.includes(outcome.status));
    const answerProblems = outcomes.filter((outcome) => outcome.problems.length > 0);
    figures.record('correction attempts (priorities × credentials)', outcomes.length, { info: true });
    const unexpected = figures.record('correction writes other than the allowed ones (counts before/after)', unexpectedWrites, { equals: 0 });
    const statuses = figures.record('correction answers with the wrong status (401 invalid, 403 may not correct it)', wrongStatus.length, { equals: 0 });
    const problems = figures.record('correction refusals that are not clean problem answers', answerProblems.length, { equals: 0 });

    expect(unexpected).toBe(0);
    expect(marks).toBe(outcomes.filter((o) => o.allowed).length);
    expect({
      statuses,
      examples: wrongStatus.slice(0, 8).map((o) => `${o.credential.label} → ${o.priorityId}: ${o.status}, expected ${o.expected.join('/')}`),
    }).toEqual({ statuses: 0, examples: [] });
    expect({ problems, examples: answerProblems.slice(0, 5).map((o) => `${o.credential.label} → ${o.status} [${o.problems.join(', ')}]`) }).toEqual({
      problems: 0,
      examples: [],
    });
  });

  it('changes an ask of government only for a board credential or the ask’s own priority’s sponsor or delivery lead: every other attempt is refused and leaves nothing', async () => {
    // Prepare: one ask of each priority, and who can present themselves how.
    const tracked = await stack.stores.commitments.asks();
    const askOf = new Map(priorityIds.map((priorityId) => [priorityId, tracked.find(({ value }) => value.priorityId === priorityId)?.value.askId]));
    const asked = priorityIds.filter((priorityId) => askOf.get(priorityId) !== undefined);
    const change =
      (fields: Record<string, string>, headers: Record<string, string> = {}) =>
      (response: string) => ({
        headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
        body: new URLSearchParams({ ...fields, response }).toString(),
      });
    const changeAsJson = (authorization: string) => (response: string) => ({
      headers: { 'content-type': 'application/json', authorization },
      body: JSON.stringify({ response }),
    });
    type AskCredential = {
      label: string;
      owner: string | 'every priority' | null;
      refused: 401 | 403;
      request: (response: string) => { headers: Record<string, string>; body: string };
    };
    const perPriority = await Promise.all(
      asked.map(async (priorityId): Promise<AskCredential[]> => {
        const sponsor = await stack.token(priorityId, { name: `Sponsor of ${priorityId}` });
        const lead = await stack.token(priorityId, { role: 'delivery-lead', name: `Delivery lead of ${priorityId}` });
        const session = await sessionFor(priorityId, sponsor);
        const expired = issueToken({ priorityId, now: new Date(Date.now() - 3 * 86_400_000), days: 1 });
        await stack.stores.credentials.save(expired.credential);
        const revoked = await stack.token(priorityId);
        await stack.stores.credentials.revoke(revoked.split('_')[1]!);
        const own = (label: string, request: AskCredential['request']): AskCredential => ({ label, owner: priorityId, refused: 403, request });
        const refused = (label: string, request: AskCredential['request'], status: 401 | 403): AskCredential => ({
          label,
          owner: null,
          refused: status,
          request,
        });
        return [
          own('its sponsor’s token in the Authorization header', changeAsJson(`Bearer ${sponsor}`)),
          own('its delivery lead’s token as a form field', change({ token: lead })),
          own('its sponsor’s session with the CSRF token', change({ csrfToken: csrfTokenFor(session) }, cookieOf(session))),
          refused('its sponsor’s session without a CSRF token', change({}, cookieOf(session)), 403),
          refused('an expired sponsor’s token', changeAsJson(`Bearer ${expired.token}`), 401),
          refused('a revoked sponsor’s token', changeAsJson(`Bearer ${revoked}`), 401),
          refused('a tampered sponsor’s token', changeAsJson(`Bearer ${tamper(sponsor, 0)}`), 401),
        ];
      }),
    );
    const board = await stack.boardToken({ name: 'Board chair' });
    const boardSession = await assessmentSessionFor(priorityIds[0]!, board);
    const revokedBoard = await stack.boardToken();
    await stack.stores.credentials.revoke(revokedBoard.split('_')[1]!);
    const credentials: AskCredential[] = [
      ...perPriority.flat(),
      { label: 'a board token in the Authorization header', owner: 'every priority', refused: 403, request: changeAsJson(`Bearer ${board}`) },
      {
        label: 'a board session with the CSRF token',
        owner: 'every priority',
        refused: 403,
        request: change({ csrfToken: csrfTokenFor(boardSession) }, cookieOf(boardSession)),
      },
      { label: 'a board session without a CSRF token', owner: null, refused: 403, request: change({}, cookieOf(boardSession)) },
      { label: 'a revoked board token', owner: null, refused: 401, request: changeAsJson(`Bearer ${revokedBoard}`) },
    ];
    const attempts = credentials.flatMap((credential) => asked.map((priorityId) => ({ credential, priorityId })));
    const changesOf = async (priorityId: string) => (await stack.stores.commitments.history(priorityId, 'ASK', askOf.get(priorityId)!)).length;
    const before = new Map(await Promise.all(asked.map(async (priorityId) => [priorityId, await changesOf(priorityId)] as const)));

    // Act: one attempt at a time per ask, so each allowed one changes it from the version it read.
    const outcomes: {
      credential: AskCredential;
      priorityId: string;
      allowed: boolean;
      status: number;
      problems: ReturnType<typeof violations>;
      expected: number[];
    }[] = [];
    for (const [i, { credential, priorityId }] of attempts.entries()) {
      const request = credential.request(`ask attempt ${i}`);
      const response = await stack.request('POST', `/asks/${priorityId}/${askOf.get(priorityId)}`, request);
      const text = await response.text();
      const allowed = credential.owner === priorityId || credential.owner === 'every priority';
      outcomes.push({
        credential,
        priorityId,
        allowed,
        status: response.status,
        problems: violations({ status: response.status, headers: fetchHeaders(response), body: text }, { fromHandler: true }),
        expected: allowed ? [200, 303] : [credential.refused],
      });
    }
    const after = new Map(await Promise.all(asked.map(async (priorityId) => [priorityId, await changesOf(priorityId)] as const)));

    // Assess
    const unexpectedWrites = asked.reduce((sum, priorityId) => {
      const allowedHere = outcomes.filter((outcome) => outcome.allowed && outcome.priorityId === priorityId && [200, 303].includes(outcome.status)).length;
      return sum + Math.abs(after.get(priorityId)! - before.get(priorityId)! - allowedHere);
    }, 0);
    const wrongStatus = outcomes.filter((outcome) => !outcome.expected.includes(outcome.status));
    const answerProblems = outcomes.filter((outcome) => outcome.problems.length > 0);
    figures.record('ask change attempts (asks × credentials)', outcomes.length, { info: true });
    const unexpected = figures.record('ask changes other than the allowed ones (history entries before/after)', unexpectedWrites, { equals: 0 });
    const statuses = figures.record('ask change answers with the wrong status (401 invalid, 403 not the board nor the ask’s priority)', wrongStatus.length, {
      equals: 0,
    });
    const problems = figures.record('ask change refusals that are not clean problem answers', answerProblems.length, { equals: 0 });

    expect(unexpected).toBe(0);
    expect({
      statuses,
      examples: wrongStatus
        .slice(0, 8)
        .map((o) => `${o.credential.label} of ${o.credential.owner ?? '-'} → ${o.priorityId}: ${o.status}, expected ${o.expected.join('/')}`),
    }).toEqual({ statuses: 0, examples: [] });
    expect({ problems, examples: answerProblems.slice(0, 5).map((o) => `${o.credential.label} → ${o.status} [${o.problems.join(', ')}]`) }).toEqual({
      problems: 0,
      examples: [],
    });
    // The matrix is live: each ask was changed by its own three credentials and the board's two.
    expect(asked.every((priorityId) => after.get(priorityId)! - before.get(priorityId)! === 5)).toBe(true);
  });

  it('writes only to the partitions its IAM grant allows (dynamodb:LeadingKeys from the function list), idempotency records included', async () => {
    // Prepare
    const priorityId = priorityIds[3]!;
    const token = await stack.token(priorityId);
    const allowed = functions['record-update'].writePartitions.map(leadingKeysPattern);

    const before = new Map((await stack.scan()).map((item) => [`${String(item.pk)}|${String(item.sk)}`, JSON.stringify(item)]));

    // Act: a plain post and a keyed one (which also records its idempotency key). Pollers are off,
    // so every item that appears or changes was written by the write path.
    for (const key of [undefined, 'iam-partition-check']) {
      const response = await stack.request('POST', `/priorities/${priorityId}/updates`, {
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}`, ...(key ? { 'idempotency-key': key } : {}) },
        body: JSON.stringify({ ...validUpdate, summary: `iam check ${key ?? 'plain'}` }),
      });
      expect(response.status).toBe(201);
    }
    const written = (await stack.scan()).filter((item) => before.get(`${String(item.pk)}|${String(item.sk)}`) !== JSON.stringify(item));

    // Assess
    const outside = [...new Set(written.map((item) => String(item.pk)).filter((pk) => !allowed.some((pattern) => pattern.test(pk))))];
    figures.record('write-path partitions outside its IAM write grant', outside.length, { equals: 0 });
    if (outside.length > 0) {
      figures.note(
        `the write path wrote to partition(s) ${outside.map((pk) => JSON.stringify(pk)).join(', ')}, which its grant (${functions['record-update'].writePartitions.join(', ')}) does not cover`,
      );
    }
    expect(written.length).toBeGreaterThanOrEqual(3);
    expect(outside).toEqual([]);
  });

  it('records an assessment only in the partitions its IAM grant allows, and never in the updates’ partition', async () => {
    // Prepare
    const priorityId = priorityIds[4]!;
    const token = await stack.boardToken();
    const { writePartitions, createPartitions } = functions['record-assessment'];
    const allowed = [...writePartitions, ...createPartitions].map(leadingKeysPattern);
    const before = new Map((await stack.scan()).map((item) => [`${String(item.pk)}|${String(item.sk)}`, JSON.stringify(item)]));

    // Act
    const response = await stack.request('POST', `/priorities/${priorityId}/assessments`, {
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ status: 'red', period: '2021-03', rationale: 'iam check' }),
    });
    const written = (await stack.scan()).filter((item) => before.get(`${String(item.pk)}|${String(item.sk)}`) !== JSON.stringify(item));

    // Assess
    // The current assessment's copy beside the summaries is the summarise consumer's write, from the stream, not this function's.
    const consumerCopy = (item: Item) => item.pk === 'PROGRAMME' && item.sk === `ASSESSMENT#${priorityId}`;
    const own = written.filter((item) => !consumerCopy(item));
    const outside = [...new Set(own.map((item) => String(item.pk)).filter((pk) => !allowed.some((pattern) => pattern.test(pk))))];
    figures.record('assessment partitions outside its IAM write grant', outside.length, { equals: 0 });
    expect(response.status).toBe(201);
    // Its audit entry, in the month's partition of the log.
    expect(own.map((item) => String(item.pk)).sort()).toEqual([`ASSESSMENT#${priorityId}`, `AUDIT#${new Date().toISOString().slice(0, 7)}`]);
    expect(allowed.some((pattern) => pattern.test(`PRIORITY#${priorityId}`))).toBe(false);
    expect(outside).toEqual([]);
  });
});
