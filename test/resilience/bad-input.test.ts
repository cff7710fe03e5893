/**
 * 1. Bad input: at least 10,000 generated requests against the write path (most invoked
 * in-process as HTTP API events, built by the local gateway's own toEvent; some over real
 * HTTP). Nothing may answer 5xx, every 4xx is problem+json without internals, and the table
 * holds exactly the accepted updates, each whole and valid.
 */

import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { routes } from '../../functions/index.ts';
import { toEvent } from '../../infra/local/http-api.ts';
import { invoke } from '../../infra/local/lambda.ts';
import { type AbuseCase, abuseCase, type Category } from './lib/arbitraries.ts';
import { section } from './lib/figures.ts';
import { clip, isUpdateItem, publicUpdate, sameJson, updateItemProblems } from './lib/items.ts';
import { type Answer, acceptedId, headersOf, internalsIn, isBrowser, type Violation, violations } from './lib/responses.ts';
import { type Item, pool, priorityIds, type ResilienceStack, startStack, validUpdate } from './lib/stack.ts';

const inProcessRuns = 10_000;
const httpRuns = 1_000;
const seed = Number(process.env.RESILIENCE_SEED ?? Date.now() % 2_147_483_647);
const figures = section(1, 'Bad input');
const route = routes.find((candidate) => candidate.function === 'record-update')!;

let stack: ResilienceStack;
let tokens: Record<string, string>;

beforeAll(async () => {
  // Pollers off: this file is about what the write path answers and stores.
  stack = await startStack({ startPollers: false });
  tokens = {};
  for (const priorityId of priorityIds) tokens[priorityId] = await stack.token(priorityId, { name: 'Fuzzing sponsor' });
});
afterAll(async () => stack?.stop());

/** A path travels as UTF-8, so a lone surrogate arrives as U+FFFD, as it would from any client. */
const wellFormed = (id: string) => id.replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '\uFFFD');

/** Like encodeURIComponent, but dots too, so `.` and `..` ids are not folded away by URL normalisation. */
const encodePath = (id: string) => encodeURIComponent(wellFormed(id)).replace(/\./g, '%2E');

function eventOf(abuse: AbuseCase): APIGatewayProxyEventV2 {
  const event = toEvent({ method: 'POST', url: `/priorities/${encodePath(abuse.priorityId)}/updates`, headers: abuse.headers, body: Buffer.alloc(0) }, route, {
    id: wellFormed(abuse.priorityId),
  });
  if (typeof abuse.base64 === 'object') return { ...event, body: abuse.base64.raw, isBase64Encoded: true };
  if (!abuse.body || abuse.body.length === 0) return event;
  return { ...event, body: abuse.base64 ? abuse.body.toString('base64') : abuse.body.toString('utf8'), isBase64Encoded: abuse.base64 };
}

interface Outcome {
  abuse: AbuseCase;
  answer: Answer;
  violations: Violation[];
  unexpectedStatus: boolean;
  /** A case that must be refused for one field's text, answered otherwise than 422 naming that field. */
  fieldNotNamed: boolean;
  via: 'in-process' | 'http';
}

/** The fields a problem+json answer names in its `errors`. */
function namedFields(answer: Answer): string[] {
  try {
    const errors = (JSON.parse(answer.body) as { errors?: unknown }).errors;
    return Array.isArray(errors) ? errors.map((error) => String((error as { field?: unknown }).field)) : [];
  } catch {
    return [];
  }
}

function judge(abuse: AbuseCase, answer: Answer, via: Outcome['via']): Outcome {
  return {
    abuse,
    answer,
    violations: violations(answer, { fromHandler: via === 'in-process', browser: isBrowser(abuse.headers.accept) }),
    unexpectedStatus: abuse.allowed !== undefined && !abuse.allowed.includes(answer.status),
    fieldNotNamed: abuse.field !== undefined && !(answer.status === 422 && namedFields(answer).includes(abuse.field)),
    via,
  };
}

async function inProcess(abuse: AbuseCase): Promise<Outcome> {
  const result = await invoke<APIGatewayProxyStructuredResultV2>('record-update', eventOf(abuse));
  return judge(abuse, { status: result.statusCode ?? 200, headers: headersOf(result.headers), body: result.body ?? '' }, 'in-process');
}

/** Node refuses to send control characters and code points above U+00FF in header values. */
const sendable = (value: string) => value.replace(/[^\t\x20-\x7e\x80-\xff]/g, '?');

async function overHttp(abuse: AbuseCase): Promise<Outcome> {
  const headers = Object.fromEntries(Object.entries(abuse.headers).map(([name, value]) => [name, sendable(value)]));
  const body = typeof abuse.base64 === 'object' ? Buffer.from(abuse.base64.raw) : abuse.body;
  const answer = await stack.raw('POST', `/priorities/${encodePath(abuse.priorityId)}/updates`, { headers, ...(body ? { body } : {}) });
  return judge(abuse, { ...answer, headers: headersOf(answer.headers) }, 'http');
}

/** Requests only a real HTTP client can make: raw paths, repeated header lines, a body over the gateway's 10 MB. */
function httpOnlyRequests(): { name: string; path: string; headers: Record<string, string | string[]>; body?: Buffer }[] {
  const priorityId = priorityIds[0]!;
  const token = tokens[priorityId]!;
  const body = Buffer.from(JSON.stringify(validUpdate));
  const auth = { authorization: `Bearer ${token}` };
  return [
    { name: 'malformed percent-encoding in the path (%ZZ)', path: '/priorities/%ZZ/updates', headers: { ...auth, 'content-type': 'application/json' }, body },
    {
      name: 'truncated UTF-8 percent-encoding in the path',
      path: '/priorities/%E0%A4%A/updates',
      headers: { ...auth, 'content-type': 'application/json' },
      body,
    },
    { name: 'a lone % in the path', path: '/priorities/%/updates', headers: { ...auth, 'content-type': 'application/json' }, body },
    {
      name: 'two Content-Type lines',
      path: `/priorities/${priorityId}/updates`,
      headers: { ...auth, 'content-type': ['text/plain', 'application/json'] },
      body,
    },
    {
      name: 'two Authorization lines',
      path: `/priorities/${priorityId}/updates`,
      headers: { authorization: [`Bearer ${tokens[priorityIds[1]!]!}`, `Bearer ${token}`], 'content-type': 'application/json' },
      body,
    },
    { name: 'no Content-Type', path: `/priorities/${priorityId}/updates`, headers: auth, body },
    { name: 'Content-Type and no body', path: `/priorities/${priorityId}/updates`, headers: { ...auth, 'content-type': 'application/json' } },
    {
      name: 'a body over the gateway limit (11 MB)',
      path: `/priorities/${priorityId}/updates`,
      headers: { ...auth, 'content-type': 'application/json' },
      body: Buffer.alloc(11 * 1024 * 1024, 0x20),
    },
    {
      name: 'query string and fragment games',
      path: `/priorities/${priorityId}/updates?token=${token}&priorityId=other#x`,
      headers: { 'content-type': 'application/json' },
      body,
    },
  ];
}

interface Run {
  outcomes: Outcome[];
  httpOnly: { request: ReturnType<typeof httpOnlyRequests>[number]; answer: Answer; violations: Violation[] }[];
  items: Item[];
}

let run: Run;

const describeOutcome = (outcome: Outcome) =>
  `${outcome.via} ${outcome.abuse.category} priority=${clip(outcome.abuse.priorityId, 60)} headers=${clip(JSON.stringify(outcome.abuse.headers), 200)} body=${clip(
    typeof outcome.abuse.base64 === 'object' ? outcome.abuse.base64.raw : (outcome.abuse.body?.toString('utf8') ?? ''),
    200,
  )} base64=${JSON.stringify(outcome.abuse.base64 === true || typeof outcome.abuse.base64 === 'object')} → ${outcome.answer.status} ${clip(internalsIn(outcome.answer.body) ?? outcome.answer.body, 200)} [${outcome.violations.join(', ')}]`;

/** One line for the figures' notes. */
const brief = (outcome: Outcome) =>
  outcome.abuse.category === 'odd-priority'
    ? `${outcome.via} odd-priority: POST /priorities/{id}/updates with an id of ${outcome.abuse.priorityId.length} UTF-16 units (${Buffer.byteLength(outcome.abuse.priorityId)} bytes, ${clip(outcome.abuse.priorityId, 24)}) → ${outcome.answer.status}`
    : `${outcome.via} ${outcome.abuse.category}: ${clip(typeof outcome.abuse.base64 === 'object' ? outcome.abuse.base64.raw : (outcome.abuse.body?.toString('utf8') ?? ''), 80)} → ${outcome.answer.status} [${outcome.violations.join(', ')}]`;

const firstBad = (predicate: (outcome: Outcome) => boolean) => run.outcomes.filter(predicate).slice(0, 5).map(describeOutcome);

describe(`bad input on the write path (${inProcessRuns.toLocaleString('en-GB')} generated requests in-process, ${httpRuns.toLocaleString('en-GB')} over HTTP)`, () => {
  beforeAll(async () => {
    // Prepare
    const arbitrary = abuseCase({ priorityIds, tokens });
    const cases = fc.sample(arbitrary, { numRuns: inProcessRuns, seed });
    const httpCases = fc.sample(arbitrary, { numRuns: httpRuns, seed: seed + 1 });
    figures.record('fast-check seed (RESILIENCE_SEED to repeat)', String(seed), { info: true });

    // Act
    const outcomes = await pool(cases, 8, inProcess);
    outcomes.push(...(await pool(httpCases, 4, overHttp)));
    const httpOnly = await pool(httpOnlyRequests(), 2, async (request) => {
      const raw = await stack.raw('POST', request.path, { headers: request.headers, ...(request.body ? { body: request.body } : {}) });
      const answer = { ...raw, headers: headersOf(raw.headers) };
      return { request, answer, violations: violations(answer, { fromHandler: false, browser: false }) };
    });
    run = { outcomes, httpOnly, items: (await stack.scan()).filter(isUpdateItem) };

    const byCategory = new Map<Category, number>();
    for (const outcome of outcomes) byCategory.set(outcome.abuse.category, (byCategory.get(outcome.abuse.category) ?? 0) + 1);
    figures.record('requests tried', outcomes.length + httpOnly.length, { atLeast: 10_000 });
    figures.record('… of which over real HTTP', httpCases.length + httpOnly.length, { info: true });
    figures.note(`requests per category: ${[...byCategory.entries()].map(([category, n]) => `${category} ${n}`).join(', ')}`);
    for (const outcome of outcomes.filter((candidate) => candidate.violations.length > 0 || candidate.unexpectedStatus).slice(0, 3))
      figures.note(brief(outcome));
    for (const outcome of httpOnly.filter((candidate) => candidate.violations.length > 0))
      figures.note(`over HTTP, ${outcome.request.name} → ${outcome.answer.status} [${outcome.violations.join(', ')}]`);
  });

  it('tried at least 10,000 requests', () => {
    expect(run.outcomes.length + run.httpOnly.length).toBeGreaterThanOrEqual(10_000);
  });

  it('answers none of them with a 5xx', () => {
    const count = (list: { violations: Violation[] }[]) => list.filter((outcome) => outcome.violations.includes('5xx')).length;
    const fiveHundreds = figures.record('5xx responses', count(run.outcomes) + count(run.httpOnly), { equals: 0 });
    const httpOnly = run.httpOnly
      .filter((outcome) => outcome.violations.includes('5xx'))
      .map((outcome) => `${outcome.request.name} → ${outcome.answer.status}`);
    expect({ fiveHundreds, examples: firstBad((outcome) => outcome.violations.includes('5xx')), httpOnly }).toEqual({
      fiveHundreds: 0,
      examples: [],
      httpOnly: [],
    });
  });

  it('answers every refusal as problem+json (or an HTML page to a browser) with a request id and no internals', () => {
    const problemKinds: Violation[] = ['not problem+json', 'problem body', 'no WWW-Authenticate on 401', 'no Retry-After on 503'];
    const all = [...run.outcomes, ...run.httpOnly];
    const problems = figures.record(
      'problem+json violations (4xx; a browser may get an HTML page)',
      all.filter((outcome) => outcome.violations.some((violation) => problemKinds.includes(violation))).length,
      { equals: 0 },
    );
    const leaks = figures.record('stack traces or internals in answers', all.filter((outcome) => outcome.violations.includes('stack or internals')).length, {
      equals: 0,
    });
    expect({ problems, leaks, examples: firstBad((outcome) => outcome.violations.some((violation) => violation !== '5xx')) }).toEqual({
      problems: 0,
      leaks: 0,
      examples: [],
    });
  });

  it('answers each kind of bad request with the status its kind calls for (400, 401, 403, 404, 413, 415 or 422)', () => {
    const unexpected = figures.record('answers outside the statuses their category allows', run.outcomes.filter((outcome) => outcome.unexpectedStatus).length, {
      equals: 0,
    });
    expect({ unexpected, examples: firstBad((outcome) => outcome.unexpectedStatus) }).toEqual({ unexpected: 0, examples: [] });
  });

  it('refuses text no stored string may hold (lone surrogates, control characters) with a 422 naming the field, as JSON and as a form', () => {
    const illFormed = run.outcomes.filter((outcome) => outcome.abuse.category === 'ill-formed-text');
    const forms = illFormed.filter((outcome) => outcome.abuse.base64 === true).length;
    const missed = illFormed.filter((outcome) => outcome.fieldNotNamed);
    figures.record(
      'ill-formed text in one field of a valid update (JSON with lone surrogates or control characters; forms with control characters)',
      `${illFormed.length} (${forms} forms)`,
      { info: true },
    );
    figures.record('… not refused with a 422 naming that field', missed.length, { equals: 0 });
    expect(illFormed.length).toBeGreaterThan(0);
    expect(forms).toBeGreaterThan(0);
    expect({
      missed: missed.length,
      examples: missed.slice(0, 5).map((outcome) => `${describeOutcome(outcome)} (should name ${outcome.abuse.field})`),
    }).toEqual({ missed: 0, examples: [] });
  });

  it('stores exactly the accepted updates, each whole, valid, in its own priority and as answered', () => {
    const accepted = new Map<string, Answer>();
    let acceptedAnswers = 0;
    for (const answer of [...run.outcomes, ...run.httpOnly].map((outcome) => outcome.answer)) {
      const id = acceptedId(answer);
      if (!id) continue;
      acceptedAnswers += 1;
      if (!accepted.has(id) || answer.status === 201) accepted.set(id, answer);
    }
    const stored = new Map(run.items.map((item) => [String(item.id), item]));
    const invalid = run.items.map((item) => ({ item, problems: updateItemProblems(item) })).filter((entry) => entry.problems.length > 0);
    const lost = [...accepted.keys()].filter((id) => !stored.has(id));
    const unexplained = [...stored.keys()].filter((id) => !accepted.has(id));
    const differs = [...accepted.entries()].filter(
      ([id, answer]) => answer.status === 201 && stored.has(id) && !sameJson(JSON.parse(answer.body), publicUpdate(stored.get(id)!)),
    );

    figures.record('accepted answers (201/303)', acceptedAnswers, { info: true });
    figures.record('update items stored', run.items.length, { info: true });
    figures.record('accepted but not stored (lost)', lost.length, { equals: 0 });
    figures.record('stored without an accepted answer', unexplained.length, { equals: 0 });
    const invalidCount = figures.record('invalid or misplaced update items stored', invalid.length, { equals: 0 });
    const differCount = figures.record('stored update differs from the 201 answer', differs.length, { equals: 0 });

    expect(acceptedAnswers).toBeGreaterThan(0);
    expect({ lost, unexplained }).toEqual({ lost: [], unexplained: [] });
    expect({ invalidCount, examples: invalid.slice(0, 5).map((entry) => `${clip(JSON.stringify(entry.item), 200)}: ${entry.problems.join('; ')}`) }).toEqual({
      invalidCount: 0,
      examples: [],
    });
    expect({
      differCount,
      examples: differs
        .slice(0, 3)
        .map(([id, answer]) => `${id}: answered ${clip(answer.body, 300)} stored ${clip(JSON.stringify(publicUpdate(stored.get(id)!)), 300)}`),
    }).toEqual({ differCount: 0, examples: [] });
  });
});
