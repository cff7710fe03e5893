/**
 * One whole governance cycle in real Chromium: a sponsor raises a barrier that needs the
 * board's support; the board member's digest carries a personal link; the board member records
 * a response with the keyboard alone; the sponsor and the delivery lead get one email each; the
 * sponsor resolves the barrier in the next update, with the keyboard alone; the priority page shows
 * it resolved, with its age and the board's response. axe checks every page on the way.
 */
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { invoke } from '../../infra/local/lambda.ts';
import { eventually, patience, type SentEmail, startTestStack, type TestStack } from '../integration/stack.ts';
import { browserHangBound, continueFromPersonalLink, hasChromium, launch, screenshot, wcagViolations } from './browser.ts';

const priority = 'jobs-and-training';
const ask = 'Data sharing with DWP is slow <b>urgent</b>';
const decision = 'The chair will raise data sharing with the DWP regional director.';
const to = (email: SentEmail) => email.destination.to[0]!;

let stack: TestStack;
let browser: Browser;
let sponsorContext: BrowserContext;
let boardContext: BrowserContext;
let sponsor: Page;
let board: Page;
let barrierId: string;

describe.skipIf(!hasChromium)('a governance cycle in Chromium', () => {
  beforeAll(async () => {
    stack = await startTestStack();
    browser = await launch();
    sponsorContext = await browser.newContext();
    boardContext = await browser.newContext();
    for (const context of [sponsorContext, boardContext]) context.setDefaultTimeout(browserHangBound);
    sponsor = await sponsorContext.newPage();
    board = await boardContext.newPage();
  });

  afterAll(async () => {
    await browser?.close();
    await stack?.stop();
  });

  it('the sponsor raises a barrier that needs the board’s support', async () => {
    const token = await stack.token(priority, { name: 'Solihull sponsor', email: 'poster@example.org' });
    const formUrl = `${stack.apiUrl}/priorities/${priority}/updates/new`;
    await continueFromPersonalLink(sponsor, `${formUrl}?token=${encodeURIComponent(token)}`, formUrl);
    await sponsor.check('#status-3'); // Amber
    await sponsor.fill('#period', '2021-03');
    await sponsor.fill('#summary', 'Kickstart placements agreed with 40 employers.');
    await sponsor.fill('#statusRationale', 'Placements are behind the plan for the quarter.');
    await sponsor.fill('#boardSupportBarriers', ask);
    await sponsor.click('button.govuk-button');
    await sponsor.waitForSelector('.govuk-panel');
    const updateId = sponsor.url().split('/').pop()!;
    barrierId = `${updateId}-0`;
    await eventually(
      async () => (await stack.stores.barriers.list(priority)).some((barrier) => barrier.barrierId === barrierId),
      patience,
      100,
      'the barrier in the log',
    );
  });

  it('the board member’s digest carries a personal link to the barriers page', async () => {
    const before = (await stack.emails()).length;
    await invoke('digest', { runId: 'governance-cycle' });
    const digest = await eventually(async () =>
      (await stack.emails()).slice(before).find((email) => to(email) === 'board.chair@example.org' && email.subject.startsWith('Weekly')),
    );
    expect(digest.body.text).toContain(ask);
    const link = /https?:\/\/\S+\/barriers\?token=[^\s"<]+/.exec(digest.body.text!)![0];
    await continueFromPersonalLink(board, `${stack.apiUrl}${new URL(link).pathname}${new URL(link).search}`, `${stack.apiUrl}/barriers`, async () => {
      expect(await board.textContent('main')).toContain('This personal link is for a board member.');
      expect(await wcagViolations(board)).toEqual([]);
    });
    expect(board.url()).not.toContain('token=');
    expect(await board.textContent(`[data-barrier="${barrierId}"]`)).toContain(ask); // shown as text
    await screenshot(board, '20-barriers-for-the-board');
    expect(await wcagViolations(board)).toEqual([]);
  });

  it('the board member records a response with the keyboard alone; the sponsor and the delivery lead get one email each', async () => {
    const before = (await stack.emails()).length;
    // Errors first: each is listed and linked to its field, and what was typed stays.
    await board.focus(`#decision-${barrierId}`);
    await board.keyboard.type(decision);
    await board.keyboard.press('Tab'); // the owner
    await board.keyboard.press('Tab'); // the due date
    await board.keyboard.type('next month');
    await board.keyboard.press('Tab'); // the button
    await board.keyboard.press('Enter');
    await board.waitForSelector('.govuk-error-summary');
    expect(await board.textContent('.govuk-error-summary')).toContain('Enter who owns the action');
    expect(await board.inputValue(`#decision-${barrierId}`)).toBe(decision);
    await screenshot(board, '21-response-errors');
    expect(await wcagViolations(board)).toEqual([]);

    await board.focus(`#owner-${barrierId}`);
    await board.keyboard.type('Board chair');
    await board.keyboard.press('Tab');
    await board.keyboard.press('ControlOrMeta+A');
    await board.keyboard.type('2021-04-30');
    await board.keyboard.press('Tab');
    await board.keyboard.press('Enter');
    await board.waitForSelector('.govuk-notification-banner--success');
    expect(await board.textContent(`[data-barrier="${barrierId}"] [data-board-responses]`)).toContain(decision);
    await screenshot(board, '22-response-recorded');
    expect(await wcagViolations(board)).toEqual([]);

    const told = await eventually(async () => {
      const sent = (await stack.emails()).slice(before).filter((email) => email.subject.includes('the board has responded'));
      return sent.length >= 2 ? sent : undefined;
    });
    await new Promise((resolve) => setTimeout(resolve, 500));
    const all = (await stack.emails()).slice(before).filter((email) => email.subject.includes('the board has responded'));
    expect(all.map(to).sort()).toEqual([`lead.${priority}@example.org`, `sponsor.${priority}@example.org`]);
    expect(told[0]!.body.text).toContain(decision);
  });

  it('the sponsor resolves the barrier in the next update', async () => {
    await sponsor.goto(`${stack.apiUrl}/priorities/${priority}/updates/new`);
    const shown = sponsor.locator('fieldset', { hasText: ask });
    expect(await shown.textContent()).toContain('The board has responded 1 time');
    await screenshot(sponsor, '23-form-with-open-barriers');
    expect(await wcagViolations(sponsor)).toEqual([]);
    // With the keyboard: the barrier's status (Open → Being handled → Resolved), then its owner.
    await shown.locator('select[name="loggedBarrierStatus"]').focus();
    await sponsor.keyboard.press('ArrowDown');
    await sponsor.keyboard.press('ArrowDown');
    await sponsor.keyboard.press('Tab');
    await sponsor.keyboard.type('Solihull Council');
    await sponsor.focus('#period');
    await sponsor.keyboard.press('ControlOrMeta+A');
    await sponsor.keyboard.type('2021-04');
    await sponsor.focus('#summary');
    await sponsor.keyboard.type('DWP data now flows weekly.');
    await sponsor.focus('button.govuk-button');
    await sponsor.keyboard.press('Enter');
    await sponsor.waitForSelector('.govuk-panel');
  });

  it('the priority page shows the barrier resolved, with its age and the board’s response', async () => {
    const resolved = await eventually(
      async () => {
        await sponsor.goto(`${stack.apiUrl}/priorities/${priority}`);
        const text = await sponsor.textContent(`[data-barrier="${barrierId}"]`);
        return text?.includes('Resolved') ? text : undefined;
      },
      patience,
      200,
    );
    expect(resolved).toContain(ask);
    expect(resolved).toMatch(/Raised today|Raised 1 day ago/);
    expect(resolved).toContain(decision);
    expect(resolved).toContain('Owner: Board chair');
    expect(resolved).toContain('Solihull Council');
    expect(await sponsor.textContent('main')).toContain('Resolved barriers');
    await screenshot(sponsor, '24-priority-barrier-resolved');
    expect(await wcagViolations(sponsor)).toEqual([]);

    // It has left the board's list.
    await board.goto(`${stack.apiUrl}/barriers`);
    expect(await board.locator(`[data-barrier="${barrierId}"]`).count()).toBe(0);
  });
});
