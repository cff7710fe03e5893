/**
 * A sponsor corrects their update in real Chromium: from the update's page to the correction form
 * (prefilled), errors first with what was typed kept, then the correction recorded and both shown
 * in the priority's history; keyboard only, and axe-core on the form with an error shown.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually, startTestStack, type TestStack, validUpdate } from '../integration/stack.ts';
import { browserHangBound, continueFromPersonalLink, hasChromium, launch, screenshot, wcagViolations } from './browser.ts';

const priority = 'jobs-and-training';
const hostile = '<script>alert(1)</script> =HYPERLINK("http://example.org","x")';

let stack: TestStack;
let browser: Browser;
let page: Page;
let updateId: string;

/** Tabs until the element matching `selector` has the focus. */
async function tabTo(selector: string): Promise<void> {
  const focused = `document.activeElement?.matches(${JSON.stringify(selector)}) ?? false`;
  for (let i = 0; i < 40 && !(await page.evaluate(focused)); i += 1) await page.keyboard.press('Tab');
  expect(await page.evaluate(focused), selector).toBe(true);
}

describe.skipIf(!hasChromium)('correcting an update in Chromium', () => {
  beforeAll(async () => {
    stack = await startTestStack();
    browser = await launch();
    const context = await browser.newContext();
    context.setDefaultTimeout(browserHangBound);
    page = await context.newPage();
    // The sponsor posts an update, then opens their personal link: the session is made from the same token.
    const token = await stack.token(priority, { name: 'Solihull sponsor' });
    const answer = await stack.request('POST', `/priorities/${priority}/updates`, {
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ ...validUpdate, period: '2021-03' }),
    });
    updateId = ((await answer.json()) as { id: string }).id;
    const formUrl = `${stack.apiUrl}/priorities/${priority}/updates/new`;
    await continueFromPersonalLink(page, `${formUrl}?token=${encodeURIComponent(token)}`, formUrl);
  });

  afterAll(async () => {
    await browser?.close();
    await stack?.stop();
  });

  it('opens the form, prefilled, from the update’s page', async () => {
    await page.goto(`${stack.apiUrl}/priorities/${priority}/updates/${updateId}`);
    await tabTo('a[href$="/correct"]');
    await page.keyboard.press('Enter');
    await page.waitForSelector('form[action$="/corrections"]');
    expect(await page.inputValue('#period')).toBe('2021-03');
    expect(await page.inputValue('#summary')).toBe(validUpdate.summary);
    expect(await page.isChecked('#status-3')).toBe(true); // Amber, the update's rating
    await screenshot(page, 'correction-01-form');
    expect(await wcagViolations(page)).toEqual([]);
  });

  it('shows the errors first and keeps what was typed, storing nothing', async () => {
    const before = (await stack.storedUpdates(priority)).length;
    await page.focus('#period');
    await page.keyboard.press('Control+A');
    await page.keyboard.type('2021-13');
    await tabTo('#summary');
    await page.keyboard.press('Control+A');
    await page.keyboard.type(hostile);
    await tabTo('button.govuk-button');
    await page.keyboard.press('Enter');
    await page.waitForSelector('.govuk-error-summary');
    const summary = await page.textContent('.govuk-error-summary');
    expect(summary).toContain('Say why you are correcting the update');
    expect(summary).toContain('Enter the reporting period');
    expect(await page.inputValue('#period')).toBe('2021-13');
    expect(await page.inputValue('#summary')).toBe(hostile);
    expect((await stack.storedUpdates(priority)).length).toBe(before);
    await screenshot(page, 'correction-02-errors');
    expect(await wcagViolations(page)).toEqual([]);
  });

  it('records the correction with the keyboard alone, and the history shows both', async () => {
    await page.focus('#reason');
    await page.keyboard.type('The update was for February.');
    await page.focus('#period');
    await page.keyboard.press('Control+A');
    await page.keyboard.type('2021-02');
    await tabTo('button.govuk-button');
    await page.keyboard.press('Enter');
    await page.waitForSelector('[data-correction="corrects"]');
    expect(await page.textContent('[data-correction="corrects"]')).toContain('because The update was for February.');
    expect(await wcagViolations(page)).toEqual([]);
    await eventually(async () => (await stack.stores.summaries.get(priority, true))?.value.period === '2021-02');
    await page.goto(`${stack.apiUrl}/priorities/${priority}`);
    expect(await page.textContent('[data-correction="corrected"]')).toMatch(/Corrected on .+ because The update was for February\./);
    expect(await page.textContent('[data-correction="corrects"]')).toContain('Corrects the update of');
    await screenshot(page, 'correction-03-history');
    expect(await wcagViolations(page)).toEqual([]);
  });
});
