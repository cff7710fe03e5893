/**
 * The accessibility statement, the privacy notice and the cookies page on the local stack: each
 * answers with a page and the security headers every page has, says what the stage's settings
 * say, and every kind of page the service serves links to all three from its footer.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newPerson } from '#shared/domain/people';
import { followPersonalLink, startTestStack, type TestStack, validUpdate } from './stack.ts';

const priority = 'jobs-and-training';
const html = { accept: 'text/html' };
const footerLinks = ['/accessibility', '/privacy', '/cookies'].map((path) => `<a class="govuk-footer__link" href="${path}">`);

let stack: TestStack;

beforeAll(async () => {
  stack = await startTestStack({
    startPollers: false,
    settings: {
      ORGANISATION_NAME: 'Solihull Metropolitan Borough Council',
      DATA_PROTECTION_EMAIL: 'dpo@solihull.example.gov.uk',
      ACCESSIBILITY_EMAIL: 'access@solihull.example.gov.uk',
      LOG_RETENTION_DAYS: '365',
      LINK_TOKEN_DAYS: '10',
    },
  });
});
afterAll(async () => stack?.stop());

describe('the statutory pages', () => {
  it.each([
    [
      '/accessibility',
      'Accessibility statement for Recovery progress',
      ['This service is run by Solihull Metropolitan Borough Council', 'mailto:access@solihull.example.gov.uk'],
    ],
    [
      '/privacy',
      'Privacy notice',
      ['Solihull Metropolitan Borough Council runs this service', 'mailto:dpo@solihull.example.gov.uk', 'A personal link works for 10 days', '>365 days<'],
    ],
    ['/cookies', 'Cookies', ['>__Host-rp_session<']],
  ])('%s answers a page with the security headers, from the stage’s settings', async (path, heading, says) => {
    const response = await stack.request('GET', path, { headers: html });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(response.headers.get('content-security-policy')).toMatch(/script-src 'nonce-[^']+'/);
    expect(response.headers.get('content-security-policy')).not.toContain('unsafe-inline');
    expect(
      Object.fromEntries(['cache-control', 'x-frame-options', 'x-content-type-options', 'referrer-policy'].map((name) => [name, response.headers.get(name)])),
    ).toEqual({
      'cache-control': 'no-store',
      'x-frame-options': 'DENY',
      'x-content-type-options': 'nosniff',
      'referrer-policy': 'strict-origin',
    });
    expect(response.headers.get('strict-transport-security')).toContain('max-age=');
    expect(response.headers.getSetCookie()).toEqual([]);
    const body = await response.text();
    expect(body).toContain(`<h1 class="govuk-heading-l">${heading}</h1>`);
    for (const text of says) expect(body).toContain(text);
  });

  it('are linked from the footer of every kind of page', async () => {
    const token = await stack.token(priority, { name: 'Solihull sponsor', email: 'sponsor@solihull.example.gov.uk' });
    const posted = await stack.request('POST', `/priorities/${priority}/updates`, {
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify(validUpdate),
    });
    expect(posted.status).toBe(201);
    const [update] = await stack.storedUpdates(priority);
    const person = newPerson({ name: 'Solihull sponsor', email: 'sponsor@solihull.example.gov.uk', role: 'sponsor', priorityId: priority });
    await stack.stores.people.save(person);
    // The personal link's Continue page, whose post sets the session cookie; the form comes with it.
    const link = `/priorities/${priority}/updates/new?token=${encodeURIComponent(token)}`;
    const continuePage = await stack.request('GET', link, { headers: html });
    const cookie = await followPersonalLink(stack, link);
    const errors = await stack.request('POST', `/priorities/${priority}/updates`, {
      headers: { ...html, 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ token, period: '2021-13' }).toString(),
    });

    const pages: [string, Response][] = [
      ['dashboard', await stack.request('GET', '/', { headers: html })],
      ['priority', await stack.request('GET', `/priorities/${priority}`, { headers: html })],
      ['update form', await stack.request('GET', `/priorities/${priority}/updates/new`, { headers: { ...html, cookie } })],
      ['update form with errors', errors],
      ['personal link', continuePage],
      ['update', await stack.request('GET', `/priorities/${priority}/updates/${String(update!.id)}`, { headers: html })],
      ['preferences', await stack.request('GET', `/people/${person.personId}/preferences?key=${encodeURIComponent(person.preferencesKey)}`, { headers: html })],
      ['not found', await stack.request('GET', '/priorities/no-such-priority', { headers: html })],
      ['no session', await stack.request('GET', `/priorities/${priority}/updates/new`, { headers: html })],
      ...(await Promise.all(
        ['/accessibility', '/privacy', '/cookies'].map(async (path) => [path, await stack.request('GET', path, { headers: html })] as [string, Response]),
      )),
    ];
    const statuses = Object.fromEntries(pages.map(([name, response]) => [name, response.status]));
    expect(statuses).toMatchObject({
      dashboard: 200,
      priority: 200,
      'update form': 200,
      'update form with errors': 422,
      'personal link': 200,
      update: 200,
      preferences: 200,
      'not found': 404,
      'no session': 401,
    });
    for (const [name, response] of pages) {
      const body = await response.text();
      expect(response.headers.get('content-type'), name).toBe('text/html; charset=utf-8');
      for (const link of footerLinks) expect(body, name).toContain(link);
    }
  });
});
