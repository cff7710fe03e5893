/**
 * The static files pages need: GOV.UK Frontend's stylesheet and images, and this service's
 * own styles. GDS Transport is reserved for GOV.UK itself, so the stylesheet is served with
 * its font faces removed and the font stack falling back to Arial, and the fonts not at all.
 * In AWS they are copied to the assets bucket at deployment and served by CloudFront
 * (infra/constructs/edge-distribution.ts); the local runtime serves them from here.
 */
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, extname, join, normalize, sep } from 'node:path';

const here = import.meta.dirname;

/** Where pages find the assets: the path the CloudFront behaviour and the local runtime serve them under. */
export const assetsPath = '/assets';

/** GOV.UK Frontend's images and manifest, served under /assets/ by the same relative paths. Resolved on call, so pages can import assetsPath alone. */
export function govukAssetsDirectory(): string {
  return join(dirname(createRequire(import.meta.url).resolve('govuk-frontend/package.json')), 'dist', 'govuk', 'assets');
}
/** What of that folder is not served. */
export const unservedAssets = ['fonts/*'] as const;
/** The service's stylesheet, under /assets/: GOV.UK Frontend's with this service's styles after it. */
export const stylesheetName = 'recovery-progress.css';
/** A day: file names do not change with versions, so not immutable; a deployment clears CloudFront's copies. */
export const assetCacheControl = 'public, max-age=86400';

const types: Record<string, string> = {
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/manifest+json',
};

export interface Asset {
  contentType: string;
  body: Buffer;
}

let stylesheet: string | undefined;

/** The service's stylesheet, as served. */
export function serviceStylesheet(): string {
  stylesheet ??= `${readFileSync(join(govukAssetsDirectory(), '..', 'govuk-frontend.min.css'), 'utf8')
    .replace(/@font-face\{[^}]*\}/g, '')
    .replace(/GDS Transport,/g, '')
    .replace(/\/\*# sourceMappingURL=[^*]*\*\//g, '')}\n${readFileSync(join(here, 'app.css'), 'utf8')}`;
  return stylesheet;
}

/** The asset at a path under /assets/, or undefined; never a file outside GOV.UK Frontend's assets. */
export function asset(path: string): Asset | undefined {
  if (path === stylesheetName) return { contentType: types['.css']!, body: Buffer.from(serviceStylesheet()) };
  const root = govukAssetsDirectory();
  const resolved = normalize(join(root, path));
  if (!resolved.startsWith(root + sep) || path.startsWith('fonts/')) return undefined;
  const type = types[extname(resolved)];
  if (!type || !existsSync(resolved)) return undefined;
  return { contentType: type, body: readFileSync(resolved) };
}
