import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import * as z from 'zod/mini';
import { assetVersion } from '#compiled-views/assets';
import { BadRequest, PayloadTooLarge, UnsupportedMediaType, ValidationFailed } from '#shared/domain/errors';
import { matchesFilter } from '#shared/domain/event-filter';
import { sessionCookie } from '#shared/domain/session';
import { escapeHtml } from '#shared/html';
import { readBody } from '#shared/http/body';
import { decodeCursor, encodeCursor } from '#shared/http/cursor';
import { httpHandler, toProblem } from '#shared/http/handler';
import { crossSiteRefusal, ownOrigin } from '#shared/http/origin';
import { wantsHtml } from '#shared/http/responses';
import { proofOf } from '#shared/http/token';
import { assetCacheControl } from '#shared/pages/assets';
import { routes } from '../../functions/index.ts';
import { createHttpApi, matchRoute, toEvent } from '../../infra/local/http-api.ts';

function event(body: string | undefined, headers: Record<string, string>, isBase64Encoded = false): APIGatewayProxyEventV2 {
  return { headers, body, isBase64Encoded } as unknown as APIGatewayProxyEventV2;
}

describe('request bodies', () => {
  it('reads JSON, with any case and parameters in the media type', () => {
    expect(readBody(event('{"a":1}', { 'content-type': 'Application/JSON; charset=utf-8' }))).toEqual({ kind: 'json', value: { a: 1 } });
  });

  it('reads base64-encoded forms, repeated fields as lists', () => {
    const body = Buffer.from('a=1&b=x%0Ay&a=2').toString('base64');
    expect(readBody(event(body, { 'content-type': 'application/x-www-form-urlencoded' }, true))).toEqual({
      kind: 'form',
      fields: { a: ['1', '2'], b: 'x\ny' },
    });
  });

  it('refuses bad base64, malformed JSON and empty bodies with 400', () => {
    expect(() => readBody(event('***', { 'content-type': 'application/json' }, true))).toThrow(BadRequest);
    expect(() => readBody(event('{', { 'content-type': 'application/json' }))).toThrow(BadRequest);
    expect(() => readBody(event('', { 'content-type': 'application/json' }))).toThrow(BadRequest);
  });

  it('refuses other media types with 415 and large bodies with 413, size first', () => {
    expect(() => readBody(event('x', { 'content-type': 'text/plain' }))).toThrow(UnsupportedMediaType);
    expect(() => readBody(event('x', {}))).toThrow(UnsupportedMediaType);
    expect(() => readBody(event('x'.repeat(40_000), { 'content-type': 'text/plain' }))).toThrow(PayloadTooLarge);
    const big = Buffer.alloc(33_000, 'a').toString('base64');
    expect(() => readBody(event(big, { 'content-type': 'application/json' }, true))).toThrow(PayloadTooLarge);
    expect(() => readBody(event('é'.repeat(16_500), { 'content-type': 'application/json' }))).toThrow(PayloadTooLarge);
  });
});

describe('proof of who is posting', () => {
  const withCookies = (headers: Record<string, string>, cookies?: string[]) =>
    ({ ...event(undefined, headers), ...(cookies ? { cookies } : {}) }) as APIGatewayProxyEventV2;
  const session = 'A'.repeat(43);

  it('takes a bearer header first, then a token field, then the session cookie with its CSRF token', () => {
    expect(proofOf(withCookies({ authorization: 'Bearer abc' }, [`${sessionCookie}=${session}`]), { token: 'xyz' })).toEqual({ kind: 'token', token: 'abc' });
    expect(proofOf(withCookies({}, [`${sessionCookie}=${session}`]), { token: 'xyz' })).toEqual({ kind: 'token', token: 'xyz' });
    expect(proofOf(withCookies({}, ['other=1', `${sessionCookie}=${session}`]), { csrfToken: 'c' })).toEqual({
      kind: 'session',
      sessionId: session,
      csrfToken: 'c',
    });
  });

  it('reads the session from the __Host- cookie only, not from a cookie of the old or a look-alike name', () => {
    expect(sessionCookie).toBe('__Host-rp_session');
    expect(proofOf(withCookies({}, [`rp_session=${session}`, `__Secure-rp_session=${session}`]), {})).toBeUndefined();
  });

  it('has no proof without any of them, or with a malformed cookie; a malformed header fails as a token', () => {
    expect(proofOf(withCookies({}), undefined)).toBeUndefined();
    expect(proofOf(withCookies({}, [`${sessionCookie}=short`]), {})).toBeUndefined();
    expect(proofOf(withCookies({ authorization: 'Basic abc' }), undefined)).toEqual({ kind: 'token', token: '' });
  });
});

describe('the same-origin rule for requests that change something', () => {
  const own = { host: 'progress.example.org', 'x-forwarded-proto': 'https' };

  it('takes the request’s own origin from the forwarded host and scheme, else the Host header over https', () => {
    expect(ownOrigin(own)).toBe('https://progress.example.org');
    expect(ownOrigin({ host: 'abc.execute-api.eu-west-2.amazonaws.com', 'x-forwarded-host': 'Progress.example.org' })).toBe('https://progress.example.org');
    expect(ownOrigin({ host: '127.0.0.1:3000', 'x-forwarded-proto': 'http' })).toBe('http://127.0.0.1:3000');
    expect(ownOrigin({})).toBeUndefined();
  });

  it('lets through a post from the same origin, a typed address, or a client that is not a browser', () => {
    expect(crossSiteRefusal('POST', { ...own, 'sec-fetch-site': 'same-origin', origin: 'https://progress.example.org' })).toBeUndefined();
    expect(crossSiteRefusal('POST', { ...own, 'sec-fetch-site': 'none' })).toBeUndefined();
    expect(crossSiteRefusal('POST', own)).toBeUndefined();
    expect(crossSiteRefusal('POST', { ...own, origin: 'https://progress.example.org' })).toBeUndefined();
  });

  it('refuses a post begun on another site, even a sibling one, or from an opaque or foreign origin', () => {
    for (const site of ['cross-site', 'same-site', 'bogus']) expect(crossSiteRefusal('POST', { ...own, 'sec-fetch-site': site })).toBeDefined();
    for (const origin of ['https://evil.example', 'null', 'http://progress.example.org', 'https://progress.example.org:8443']) {
      expect(crossSiteRefusal('POST', { ...own, origin })).toBeDefined();
    }
    expect(crossSiteRefusal('POST', { origin: 'https://progress.example.org' })).toBeDefined();
    expect(crossSiteRefusal('DELETE', { ...own, 'sec-fetch-site': 'cross-site' })).toBeDefined();
  });

  it('leaves reads alone, and posts with a bearer token, which no browser adds by itself', () => {
    for (const method of ['GET', 'HEAD', 'OPTIONS']) expect(crossSiteRefusal(method, { ...own, 'sec-fetch-site': 'cross-site' })).toBeUndefined();
    expect(crossSiteRefusal('POST', { ...own, 'sec-fetch-site': 'cross-site', authorization: 'Bearer rp_x' })).toBeUndefined();
  });

  it('is applied by the middy stack before the handler runs: a cross-site post gets 403 and the handler never runs', async () => {
    let ran = 0;
    const handler = httpHandler(async () => {
      ran += 1;
      return { statusCode: 204 };
    });
    const post = (headers: Record<string, string>) =>
      handler({ headers, requestContext: { http: { method: 'POST' }, requestId: 'r' } } as unknown as APIGatewayProxyEventV2, {} as never);
    expect((await post({ ...own, 'sec-fetch-site': 'cross-site' }))?.statusCode).toBe(403);
    expect(ran).toBe(0);
    expect((await post({ ...own, 'sec-fetch-site': 'same-origin' }))?.statusCode).toBe(204);
    expect(ran).toBe(1);
  });
});

describe('cursors', () => {
  it('round-trips and refuses cursors of other priorities or made up', () => {
    const id = '01M81TKZKWMG1WK2G5JJJXE3YK';
    expect(decodeCursor(encodeCursor('a', id), 'a')).toBe(id);
    expect(() => decodeCursor(encodeCursor('a', id), 'b')).toThrow(BadRequest);
    expect(() => decodeCursor('not-a-cursor', 'a')).toThrow(BadRequest);
    expect(() => decodeCursor(Buffer.from('{"p":"a","after":"x"}').toString('base64url'), 'a')).toThrow(BadRequest);
  });
});

describe('problem responses', () => {
  const parse = (result: ReturnType<typeof toProblem>) => JSON.parse(result.body as string) as Record<string, unknown>;

  it('domain errors keep their status, fields and headers', () => {
    const result = toProblem(new ValidationFailed([{ field: 'status', message: 'bad' }]), 'req-1');
    expect(result.statusCode).toBe(422);
    expect(result.headers?.['content-type']).toMatch(/^application\/problem\+json/);
    expect(parse(result)).toMatchObject({ status: 422, requestId: 'req-1', errors: [{ field: 'status', message: 'bad' }] });
  });

  it('a zod error that escapes is a 422 with its fields, not a 500', () => {
    const error = z.object({ a: z.string() }).safeParse({}).error!;
    const result = toProblem(error, 'r');
    expect(result.statusCode).toBe(422);
    expect(parse(result)).toMatchObject({ errors: [{ field: 'a', message: 'Invalid input: expected string, received undefined' }] });
  });

  it('unexpected errors are a 500 that reveals nothing', () => {
    const result = toProblem(new Error('secret table name exploded at line 3'), 'req-2');
    expect(result.statusCode).toBe(500);
    expect(result.body).not.toContain('secret');
    expect(parse(result)).toMatchObject({ status: 500, requestId: 'req-2' });
  });

  it('an unreachable database is a 503 with Retry-After', () => {
    const refused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:8000'), { code: 'ECONNREFUSED' });
    const result = toProblem(refused, 'r');
    expect(result.statusCode).toBe(503);
    expect(result.headers?.['retry-after']).toBe('5');
    expect(result.body).not.toContain('8000');
  });
});

describe('html helpers', () => {
  it('escapes markup and attribute breakers', () => {
    expect(escapeHtml(`<script>alert("1")</script>'`)).toBe('&#60;script&#62;alert(&#34;1&#34;)&#60;/script&#62;&#39;');
  });

  it('tells browsers from API clients', () => {
    expect(wantsHtml(event(undefined, { accept: 'text/html,application/xhtml+xml' }))).toBe(true);
    expect(wantsHtml(event(undefined, { accept: 'application/json' }))).toBe(false);
    expect(wantsHtml(event(undefined, {}))).toBe(false);
  });
});

describe('local HTTP API', () => {
  it('matches every route of the route table and extracts path parameters', () => {
    for (const route of routes) {
      const path = route.path.replace('{id}', 'jobs-and-training').replace('{updateId}', 'U1');
      const match = matchRoute(route.method, path);
      expect(match && 'route' in match ? match.route : null).toEqual(route);
    }
    expect(matchRoute('GET', '/priorities/a%20b/updates')).toMatchObject({ pathParameters: { id: 'a b' } });
    expect(matchRoute('PUT', '/priorities/x/updates')).toEqual({ allowed: ['GET', 'POST'] });
    expect(matchRoute('GET', '/unknown')).toBeNull();
  });

  it('builds a payload 2.0 event, base64-encoding form bodies as HTTP API does', () => {
    const route = routes.find((r) => r.method === 'POST')!;
    const built = toEvent(
      {
        method: 'POST',
        url: '/priorities/p/updates?x=1&x=2',
        headers: { 'Content-Type': 'application/x-www-form-urlencoded', Cookie: 'a=1; b=2' },
        body: Buffer.from('a=b'),
      },
      route,
      { id: 'p' },
    );
    expect(built).toMatchObject({
      version: '2.0',
      routeKey: 'POST /priorities/{id}/updates',
      rawPath: '/priorities/p/updates',
      rawQueryString: 'x=1&x=2',
      queryStringParameters: { x: '1,2' },
      pathParameters: { id: 'p' },
      cookies: ['a=1', 'b=2'],
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      isBase64Encoded: true,
      body: Buffer.from('a=b').toString('base64'),
    });
    const json = toEvent({ method: 'POST', url: '/', headers: { 'content-type': 'application/json' }, body: Buffer.from('{}') }, route, {});
    expect(json).toMatchObject({ body: '{}', isBase64Encoded: false });
  });
});

describe('local HTTP API: assets', () => {
  // As CloudFront's /assets/* behaviour serves them from the bucket: this build's version only; no function is invoked.
  async function fetchFromLocal(path: string, init: RequestInit = {}): Promise<Response> {
    const invoked: string[] = [];
    const server = createHttpApi(async (name) => {
      invoked.push(name);
      return { statusCode: 500 };
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = server.address() as { port: number };
      const response = await fetch(`http://127.0.0.1:${port}${path}`, init);
      await response.clone().arrayBuffer();
      expect(invoked).toEqual([]);
      return response;
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  }

  const versioned = (path: string) => `/assets/${assetVersion}/${path}`;

  it.each([
    ['recovery-progress.css', /^text\/css/],
    ['images/favicon.svg', /^image\/svg\+xml/],
    ['manifest.json', /^application\/manifest\+json/],
  ])('serves %s under the version pages name, cached for a year as immutable, as the bucket gives it', async (path, type) => {
    const response = await fetchFromLocal(versioned(path));
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(type);
    expect(response.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect(response.headers.get('cache-control')).toBe(assetCacheControl);
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
  });

  it('serves the stylesheet without GDS Transport, with the service’s own styles, its images relative to it', async () => {
    const css = await (await fetchFromLocal(versioned('recovery-progress.css'))).text();
    expect(css).not.toContain('@font-face');
    expect(css).not.toContain('GDS Transport');
    expect(css).toContain(
      readFileSync(join(import.meta.dirname, '../../shared/pages/app.css'), 'utf8')
        .trim()
        .slice(0, 40),
    );
    // GOV.UK Frontend names its images from /assets/; under a version's folder they are relative, and served.
    expect(css).not.toMatch(/url\(["']?\//);
    const images = [...css.matchAll(/url\(([^)"']+)\)/g)].map(([, url]) => url!);
    expect(images).toContain('images/govuk-crest.svg');
    for (const image of new Set(images)) expect((await fetchFromLocal(versioned(image))).status, image).toBe(200);
  });

  it.each([
    versioned('fonts/bold-affa96571d-v2.woff'),
    versioned('nothing.css'),
    versioned('images%2f..%2f..%2f..%2fpackage.json'),
    '/assets/recovery-progress.css',
    '/assets/images/favicon.svg',
    '/assets/000000000000/recovery-progress.css',
  ])('answers 404 for %s: not served, or not this version', async (path) => {
    expect((await fetchFromLocal(path)).status).toBe(404);
  });

  it('answers 405 to anything but GET and HEAD', async () => {
    const response = await fetchFromLocal(versioned('recovery-progress.css'), { method: 'POST', body: 'x' });
    expect(response.status).toBe(405);
    expect(response.headers.get('allow')).toBe('GET, HEAD');
  });
});

describe('event filters', () => {
  const pattern = { eventName: ['INSERT'], dynamodb: { NewImage: { entity: { S: ['update'] } } } };
  it('matches like Lambda filter criteria', () => {
    expect(matchesFilter(pattern, { eventName: 'INSERT', dynamodb: { NewImage: { entity: { S: 'update' } } } })).toBe(true);
    expect(matchesFilter(pattern, { eventName: 'MODIFY', dynamodb: { NewImage: { entity: { S: 'update' } } } })).toBe(false);
    expect(matchesFilter(pattern, { eventName: 'INSERT', dynamodb: { NewImage: { entity: { S: 'summary' } } } })).toBe(false);
    expect(matchesFilter(pattern, { eventName: 'INSERT', dynamodb: {} })).toBe(false);
    expect(matchesFilter({ a: [{ prefix: 'UP' }] }, { a: 'UPDATE#1' })).toBe(true);
    expect(matchesFilter({ a: [{ exists: false }] }, {})).toBe(true);
  });
});

describe('CSV cells', () => {
  it('quotes every cell and neutralises formula prefixes', async () => {
    const { csvCell, toCsv } = await import('#shared/http/csv');
    expect(csvCell('=HYPERLINK("x")')).toBe(`"'=HYPERLINK(""x"")"`);
    for (const prefix of ['+', '-', '@', '\t', '\r']) expect(csvCell(`${prefix}1`)).toBe(`"'${prefix}1"`);
    expect(csvCell('plain, "quoted"\nnext line')).toBe('"plain, ""quoted""\nnext line"');
    expect(csvCell(null)).toBe('""');
    expect(toCsv(['a', 'b'], [[1, '=2']])).toBe(`"a","b"\r\n"1","'=2"\r\n`);
  });
});
