/**
 * What the roadmap committed to, in real Chromium: a board member (the programme office) defines a
 * milestone and a measure from the commitments page, an error shown first with what was typed
 * kept; the sponsor's next update (for March 2021, posted today) reports the measure's value, a
 * forecast 10 working days past the milestone's baseline, an ask of government agreed with £
 * secured and a barrier; the priority page shows the slippage and the measure's chart with its
 * target line; the board's digest names the milestone and the ask; the dashboard shows £ secured of
 * £ asked; the 2021-Q1 board pack lists the ask, the milestone, the measure and the barrier, and is
 * the same when made again; a correction of the update's period and rating moves the measure's
 * value and leaves the pack as it was. axe checks every page on the way.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addWorkingDays } from '#shared/domain/deadlines';
import { invoke } from '../../infra/local/lambda.ts';
import { eventually, patience, type SentEmail, startTestStack, type TestStack } from '../integration/stack.ts';
import { browserHangBound, continueFromPersonalLink, hasChromium, launch, screenshot, wcagViolations } from './browser.ts';

const priority = 'jobs-and-training';
const commitmentsUrl = () => `${stack.apiUrl}/priorities/${priority}/commitments`;
const baseline = '2021-03-05';
const askId = 'get-people-back-work';
const barrier = 'Employer data sharing <b>needs DWP</b>';
const to = (email: SentEmail) => email.destination.to[0]!;
let updateId: string;
let boardToken: string;

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
    boardToken = await stack.boardToken({ name: 'Programme office' });
    await continueFromPersonalLink(board, `${stack.apiUrl}/barriers?token=${encodeURIComponent(boardToken)}`, `${stack.apiUrl}/barriers`);
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

  it('the sponsor’s update reports the measure’s value, a forecast 10 working days late and an ask agreed; the priority page shows them', async () => {
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
    const ask = await sponsor.evaluate(`[...document.querySelectorAll('input[name="askId"]')].findIndex((input) => input.value === '${askId}')`);
    await sponsor.selectOption(`#askStatus-${ask}`, 'agreed');
    await sponsor.fill(`#askSecuredGbp-${ask}`, '20,000,000');
    await sponsor.fill('#boardSupportBarriers', barrier);
    await sponsor.click('text=Record the update');
    await sponsor.waitForSelector('.govuk-panel');
    updateId = sponsor.url().split('/').pop()!;
    await eventually(
      async () => (await stack.stores.commitments.ask(priority, askId, true))?.value.status === 'agreed',
      patience,
      100,
      'the ask applied from the stream',
    );

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

  it('the board’s digest names the slipped milestone and the ask; the dashboard shows £ secured of £ asked', async () => {
    const before = (await stack.emails()).length;
    await invoke('digest', { runId: 'commitments-acceptance' });
    const digest = await eventually(async () =>
      (await stack.emails()).slice(before).find((email) => to(email) === 'board.chair@example.org' && email.subject.startsWith('Weekly')),
    );
    const askTitle = (await stack.stores.commitments.ask(priority, askId))!.value.title;
    expect(digest.body.text).toContain('Youth hub <open> (Jobs and training): late; 10 working days past its baseline');
    expect(digest.body.text).toContain(askTitle);
    expect(digest.body.text).toMatch(/Agreed, £20,000,000 secured/);
    expect(digest.body.html).toContain('Youth hub &lt;open&gt;');

    await board.goto(`${stack.apiUrl}/`);
    expect(await board.textContent('main')).toMatch(/£20,000,000 secured of £[\d,]+ asked of government/);
    expect(await board.textContent('main')).toContain('Youth hub <open>');
    expect(await wcagViolations(board)).toEqual([]);
    await screenshot(board, '43-dashboard-with-commitments');
  });

  it('the 2021-Q1 board pack lists the ask, the milestone, the measure and the barrier, and is the same when made again', async () => {
    const make = () =>
      stack.request('POST', '/board-packs', {
        headers: { 'content-type': 'application/json', authorization: `Bearer ${boardToken}` },
        body: JSON.stringify({ quarter: '2021-Q1' }),
      });
    expect((await make()).status).toBe(201);
    await board.goto(`${stack.apiUrl}/board-packs/2021-Q1`);
    const part = `section[data-priority="${priority}"]`;
    const askLine = await board.textContent(`${part} [data-pack-ask="${askId}"]`);
    expect(askLine).toContain('Agreed');
    expect(askLine).toContain('£20,000,000 secured');
    expect(askLine).toContain('In the quarter:');
    expect(await board.getAttribute(`${part} [data-milestone="youth-hub-open"] [data-outcome]`, 'data-outcome')).toBe('missed');
    expect(await board.textContent(`${part} [data-table="pack-measures"]`)).toMatch(/Kickstart placements[\s\S]*120/);
    expect(await board.textContent(part)).toContain(barrier);
    expect(await wcagViolations(board)).toEqual([]);
    await screenshot(board, '44-board-pack-with-commitments');
    const made = await board.innerHTML('main');

    const again = await make();
    expect(again.status).toBe(200);
    await board.reload();
    expect(await board.innerHTML('main')).toBe(made);
  });

  it('a correction of the update’s period and rating moves the measure’s value; the pack made before stays as it was', async () => {
    const before = await board.innerHTML('main');
    await sponsor.goto(`${stack.apiUrl}/priorities/${priority}/updates/${updateId}/correct`);
    await sponsor.fill('#period', '2021-04');
    await sponsor.check('#status-4'); // Amber-red
    await sponsor.fill('#statusRationale', 'Placements fell further behind in April.');
    await sponsor.fill('#reason', 'The update was for April, and its rating was too kind.');
    await sponsor.click('button.govuk-button');
    await sponsor.waitForSelector('[data-correction="corrects"]');
    expect(await wcagViolations(sponsor)).toEqual([]);
    await eventually(
      async () => {
        const measure = (await stack.stores.commitments.list(priority, true)).measures.find(({ value }) => value.measureId === 'kickstart-placements');
        return measure?.value.values.map(({ period }) => period).join() === '2021-04';
      },
      patience,
      100,
      'the measure’s value moved to the corrected period',
    );
    await eventually(async () => (await stack.stores.summaries.get(priority, true))?.value.period === '2021-04', patience, 100, 'the summary');
    expect((await stack.stores.summaries.get(priority, true))?.value.status).toBe('amber-red');
    await sponsor.goto(`${stack.apiUrl}/priorities/${priority}`);
    expect(await sponsor.textContent('[data-correction="corrected"]')).toContain('because The update was for April');
    expect(await sponsor.textContent('[data-measure="kickstart-placements"] table')).toMatch(/April 2021|2021-04/);
    expect(await wcagViolations(sponsor)).toEqual([]);

    await board.reload();
    expect(await board.innerHTML('main')).toBe(before);
  });
});
