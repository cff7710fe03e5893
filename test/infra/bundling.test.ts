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
import { functions, routes } from '#shared/functions';
import { serviceName } from '#shared/pages/render';
import { toEvent } from '../../infra/local/http-api.ts';
import { ProjectFunction } from '../../infra/constructs/project-function.ts';
import { loadStage } from '../../infra/config.ts';

describe('function bundle', () => {
  const outdir = mkdtempSync(join(tmpdir(), 'recovery-progress-bundle-'));
  let bundle: string;
  let bundleDir: string;

  beforeAll(() => {
    // Prepare: the stream consumer, whose handler uses the AWS SDK directly.
    const app = new App({ outdir });
    const stack = new Stack(app, 'bundle');
    new ProjectFunction(stack, 'Summarise', { definition: functions.summarise, config: loadStage('dev').config, settings: {} });

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
    // Prepare: the update form, which renders GOV.UK Frontend templates at run time.
    const app = new App({ outdir });
    const stack = new Stack(app, 'pages');
    new ProjectFunction(stack, 'UpdateForm', { definition: functions['update-form'], config: loadStage('dev').config, settings: {} });

    // Act
    const assembly = app.synth();

    const template = assembly.getStackByName('pages').template as { Resources: Record<string, { Type: string; Properties: { Code: { S3Key: string } } }> };
    const code = Object.values(template.Resources).find((resource) => resource.Type === 'AWS::Lambda::Function')!.Properties.Code;
    bundleDir = join(outdir, `asset.${code.S3Key.replace(/\.zip$/, '')}`);
  });

  afterAll(() => rmSync(outdir, { recursive: true, force: true }));

  it('carries its templates beside the bundle', () => {
    expect(existsSync(join(bundleDir, 'views', 'update-form.njk'))).toBe(true);
    expect(existsSync(join(bundleDir, 'views', 'message.njk'))).toBe(true);
    expect(existsSync(join(bundleDir, 'govuk-frontend', 'govuk', 'template.njk'))).toBe(true);
    expect(existsSync(join(bundleDir, 'govuk-frontend', 'govuk', 'components', 'tag', 'template.njk'))).toBe(true);
  });

  it('renders a page from those copies alone when loaded, as on Lambda', () => {
    // Prepare: a browser opening the form without its personal link. The handler answers 401
    // with a page before it would touch the table, so no DynamoDB is needed.
    const route = routes.find((candidate) => candidate.function === 'update-form')!;
    const event = toEvent(
      { method: 'GET', url: '/priorities/jobs-and-training/updates/new', headers: { accept: 'text/html,application/xhtml+xml' }, body: Buffer.alloc(0) },
      route,
      { id: 'jobs-and-training' },
    );
    // The bundle runs in a fresh process from its own folder; it must not reach back into node_modules.
    const script = `
      const { handler } = await import('./index.mjs');
      const context = {
        functionName: 'update-form', functionVersion: '$LATEST', memoryLimitInMB: '256', awsRequestId: 'bundle-test',
        invokedFunctionArn: 'arn:aws:lambda:eu-west-2:000000000000:function:update-form', logGroupName: 'bundle-test', logStreamName: 'bundle-test',
        callbackWaitsForEmptyEventLoop: false, getRemainingTimeInMillis: () => 600000,
      };
      const result = await handler(JSON.parse(process.env.PAGE_EVENT), context);
      process.stdout.write(JSON.stringify(result));
    `;

    // Act
    const run = spawnSync(process.execPath, ['--input-type=module', '-e', script], {
      cwd: bundleDir,
      env: { ...process.env, TABLE_NAME: 'pages-test', AWS_REGION: 'eu-west-2', NODE_PATH: '', POWERTOOLS_LOG_LEVEL: 'SILENT', PAGE_EVENT: JSON.stringify(event) },
      encoding: 'utf8',
    });

    // Assess: the page comes from the copied GOV.UK template (skip link), the project's layout (service name, footer) and message view.
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    const result = JSON.parse(run.stdout) as { statusCode: number; headers: Record<string, string>; body: string };
    expect(result.statusCode).toBe(401);
    expect(result.headers['content-type']).toMatch(/^text\/html/);
    expect(result.body).toMatch(/^<!DOCTYPE html>/i);
    expect(result.body).toContain('class="govuk-template');
    expect(result.body).toContain('Skip to main content');
    expect(result.body).toContain(serviceName);
    expect(result.body).toContain('progress reported by the sponsors of each priority');
    expect(result.body).toContain('This page needs the personal link from your latest email.');
  });
});
