/**
 * The assets' version: a hash of every file served under it, so that a name never changes its
 * content; made by `npm run compile-views`, and the one pages name.
 */
import { appendFileSync, cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { assetVersion } from '#compiled-views/assets';
import { type AssetSources, assetVersionOf, govukAssetsDirectory, servedAssets, stylesheetName } from '#shared/pages/assets';
import { pageAssetsPath } from '#shared/pages/render';
import { writeCompiledViews } from '../../infra/views-compiler.ts';

describe('the assets’ version', () => {
  let copy: string;
  let sources: AssetSources;

  beforeEach(() => {
    // Prepare: a copy of the sources the served files are made from.
    copy = mkdtempSync(join(tmpdir(), 'assets-'));
    const installed = dirname(govukAssetsDirectory());
    sources = { govukDirectory: join(copy, 'govuk'), appStylesheet: join(copy, 'app.css') };
    cpSync(join(installed, 'assets'), join(sources.govukDirectory, 'assets'), { recursive: true });
    cpSync(join(installed, 'govuk-frontend.min.css'), join(sources.govukDirectory, 'govuk-frontend.min.css'));
    cpSync(join(import.meta.dirname, '../../shared/pages/app.css'), sources.appStylesheet);
  });
  afterEach(() => rmSync(copy, { recursive: true, force: true }));

  it('is 12 hex digits, the same for the same files', () => {
    expect(assetVersionOf(sources)).toMatch(/^[0-9a-f]{12}$/);
    expect(assetVersionOf(sources)).toBe(assetVersionOf());
  });

  it.each([
    ['the service’s styles', () => appendFileSync(sources.appStylesheet, '.app-new { margin: 0; }\n')],
    ['GOV.UK Frontend’s stylesheet', () => appendFileSync(join(sources.govukDirectory, 'govuk-frontend.min.css'), '.govuk-new{margin:0}')],
    ['an image', () => appendFileSync(join(sources.govukDirectory, 'assets/images/favicon.svg'), '<!-- -->')],
    ['a file added', () => writeFileSync(join(sources.govukDirectory, 'assets/images/new.svg'), '<svg/>')],
  ])('changes with %s', (_change, change) => {
    const before = assetVersionOf(sources);
    change();
    expect(assetVersionOf(sources)).not.toBe(before);
  });

  it('does not change with a font, which is not served', () => {
    const before = assetVersionOf(sources);
    writeFileSync(join(sources.govukDirectory, 'assets/fonts/new.woff2'), 'font');
    expect(assetVersionOf(sources)).toBe(before);
  });

  it('covers every file served: the stylesheet and GOV.UK Frontend’s images and manifest, no fonts', () => {
    const paths = servedAssets(sources).map(([path]) => path);
    expect(paths).toEqual(expect.arrayContaining([stylesheetName, 'manifest.json', 'images/favicon.ico', 'images/govuk-crest.svg']));
    expect(paths.filter((path) => path.startsWith('fonts/'))).toEqual([]);
  });

  it('is what `npm run compile-views` writes, and what pages name', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'compiled-assets-'));
    try {
      writeCompiledViews(dir);
      const compiled = (await import(join(dir, 'assets.js'))) as { assetVersion: string };
      expect(compiled.assetVersion).toBe(assetVersionOf());
      expect(assetVersion).toBe(compiled.assetVersion);
      expect(pageAssetsPath).toBe(`/assets/${assetVersion}`);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
