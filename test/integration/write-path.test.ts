/** The write path through the local HTTP API and the real handlers, against DynamoDB Local. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { form, startTestStack, type TestStack, validUpdate } from './stack.ts';

let stack: TestStack;
const priority = 'jobs-and-training';
const path = `/priorities/${priority}/updates`;

beforeAll(async () => {
  // Pollers off: this file is about what the write path stores, not what follows from it.
  stack = await startTestStack({ startPollers: false });
});
afterAll(async () => stack?.stop());

async function postJson(body: unknown, headers: Record<string, string> = {}) {
  return stack.request('POST', path, {
    headers: { 'content-type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
}

async function problemOf(response: Response) {
  expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
  const body = (await response.json()) as { status: number; errors?: { field: string }[]; detail: string };
  expect(body.status).toBe(response.status);
  expect(JSON.stringify(body)).not.toMatch(/\bat .+\.(ts|js):\d+/); // no stack trace
  return body;
}

describe('recording an update', () => {
  it('stores a JSON update and answers 201 with it, author taken from the token', async () => {
    const token = await stack.token(priority, { name: 'Solihull sponsor' });
    const before = (await stack.storedUpdates(priority)).length;
    const response = await postJson({ ...validUpdate }, { authorization: `Bearer ${token}` });
    expect(response.status).toBe(201);
    const update = (await response.json()) as Record<string, unknown>;
    expect(update).toMatchObject({ ...validUpdate, priorityId: priority, author: { name: 'Solihull sponsor' } });
    expect(update.id).toMatch(/^[0-9A-Z]{26}$/);
    expect(response.headers.get('location')).toBe(`${path}/${update.id as string}`);
    expect((await stack.storedUpdates(priority)).length).toBe(before + 1);
  });

  it('gives the poster, and everyone else, the author’s name and role without the token id or the email address', async () => {
    const token = await stack.token(priority, { name: 'Solihull sponsor', email: 'sponsor@solihull.example.org' });
    const posted = (await (await postJson({ ...validUpdate }, { authorization: `Bearer ${token}` })).json()) as { id: string; author: Record<string, unknown> };
    expect(posted.author).toEqual({ name: 'Solihull sponsor', role: 'sponsor' });

    const read = async (url: string) => JSON.stringify(await (await stack.request('GET', url, { headers: { accept: 'application/json' } })).json());
    for (const url of [`${path}/${posted.id}`, path, `/priorities/${priority}`]) {
      const body = await read(url);
      expect(body).toContain(posted.id);
      expect(body).toContain('Solihull sponsor');
      expect(body).not.toContain('sponsor@solihull.example.org');
      expect(body).not.toContain(token.split('_')[1]!);
    }
  });

  it('ignores an author in the body: it is refused as an unknown field', async () => {
    const token = await stack.token(priority);
    const response = await postJson({ ...validUpdate, author: { name: 'Someone else' } }, { authorization: `Bearer ${token}` });
    expect(response.status).toBe(422);
    expect((await problemOf(response)).errors).toContainEqual({ field: 'author', message: 'is not a recognised field' });
  });

  it('accepts a base64-encoded form post from a browser with the token as a field and redirects with 303', async () => {
    const token = await stack.token(priority);
    const body = form({
      token,
      status: 'amber',
      period: '2021-Q2',
      summary: 'Form summary',
      achievements: 'First\r\n\r\nSecond',
      barriers: 'A local barrier',
      boardSupportBarriers: 'Needs the board',
      statusRationale: 'Because',
    });
    // The local API base64-encodes form bodies, as HTTP API does.
    const response = await stack.request('POST', path, {
      headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'text/html,application/xhtml+xml' },
      body,
    });
    expect(response.status).toBe(303);
    const location = response.headers.get('location')!;
    expect(location).toMatch(new RegExp(`^${path}/[0-9A-Z]{26}$`));
    const stored = (await (await stack.request('GET', location)).json()) as Record<string, unknown>;
    expect(stored).toMatchObject({
      summary: 'Form summary',
      achievements: ['First', 'Second'],
      barriers: [
        { description: 'A local barrier', needsBoardSupport: false },
        { description: 'Needs the board', needsBoardSupport: true },
      ],
    });
    const page = await stack.request('GET', location, { headers: { accept: 'text/html' } });
    expect(await page.text()).toContain('Update recorded');
  });

  it('answers a form post from an API client with 201 JSON', async () => {
    const token = await stack.token(priority);
    const response = await stack.request('POST', path, {
      headers: { 'content-type': 'application/x-www-form-urlencoded', authorization: `Bearer ${token}` },
      body: form({ status: 'amber', period: '2021-04', summary: 'Plain form', statusRationale: 'x' }),
    });
    expect(response.status).toBe(201);
    expect(((await response.json()) as { summary: string }).summary).toBe('Plain form');
  });
});

describe('refusing bad requests, storing nothing', () => {
  it('401 without a token, with a malformed, unknown, tampered, expired or revoked token', async () => {
    const good = await stack.token(priority);
    const expired = await stack.token(priority, { days: 1 });
    // Expire it by rewriting its stored record's expiry into the past.
    const expiredId = expired.split('_')[1]!;
    const record = (await stack.stores.credentials.get(expiredId))!;
    await stack.documents.send(
      new (await import('@aws-sdk/lib-dynamodb')).PutCommand({
        TableName: stack.tableName,
        Item: { pk: `TOKEN#${expiredId}`, sk: 'TOKEN', entity: 'credential', ...record, expiresAt: '2020-01-01T00:00:00.000Z' },
      }),
    );
    const revoked = await stack.token(priority);
    await stack.stores.credentials.revoke(revoked.split('_')[1]!);
    const tampered = `${good.slice(0, -1)}${good.endsWith('A') ? 'B' : 'A'}`;
    const before = (await stack.storedUpdates(priority)).length;

    const cases: [string, Record<string, string>][] = [
      ['none', {}],
      ['malformed', { authorization: 'Bearer nope' }],
      ['not bearer', { authorization: `Basic ${good}` }],
      ['unknown', { authorization: 'Bearer rp_0123456789abcdef_AySIfS5yPCuKT6yS7BpCgLIju6DkSGA2Wnk5je7CZ6U' }],
      ['tampered', { authorization: `Bearer ${tampered}` }],
      ['expired', { authorization: `Bearer ${expired}` }],
      ['revoked', { authorization: `Bearer ${revoked}` }],
    ];
    for (const [name, headers] of cases) {
      const response = await postJson(validUpdate, headers);
      expect(response.status, name).toBe(401);
      expect(response.headers.get('www-authenticate'), name).toMatch(/^Bearer/);
      await problemOf(response);
    }
    expect((await stack.storedUpdates(priority)).length).toBe(before);
  });

  it('403 with a token for another priority', async () => {
    const other = await stack.token('education-and-young-people');
    const before = (await stack.storedUpdates(priority)).length;
    const response = await postJson(validUpdate, { authorization: `Bearer ${other}` });
    expect(response.status).toBe(403);
    await problemOf(response);
    expect((await stack.storedUpdates(priority)).length).toBe(before);
  });

  it('404 for an unknown priority', async () => {
    const token = await stack.token(priority);
    const response = await stack.request('POST', '/priorities/no-such-priority/updates', {
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify(validUpdate),
    });
    expect(response.status).toBe(404);
    await problemOf(response);
  });

  it('422 naming every failing field, status=purple included', async () => {
    const token = await stack.token(priority);
    const response = await stack.request('POST', path, {
      headers: { 'content-type': 'application/x-www-form-urlencoded', authorization: `Bearer ${token}` },
      body: form({ status: 'purple', period: '2021-13', summary: '' }),
    });
    expect(response.status).toBe(422);
    const fields = (await problemOf(response)).errors!.map((error) => error.field);
    expect(fields).toEqual(expect.arrayContaining(['status', 'period', 'summary']));
  });

  it('422 naming summary for a lone surrogate sent as a JSON \\ud800 escape, and nothing stored', async () => {
    const token = await stack.token(priority);
    const before = (await stack.storedUpdates(priority)).length;
    // The escape itself, as a client would send it: JSON.stringify would never write a lone surrogate this way.
    const body = JSON.stringify({ ...validUpdate, summary: 'LONE-SURROGATE' }).replace('LONE-SURROGATE', 'before \\ud800 after');
    expect(body).toContain('"summary":"before \\ud800 after"');
    const response = await postJson(body, { authorization: `Bearer ${token}` });
    expect(response.status).toBe(422);
    expect((await problemOf(response)).errors).toEqual([{ field: 'summary', message: expect.stringMatching(/lone surrogate/) }]);
    const stored = await stack.storedUpdates(priority);
    expect(stored.length).toBe(before);
    expect(stored.every((item) => JSON.stringify(item).isWellFormed())).toBe(true);
  });

  it('422 naming each field that holds a control character, from JSON and from a form', async () => {
    const token = await stack.token(priority);
    const before = (await stack.storedUpdates(priority)).length;
    const json = await postJson(
      { ...validUpdate, statusRationale: 'escape \u001b[31m red', barriers: [{ description: 'next\u0085line', needsBoardSupport: false }] },
      { authorization: `Bearer ${token}` },
    );
    expect(json.status).toBe(422);
    expect((await problemOf(json)).errors!.map((error) => error.field)).toEqual(['barriers.0.description', 'statusRationale']);
    const posted = await stack.request('POST', path, {
      headers: { 'content-type': 'application/x-www-form-urlencoded', authorization: `Bearer ${token}` },
      body: form({ status: 'amber', period: '2021-04', summary: 'nul \u0000 here', statusRationale: 'x' }),
    });
    expect(posted.status).toBe(422);
    expect((await problemOf(posted)).errors).toEqual([{ field: 'summary', message: expect.stringMatching(/U\+0000/) }]);
    expect((await stack.storedUpdates(priority)).length).toBe(before);
  });

  it('stores CRLF line breaks as LF, so a textarea’s text keeps working', async () => {
    const token = await stack.token(priority);
    const response = await postJson({ ...validUpdate, summary: 'First line\r\nSecond line\rThird\tline' }, { authorization: `Bearer ${token}` });
    expect(response.status).toBe(201);
    const { id } = (await response.json()) as { id: string };
    const stored = (await stack.storedUpdates(priority)).find((item) => item.id === id);
    expect(stored?.summary).toBe('First line\nSecond line\nThird\tline');
  });

  it('422 when a worse rating has no rationale', async () => {
    const token = await stack.token(priority);
    const { statusRationale: _omitted, ...update } = validUpdate;
    const response = await postJson({ ...update, status: 'red' }, { authorization: `Bearer ${token}` });
    expect(response.status).toBe(422);
    expect((await problemOf(response)).errors).toEqual([expect.objectContaining({ field: 'statusRationale' })]);
  });

  it('413 for a 40 KB body, 415 for text/plain, 400 for malformed JSON', async () => {
    const token = await stack.token(priority);
    const auth = { authorization: `Bearer ${token}` };
    const before = (await stack.storedUpdates(priority)).length;
    const big = await postJson({ ...validUpdate, summary: 'x'.repeat(40 * 1024) }, auth);
    expect(big.status).toBe(413);
    await problemOf(big);
    const plain = await stack.request('POST', path, { headers: { 'content-type': 'text/plain', ...auth }, body: 'hello' });
    expect(plain.status).toBe(415);
    await problemOf(plain);
    const broken = await postJson('{"status":', auth);
    expect(broken.status).toBe(400);
    await problemOf(broken);
    expect((await stack.storedUpdates(priority)).length).toBe(before);
  });
});

describe('idempotent retries', () => {
  it('a retry with the same Idempotency-Key returns the same update and stores one item', async () => {
    const token = await stack.token(priority);
    const headers = { authorization: `Bearer ${token}`, 'idempotency-key': 'retry-1' };
    const before = (await stack.storedUpdates(priority)).length;
    const first = await postJson(validUpdate, headers);
    const second = await postJson(validUpdate, headers);
    expect(first.status).toBe(201);
    expect(second.status).toBe(201);
    const [a, b] = [(await first.json()) as { id: string }, (await second.json()) as { id: string }];
    expect(b.id).toBe(a.id);
    expect(b).toEqual(a);
    expect((await stack.storedUpdates(priority)).length).toBe(before + 1);
  });

  it('the same key with a different body is refused', async () => {
    const token = await stack.token(priority);
    const headers = { authorization: `Bearer ${token}`, 'idempotency-key': 'retry-2' };
    expect((await postJson(validUpdate, headers)).status).toBe(201);
    const response = await postJson({ ...validUpdate, summary: 'Something else' }, headers);
    expect(response.status).toBe(422);
    await problemOf(response);
  });

  it('a form retried with the same submissionId redirects to the same update', async () => {
    const token = await stack.token(priority);
    const body = form({ token, submissionId: 'form-1', status: 'amber', period: '2021-05', summary: 'Once', statusRationale: 'r' });
    const headers = { 'content-type': 'application/x-www-form-urlencoded', accept: 'text/html' };
    const before = (await stack.storedUpdates(priority)).length;
    const first = await stack.request('POST', path, { headers, body });
    const second = await stack.request('POST', path, { headers, body });
    expect(first.status).toBe(303);
    expect(second.headers.get('location')).toBe(first.headers.get('location'));
    expect((await stack.storedUpdates(priority)).length).toBe(before + 1);
  });
});

describe('reading', () => {
  it('GET /health', async () => {
    const response = await stack.request('GET', '/health');
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ status: 'ok' });
  });

  it('GET /priorities lists the catalogue in order with summaries', async () => {
    const body = (await (await stack.request('GET', '/priorities')).json()) as {
      priorities: { id: string; sponsor: { authority: string }; summary: object }[];
    };
    expect(body.priorities.map((p) => p.id)).toEqual([
      'living-safely-with-coronavirus',
      'accessing-healthcare-and-improving-physical-health',
      'mental-health-support-and-awareness',
      'education-and-young-people',
      'jobs-and-training',
      'local-businesses-and-high-streets',
      'extra-help-to-the-most-affected',
    ]);
    expect(body.priorities[0]!.sponsor.authority).toMatch(/Dudley/);
    expect(body.priorities[0]!.summary).toMatchObject({ status: null, updateCount: 0 });
  });

  it('pages through history newest first with an opaque cursor', async () => {
    const all = (await stack.storedUpdates(priority)).length;
    expect(all).toBeGreaterThan(3);
    const ids: string[] = [];
    let cursor: string | null = null;
    do {
      const query: string = cursor ? `?limit=2&cursor=${encodeURIComponent(cursor)}` : '?limit=2';
      const page = (await (await stack.request('GET', `${path}${query}`)).json()) as { updates: { id: string }[]; nextCursor: string | null };
      expect(page.updates.length).toBeLessThanOrEqual(2);
      ids.push(...page.updates.map((u) => u.id));
      cursor = page.nextCursor;
    } while (cursor);
    expect(ids.length).toBe(all);
    expect([...ids].sort().reverse()).toEqual(ids);
  });

  it('refuses a made-up cursor and a bad limit with 400', async () => {
    for (const query of ['?cursor=abc', '?limit=0', '?limit=1000', '?unknown=1']) {
      const response = await stack.request('GET', `${path}${query}`);
      expect(response.status, query).toBe(400);
      await problemOf(response);
    }
  });

  it('404 for unknown routes, priorities and updates; 405 for a wrong method', async () => {
    expect((await stack.request('GET', '/nope')).status).toBe(404);
    expect((await stack.request('GET', '/priorities/nope')).status).toBe(404);
    expect((await stack.request('GET', `${path}/01M81TKZKWMG1WK2G5JJJXE3YK`)).status).toBe(404);
    expect((await stack.request('DELETE', path)).status).toBe(405);
  });
});
