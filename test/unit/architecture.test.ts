/**
 * The shape of the code, checked: dependencies point one way (domain ← data ← services ←
 * http / pages / email ← functions ← infra), the domain stays pure, every import of shared code
 * uses `#shared/*`, each function reaches only its own folder, and each setting is defined in
 * shared/settings.ts alone.
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
  'shared/grants': [],
  'shared/function-definition': ['shared/grants'],
  'shared/settings': ['domain', 'shared/function-definition'],
  // The functions' own AWS clients are traced.
  data: ['domain', 'data', 'shared/tracing'],
  services: ['domain', 'data', 'services'],
  // The views' runtime and partials, shared by pages and emails.
  views: ['domain', 'views', 'shared/status-colours'],
  email: ['domain', 'data', 'services', 'email', 'views', 'shared/settings', 'shared/tracing'],
  // The API description is built from the functions' routes, which it is given.
  http: ['domain', 'data', 'services', 'http', 'shared/html', 'shared/logger', 'shared/function-definition'],
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

  it('keep shared code from importing functions/', () => {
    const upward = sources('shared').flatMap((file) => importsOf(file).filter((specifier) => specifier.includes('functions/')).map((specifier) => `${file} imports ${specifier}`));
    expect(upward).toEqual([]);
  });

  it('have a function import nothing of another function, so its Lambda bundles its own definition alone', () => {
    // The openapi function describes the whole API, so it alone reads every function's api.ts.
    const exceptions = new Set(['functions/openapi/handler.ts imports ../api.ts']);
    const crossing = sources('functions')
      .filter((file) => file.split('/').length > 2)
      .flatMap((file) =>
        importsOf(file)
          .filter((specifier) => specifier.startsWith('.') && !join(file, '..', specifier).startsWith(join(file, '..') + '/'))
          .map((specifier) => `${file} imports ${specifier}`),
      )
      .filter((found) => !exceptions.has(found));
    expect(crossing).toEqual([]);
  });

  it('keep definitions free of zod and handlers, so a Lambda that reads its definition stays light', () => {
    const heavy = sources('functions')
      .filter((file) => file.endsWith('/definition.ts'))
      .flatMap((file) =>
        importsOf(file)
          .filter((specifier) => !['#shared/function-definition', '#shared/grants'].includes(specifier))
          .map((specifier) => `${file} imports ${specifier}`),
      );
    expect(heavy).toEqual([]);
  });

  it('have the assemblies collect definitions and API descriptions only', () => {
    const collects = { 'functions/index.ts': /^\.\/[a-z-]+\/definition\.ts$/, 'functions/api.ts': /^\.\/([a-z-]+\/api|index)\.ts$/ };
    const wrong = Object.entries(collects).flatMap(([file, allowed]) =>
      importsOf(file)
        .filter((specifier) => specifier.startsWith('.') && !allowed.test(specifier))
        .map((specifier) => `${file} imports ${specifier}`),
    );
    expect(wrong).toEqual([]);
  });

  it('have infra reach a function’s definition or API description only through the assemblies', () => {
    const bypassing = [...sources('infra'), ...sources('bench')].flatMap((file) =>
      importsOf(file)
        .filter((specifier) => /functions\/[a-z-]+\/(definition|api)\.ts$/.test(specifier))
        .map((specifier) => `${file} imports ${specifier}`),
    );
    expect(bypassing).toEqual([]);
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
