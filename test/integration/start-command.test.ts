/**
 * The commands a person types, run as they run them (tsx, fresh processes): the stack comes
 * up, `issue-token` prints only a token, the stack prints the metrics of what it does, and
 * SIGTERM stops everything the stack started.
 */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { metricsNamespace } from '#shared/settings';
import { freePort } from '../../infra/local/dynamodb-local.ts';
import { eventually } from './stack.ts';

const root = resolve(import.meta.dirname, '../..');
const tsx = resolve(root, 'node_modules/.bin/tsx');
let stack: ChildProcess;
let env: NodeJS.ProcessEnv;
let output = '';
let stdout = '';

async function listening(port: number): Promise<boolean> {
  return fetch(`http://127.0.0.1:${port}/`).then(
    () => true,
    () => false,
  );
}

beforeAll(async () => {
  env = {
    ...process.env,
    PORT: String(await freePort()),
    DYNAMODB_PORT: String(await freePort()),
    SES_PORT: String(await freePort()),
  };
  // As `npm start` runs it: node with tsx's loader, so a signal reaches the stack itself (tsx's CLI gives its child 30 ms to acknowledge one, then kills it).
  stack = spawn(process.execPath, ['--import', 'tsx', 'infra/local/start.ts', '--in-memory'], { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] });
  stack.stdout!.on('data', (chunk: Buffer) => {
    output += chunk.toString();
    stdout += chunk.toString();
  });
  stack.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  // Only a stack that never comes up fails here: tsx, Java and the SES emulator start slowly on a loaded machine.
  const deadline = Date.now() + 5 * 60_000;
  while (!output.includes('local stack is up')) {
    if (stack.exitCode !== null || Date.now() > deadline) throw new Error(`the local stack did not start:\n${output}`);
    await new Promise((r) => setTimeout(r, 100));
  }
});

afterAll(() => {
  if (stack.exitCode === null) stack.kill('SIGKILL');
});

describe('npm start and the operator commands', () => {
  it('serves the API and prints where everything is', async () => {
    expect(output).toContain(`http://127.0.0.1:${env.PORT}`);
    expect(output).toContain(`http://127.0.0.1:${env.SES_PORT}`);
    const health = await fetch(`http://127.0.0.1:${env.PORT}/health`);
    expect(health.status).toBe(200);
  });

  it('issue-token prints only a token on stdout, which the API accepts; the stack prints the update’s metrics', async () => {
    const issued = spawnSync(tsx, ['infra/local/cli/issue-token.ts', '--priority', 'jobs-and-training'], { cwd: root, env, encoding: 'utf8' });
    expect(issued.status).toBe(0);
    expect(issued.stdout).toMatch(/^rp_[a-f0-9]{16}_[A-Za-z0-9_-]{43}\n$/);
    const response = await fetch(`http://127.0.0.1:${env.PORT}/priorities/jobs-and-training/updates`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ token: issued.stdout.trim(), status: 'green', period: '2021-03', summary: 'Smoke' }).toString(),
    });
    expect(response.status).toBe(201);
    // The update is counted on stdout, among the handlers' log lines, as the EMF line CloudWatch would read.
    const counted = new RegExp(`^\\{"_aws":.*"Namespace":"${metricsNamespace}".*"UpdatesRecorded":1\\b`, 'm');
    await eventually(async () => counted.test(stdout), undefined, undefined, 'the metrics line of the update');
  });

  it('issue-token explains an unknown priority and exits 1', () => {
    const issued = spawnSync(tsx, ['infra/local/cli/issue-token.ts', '--priority', 'nope'], { cwd: root, env, encoding: 'utf8' });
    expect(issued.status).toBe(1);
    expect(issued.stdout).toBe('');
    expect(issued.stderr).toContain('There is no priority "nope"');
  });

  it('stops on SIGTERM with every port it opened closed', async () => {
    const exited = new Promise<number | null>((resolveExit) => stack.once('exit', (code) => resolveExit(code)));
    stack.kill('SIGTERM');
    expect(await exited).toBe(0);
    for (const port of [env.PORT, env.DYNAMODB_PORT, env.SES_PORT]) expect(await listening(Number(port)), `port ${port}`).toBe(false);
  });
});
