/**
 * Runs the project's handlers in this process the way Lambda would: each function's folder
 * holds its handler, each invocation gets a Lambda-like context, and its table calls
 * are held to the function's grants (table-guard.ts).
 */
import { randomUUID } from 'node:crypto';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Context } from 'aws-lambda';
import { entryOf, type FunctionName, functions } from '../../functions/index.ts';
import { runAs } from './table-guard.ts';

const root = resolve(import.meta.dirname, '../..');

type Handler = (event: unknown, context: Context) => Promise<unknown>;

const loaded = new Map<FunctionName, Promise<Handler>>();

/** The ARN a local function goes by, as in Lambda's on-failure messages. */
export function localFunctionArn(functionName: string): string {
  return `arn:aws:lambda:local:000000000000:function:${functionName}`;
}

export function lambdaContext(functionName: string, timeoutSeconds = 10): Context {
  const deadline = Date.now() + timeoutSeconds * 1000;
  const awsRequestId = randomUUID();
  return {
    callbackWaitsForEmptyEventLoop: false,
    functionName,
    functionVersion: '$LATEST',
    invokedFunctionArn: localFunctionArn(functionName),
    memoryLimitInMB: '256',
    awsRequestId,
    logGroupName: `/aws/lambda/${functionName}`,
    logStreamName: 'local',
    getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
    done: () => undefined,
    fail: () => undefined,
    succeed: () => undefined,
  };
}

async function load(name: FunctionName): Promise<Handler> {
  let handler = loaded.get(name);
  if (!handler) {
    handler = import(pathToFileURL(resolve(root, entryOf(name))).href).then((module: { handler: Handler }) => module.handler);
    loaded.set(name, handler);
  }
  return handler;
}

/** Invokes a function by name with an event; resolves to what its handler returns. */
export async function invoke<T = unknown>(name: FunctionName, event: unknown): Promise<T> {
  const handler = await load(name);
  const definition = functions[name] as { timeoutSeconds?: number };
  return (await runAs(name, () => handler(event, lambdaContext(name, definition.timeoutSeconds ?? 10)))) as T;
}
