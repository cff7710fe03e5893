/** `npm run redrive` as a real process: dead letters of a consumer go through it again once the cause is gone. */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { startTestStack, streamRecords, validUpdate, type TestStack } from './stack.ts';

const root = resolve(import.meta.dirname, '../..');
let stack: TestStack;

beforeAll(async () => {
  // No pollers: the update's record reaches the summariser only through the redrive.
  stack = await startTestStack({ startPollers: false });
});
afterAll(async () => stack?.stop());

describe('redrive', () => {
  it('applies dead-lettered records and empties the file of those that succeed', async () => {
    const token = await stack.token('jobs-and-training');
    const posted = await stack.request('POST', '/priorities/jobs-and-training/updates', {
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify(validUpdate),
    });
    const update = (await posted.json()) as { id: string };
    const record = (await streamRecords(stack)).find((r) => r.dynamodb?.NewImage?.id?.S === update.id)!;
    const dataDir = mkdtempSync(join(tmpdir(), 'redrive-'));
    mkdirSync(join(dataDir, 'dead-letters'));
    const file = join(dataDir, 'dead-letters', 'summarise.jsonl');
    writeFileSync(file, `${JSON.stringify({ condition: 'RetryAttemptsExhausted', consumer: 'summarise', attempts: 11, record })}\n`);

    const run = spawnSync(resolve(root, 'node_modules/.bin/tsx'), ['infra/local/cli/redrive.ts', '--function', 'summarise'], {
      cwd: root,
      encoding: 'utf8',
      env: {
        ...process.env,
        LOCAL_DATA_DIR: dataDir,
        TABLE_NAME: stack.tableName,
        DYNAMODB_PORT: new URL(inject('dynamoDbEndpoint')).port,
        POWERTOOLS_LOG_LEVEL: 'SILENT',
      },
    });

    expect(run.status).toBe(0);
    expect(run.stdout).toContain('Redrove 1 of 1 records through summarise');
    expect(readFileSync(file, 'utf8')).toBe('');
    expect((await stack.stores.summaries.get('jobs-and-training', true))!.value).toMatchObject({ lastUpdateId: update.id, updateCount: 1 });
  });
});
