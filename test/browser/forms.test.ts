/**
 * A sponsor's journey in real Chromium: the emailed link, the form with and without errors,
 * the confirmation, the board's dashboard after the stream has run, keyboard only, and
 * accessibility checks with axe-core on every page the service serves as HTML, the statutory
 * pages among them. Screenshots go to test/artifacts/screenshots.
 */
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assetVersion } from '#compiled-views/assets';
import { newPerson } from '#shared/domain/people';
import { eventually, patience, startTestStack, type TestStack } from '../integration/stack.ts';
import { browserHangBound, continueFromPersonalLink, hasChromium, launch, screenshot, wcagViolations } from './browser.ts';

const hostile = '<script>alert(1)</script> =HYPERLINK("http://example.org","x")';
const priority = 'jobs-and-training';

let stack: TestStack;
let browser: Browser;
let context: BrowserContext;
let page: Page;
const dialogs: string[] = [];

async function openPersonalLink(current: Page, onContinuePage?: () => Promise<void>): Promise<void> {
  const token = await stack.token(priority, { name: 'Solihull sponsor' });
  const formUrl = `${stack.apiUrl}/priorities/${priority}/updates/new`;
  await continueFromPersonalLink(current, `${formUrl}?token=${encodeURIComponent(token)}`, formUrl, onContinuePage);
  await current.waitForSelector('form[action$="/updates"]');
}

describe.skipIf(!hasChromium)('sponsor forms and the dashboard in Chromium', () => {
  beforeAll(async () => {
    stack = await startTestStack();
    browser = await launch();
    context = await browser.newContext();
    context.setDefaultTimeout(browserHangBound);
    page = await context.newPage();
    page.on('dialog', async (dialog) => {
      dialogs.push(dialog.message());
      await dialog.dismiss();
    });
  });

  afterAll(async () => {
    await browser?.close();
    await stack?.stop();
  });

  it('opens the form from the personal link’s Continue page, swapping the token for a __Host- session cookie', async () => {
    await openPersonalLink(page, async () => {
      // Opening the link made no session: the Continue page's post makes it.
      expect(await context.cookies()).toEqual([]);
      expect(await page.textContent('main')).toContain('This personal link is for the sponsor of Jobs and training.');
      await screenshot(page, '00-personal-link');
      expect(await wcagViolations(page)).toEqual([]);
    });
    expect(page.url()).not.toContain('token=');
    const cookie = (await context.cookies()).find((c) => c.name === '__Host-rp_session')!;
    expect(cookie).toMatchObject({ httpOnly: true, secure: true, sameSite: 'Strict', path: '/' });
    await expect(page.title()).resolves.toContain('Jobs and training');
    expect(await page.textContent('body')).toContain('Successful delivery appears feasible'); // the scale's meanings
    await screenshot(page, '01-form');
    expect(await wcagViolations(page)).toEqual([]);
  });

  it('shows every error with the values kept when the form is incomplete, and stores nothing', async () => {
    const before = (await stack.storedUpdates(priority)).length;
    await page.fill('#summary', hostile);
    await page.fill('#achievements', 'First\nSecond');
    await page.fill('#period', '2021-13');
    await page.click('button.govuk-button');
    await page.waitForSelector('.govuk-error-summary');

    const summary = await page.textContent('.govuk-error-summary');
    expect(summary).toContain('Select how confident you are');
    expect(summary).toContain('Enter the reporting period');
    // Each message links to its field.
    expect(await page.getAttribute('.govuk-error-summary a[href="#status"]', 'href')).toBe('#status');
    expect(await page.inputValue('#summary')).toBe(hostile);
    expect(await page.inputValue('#achievements')).toBe('First\nSecond');
    expect(await page.inputValue('#period')).toBe('2021-13');
    expect(await page.title()).toMatch(/^Error: /);
    expect((await stack.storedUpdates(priority)).length).toBe(before);
    await screenshot(page, '02-form-errors');
    expect(await wcagViolations(page)).toEqual([]);
  });

  it('records a valid update and confirms what was recorded', async () => {
    await page.check('#status-4'); // Amber/Red: GOV.UK numbers radios status, status-2, status-3, status-4
    await page.fill('#period', '2021-03');
    await page.fill('#statusRationale', '=HYPERLINK("http://example.org","x")');
    await page.fill('#boardSupportBarriers', 'Data sharing with DWP is slow');
    await page.click('button.govuk-button');
    await page.waitForSelector('.govuk-panel');

    expect(page.url()).toMatch(new RegExp(`/priorities/${priority}/updates/[0-9A-Z]{26}$`));
    const body = await page.textContent('main');
    expect(body).toContain('Update recorded');
    expect(body).toContain(hostile); // shown as text
    expect(await page.locator('main script').count()).toBe(0);
    await screenshot(page, '03-confirmation');
    expect(await wcagViolations(page)).toEqual([]);
  });

  it('shows the new status on the dashboard once the stream has run', async () => {
    await eventually(
      async () => {
        await page.goto(`${stack.apiUrl}/`);
        const text = await page.textContent(`tr[data-priority="${priority}"]`);
        return text?.includes('Amber/Red');
      },
      patience,
      200,
    );
    expect(await page.textContent('#board-asks')).toContain('Data sharing with DWP is slow');
    await screenshot(page, '04-dashboard');
    expect(await wcagViolations(page)).toEqual([]);

    await page.click(`a[href="/priorities/${priority}"]`);
    await page.waitForSelector('svg.app-status-chart');
    expect(await page.textContent('main')).toContain(hostile);
    await screenshot(page, '05-priority');
    expect(await wcagViolations(page)).toEqual([]);
    expect(dialogs).toEqual([]); // no script ever ran from user text
  });

  it('can be completed with the keyboard alone', async () => {
    const keyboardPage = await context.newPage();
    await openPersonalLink(keyboardPage);
    const before = (await stack.storedUpdates(priority)).length;
    // Radios: focus the group, then arrow keys move and select within it.
    await keyboardPage.focus('#status');
    await keyboardPage.keyboard.press('ArrowDown');
    await keyboardPage.keyboard.press('ArrowDown'); // Amber
    await keyboardPage.keyboard.press('Tab');
    await keyboardPage.keyboard.type('Back on plan after the new employer scheme.');
    await keyboardPage.keyboard.press('Tab');
    await keyboardPage.keyboard.press('Control+A');
    await keyboardPage.keyboard.type('2021-04');
    await keyboardPage.keyboard.press('Tab');
    await keyboardPage.keyboard.type('Typed without a mouse.');
    // On to the button (past the asks of government, left as they are) and press it.
    for (let i = 0; i < 40 && !(await keyboardPage.evaluate(`document.activeElement?.classList.contains('govuk-button')`)); i += 1) {
      await keyboardPage.keyboard.press('Tab');
    }
    await keyboardPage.keyboard.press('Enter');
    await keyboardPage.waitForSelector('.govuk-panel');
    expect(await keyboardPage.textContent('main')).toContain('Typed without a mouse.');
    expect((await stack.storedUpdates(priority)).length).toBe(before + 1);
    await screenshot(keyboardPage, '06-keyboard-confirmation');
    await keyboardPage.close();
  });

  it('has no WCAG 2.2 AA violation on a single update, the preferences, error and message pages, or the statutory pages', async () => {
    // A context of its own has no session cookie, so the form's address gets the page a browser without one gets.
    const fresh = await browser.newContext();
    fresh.setDefaultTimeout(browserHangBound);
    const other = await fresh.newPage();
    const [latest] = await stack.storedUpdates(priority);
    const person = newPerson({ name: 'Solihull sponsor', email: 'sponsor@example.org', role: 'sponsor', priorityId: priority });
    await stack.stores.people.save(person);
    const visits: [string, string, number][] = [
      ['07-update', `/priorities/${priority}/updates/${String(latest!.id)}`, 200],
      ['08-preferences', `/people/${person.personId}/preferences?key=${encodeURIComponent(person.preferencesKey)}`, 200],
      ['09-not-found', '/priorities/no-such-priority', 404],
      ['10-no-session', `/priorities/${priority}/updates/new`, 401],
      ['11-accessibility', '/accessibility', 200],
      ['12-privacy', '/privacy', 200],
      ['13-cookies', '/cookies', 200],
      ['14-missed-updates', '/missed-updates', 200],
    ];
    const found: Record<string, string[]> = {};
    for (const [name, path, status] of visits) {
      const response = await other.goto(`${stack.apiUrl}${path}`);
      expect(response!.status(), path).toBe(status);
      expect(response!.headers()['content-type'], path).toContain('text/html');
      await screenshot(other, name);
      found[path] = await wcagViolations(other);
    }
    expect(found).toEqual(Object.fromEntries(visits.map(([, path]) => [path, []])));
    // The check is live: an image with no text alternative (WCAG 1.1.1) is found, whatever its impact.
    await other.evaluate(
      `document.querySelector('main').append(Object.assign(document.createElement('img'), { src: '/assets/${assetVersion}/images/favicon.svg' }))`,
    );
    expect((await wcagViolations(other)).join('\n')).toMatch(/^image-alt /);
    await fresh.close();
  });

  it('reaches each statutory page from the footer with the keyboard alone', async () => {
    const keyboardPage = await context.newPage();
    await keyboardPage.goto(`${stack.apiUrl}/`);
    for (const [path, heading] of [
      ['/accessibility', 'Accessibility statement for Recovery progress'],
      ['/privacy', 'Privacy notice'],
      ['/cookies', 'Cookies'],
    ] as const) {
      // Tab along the page until the footer's link has the focus, then follow it with Enter.
      const focused = () => keyboardPage.evaluate(`document.activeElement?.closest('.govuk-footer') ? document.activeElement.getAttribute('href') : null`);
      for (let i = 0; i < 200 && (await focused()) !== path; i += 1) await keyboardPage.keyboard.press('Tab');
      expect(await focused()).toBe(path);
      await keyboardPage.keyboard.press('Enter');
      await keyboardPage.waitForURL(`${stack.apiUrl}${path}`);
      expect(await keyboardPage.textContent('h1')).toBe(heading);
    }
    await keyboardPage.close();
  });

  it('refuses a post that relies on the session cookie without a valid CSRF token, storing nothing', async () => {
    const before = (await stack.storedUpdates(priority)).length;
    // The browser's own cookie jar: the request carries the session cookie, as a forged form would.
    const response = await context.request.post(`${stack.apiUrl}/priorities/${priority}/updates`, {
      form: { status: 'green', period: '2021-05', summary: 'Forged', statusRationale: 'x', csrfToken: 'forged' },
      headers: { accept: 'text/html' },
      maxRedirects: 0,
    });
    expect(response.status()).toBe(403);
    const missing = await context.request.post(`${stack.apiUrl}/priorities/${priority}/updates`, {
      form: { status: 'green', period: '2021-05', summary: 'Forged', statusRationale: 'x' },
      maxRedirects: 0,
    });
    expect(missing.status()).toBe(403);
    expect((await stack.storedUpdates(priority)).length).toBe(before);
  });

  it('sends a Content-Security-Policy without unsafe-inline and the other security headers', async () => {
    const response = await page.goto(`${stack.apiUrl}/`);
    const headers = response!.headers();
    expect(headers['content-security-policy']).toMatch(/script-src 'nonce-[^']+'/);
    expect(headers['content-security-policy']).not.toContain('unsafe-inline');
    expect(headers).toMatchObject({ 'x-frame-options': 'DENY', 'x-content-type-options': 'nosniff', 'referrer-policy': 'strict-origin' });
    expect(headers['strict-transport-security']).toContain('max-age=');
  });

  it('exports CSV with user text neutralised for spreadsheets', async () => {
    const csv = await (await fetch(`${stack.apiUrl}/priorities/${priority}/updates.csv`)).text();
    // The rationale began with "=": it is text now. The narrative is quoted as it was typed.
    expect(csv).toContain(`"'=HYPERLINK(""http://example.org"",""x"")"`);
    expect(csv).toContain(`"<script>alert(1)</script> =HYPERLINK(""http://example.org"",""x"")"`);
    const portfolio = await fetch(`${stack.apiUrl}/portfolio.csv`);
    expect(portfolio.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(await portfolio.text()).toContain('"Jobs and training"');
  });

  it('opens the independent assessment form from a delivery lead’s link, beside the sponsor’s rating, and shows its errors', async () => {
    const leadPage = await context.newPage();
    const token = await stack.token(priority, { role: 'delivery-lead', name: 'Jobs delivery lead' });
    const formUrl = `${stack.apiUrl}/priorities/${priority}/assessments/new`;
    await continueFromPersonalLink(leadPage, `${formUrl}?token=${encodeURIComponent(token)}`, formUrl);
    await leadPage.waitForSelector('form[action$="/assessments"]');
    const text = await leadPage.textContent('main');
    expect(text).toContain("The sponsor's self-assessment");
    expect(text).toContain('Recording as Jobs delivery lead (delivery lead)');
    await screenshot(leadPage, '15-assessment-form');
    expect(await wcagViolations(leadPage)).toEqual([]);

    await leadPage.fill('#rationale', '');
    await leadPage.click('button.govuk-button');
    await leadPage.waitForSelector('.govuk-error-summary');
    expect(await leadPage.textContent('.govuk-error-summary')).toContain('Select how confident you are');
    expect(await leadPage.textContent('.govuk-error-summary')).toContain('Explain why you gave this rating');
    await screenshot(leadPage, '16-assessment-errors');
    expect(await wcagViolations(leadPage)).toEqual([]);
    await leadPage.close();
  });

  it('records a board member’s assessment with the keyboard alone, and the priority’s page and dashboard show both ratings', async () => {
    const keyboardPage = await context.newPage();
    const token = await stack.boardToken({ name: 'Board chair' });
    const formUrl = `${stack.apiUrl}/priorities/${priority}/assessments/new`;
    await continueFromPersonalLink(keyboardPage, `${formUrl}?token=${encodeURIComponent(token)}`, formUrl);
    await keyboardPage.waitForSelector('form[action$="/assessments"]');
    // Green, the first radio: focus it and select it with the space bar.
    await keyboardPage.focus('#status');
    await keyboardPage.keyboard.press('Space');
    await keyboardPage.keyboard.press('Tab');
    await keyboardPage.keyboard.press('Control+A');
    await keyboardPage.keyboard.type('2021-04');
    await keyboardPage.keyboard.press('Tab');
    await keyboardPage.keyboard.type(hostile);
    for (let i = 0; i < 12 && !(await keyboardPage.evaluate(`document.activeElement?.classList.contains('govuk-button')`)); i += 1) {
      await keyboardPage.keyboard.press('Tab');
    }
    await keyboardPage.keyboard.press('Enter');
    await keyboardPage.waitForURL(`${stack.apiUrl}/priorities/${priority}`);
    const main = await keyboardPage.textContent('main');
    expect(main).toContain('Board chair (board member) rates it Green for 2021-04');
    expect(main).toContain('The ratings diverge'); // the sponsor's latest is amber
    expect(main).toContain(hostile); // shown as text
    await screenshot(keyboardPage, '17-priority-with-assessment');
    expect(await wcagViolations(keyboardPage)).toEqual([]);

    // The dashboard reads the current assessment beside the summaries, where the stream copies it.
    await eventually(
      async () => {
        await keyboardPage.goto(`${stack.apiUrl}/`);
        return (await keyboardPage.textContent(`tr[data-priority="${priority}"]`))?.includes('Diverges from the sponsor');
      },
      patience,
      200,
      'the dashboard to show the board member’s assessment',
    );
    await screenshot(keyboardPage, '18-dashboard-with-assessment');
    expect(await wcagViolations(keyboardPage)).toEqual([]);
    expect(dialogs).toEqual([]);
    await keyboardPage.close();
  });
});
