/** The documentation keeps up with the code: a short README, links that resolve, and the API's route list. */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { routes } from '../../functions/index.ts';

const root = join(import.meta.dirname, '../..');
const pages = [
  'README.md',
  ...readdirSync(join(root, 'docs'))
    .filter((name) => name.endsWith('.md'))
    .map((name) => `docs/${name}`),
];

describe('documentation', () => {
  it('keeps the README a front door of at most 10 KB', () => {
    expect(Buffer.byteLength(readFileSync(join(root, 'README.md')))).toBeLessThanOrEqual(10 * 1024);
  });

  it('links only to files that exist', () => {
    const broken = pages.flatMap((page) => {
      const text = readFileSync(join(root, page), 'utf8');
      return [...text.matchAll(/\]\(([^)#\s]+)(?:#[^)]*)?\)/g)]
        .map((match) => match[1]!)
        .filter((link) => !/^[a-z]+:/.test(link) && !existsSync(resolve(root, dirname(page), link)))
        .map((link) => `${page} → ${link}`);
    });
    expect(broken).toEqual([]);
  });

  it('lists every route of the route table in docs/api.md, and no other', () => {
    const text = readFileSync(join(root, 'docs/api.md'), 'utf8');
    const listed = [...text.matchAll(/^\| ((?:GET|POST)(?:, (?:GET|POST))*) \| `([^`?]+)[^`]*` \| ([a-z-]+) \|/gm)].flatMap((match) =>
      match[1]!.split(', ').map((method) => `${method} ${match[2]} ${match[3]}`),
    );
    expect(listed.sort()).toEqual(routes.map((route) => `${route.method} ${route.path} ${route.function}`).sort());
  });
});
