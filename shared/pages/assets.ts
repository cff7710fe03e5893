/**
 * The static files pages need: GOV.UK Frontend's stylesheet and images, and this service's
 * own styles. GDS Transport is reserved for GOV.UK itself, so the stylesheet is served with
 * its font faces removed and the font stack falling back to Arial.
 */
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, extname, join, normalize, sep } from 'node:path';

const here = import.meta.dirname;

function govukRoot(): string {
  const bundled = join(here, 'govuk-frontend', 'govuk');
  if (existsSync(join(bundled, 'govuk-frontend.min.css'))) return bundled;
  return join(dirname(createRequire(import.meta.url).resolve('govuk-frontend/package.json')), 'dist', 'govuk');
}

const root = govukRoot();

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

let stylesheet: Buffer | undefined;

function serviceStylesheet(): Buffer {
  if (!stylesheet) {
    const govuk = readFileSync(join(root, 'govuk-frontend.min.css'), 'utf8')
      .replace(/@font-face\{[^}]*\}/g, '')
      .replace(/GDS Transport,/g, '')
      .replace(/\/\*# sourceMappingURL=[^*]*\*\//g, '');
    stylesheet = Buffer.from(`${govuk}\n${readFileSync(join(here, 'app.css'), 'utf8')}`);
  }
  return stylesheet;
}

/** The asset at a path under /assets/, or undefined; never a file outside GOV.UK Frontend's assets. */
export function asset(path: string): Asset | undefined {
  if (path === 'recovery-progress.css') return { contentType: types['.css']!, body: serviceStylesheet() };
  const resolved = normalize(join(root, 'assets', path));
  if (!resolved.startsWith(join(root, 'assets') + sep) || path.startsWith('fonts/')) return undefined;
  const type = types[extname(resolved)];
  if (!type || !existsSync(resolved)) return undefined;
  return { contentType: type, body: readFileSync(resolved) };
}
