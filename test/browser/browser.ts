/**
 * Real Chromium for the browser tests (Debian's package, driven by playwright-core). Without
 * it the tests are skipped with a plain message, except under CI, where a missing browser fails.
 */
import { existsSync, mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';

export const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const hasChromium = existsSync(chromiumPath);
export const artifacts = resolve(import.meta.dirname, '../artifacts/screenshots');

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
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

export async function screenshot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: resolve(artifacts, `${name}.png`), fullPage: true });
}
