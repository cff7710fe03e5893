/**
 * One real bundle, built the way `cdk synth` builds every function: esbuild from npm (no
 * Docker), ESM with the createRequire banner, the AWS SDK inside, minified, no source map; run
 * as on Lambda, it prints its metrics and sends the X-Ray daemon nothing. Every function's
 * bundle, built as deployed, carries no X-Ray SDK, and zod/mini rather than classic zod.
 */
import { spawn, spawnSync } from 'node:child_process';
import { createSocket } from 'node:dgram';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { marshall } from '@aws-sdk/util-dynamodb';
import { App, Stack } from 'aws-cdk-lib';
import type { Metafile } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assetVersion } from '#compiled-views/assets';
import { serviceName } from '#shared/pages/render';
import { metricsNamespace } from '#shared/settings';
import { definitions, entryOf, functions, routes } from '../../functions/index.ts';
import { bundleFunction } from '../../infra/bundling.ts';
import { loadStage } from '../../infra/config.ts';
import { ProjectFunction } from '../../infra/constructs/project-function.ts';
import { freePort } from '../../infra/local/dynamodb-local.ts';
import { toEvent } from '../../infra/local/http-api.ts';
import { sampleUpdate } from '../unit/fixtures.ts';

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
    expect(bundle.startsWith("import { createRequire as createBannerRequire } from 'module'; const require = createBannerRequire(import.meta.url);")).toBe(
      true,
    );
    expect(bundle).toMatch(/export\s*\{[^}]*\bas handler\b|export\s*\{\s*\w+\s+as\s+handler/);
  });

  it('carries the AWS SDK inside instead of importing the runtime’s copy', () => {
    // Error messages may mention package names; what matters is that nothing is loaded from one.
    expect(bundle).not.toMatch(/from\s*["']@aws-sdk\//);
    expect(bundle).not.toMatch(/(?<![[\w])(__)?require\(["']@aws-sdk\/(client|lib|util)-/);
    // The DynamoDB client's own protocol target, present only when the client is bundled.
    expect(bundle).toContain('DynamoDB_20120810');
  });

  it('is minified, and carries no source map (npm run stack-trace builds the maps apart)', () => {
    const lines = bundle.split('\n');
    expect(bundle.length / lines.length).toBeGreaterThan(1_000);
    // index.mjs and the chunks of what the SDK loads on demand (credential providers other than the environment's), with no map.
    const files = readdirSync(bundleDir);
    expect(files).toContain('index.mjs');
    expect(files.filter((file) => !file.endsWith('.mjs'))).toEqual([]);
    for (const file of files) expect(readFileSync(join(bundleDir, file), 'utf8')).not.toContain('sourceMappingURL');
  });

  it('prints its metrics when it runs as on Lambda, and sends the X-Ray daemon nothing of its own', async () => {
    // Prepare: a daemon that counts what it is sent, a DynamoDB endpoint that refuses connections, and the environment Lambda gives a traced function.
    const daemon = createSocket('udp4');
    await new Promise<void>((resolveBind) => daemon.bind(0, '127.0.0.1', resolveBind));
    const datagrams: string[] = [];
    daemon.on('message', (message) => datagrams.push(message.toString()));
    const refusingPort = await freePort();
    const update = marshall({ ...sampleUpdate(), entity: 'update' });
    const event = {
      Records: [
        {
          eventID: '1',
          eventName: 'INSERT',
          eventSource: 'aws:dynamodb',
          dynamodb: { ApproximateCreationDateTime: Math.floor(Date.now() / 1000), SequenceNumber: '100', NewImage: update },
        },
      ],
    };
    const script = `
      const { handler } = await import('./index.mjs');
      const context = { functionName: 'summarise', awsRequestId: 'bundle-test', invokedFunctionArn: 'arn:aws:lambda:eu-west-2:000000000000:function:summarise', getRemainingTimeInMillis: () => 600000 };
      await handler(JSON.parse(process.env.STREAM_EVENT), context).catch((error) => console.error(error.name));
      // Time for anything sent at the end of the call to reach the daemon, then out, as Lambda freezes the environment.
      setTimeout(() => process.exit(0), 500);
    `;

    // Act
    const run = await new Promise<{ stdout: string; stderr: string; status: number | null }>((resolveRun) => {
      const child = spawn(process.execPath, ['--input-type=module', '-e', script], {
        cwd: bundleDir,
        env: {
          PATH: process.env.PATH,
          STREAM_EVENT: JSON.stringify(event),
          TABLE_NAME: 'bundle-test',
          AWS_REGION: 'eu-west-2',
          AWS_ACCESS_KEY_ID: 'test',
          AWS_SECRET_ACCESS_KEY: 'test',
          AWS_ENDPOINT_URL_DYNAMODB: `http://127.0.0.1:${refusingPort}`,
          AWS_EXECUTION_ENV: 'AWS_Lambda_nodejs22.x',
          LAMBDA_TASK_ROOT: bundleDir,
          _X_AMZN_TRACE_ID: 'Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1',
          AWS_XRAY_DAEMON_ADDRESS: `127.0.0.1:${daemon.address().port}`,
          POWERTOOLS_SERVICE_NAME: 'recovery-progress',
          POWERTOOLS_LOG_LEVEL: 'SILENT',
        },
      });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
      child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
      child.once('exit', (status) => resolveRun({ stdout, stderr, status }));
    });
    daemon.close();

    // Assess: the metrics on stdout, as EMF; the trace is Lambda's own segment, with nothing from the function.
    expect(run.status, run.stderr).toBe(0);
    const [metrics] = run.stdout
      .split('\n')
      .filter((line) => line.startsWith('{"_aws"'))
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(metrics).toMatchObject({
      _aws: { CloudWatchMetrics: [{ Namespace: metricsNamespace, Metrics: [{ Name: 'StreamLag', Unit: 'Milliseconds' }] }] },
      service: 'recovery-progress',
    });
    expect(datagrams).toEqual([]);
  });
});

/** The inputs of index.mjs and of every chunk it imports statically: what a cold start loads before the handler runs. */
function loadedAtStart(metafile: Metafile): string[] {
  const entry = Object.keys(metafile.outputs).find((output) => output.endsWith('/index.mjs'))!;
  const loaded = new Set<string>();
  const visit = (output: string) => {
    if (loaded.has(output)) return;
    loaded.add(output);
    for (const imported of metafile.outputs[output]!.imports)
      if (imported.kind === 'import-statement' && imported.path in metafile.outputs) visit(imported.path);
  };
  visit(entry);
  return [...loaded].flatMap((output) => Object.keys(metafile.outputs[output]!.inputs));
}

describe('every function bundle', () => {
  const builds = new Map<string, Metafile>();

  beforeAll(async () => {
    // Every function built as deployed, each alone, writing nothing.
    for (const definition of definitions) {
      const outdir = join(tmpdir(), 'recovery-progress-unwritten', definition.name);
      builds.set(definition.name, await bundleFunction({ entry: entryOf(definition.name), outdir, extra: { write: false } }));
    }
  });

  it('carries no X-Ray SDK: Lambda traces each invocation, with no subsegments from the function', () => {
    // Assess: no module of the X-Ray SDK, or of what wraps it, in any file of any function.
    const tracing = [...builds].flatMap(([name, metafile]) =>
      Object.values(metafile.outputs).flatMap(({ inputs }) =>
        Object.keys(inputs)
          .filter((input) => /aws-xray-sdk|@aws-lambda-powertools\/tracer/.test(input))
          .map((input) => `${name}: ${input}`),
      ),
    );
    expect(builds.size).toBe(definitions.length);
    expect(tracing).toEqual([]);
  });

  it('carries zod/mini, and classic zod only in the openapi function, which describes the API with it', () => {
    const carrying = (module: RegExp) =>
      [...builds].filter(([, metafile]) => Object.keys(metafile.inputs).some((input) => module.test(input))).map(([name]) => name);
    expect(carrying(/node_modules\/zod\/v4\/classic\//)).toEqual(['openapi']);
    expect(carrying(/node_modules\/zod\/v4\/mini\//)).toHaveLength(definitions.length);
  });

  it('loads the page runtime, email views and SES client only on the paths that use them, in the functions that answer JSON posts', () => {
    // Pages for a browser's form with errors, and a new pack's making and emails, are chunks these functions import on demand.
    const onDemand = /node_modules\/nunjucks\/|shared\/views\/compiled\/|node_modules\/@aws-sdk\/client-sesv2\//;
    const jsonPosts = ['record-update', 'record-assessment', 'respond-to-barrier', 'board-pack-on-request', 'sessions'] as const;

    // Assess: in each build, not loaded at start, but in a chunk of the same function.
    for (const name of jsonPosts) {
      const metafile = builds.get(name)!;
      expect(
        loadedAtStart(metafile).filter((input) => onDemand.test(input)),
        name,
      ).toEqual([]);
      expect(
        Object.keys(metafile.inputs).some((input) => input.includes('shared/views/compiled/pages')),
        name,
      ).toBe(true);
    }
    const sesClient = Object.keys(builds.get('board-pack-on-request')!.inputs).filter((input) => input.includes('client-sesv2'));
    expect(sesClient.length).toBeGreaterThan(0);
  });
});

describe('a page function bundle', () => {
  const outdir = mkdtempSync(join(tmpdir(), 'recovery-progress-pages-'));
  let bundleDir: string;

  beforeAll(() => {
    // Prepare: the update form, which renders GOV.UK Frontend templates, compiled into its bundle.
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

  it('carries no template files, and of the compiled templates only those of its pages', () => {
    const files = readdirSync(bundleDir, { recursive: true, encoding: 'utf8' }).sort();
    expect(files.every((file) => file.endsWith('.mjs'))).toBe(true);
    expect(files).toContain('index.mjs');
    const bundle = files.map((file) => readFileSync(join(bundleDir, file), 'utf8')).join('\n');
    // The form's own components, and not the components of pages this function never renders.
    expect(bundle).toContain('govuk/components/character-count/template.njk');
    expect(bundle).not.toContain('govuk/components/notification-banner/template.njk');
    expect(bundle).not.toContain('govuk/components/panel/template.njk');
  });

  it('renders a page from its bundle alone when loaded, as on Lambda', () => {
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
      env: {
        ...process.env,
        TABLE_NAME: 'pages-test',
        AWS_REGION: 'eu-west-2',
        NODE_PATH: '',
        POWERTOOLS_LOG_LEVEL: 'SILENT',
        PAGE_EVENT: JSON.stringify(event),
      },
      encoding: 'utf8',
    });

    // Assess: the page comes from the GOV.UK template (skip link), the project's layout (service name, footer) and message view.
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
    // The assets' version comes with the compiled views, not from files the bundle does not have.
    expect(result.body).toContain(`href="/assets/${assetVersion}/recovery-progress.css"`);
  });
});

describe('functions synthesised together', () => {
  it('are each bundled from their own entry, into an asset of their own', () => {
    // Prepare: two functions in one stack.
    const outdir = mkdtempSync(join(tmpdir(), 'recovery-progress-assets-'));
    try {
      const app = new App({ outdir });
      const stack = new Stack(app, 'together');
      const config = loadStage('dev').config;
      new ProjectFunction(stack, 'Health', { definition: functions.health, config, settings: {} });
      new ProjectFunction(stack, 'Openapi', { definition: functions.openapi, config, settings: {} });

      // Act
      const template = app.synth().getStackByName('together').template as {
        Resources: Record<string, { Type: string; Properties: { Code: { S3Key: string } } }>;
      };

      // Assess: two assets, and no page's stylesheet in either: CloudFront serves it from the assets bucket.
      const folders = Object.entries(template.Resources)
        .filter(([, resource]) => resource.Type === 'AWS::Lambda::Function')
        .map(([id, resource]) => [id.replace(/Function.*/, ''), join(outdir, `asset.${resource.Properties.Code.S3Key.replace(/\.zip$/, '')}`)] as const);
      const byFunction = Object.fromEntries(folders.map(([id, folder]) => [id, readdirSync(folder)]));
      expect(new Set(folders.map(([, folder]) => folder)).size).toBe(2);
      expect(byFunction.Openapi).toContain('index.mjs');
      expect(byFunction.Health).toContain('index.mjs');
      expect([...byFunction.Openapi!, ...byFunction.Health!]).not.toContain('app.css');
    } finally {
      rmSync(outdir, { recursive: true, force: true });
    }
  });
});
