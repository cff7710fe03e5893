/**
 * One cold request: a fresh `node` process running cold-request.mjs in the artifact's folder,
 * with the environment the function has in Lambda (its settings through shared/settings.ts's
 * functionEnvironment, project-function.ts's runtime variables, Lambda's own variables with
 * active tracing), against the bench's DynamoDB Local, SES emulator and the stand-ins here for the
 * Lambda API and the X-Ray daemon.
 */
import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { createSocket, type Socket } from 'node:dgram';
import { createServer, type Server } from 'node:http';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { FunctionDefinition } from '#shared/function-definition';
import { functionEnvironment } from '#shared/settings';
import { type FunctionName, functions, streamConsumerFilters } from '../../functions/index.ts';
import { defaultStage, loadStage } from '../../infra/config.ts';
import { functionDefaults, lambdaRuntimeEnvironment } from '../../infra/constructs/project-function.ts';
import { localSettings } from '../../infra/local/settings.ts';
import { projectName } from '../../infra/naming.ts';
import type { Artifact } from '../lib/artifacts.ts';
import { baselineName, isProbe } from './artifacts.ts';
import { region } from './event-context.ts';

const run = promisify(execFile);
/** The program each process runs: plain JavaScript, so only Node itself loads before the bundle. */
const coldRequestProgram = join(import.meta.dirname, 'cold-request.mjs');

// What the processes talk to besides DynamoDB Local and the SES emulator

/** The Lambda API as redrive calls it (Invoke): answers every invocation at once with an empty batch response. */
export async function startLambdaStandIn(): Promise<{ endpoint: string; invocations: () => number; stop(): Promise<void> }> {
  let invocations = 0;
  const server: Server = createServer((request, response) => {
    request.resume();
    request.on('end', () => {
      invocations += 1;
      response.writeHead(200, { 'content-type': 'application/json', 'x-amz-executed-version': '$LATEST' });
      response.end(JSON.stringify({ batchItemFailures: [] }));
    });
  });
  await new Promise<void>((resolveListen) => server.listen(0, '127.0.0.1', () => resolveListen()));
  const address = server.address();
  return {
    endpoint: `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`,
    invocations: () => invocations,
    stop: () =>
      new Promise<void>((resolveStop) => {
        server.close(() => resolveStop());
        server.closeAllConnections();
      }),
  };
}

/** Where the traced functions send their segments (the X-Ray daemon's UDP port in Lambda): counted, then dropped. */
export async function startTraceSink(): Promise<{ address: string; segments: () => number; stop(): void }> {
  const socket: Socket = createSocket('udp4');
  let segments = 0;
  socket.on('message', () => (segments += 1));
  await new Promise<void>((resolveBind) => socket.bind(0, '127.0.0.1', () => resolveBind()));
  return { address: `127.0.0.1:${socket.address().port}`, segments: () => segments, stop: () => socket.close() };
}

// One process

export interface ProcessSample {
  bootMs: number;
  loadMs: number;
  requestMs: number;
  /** Spawn to exit, seen from the bench. */
  wallMs: number;
  result: string | undefined;
  error: string | undefined;
}

export interface Endpoints {
  dynamoDb: string;
  ses: string;
  lambda: string;
  traceDaemon: string;
  tableName: string;
  apiUrl: string;
}

/** project-function.ts's runtime variables, with NODE_OPTIONS as a source-map option sets it (none: unset). */
export function runtimeWith(nodeOptions: string | undefined): Record<string, string> {
  const { NODE_OPTIONS: _deployed, ...others }: Record<string, string> = lambdaRuntimeEnvironment;
  return { ...others, ...(nodeOptions ? { NODE_OPTIONS: nodeOptions } : {}) };
}

/** What the function's environment holds in Lambda: its settings, `runtime` (project-function.ts's as deployed unless told otherwise), the runtime variables with active tracing. */
export function environmentOf(
  name: string,
  artifact: Artifact,
  endpoints: Endpoints,
  runtime: Record<string, string> = lambdaRuntimeEnvironment,
): Record<string, string> {
  const definition: FunctionDefinition =
    name === baselineName || isProbe(name)
      ? { name: baselineName, description: 'baseline', tableActions: ['dynamodb:PutItem'], writePartitions: ['PRIORITY#*'] }
      : functions[name as FunctionName];
  const stage = loadStage(defaultStage).config;
  const settings = localSettings({ TABLE_NAME: endpoints.tableName });
  const memory = definition.memoryMb ?? functionDefaults.memoryMb;
  return {
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    ...functionEnvironment(
      definition,
      // The consumers go by their own names here, as on the local stack: the failed batches name them so.
      { ...settings, PUBLIC_BASE_URL: endpoints.apiUrl, STREAM_CONSUMER_FILTERS: JSON.stringify(streamConsumerFilters((consumer) => consumer)) },
      { serviceName: projectName, logLevel: stage.logLevel },
    ),
    ...runtime,
    // What Lambda's Node.js 22 runtime sets, with active tracing.
    AWS_REGION: region,
    AWS_DEFAULT_REGION: region,
    AWS_EXECUTION_ENV: 'AWS_Lambda_nodejs22.x',
    AWS_LAMBDA_FUNCTION_NAME: name,
    AWS_LAMBDA_FUNCTION_MEMORY_SIZE: String(memory),
    AWS_LAMBDA_FUNCTION_VERSION: '$LATEST',
    AWS_LAMBDA_INITIALIZATION_TYPE: 'on-demand',
    AWS_LAMBDA_LOG_GROUP_NAME: `/aws/lambda/${name}`,
    AWS_LAMBDA_LOG_STREAM_NAME: 'bench',
    LAMBDA_TASK_ROOT: artifact.dir,
    _HANDLER: 'index.handler',
    TZ: ':UTC',
    LANG: 'en_US.UTF-8',
    _X_AMZN_TRACE_ID: `Root=1-${Math.floor(Date.now() / 1000).toString(16)}-${randomUUID().replace(/-/g, '').slice(0, 24)};Parent=${randomUUID().replace(/-/g, '').slice(0, 16)};Sampled=1`,
    AWS_XRAY_DAEMON_ADDRESS: endpoints.traceDaemon,
    AWS_XRAY_CONTEXT_MISSING: 'LOG_ERROR',
    AWS_ACCESS_KEY_ID: 'local',
    AWS_SECRET_ACCESS_KEY: 'local',
    AWS_SESSION_TOKEN: 'local',
    // The bench's stand-ins for the AWS services.
    AWS_ENDPOINT_URL_DYNAMODB: endpoints.dynamoDb,
    AWS_ENDPOINT_URL_DYNAMODB_STREAMS: endpoints.dynamoDb,
    AWS_ENDPOINT_URL_SESV2: endpoints.ses,
    AWS_ENDPOINT_URL_LAMBDA: endpoints.lambda,
    BENCH_TIMEOUT_MS: String((definition.timeoutSeconds ?? functionDefaults.timeoutSeconds) * 1000),
  };
}

/**
 * With `BENCH_PROFILE_DIR` set, each cold process also writes a CPU profile (load and first request)
 * into a folder per artifact: where a regression's time goes. Profiling slows what it measures, so
 * such a run's figures are for reading, not publishing.
 */
function profileArguments(name: string): string[] {
  const dir = process.env.BENCH_PROFILE_DIR;
  return dir ? ['--cpu-prof', '--cpu-prof-dir', join(dir, name)] : [];
}

export async function coldProcess(artifact: Artifact, event: unknown, env: Record<string, string>, importOnly: boolean): Promise<ProcessSample> {
  const started = performance.now();
  try {
    const { stdout } = await run(
      process.execPath,
      [...profileArguments(artifact.name), coldRequestProgram, artifact.bundle, JSON.stringify(event ?? null), importOnly ? 'import-only' : 'invoke'],
      {
        cwd: artifact.dir,
        env,
        timeout: 120_000,
        maxBuffer: 64 * 2 ** 20,
      },
    );
    const wallMs = performance.now() - started;
    const line = stdout.split('\n').find((candidate) => candidate.startsWith('@@bench '));
    if (!line) throw new Error(`no result line in:\n${stdout.slice(-500)}`);
    return { ...(JSON.parse(line.slice('@@bench '.length)) as Omit<ProcessSample, 'wallMs'>), wallMs };
  } catch (error) {
    // A minified bundle's stack is one enormous line: keep the message and the last short lines.
    const stderr = String((error as { stderr?: unknown }).stderr ?? '') || String(error);
    const short = stderr.split('\n').filter((line) => line.length < 400);
    // The error's own line (`SyntaxError: …`, `Error [ERR_…]: …`) and the last lines of its stack.
    const named = short.filter((line) => /^\w*Error\b/.test(line.trim())).slice(0, 2);
    const tail = [...named, ...short.slice(-8)].join('\n');
    throw new Error(`The cold process of ${artifact.name} failed:\n${tail}`);
  }
}
