/**
 * The static files pages need: GOV.UK Frontend's stylesheet and images, and this service's
 * own styles. GDS Transport is reserved for GOV.UK itself, so the stylesheet is served with
 * its font faces removed and the font stack falling back to Arial, and the fonts not at all.
 *
 * Every file is served under its version's folder, `/assets/<version>/<path>`: the version is a
 * hash of every served file's path and content, so a name never changes its content and each
 * file can be cached for a year as immutable. The build writes the version into the compiled
 * views (infra/views-compiler.ts), so pages know it without reading these files. In AWS the
 * files are copied to the assets bucket at deployment and served by CloudFront
 * (infra/constructs/edge-distribution.ts); the local runtime serves them from here.
 */
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, extname, join, normalize, relative, sep } from 'node:path';

const here = import.meta.dirname;

/** What the CloudFront behaviour and the local runtime serve the assets under: each version in a folder of its own. */
export const assetsPath = '/assets';
/** Where pages find one version of the assets. */
export const versionedAssetsPath = (version: string): string => `${assetsPath}/${version}`;
/** A year, immutable: a version's files never change, since changed files make a new version. */
export const assetCacheControl = 'public, max-age=31536000, immutable';

/** The files served are made from these: GOV.UK Frontend's `dist/govuk` folder and this service's styles. */
export interface AssetSources {
  govukDirectory: string;
  appStylesheet: string;
}
/** The installed GOV.UK Frontend and this folder's app.css. Resolved on call, so pages can import the paths alone. */
const installedSources = (): AssetSources => ({
  govukDirectory: join(dirname(createRequire(import.meta.url).resolve('govuk-frontend/package.json')), 'dist', 'govuk'),
  appStylesheet: join(here, 'app.css'),
});

/** GOV.UK Frontend's images and manifest, served under a version's folder by the same relative paths. */
export function govukAssetsDirectory(sources: AssetSources = installedSources()): string {
  return join(sources.govukDirectory, 'assets');
}
/** The folder of it that is not served. */
const unservedFolder = 'fonts';
/** What of that folder is not served, as a deployment's exclude pattern. */
export const unservedAssets = [`${unservedFolder}/*`] as const;
/** The service's stylesheet, beside them: GOV.UK Frontend's with this service's styles after it. */
export const stylesheetName = 'recovery-progress.css';

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

/**
 * The stylesheet made from its sources. GOV.UK Frontend's compiled styles name their images by
 * absolute paths under `/assets/`; made relative, they resolve under the stylesheet's own version.
 */
function stylesheetOf(sources: AssetSources): string {
  return `${readFileSync(join(sources.govukDirectory, 'govuk-frontend.min.css'), 'utf8')
    .replace(/@font-face\{[^}]*\}/g, '')
    .replace(/GDS Transport,/g, '')
    .replace(/\/\*# sourceMappingURL=[^*]*\*\//g, '')
    .replaceAll('url(/assets/', 'url(')}\n${readFileSync(sources.appStylesheet, 'utf8')}`;
}

let stylesheet: string | undefined;

/** The service's stylesheet, as served. */
export function serviceStylesheet(): string {
  stylesheet ??= stylesheetOf(installedSources());
  return stylesheet;
}

/** Every file a version's folder holds, by its path there, in path order: GOV.UK Frontend's assets but the fonts, and the stylesheet. */
export function servedAssets(sources: AssetSources = installedSources()): [path: string, body: Buffer][] {
  const root = govukAssetsDirectory(sources);
  const govuk = readdirSync(root, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => relative(root, join(entry.parentPath, entry.name)).split(sep).join('/'))
    .filter((path) => !path.startsWith(`${unservedFolder}/`))
    .map((path): [string, Buffer] => [path, readFileSync(join(root, path))]);
  const served: [string, Buffer][] = [...govuk, [stylesheetName, Buffer.from(stylesheetOf(sources))]];
  return served.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
}

/** The assets' version: 12 hex digits of a SHA-256 over every served file's path and content. */
export function assetVersionOf(sources: AssetSources = installedSources()): string {
  const hash = createHash('sha256');
  for (const [path, body] of servedAssets(sources)) hash.update(`${path}\0${body.length}\0`).update(body);
  return hash.digest('hex').slice(0, 12);
}

/** The asset at a path under a version's folder, or undefined; never a file outside GOV.UK Frontend's assets. */
export function asset(path: string): Asset | undefined {
  if (path === stylesheetName) return { contentType: types['.css']!, body: Buffer.from(serviceStylesheet()) };
  const root = govukAssetsDirectory();
  const resolved = normalize(join(root, path));
  if (!resolved.startsWith(root + sep) || path.startsWith(`${unservedFolder}/`)) return undefined;
  const type = types[extname(resolved)];
  if (!type || !existsSync(resolved)) return undefined;
  return { contentType: type, body: readFileSync(resolved) };
}
