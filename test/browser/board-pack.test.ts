/**
 * Board packs in real Chromium: the printable pack and the list with its form pass axe-core's
 * WCAG 2.2 AA rules, the pack printed to PDF (A4) puts each priority on a page of its own, and a
 * board member makes a pack with the keyboard alone.
 */
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newUpdateId } from '#shared/domain/ids';
import type { ProgressUpdate } from '#shared/domain/update';
import { startTestStack, type TestStack } from '../integration/stack.ts';
import { browserHangBound, continueFromPersonalLink, hasChromium, launch, screenshot, wcagViolations } from './browser.ts';

let stack: TestStack;
let browser: Browser;
let context: BrowserContext;
let page: Page;
let priorityIds: string[];

function update(priorityId: string, period: string, submittedAt: string): ProgressUpdate {
  return {
    id: newUpdateId(new Date(submittedAt)),
    priorityId,
    period,
    status: 'amber',
    summary: `<script>alert(1)</script> Progress for ${period}.`,
    statusRationale: 'Behind the plan for the quarter.',
    achievements: ['Placements agreed'],
    nextSteps: ['Open the second round'],
    barriers: [],
    submittedAt,
    author: { tokenId: '0123456789abcdef', name: 'A sponsor' },
  };
}

/** The pages of a PDF: its page objects (`/Type /Page`, not the `/Pages` tree nodes). */
function pdfPageCount(pdf: Buffer): number {
  return pdf.toString('latin1').match(/\/Type\s*\/Page(?![a-zA-Z])/g)?.length ?? 0;
}

describe.skipIf(!hasChromium)('board packs in Chromium', () => {
  beforeAll(async () => {
    stack = await startTestStack();
    priorityIds = (await stack.stores.programme.snapshot()).priorities.map((priority) => priority.id);
    for (const [i, priorityId] of priorityIds.slice(0, 3).entries()) {
      await stack.stores.updates.record(update(priorityId, '2021-02', `2021-03-0${i + 1}T10:00:00Z`));
    }
    const made = await stack.request('POST', '/board-packs', {
      headers: { 'content-type': 'application/json', authorization: `Bearer ${await stack.boardToken()}` },
      body: JSON.stringify({ quarter: '2021-Q1' }),
    });
    if (made.status !== 201) throw new Error(`The pack was not made: ${made.status}`);
    browser = await launch();
    context = await browser.newContext();
    context.setDefaultTimeout(browserHangBound);
    page = await context.newPage();
  });

  afterAll(async () => {
    await browser?.close();
    await stack?.stop();
  });

  it('shows the pack with no WCAG 2.2 AA violation', async () => {
    await page.goto(`${stack.apiUrl}/board-packs/2021-Q1`);
    await page.waitForSelector('section.app-board-pack__priority');
    expect(await page.locator('main script').count()).toBe(0);
    await screenshot(page, '20-board-pack');
    expect(await wcagViolations(page)).toEqual([]);
  });

  it('prints on A4 with the cover on one page and each priority on a page of its own', async () => {
    await page.goto(`${stack.apiUrl}/board-packs/2021-Q1`);
    await page.emulateMedia({ media: 'print' });
    // In print, every priority's section starts a page.
    const breaks = (await page.evaluate(
      `[...document.querySelectorAll('section.app-board-pack__priority')].map((section) => getComputedStyle(section).breakBefore)`,
    )) as string[];
    expect(breaks).toEqual(priorityIds.map(() => 'page'));
    // Printed as a browser prints it: with the print styles (page.pdf's default media).
    await page.emulateMedia({ media: null });
    const pdf = await page.pdf({ format: 'A4' });
    expect(pdfPageCount(pdf)).toBe(1 + priorityIds.length);
  });

  it('has no WCAG 2.2 AA violation on the list of packs, with and without the form or its error', async () => {
    await page.goto(`${stack.apiUrl}/board-packs`);
    expect(await page.locator('tr[data-quarter="2021-Q1"]').count()).toBe(1);
    expect(await page.locator('form[action="/board-packs"]').count()).toBe(0);
    expect(await wcagViolations(page)).toEqual([]);
  });

  it('lets a board member make a pack with the keyboard alone', async () => {
    const token = await stack.boardToken({ name: 'Board chair' });
    const keyboardPage = await context.newPage();
    // The board member's personal link, continued from with the keyboard, makes the session.
    await continueFromPersonalLink(keyboardPage, `${stack.apiUrl}/barriers?token=${encodeURIComponent(token)}`, `${stack.apiUrl}/barriers`);
    await keyboardPage.goto(`${stack.apiUrl}/board-packs`);
    await keyboardPage.waitForSelector('form[action="/board-packs"]');
    expect(await wcagViolations(keyboardPage)).toEqual([]);

    const tabTo = async (check: string) => {
      for (let i = 0; i < 40 && !(await keyboardPage.evaluate(check)); i += 1) await keyboardPage.keyboard.press('Tab');
      expect(await keyboardPage.evaluate(check)).toBe(true);
    };
    // A quarter that has not ended: the form comes back with the error.
    await tabTo(`document.activeElement?.id === 'quarter'`);
    await keyboardPage.keyboard.press('Control+A');
    await keyboardPage.keyboard.type('2099-Q1');
    await keyboardPage.keyboard.press('Enter');
    await keyboardPage.waitForSelector('.govuk-error-summary');
    expect(await keyboardPage.title()).toMatch(/^Error: /);
    await screenshot(keyboardPage, '21-board-packs-error');
    expect(await wcagViolations(keyboardPage)).toEqual([]);

    await tabTo(`document.activeElement?.id === 'quarter'`);
    await keyboardPage.keyboard.press('Control+A');
    await keyboardPage.keyboard.type('2020-Q4');
    await tabTo(`document.activeElement?.classList.contains('govuk-button') === true`);
    await keyboardPage.keyboard.press('Enter');
    await keyboardPage.waitForURL(`${stack.apiUrl}/board-packs/2020-Q4`);
    expect(await keyboardPage.textContent('h1')).toContain('Board pack for 2020-Q4');
    expect(await stack.stores.boardPacks.get('2020-Q4')).toBeDefined();
    await screenshot(keyboardPage, '22-board-pack-made-by-keyboard');

    // Sign out from the list's navigation: the session ends, and the list has no form again.
    await keyboardPage.goto(`${stack.apiUrl}/board-packs`);
    await tabTo(`document.activeElement?.matches('form[action="/sign-out"] button') === true`);
    await keyboardPage.keyboard.press('Enter');
    await keyboardPage.waitForSelector('h1:has-text("You have signed out")');
    expect(await wcagViolations(keyboardPage)).toEqual([]);
    expect((await context.cookies()).filter((cookie) => cookie.name === '__Host-rp_session')).toEqual([]);
    await keyboardPage.goto(`${stack.apiUrl}/board-packs`);
    expect(await keyboardPage.locator('form[action="/board-packs"]').count()).toBe(0);
    await keyboardPage.close();
  });
});
