/**
 * One real bundle, built the way `cdk synth` builds every function: esbuild from npm (no
 * Docker), ESM with the createRequire banner, the AWS SDK inside, and a source map.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App, Stack } from 'aws-cdk-lib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { functions } from '#shared/functions';
import { ProjectFunction } from '../../infra/constructs/project-function.ts';
import { cdkJsonContext } from './test-app.ts';
import { parseDeploymentConfig } from '../../infra/config.ts';

describe('function bundle', () => {
  const outdir = mkdtempSync(join(tmpdir(), 'recovery-progress-bundle-'));
  let bundle: string;
  let bundleDir: string;

  beforeAll(() => {
    // Prepare: the stream consumer, whose handler uses the AWS SDK directly.
    const app = new App({ outdir });
    const stack = new Stack(app, 'bundle');
    new ProjectFunction(stack, 'Summarise', { definition: functions.summarise, config: parseDeploymentConfig(cdkJsonContext()), settings: {} });

    // Act
    const assembly = app.synth();

    // The one asset directory the function's code was staged into.
    const template = assembly.getStackByName('bundle').template as { Resources: Record<string, { Type: string; Properties: { Code: { S3Key: string } } }> };
    const code = Object.values(template.Resources).find((resource) => resource.Type === 'AWS::Lambda::Function')!.Properties.Code;
    bundleDir = join(outdir, `asset.${code.S3Key.replace(/\.zip$/, '')}`);
    bundle = readFileSync(join(bundleDir, 'index.mjs'), 'utf8');
  });

  afterAll(() => rmSync(outdir, { recursive: true, force: true }));

  it('is an ES module that starts with the createRequire banner', () => {
    expect(bundle.startsWith("import { createRequire } from 'module'; const require = createRequire(import.meta.url);")).toBe(true);
    expect(bundle).toMatch(/export\s*\{[^}]*\bas handler\b|export\s*\{\s*\w+\s+as\s+handler/);
  });

  it('carries the AWS SDK inside instead of importing the runtime’s copy', () => {
    // Error messages may mention package names; what matters is that nothing is loaded from one.
    expect(bundle).not.toMatch(/from\s*["']@aws-sdk\//);
    expect(bundle).not.toMatch(/(?<![[\w])(__)?require\(["']@aws-sdk\/(client|lib|util)-/);
    // The DynamoDB client's own protocol target, present only when the client is bundled.
    expect(bundle).toContain('DynamoDB_20120810');
  });

  it('is minified and comes with a source map', () => {
    const lines = bundle.split('\n');
    expect(bundle.length / lines.length).toBeGreaterThan(1_000);
    expect(existsSync(join(bundleDir, 'index.mjs.map'))).toBe(true);
  });
});

describe('a page function bundle', () => {
  const outdir = mkdtempSync(join(tmpdir(), 'recovery-progress-pages-'));
  let bundleDir: string;

  beforeAll(() => {
    // Prepare: the dashboard, which renders GOV.UK Frontend templates at run time.
    const app = new App({ outdir });
    const stack = new Stack(app, 'pages');
    new ProjectFunction(stack, 'Dashboard', { definition: functions.dashboard, config: parseDeploymentConfig(cdkJsonContext()), settings: {} });

    // Act
    const assembly = app.synth();

    const template = assembly.getStackByName('pages').template as { Resources: Record<string, { Type: string; Properties: { Code: { S3Key: string } } }> };
    const code = Object.values(template.Resources).find((resource) => resource.Type === 'AWS::Lambda::Function')!.Properties.Code;
    bundleDir = join(outdir, `asset.${code.S3Key.replace(/\.zip$/, '')}`);
  });

  afterAll(() => rmSync(outdir, { recursive: true, force: true }));

  it('carries its templates beside the bundle', () => {
    expect(existsSync(join(bundleDir, 'views', 'dashboard.njk'))).toBe(true);
    expect(existsSync(join(bundleDir, 'govuk-frontend', 'govuk', 'template.njk'))).toBe(true);
    expect(existsSync(join(bundleDir, 'govuk-frontend', 'govuk', 'components', 'tag', 'template.njk'))).toBe(true);
  });

  it('finds its templates in those copies alone when loaded, as on Lambda', () => {
    // The bundle runs in a fresh process from its own folder; it must not reach back into node_modules.
    const script = `const { handler } = await import('./index.mjs'); console.log(typeof handler);`;
    const run = spawnSync(process.execPath, ['--input-type=module', '-e', script], {
      cwd: bundleDir,
      env: { ...process.env, TABLE_NAME: 'pages-test', AWS_REGION: 'eu-west-2', NODE_PATH: '' },
      encoding: 'utf8',
    });
    expect(run.stderr).toBe('');
    expect(run.stdout.trim()).toBe('function');
  });
});
