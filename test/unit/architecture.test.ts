/**
 * The shape of the code, checked: dependencies point one way (domain ← data ← services ←
 * http / pages / email ← functions), the domain stays pure, every import of shared code uses
 * `#shared/*`, and each setting is defined in shared/settings.ts alone.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { settingSchemas } from '#shared/settings';

const root = join(import.meta.dirname, '../..');

function sources(folder: string): string[] {
  return readdirSync(join(root, folder), { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith('.ts'))
    .map((entry) => relative(root, join(entry.parentPath, entry.name)));
}

function importsOf(file: string): string[] {
  const text = readFileSync(join(root, file), 'utf8');
  return [...text.matchAll(/(?:^|\n)\s*(?:import|export)\b[^'"]*?from\s*['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g)].map((match) => match[1] ?? match[2]!);
}

/** The layer a file of shared/ or functions/ belongs to. */
function layerOf(file: string): string {
  if (file.startsWith('functions/')) return 'functions';
  const [, folder] = file.split('/');
  return folder!.endsWith('.ts') ? `shared/${folder!.replace(/\.ts$/, '')}` : folder!;
}

/** What each layer may import from the project; `#shared/<x>` names a layer by its folder or file. */
const allowed: Record<string, string[]> = {
  domain: ['domain'],
  catalogue: ['domain'],
  'shared/html': [],
  'shared/status-colours': ['domain'],
  'shared/logger': [],
  'shared/metrics': ['shared/settings'],
  'shared/tracing': [],
  'shared/functions': [],
  'shared/settings': ['domain', 'shared/functions'],
  // The functions' own AWS clients are traced.
  data: ['domain', 'data', 'shared/tracing'],
  services: ['domain', 'data', 'services'],
  // The views' runtime and partials, shared by pages and emails.
  views: ['domain', 'views', 'shared/status-colours'],
  email: ['domain', 'data', 'services', 'email', 'views', 'shared/settings', 'shared/tracing'],
  // The API description is generated from the route table.
  http: ['domain', 'data', 'services', 'http', 'shared/html', 'shared/logger', 'shared/functions'],
  pages: ['domain', 'services', 'http', 'pages', 'views', 'shared/html'],
};

function targetLayer(specifier: string): string | undefined {
  const match = /^#shared\/([^/]+)(\/|$)/.exec(specifier);
  if (!match) return undefined;
  const rest = specifier.slice('#shared/'.length);
  return rest.includes('/') ? match[1] : `shared/${match[1]}`;
}

describe('dependencies', () => {
  const files = [...sources('shared'), ...sources('functions')];

  it('point one way: domain ← data ← services ← http / pages / email ← functions', () => {
    const wrong: string[] = [];
    for (const file of files) {
      const layer = layerOf(file);
      if (layer === 'functions') continue;
      for (const specifier of importsOf(file)) {
        const target = targetLayer(specifier);
        if (target && !(allowed[layer] ?? []).includes(target)) wrong.push(`${file} imports ${specifier}`);
      }
    }
    expect(wrong).toEqual([]);
  });

  it('leave the domain pure: no AWS SDK, no HTTP, no file system', () => {
    const impure = sources('shared/domain').flatMap((file) =>
      importsOf(file)
        .filter((specifier) => !specifier.startsWith('#shared/domain/') && !['zod', 'ulid', 'node:crypto'].includes(specifier))
        .map((specifier) => `${file} imports ${specifier}`),
    );
    expect(impure).toEqual([]);
  });

  it('name shared code one way, #shared/*, never by a relative path', () => {
    const relativeImports = [...files, ...sources('infra'), ...sources('test'), ...sources('bench')].flatMap((file) =>
      importsOf(file)
        .filter((specifier) => specifier.startsWith('.') && join(file, '..', specifier).startsWith('shared/') && specifier.endsWith('.ts'))
        .map((specifier) => `${file} imports ${specifier}`),
    );
    expect(relativeImports).toEqual([]);
  });

  it('have a function import no other function', () => {
    const crossing = sources('functions').flatMap((file) => importsOf(file).filter((specifier) => specifier.includes('functions/')).map((specifier) => `${file} imports ${specifier}`));
    expect(crossing).toEqual([]);
  });
});

describe('settings', () => {
  it('are each defined once, in shared/settings.ts', () => {
    const names = Object.keys(settingSchemas);
    const definitions = [...sources('shared'), ...sources('functions'), ...sources('infra')]
      .filter((file) => file !== 'shared/settings.ts')
      .flatMap((file) => {
        const text = readFileSync(join(root, file), 'utf8');
        // A definition is a setting's name given a zod schema or a literal default of its own.
        return names.filter((name) => new RegExp(`\\b${name}\\s*:\\s*(z\\.|\\d|'[^']*'\\s*[,}])`).test(text)).map((name) => `${file} defines ${name}`);
      });
    expect(definitions).toEqual([]);
  });

  it('keep their defaults out of cdk.json, so a default lives in one place', () => {
    const context = (JSON.parse(readFileSync(join(root, 'cdk.json'), 'utf8')) as { context: Record<string, unknown> }).context;
    const defaulted = ['ratingScale', 'reportingPeriod', 'staleAfterDays', 'latestUpdates', 'linkTokenDays'];
    expect(Object.keys(context).filter((key) => defaulted.includes(key))).toEqual([]);
  });
});
