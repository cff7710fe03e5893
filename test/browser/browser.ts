/**
 * Real Chromium for the browser tests (Debian's package, driven by playwright-core). Without
 * it the tests are skipped with a plain message, except under CI, where a missing browser fails.
 */
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { resolve } from 'node:path';
import { type Browser, chromium, type Page } from 'playwright-core';

const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const hasChromium = existsSync(chromiumPath);
const artifacts = resolve(import.meta.dirname, '../artifacts/screenshots');

if (!hasChromium) {
  const message = `Chromium not found at ${chromiumPath}: the browser tests are skipped. Install it with: apt-get install chromium`;
  if (process.env.CI) throw new Error(`${message} (required under CI)`);
  console.warn(message);
}

/**
 * Playwright's own bounds (30 s to launch, to navigate, to find an element) are times a loaded
 * machine can exceed; this one only turns a hang into a failure.
 */
export const browserHangBound = 5 * 60_000;

export async function launch(): Promise<Browser> {
  mkdirSync(artifacts, { recursive: true });
  return chromium.launch({
    executablePath: chromiumPath,
    headless: true,
    timeout: browserHangBound,
    // As root, without a GPU or a network: keep Chromium from trying to reach anything.
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

export async function screenshot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: resolve(artifacts, `${name}.png`), fullPage: true });
}

const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

/** WCAG 2.2 AA: axe's rules for each level up to it, and none of its best-practice rules. */
const wcagTags = ['wcag2a', 'wcag2aa', 'wcag21aa', 'wcag22aa'];

/** Every violation of WCAG 2.2 AA that axe finds on the page, of any impact, with where it is. */
export async function wcagViolations(page: Page): Promise<string[]> {
  await page.evaluate(axeSource);
  const options = { runOnly: { type: 'tag', values: wcagTags }, resultTypes: ['violations'] };
  const result = (await page.evaluate(`axe.run(document, ${JSON.stringify(options)})`)) as {
    violations: { id: string; impact: string | null; help: string; nodes: { target: unknown }[] }[];
  };
  return result.violations.map((v) => `${v.id} (${v.impact}): ${v.help} at ${JSON.stringify(v.nodes.map((node) => node.target))}`);
}

/**
 * A personal link opened as its holder opens it: the link's Continue page, then the keyboard
 * alone (Tab to the Continue button, Enter), whose post makes the session and goes on to `next`.
 */
export async function continueFromPersonalLink(page: Page, link: string, next: string, onContinuePage?: () => Promise<void>): Promise<void> {
  await page.goto(link);
  await page.waitForSelector('form[action="/sessions"]');
  await onContinuePage?.();
  const onContinue = `document.activeElement?.matches('form[action="/sessions"] button') ?? false`;
  for (let i = 0; i < 20 && !(await page.evaluate(onContinue)); i += 1) await page.keyboard.press('Tab');
  await page.keyboard.press('Enter');
  await page.waitForURL(next);
}
