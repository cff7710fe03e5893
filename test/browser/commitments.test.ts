/**
 * Milestones and measures in real Chromium: a board member (the programme office) defines a
 * milestone and a measure from the commitments page, an error shown first with what was typed
 * kept; the sponsor's next update reports the measure's value and a forecast 10 working days past
 * the milestone's baseline from the update form; the priority page shows the slippage and the
 * measure's chart with its target line. axe checks every page on the way.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addWorkingDays } from '#shared/domain/deadlines';
import { eventually, patience, startTestStack, type TestStack } from '../integration/stack.ts';
import { browserHangBound, continueFromPersonalLink, hasChromium, launch, screenshot, wcagViolations } from './browser.ts';

const priority = 'jobs-and-training';
const commitmentsUrl = () => `${stack.apiUrl}/priorities/${priority}/commitments`;
const baseline = '2021-03-05';

let stack: TestStack;
let browser: Browser;
let board: Page;
let sponsor: Page;

describe.skipIf(!hasChromium)('milestones and measures in Chromium', () => {
  beforeAll(async () => {
    stack = await startTestStack();
    browser = await launch();
    const [boardContext, sponsorContext] = [await browser.newContext(), await browser.newContext()];
    for (const context of [boardContext, sponsorContext]) context.setDefaultTimeout(browserHangBound);
    board = await boardContext.newPage();
    sponsor = await sponsorContext.newPage();
  });

  afterAll(async () => {
    await browser?.close();
    await stack?.stop();
  });

  it('a board member defines a milestone, seeing an error first with what was typed kept', async () => {
    const token = await stack.boardToken({ name: 'Programme office' });
    await continueFromPersonalLink(board, `${stack.apiUrl}/barriers?token=${encodeURIComponent(token)}`, `${stack.apiUrl}/barriers`);
    await board.goto(commitmentsUrl());
    expect(await board.textContent('main')).toContain('You are acting for the programme office');
    expect(await wcagViolations(board)).toEqual([]);

    await board.fill('#milestone-title', 'Youth hub <open>');
    await board.fill('#milestone-baseline', '5 March');
    await board.click('text=Add the milestone');
    await board.waitForSelector('.govuk-error-summary');
    expect(await board.textContent('.govuk-error-summary')).toContain('Enter the baseline date as year-month-day');
    expect(await board.inputValue('#milestone-title')).toBe('Youth hub <open>');
    expect(await wcagViolations(board)).toEqual([]);
    await screenshot(board, '40-commitments-milestone-error');

    await board.fill('#milestone-baseline', baseline);
    await board.click('text=Add the milestone');
    await board.waitForSelector('.govuk-notification-banner--success');
    expect(await board.textContent('[data-milestone="youth-hub-open"]')).toContain('Youth hub <open>');
  });

  it('a board member defines a measure with the keyboard alone', async () => {
    await board.focus('#measure-name');
    await board.keyboard.type('Kickstart placements');
    await board.focus('#measure-unit');
    await board.keyboard.press('Space');
    await board.focus('#measure-better');
    await board.keyboard.press('Space');
    for (const [field, value] of [
      ['#measure-baselineValue', '0'],
      ['#measure-baselineDate', '2021-01-01'],
      ['#measure-targetValue', '1,000'],
      ['#measure-targetDate', '2022-01-01'],
    ] as const) {
      await board.focus(field);
      await board.keyboard.type(value);
    }
    await board.focus('text=Add the measure');
    await board.keyboard.press('Enter');
    await board.waitForSelector('[data-measure="kickstart-placements"]');
    expect(await board.textContent('[data-measure="kickstart-placements"]')).toContain('1,000');
    expect(await wcagViolations(board)).toEqual([]);
    await screenshot(board, '41-commitments-defined');
  });

  it('the sponsor’s update reports the measure’s value and a forecast 10 working days late; the priority page shows both', async () => {
    const token = await stack.token(priority, { name: 'Solihull sponsor', email: 'poster@example.org' });
    const formUrl = `${stack.apiUrl}/priorities/${priority}/updates/new`;
    await continueFromPersonalLink(sponsor, `${formUrl}?token=${encodeURIComponent(token)}`, formUrl);
    expect(await wcagViolations(sponsor)).toEqual([]);
    await sponsor.check('#status-3'); // Amber
    await sponsor.fill('#period', '2021-03');
    await sponsor.fill('#summary', 'Kickstart placements agreed with 40 employers.');
    await sponsor.fill('#statusRationale', 'Placements are behind the plan for the quarter.');
    await sponsor.fill('#milestoneForecast-0', addWorkingDays(baseline, 10));
    await sponsor.selectOption('#milestoneStatus-0', 'at-risk');
    await sponsor.fill('#measureValue-0', '120');
    await sponsor.click('text=Record the update');
    await sponsor.waitForSelector('.govuk-panel');

    await eventually(
      async () => (await stack.stores.commitments.list(priority)).measures.some(({ value }) => value.latest?.value === 120),
      patience,
      100,
      'the measure’s value applied from the stream',
    );
    await sponsor.goto(`${stack.apiUrl}/priorities/${priority}`);
    expect(await sponsor.textContent('[data-milestone="youth-hub-open"] [data-column="slippage"]')).toBe('10 working days later');
    expect(await sponsor.locator('[data-measure="kickstart-placements"] svg.app-measure-chart .app-measure-chart__target').count()).toBe(1);
    expect(await sponsor.textContent('[data-measure="kickstart-placements"] table')).toContain('120');
    expect(await wcagViolations(sponsor)).toEqual([]);
    await screenshot(sponsor, '42-priority-with-measure-chart');
  });
});
