/**
 * Personal links exchanged by the person: opening a link (a GET, as a mail scanner would) shows
 * its Continue page and makes no session; the page's same-origin post makes one; a post begun on
 * another site makes none; sign-out ends the session, and its old cookie then gets 401.
 */
import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { csrfTokenFor, sessionCookie } from '#shared/domain/session';
import { followPersonalLink, form, startTestStack, type TestStack } from './stack.ts';

let stack: TestStack;
beforeAll(async () => {
  stack = await startTestStack({ startPollers: false });
});
afterAll(async () => stack?.stop());

const priority = 'jobs-and-training';
const html = { accept: 'text/html' };

async function sessionItems(): Promise<number> {
  const { Items } = await stack.documents.send(
    new ScanCommand({
      TableName: stack.tableName,
      FilterExpression: 'entity = :session',
      ExpressionAttributeValues: { ':session': 'session' },
      ConsistentRead: true,
    }),
  );
  return Items?.length ?? 0;
}

const sessionPost = (fields: Record<string, string>, headers: Record<string, string> = {}) =>
  stack.request('POST', '/sessions', { headers: { ...html, 'content-type': 'application/x-www-form-urlencoded', ...headers }, body: form(fields) });

describe('personal links and sessions', () => {
  it('a GET of a personal link shows its Continue page and writes nothing, however often it is fetched', async () => {
    const token = await stack.token(priority);
    const before = await sessionItems();
    const link = `/priorities/${priority}/updates/new?token=${encodeURIComponent(token)}`;

    const answers = await Promise.all(
      [link, link, `/barriers?token=${encodeURIComponent(await stack.boardToken())}`].map((path) => stack.request('GET', path, { headers: html })),
    );

    const page = await answers[0]!.text();
    expect(answers.map((answer) => answer.status)).toEqual([200, 200, 200]);
    expect(answers.flatMap((answer) => answer.headers.getSetCookie())).toEqual([]);
    expect(answers[0]!.headers.get('referrer-policy')).toBe('strict-origin');
    expect(page).toContain('This personal link is for the sponsor of Jobs and training.');
    expect(page).toMatch(/<form method="post" action="\/sessions"/);
    expect(page).toContain(`name="next" value="/priorities/${priority}/updates/new"`);
    expect(await sessionItems()).toBe(before);
  });

  it('the same-origin post makes one session, sets the __Host- cookie and goes on to the page', async () => {
    const token = await stack.token(priority);
    const before = await sessionItems();

    const made = await sessionPost({ token, next: `/priorities/${priority}/updates/new` }, { 'sec-fetch-site': 'same-origin', origin: stack.apiUrl });

    expect(made.status).toBe(303);
    expect(made.headers.get('location')).toBe(`/priorities/${priority}/updates/new`);
    const [cookie] = made.headers.getSetCookie();
    expect(cookie).toMatch(new RegExp(`^${sessionCookie}=[A-Za-z0-9_-]{43}; Path=/; HttpOnly; Secure; SameSite=Strict; Expires=`));
    expect(cookie).not.toMatch(/Domain=/i);
    expect(await sessionItems()).toBe(before + 1);
    const form = await stack.request('GET', `/priorities/${priority}/updates/new`, { headers: { ...html, cookie: cookie!.split(';')[0]! } });
    expect(form.status).toBe(200);
  });

  it('a post begun on another site makes no session and gets 403, whatever token it carries', async () => {
    const token = await stack.token(priority);
    const next = `/priorities/${priority}/updates/new`;
    const before = await sessionItems();

    const answers = await Promise.all([
      sessionPost({ token, next }, { 'sec-fetch-site': 'cross-site', origin: 'https://evil.example' }),
      sessionPost({ token, next }, { 'sec-fetch-site': 'same-site' }),
      sessionPost({ token, next }, { origin: 'https://evil.example' }),
      sessionPost({ token, next }, { origin: 'null' }),
    ]);

    expect(answers.map((answer) => answer.status)).toEqual([403, 403, 403, 403]);
    expect(answers.flatMap((answer) => answer.headers.getSetCookie())).toEqual([]);
    expect(await sessionItems()).toBe(before);
  });

  it('refuses a `next` that is not a page a link opens, and a token that may not use the page, making no session', async () => {
    const token = await stack.token(priority);
    const before = await sessionItems();

    const answers = await Promise.all([
      sessionPost({ token, next: 'https://evil.example/' }),
      sessionPost({ token, next: '//evil.example/priorities/x/updates/new' }),
      sessionPost({ token, next: `/priorities/${priority}/updates` }),
      sessionPost({ token, next: '/barriers' }),
      sessionPost({ token, next: '/priorities/housing/updates/new' }),
      sessionPost({ token: 'rp_0000000000000000_nope', next: `/priorities/${priority}/updates/new` }),
    ]);

    expect(answers.map((answer) => answer.status)).toEqual([400, 400, 400, 403, 403, 401]);
    expect(answers.every((answer) => answer.headers.get('location') === null)).toBe(true);
    expect(await sessionItems()).toBe(before);
  });

  it('a cross-site form post that relies on the cookie is refused, even with its CSRF token', async () => {
    const cookie = await followPersonalLink(stack, `/priorities/${priority}/updates/new?token=${encodeURIComponent(await stack.token(priority))}`);
    const csrfToken = csrfTokenFor(cookie.split('=')[1]!);
    const before = (await stack.storedUpdates(priority)).length;

    const forged = await stack.request('POST', `/priorities/${priority}/updates`, {
      headers: { ...html, 'content-type': 'application/x-www-form-urlencoded', cookie, 'sec-fetch-site': 'cross-site', origin: 'https://evil.example' },
      body: form({ csrfToken, status: 'green', period: '2021-03', summary: 'Forged' }),
    });

    expect(forged.status).toBe(403);
    expect((await stack.storedUpdates(priority)).length).toBe(before);
  });

  it('sign-out ends the session and clears the cookie; the old cookie then gets 401', async () => {
    const cookie = await followPersonalLink(stack, `/priorities/${priority}/updates/new?token=${encodeURIComponent(await stack.token(priority))}`);
    const page = await (await stack.request('GET', `/priorities/${priority}/updates/new`, { headers: { ...html, cookie } })).text();
    expect(page).toMatch(/<form method="post" action="\/sign-out"/);
    const csrfToken = /action="\/sign-out"[^>]*><input type="hidden" name="csrfToken" value="([^"]+)"/.exec(page)?.[1];
    const before = await sessionItems();
    const signOut = (fields: Record<string, string>) =>
      stack.request('POST', '/sign-out', {
        headers: { ...html, 'content-type': 'application/x-www-form-urlencoded', cookie, 'sec-fetch-site': 'same-origin', origin: stack.apiUrl },
        body: form(fields),
      });

    const withoutCsrf = await signOut({ next: '/' });
    const withForeignCsrf = await signOut({ csrfToken: csrfTokenFor('A'.repeat(43)) });
    expect([withoutCsrf.status, withForeignCsrf.status]).toEqual([403, 403]);
    expect(await sessionItems()).toBe(before);

    const signedOut = await signOut({ csrfToken: csrfToken! });
    expect(signedOut.status).toBe(200);
    expect(await signedOut.text()).toContain('You have signed out');
    expect(signedOut.headers.getSetCookie()).toEqual([`${sessionCookie}=; Path=/; HttpOnly; Secure; SameSite=Strict; Max-Age=0`]);
    expect(await sessionItems()).toBe(before - 1);
    const after = await stack.request('GET', `/priorities/${priority}/updates/new`, { headers: { ...html, cookie } });
    expect(after.status).toBe(401);
  });

  it('a sign-out without a session is harmless', async () => {
    const before = await sessionItems();
    const answers = await Promise.all([
      stack.request('POST', '/sign-out', { headers: html }),
      stack.request('POST', '/sign-out', { headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: form({ csrfToken: 'x' }) }),
    ]);
    expect(answers.map((answer) => answer.status)).toEqual([200, 204]);
    expect(await sessionItems()).toBe(before);
  });
});
