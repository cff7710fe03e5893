/**
 * The shape of the code. Dependencies (one way: domain ← data ← services ← http / pages / email ←
 * functions ← infra; a pure domain; `#shared/*` for shared code; no cycles) are checked by
 * dependency-cruiser in `npm run lint`, with the rules in .dependency-cruiser.mjs; here a tree of
 * deliberately wrong imports proves each rule catches what it names. What an import graph cannot
 * show is checked below it: each setting is defined in shared/settings.ts alone.
 */
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { cruise, type ICruiseResult } from 'dependency-cruiser';
import extractDepcruiseConfig from 'dependency-cruiser/config-utl/extract-depcruise-config';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { settingSchemas } from '#shared/settings';

const root = join(import.meta.dirname, '../..');

function sources(folder: string): string[] {
  return readdirSync(join(root, folder), { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith('.ts'))
    .map((entry) => relative(root, join(entry.parentPath, entry.name)));
}

/**
 * A small tree laid out like the project's, each file importing what its comment names: the
 * imports that break a rule, and beside them imports every rule allows.
 */
const tree: Record<string, string> = {
  'package.json': JSON.stringify({ type: 'module', imports: { '#shared/*': './shared/*.ts' } }),
  // Allowed: a function over a service over data over the domain; the infrastructure over a function.
  'shared/domain/priority.ts':
    "import * as z from 'zod/mini';\nimport { randomUUID } from 'node:crypto';\nexport const id = z._default(z.string(), randomUUID());\n",
  'shared/http/published.ts': "import * as z from 'zod';\nexport const published = z.string().describe('For the OpenAPI description alone.');\n",
  'shared/data/priorities.ts': "import { id } from '#shared/domain/priority';\nexport const read = () => id;\n",
  'shared/services/progress.ts': "import { read } from '#shared/data/priorities';\nexport const progress = () => read();\n",
  'functions/get-priority/handler.ts': "import { progress } from '#shared/services/progress';\nexport const handler = () => progress();\n",
  'infra/app.ts':
    "import { handler } from '../functions/get-priority/handler.ts';\nimport { all } from '../functions/index.ts';\nexport const app = [handler, all];\n",
  'shared/grants.ts': "export const read = ['dynamodb:GetItem'];\n",
  'functions/get-priority/definition.ts': "import { read } from '#shared/grants';\nexport const definition = { tableActions: read };\n",
  'functions/index.ts':
    "import { definition } from './get-priority/definition.ts';\nimport { handler } from './get-priority/handler.ts';\nexport const all = [definition, handler];\n",
  // Wrong, one import each.
  'shared/domain/stored.ts': "import { DynamoDBClient } from '@aws-sdk/client-dynamodb';\nexport const client = new DynamoDBClient({});\n",
  'shared/domain/reads.ts': "import { read } from '#shared/data/priorities';\nexport const reads = read;\n",
  'shared/data/decides.ts': "import { progress } from '#shared/services/progress';\nexport const decides = progress;\n",
  'shared/services/serves.ts': "import { handler } from '../../functions/get-priority/handler.ts';\nexport const serves = handler;\n",
  'functions/list-priorities/handler.ts': "import { handler as other } from '../get-priority/handler.ts';\nexport const handler = other;\n",
  'functions/health/handler.ts': "import { app } from '../../infra/app.ts';\nexport const handler = app;\n",
  'infra/tested.ts': "import { fixture } from '../test/fixture.ts';\nexport const tested = fixture;\n",
  'test/fixture.ts': "import { id } from '../shared/domain/priority.ts';\nexport const fixture = id;\n",
  'functions/health/definition.ts': "import * as z from 'zod/mini';\nexport const definition = { name: z.string() };\n",
  'shared/http/query.ts': "import * as z from 'zod';\nexport const query = z.string().optional();\n",
  'infra/bypass.ts': "import { definition } from '../functions/get-priority/definition.ts';\nexport const bypass = definition;\n",
  'shared/views/render.ts': "import { read } from '#shared/data/priorities';\nexport const render = read;\n",
  'shared/services/first.ts': "import { second } from '#shared/services/second';\nexport const first = () => second();\n",
  'shared/services/second.ts': "import { first } from '#shared/services/first';\nexport const second = (): unknown => first;\n",
};

describe('dependencies', () => {
  let folder: string;
  let result: ICruiseResult;

  beforeAll(async () => {
    // Under .local/, which git ignores, so that a failed run leaves the working tree unchanged.
    mkdirSync(join(root, '.local'), { recursive: true });
    folder = mkdtempSync(join(root, '.local', 'architecture-'));
    for (const [file, text] of Object.entries(tree)) {
      mkdirSync(dirname(join(folder, file)), { recursive: true });
      writeFileSync(join(folder, file), text);
    }
    const ruleSet = await extractDepcruiseConfig(join(root, '.dependency-cruiser.mjs'));
    const cruised = await cruise(['shared', 'functions', 'infra', 'test'], { ...ruleSet.options, ruleSet, validate: true, baseDir: folder });
    result = cruised.output as ICruiseResult;
  });

  afterAll(() => {
    if (folder) rmSync(folder, { recursive: true, force: true });
  });

  /** Each violation as `rule: from → to`, a package by its name and a cycle by its steps. */
  const broken = () =>
    result.summary.violations
      .map((violation) => {
        const to = violation.cycle
          ? violation.cycle.map((step) => step.name).join(' → ')
          : violation.to.replace(/^.*node_modules\/((@[^/]+\/)?[^/]+)\/.*$/, '$1');
        return `${violation.rule.name}: ${violation.from} → ${to}`;
      })
      .sort();

  it('break the rule each wrong import names, and no other', () => {
    expect(broken()).toEqual(
      [
        'assemblies-collect: functions/index.ts → functions/get-priority/handler.ts',
        'data-layer: shared/data/decides.ts → shared/services/progress.ts',
        'definition-light: functions/health/definition.ts → zod',
        'through-the-assemblies: infra/bypass.ts → functions/get-priority/definition.ts',
        'views-layer: shared/views/render.ts → shared/data/priorities.ts',
        'domain-pure: shared/domain/reads.ts → shared/data/priorities.ts',
        'domain-pure: shared/domain/stored.ts → @aws-sdk/client-dynamodb',
        'function-alone: functions/list-priorities/handler.ts → functions/get-priority/handler.ts',
        'functions-import-shared: functions/health/handler.ts → infra/app.ts',
        'infra-not-tests: infra/tested.ts → test/fixture.ts',
        'no-circular: shared/services/first.ts → shared/services/second.ts → shared/services/first.ts',
        'schemas-on-zod-mini: shared/http/query.ts → zod',
        'shared-by-name: test/fixture.ts → shared/domain/priority.ts',
        'shared-not-outward: shared/services/serves.ts → functions/get-priority/handler.ts',
      ].sort(),
    );
  });

  it('leave the allowed imports alone', () => {
    const allowed = [
      'shared/domain/priority.ts',
      'shared/http/published.ts',
      'shared/data/priorities.ts',
      'shared/services/progress.ts',
      'functions/get-priority/handler.ts',
      'functions/get-priority/definition.ts',
      'infra/app.ts',
    ];
    expect(result.summary.violations.filter((violation) => allowed.includes(violation.from))).toEqual([]);
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
