/**
 * On the local stack the business metrics are printed with the handlers' log lines, as the
 * embedded metric format (EMF) lines CloudWatch reads in AWS: a posted update is counted by
 * record-update, its summary by summarise, its emails by notify, and a digest run by digest.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
// Not '#shared/metrics': importing it here would build the Metrics instance before the stack sets the functions' environment.
import type { DigestResult } from '#shared/services/digest';
import { metricsNamespace } from '#shared/settings';
import { invoke } from '../../infra/local/lambda.ts';
import { projectName } from '../../infra/naming.ts';
import { eventually, startTestStack, type TestStack, validUpdate } from './stack.ts';

type EmfLine = Record<string, unknown> & { _aws: { CloudWatchMetrics: { Namespace: string; Dimensions: string[][] }[] } };

let stack: TestStack;
const printed: string[] = [];

beforeAll(async () => {
  // Under POWERTOOLS_DEV, Powertools prints through console.log: what `npm start` shows on stdout.
  vi.spyOn(console, 'log').mockImplementation((line: unknown) => void printed.push(String(line)));
  // Any level but SILENT prints the metrics; ERROR keeps the rest of the handlers' logging quiet.
  stack = await startTestStack({ settings: { LOG_LEVEL: 'ERROR' } });
});
afterAll(async () => {
  await stack?.stop();
  vi.restoreAllMocks();
});

function emfLines(): EmfLine[] {
  return printed.flatMap((line) => {
    try {
      const parsed = JSON.parse(line) as Partial<EmfLine>;
      return parsed._aws ? [parsed as EmfLine] : [];
    } catch {
      return [];
    }
  });
}

/** The total of a metric over the EMF lines printed since `from`; a line holds one value or a list. */
function total(name: string, from = 0): number {
  return emfLines()
    .slice(from)
    .flatMap((line) => [line[name] ?? []].flat() as number[])
    .reduce((sum, value) => sum + value, 0);
}

describe('metrics in the local stack’s output', () => {
  it('count a posted update, its summary with the stream lag, and its emails, in the project’s namespace', async () => {
    // Act
    const token = await stack.token('jobs-and-training', { name: 'Metrics sponsor' });
    const response = await stack.request('POST', '/priorities/jobs-and-training/updates', {
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify(validUpdate),
    });

    // Assess: record-update's line as soon as it answers; the stream consumers' lines when they have run.
    expect(response.status).toBe(201);
    const recorded = emfLines().find((line) => 'UpdatesRecorded' in line);
    expect(recorded).toMatchObject({ UpdatesRecorded: 1, service: projectName });
    expect(recorded!._aws.CloudWatchMetrics).toEqual([expect.objectContaining({ Namespace: metricsNamespace, Dimensions: [['service']] })]);
    await eventually(async () => total('SummariesApplied') >= 1, undefined, undefined, 'summarise’s metrics');
    expect(emfLines().find((line) => 'SummariesApplied' in line)).toHaveProperty('StreamLag');
    // The priority's sponsor and delivery lead.
    await eventually(async () => total('EmailsSent') >= 2, undefined, undefined, 'notify’s metrics');
  });

  it('count a digest run’s digests and reminders, and a repeated run’s emails as skipped', async () => {
    // Act
    const first = emfLines().length;
    const run = await invoke<DigestResult>('digest', { runId: 'metrics-week' });
    const second = emfLines().length;
    const repeated = await invoke<DigestResult>('digest', { runId: 'metrics-week' });

    // Assess
    expect(run.digests.sent).toBeGreaterThan(0);
    expect(total('DigestsSent', first)).toBe(run.digests.sent);
    expect(total('RemindersSent', first)).toBe(run.reminders.sent);
    expect(repeated.digests.sent + repeated.reminders.sent).toBe(0);
    expect(total('EmailsSkippedDuplicate', second)).toBe(repeated.digests.skipped + repeated.reminders.skipped);
  });
});
