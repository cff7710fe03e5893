/**
 * Asks of government in real Chromium: a board member and a priority's sponsor each change an
 * ask from its page (another priority's refuses the sponsor), an error first (the form comes back with it and with what was typed); the
 * asks page filtered by status; axe-core finds no WCAG 2.2 AA violation on either page.
 */
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestStack, type TestStack } from '../integration/stack.ts';
import { browserHangBound, continueFromPersonalLink, hasChromium, launch, screenshot, wcagViolations } from './browser.ts';

let stack: TestStack;
let browser: Browser;

const priority = 'jobs-and-training';
const askPath = `/asks/${priority}/get-people-back-work`;

/** A page in a context of its own, so each person has their own session cookie. */
async function newPage(): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext();
  context.setDefaultTimeout(browserHangBound);
  return { context, page: await context.newPage() };
}

/** Tabs to the element `check` names, then presses Enter: the form is sent with the keyboard. */
async function submitWithKeyboard(page: Page, check = `document.activeElement?.matches('form[action^="/asks/"] button') === true`) {
  for (let i = 0; i < 60 && !(await page.evaluate(check)); i += 1) await page.keyboard.press('Tab');
  expect(await page.evaluate(check)).toBe(true);
  await page.keyboard.press('Enter');
}

describe.skipIf(!hasChromium)('asks of government in Chromium', () => {
  beforeAll(async () => {
    stack = await startTestStack();
    browser = await launch();
  });

  afterAll(async () => {
    await browser?.close();
    await stack?.stop();
  });

  it('a board member changes an ask from its page: an error first, keeping what was typed, then saved', async () => {
    const token = await stack.boardToken({ name: 'Board chair' });
    const { context, page } = await newPage();
    await continueFromPersonalLink(page, `${stack.apiUrl}/barriers?token=${encodeURIComponent(token)}`, `${stack.apiUrl}/barriers`);
    await page.goto(`${stack.apiUrl}${askPath}`);
    await page.waitForSelector(`form[action="${askPath}"]`);
    expect(await wcagViolations(page)).toEqual([]);

    // £ secured for an ask only raised: refused, with the error and what was typed.
    await page.focus('#status');
    await page.selectOption('#status', 'raised');
    await page.focus('#securedGbp');
    await page.keyboard.type('2,500,000');
    await page.focus('#department');
    await page.keyboard.type('Department for Work and Pensions');
    await submitWithKeyboard(page);
    await page.waitForSelector('.govuk-error-summary');
    expect(await page.title()).toMatch(/^Error: /);
    expect(await page.inputValue('#securedGbp')).toBe('2,500,000');
    expect(await page.inputValue('#department')).toBe('Department for Work and Pensions');
    await screenshot(page, '30-ask-error');
    expect(await wcagViolations(page)).toEqual([]);

    await page.selectOption('#status', 'agreed');
    await submitWithKeyboard(page);
    await page.waitForSelector('.govuk-notification-banner--success');
    expect(await page.textContent('[data-ask-status]')).toContain('Agreed');
    expect(await page.textContent('[data-ask-secured]')).toContain('£2,500,000');
    expect(await page.locator('[data-ask-change]').count()).toBe(1);
    expect(await wcagViolations(page)).toEqual([]);
    await context.close();
  });

  it('a sponsor changes their own priority’s ask; another priority’s refuses their change and stores nothing', async () => {
    const token = await stack.token(priority, { name: 'Sam Sponsor' });
    const { context, page } = await newPage();
    const form = `/priorities/${priority}/updates/new`;
    await continueFromPersonalLink(page, `${stack.apiUrl}${form}?token=${encodeURIComponent(token)}`, `${stack.apiUrl}${form}`);
    await page.goto(`${stack.apiUrl}/asks/local-businesses-and-high-streets/sme-recovery-programme`);
    await page.focus('#response');
    await page.keyboard.type('Not mine to change');
    // The refusal's page, once it has loaded.
    const [refused] = await Promise.all([page.waitForNavigation(), submitWithKeyboard(page)]);
    expect(refused?.status()).toBe(403);
    expect(await stack.stores.commitments.history('local-businesses-and-high-streets', 'ASK', 'sme-recovery-programme')).toEqual([]);

    await page.goto(`${stack.apiUrl}${askPath}`);
    await page.waitForSelector(`form[action="${askPath}"]`);
    // A due date that is not a date: refused first.
    await page.focus('#nextStepText');
    await page.keyboard.type('Agree the delivery plan with DWP');
    await page.focus('#nextStepDue');
    await page.keyboard.type('next spring');
    await submitWithKeyboard(page);
    await page.waitForSelector('.govuk-error-summary');
    expect(await page.inputValue('#nextStepText')).toBe('Agree the delivery plan with DWP');
    expect(await wcagViolations(page)).toEqual([]);
    await page.fill('#nextStepDue', '2021-06-30');
    await page.focus('#reason');
    await page.keyboard.type('Agreed at the March board');
    await submitWithKeyboard(page);
    await page.waitForSelector('.govuk-notification-banner--success');
    expect(await page.locator('[data-ask-change]').count()).toBe(2);
    expect(await page.textContent('[data-ask-state]')).toContain('Agree the delivery plan with DWP');
    await screenshot(page, '31-ask-changed-by-sponsor');
    await context.close();
  });

  it('lists the asks filtered by status, with the totals, and no WCAG 2.2 AA violation', async () => {
    const { context, page } = await newPage();
    await page.goto(`${stack.apiUrl}/asks`);
    expect(await wcagViolations(page)).toEqual([]);
    await page.check('#status-4');
    await submitWithKeyboard(page, `document.activeElement?.matches('form[action="/asks"] button') === true`);
    await page.waitForURL(/\/asks\?status=agreed$/);
    expect(await page.locator('tr[data-ask]').count()).toBe(1);
    expect(await page.textContent('[data-total-secured]')).toContain('£2,500,000');
    await screenshot(page, '32-asks-filtered');
    expect(await wcagViolations(page)).toEqual([]);
    await context.close();
  });
});
