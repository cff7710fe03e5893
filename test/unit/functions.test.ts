/** Each function is defined beside its handler, and the assemblies hold every one of them. */
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openApiDocument } from '#shared/http/openapi';
import { describeRoutes, type FunctionApi } from '#shared/http/route-description';
import { settingsFor } from '#shared/settings';
import { functionApis } from '../../functions/api.ts';
import { definitions, entryOf, functions, routes } from '../../functions/index.ts';

const root = join(import.meta.dirname, '../..');
const folders = readdirSync(join(root, 'functions'), { withFileTypes: true })
  .filter((entry) => entry.isDirectory())
  .map((entry) => entry.name)
  .sort();

describe('the function folders', () => {
  it.each(folders)('%s holds its handler and its definition, named after the folder', (folder) => {
    expect(existsSync(join(root, entryOf(folder)))).toBe(true);
    expect(existsSync(join(root, 'functions', folder, 'definition.ts'))).toBe(true);
    expect(functions[folder as keyof typeof functions]?.name).toBe(folder);
  });

  it('are each in functions/index.ts, once', () => {
    expect(definitions.map((definition) => definition.name).sort()).toEqual(folders);
  });

  it('describe their routes in api.ts exactly when they serve routes, each in functions/api.ts', () => {
    const withRoutes = definitions
      .filter((definition) => 'routes' in definition)
      .map((definition) => definition.name)
      .sort();
    expect(folders.filter((folder) => existsSync(join(root, 'functions', folder, 'api.ts')))).toEqual(withRoutes);
    expect([...new Set(functionApis.flatMap((api) => api.routes.map((route) => route.function)))].sort()).toEqual(withRoutes);
    expect(functionApis.flatMap((api) => api.routes)).toEqual(routes);
  });
});

describe('the OpenAPI builder', () => {
  const described: FunctionApi = { routes: [{ method: 'GET', path: '/x', function: 'x' }], descriptions: {}, requestSchemas: {} };

  it('refuses a route without a description, and a description of no route', () => {
    expect(() => openApiDocument([described])).toThrow('The route GET /x has no description in functions/x/api.ts');
    const stray = { ...described, descriptions: { 'GET /x': functionApis[0]!.descriptions['GET /']!, 'GET /y': functionApis[0]!.descriptions['GET /']! } };
    expect(() => openApiDocument([stray])).toThrow('functions/x/api.ts describes GET /y, which is not one of its routes');
  });

  it('refuses two request schemas of one name', () => {
    const withForm = functionApis.find((api) => Object.keys(api.requestSchemas).length > 0)!;
    expect(() => openApiDocument([...functionApis, { routes: [], descriptions: {}, requestSchemas: withForm.requestSchemas }])).toThrow(
      /Two functions describe a request schema named/,
    );
  });

  it('does not type-check a function’s description that misses one of its routes or names another', () => {
    const { 'statutory-pages': pages } = functions;
    const description = functionApis.find((api) => api.routes[0]?.function === 'statutory-pages')!.descriptions['GET /privacy']!;
    // @ts-expect-error GET /cookies is not described
    expect(() => describeRoutes(pages, { routes: { 'GET /accessibility': description, 'GET /privacy': description } })).not.toThrow();
    const withAnother = { 'GET /accessibility': description, 'GET /privacy': description, 'GET /cookies': description, 'GET /elsewhere': description };
    // @ts-expect-error GET /elsewhere is not one of its routes
    expect(() => describeRoutes(pages, { routes: withAnother })).not.toThrow();
  });
});

describe('a handler’s settings', () => {
  const env = {
    TABLE_NAME: 'table',
    SENDER_ADDRESS: 'progress@example.org',
    PUBLIC_BASE_URL: 'https://progress.example.org',
    PROGRAMME_NAME: 'West Midlands',
    ORGANISATION_NAME: 'The programme office',
    DATA_PROTECTION_EMAIL: 'data@example.org',
    ACCESSIBILITY_EMAIL: 'access@example.org',
  };

  it('are those its definition calls for, and typed so', () => {
    const dashboard = settingsFor(functions.dashboard, env);
    expect(dashboard.TABLE_NAME).toBe('table');
    // @ts-expect-error the dashboard sends no email
    expect(dashboard.SENDER_ADDRESS).toBeUndefined();
    const pages = settingsFor(functions['statutory-pages'], env);
    expect(pages.ORGANISATION_NAME).toBe('The programme office');
    // @ts-expect-error the statutory pages touch no table
    expect(pages.TABLE_NAME).toBeUndefined();
    expect(settingsFor(functions.notify, env).PUBLIC_BASE_URL).toBe('https://progress.example.org');
  });
});
