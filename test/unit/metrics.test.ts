/**
 * The business metrics, read back from the embedded metric format (EMF) lines Powertools
 * prints: what CloudWatch would turn into metrics of the project's namespace.
 */
import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { marshall } from '@aws-sdk/util-dynamodb';
import type { AttributeValue, DynamoDBBatchResponse, DynamoDBStreamEvent } from 'aws-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { keys } from '#shared/data/keys';
import type { Person } from '#shared/domain/people';
import { applyUpdate, emptySummary } from '#shared/domain/summary';
import { lambdaContext } from '../../infra/local/lambda.ts';
import { sampleUpdate } from './fixtures.ts';

// Read when the modules load: a table for the handler, and metrics on (POWERTOOLS_DEV, as vitest runs, turns them off).
vi.stubEnv('TABLE_NAME', 'progress');
vi.stubEnv('POWERTOOLS_METRICS_DISABLED', 'false');
const { metricsNamespace } = await import('#shared/metrics');
const { deliverOnce } = await import('#shared/services/deliveries');
type Mailer = import('#shared/services/deliveries').Mailer;
const { documentClient } = await import('#shared/data/client');
const { handler: summariseHandler } = await import('../../functions/summarise/handler.ts');

const table = mockClient(documentClient);
afterEach(() => {
  table.reset();
  vi.restoreAllMocks();
});

interface EmfLine {
  _aws: { CloudWatchMetrics: { Namespace: string; Dimensions: string[][]; Metrics: { Name: string; Unit: string }[] }[] };
  [key: string]: unknown;
}

/** Runs `work` and returns the EMF lines printed meanwhile (under POWERTOOLS_DEV, Powertools prints through console.log). */
async function emfOf(work: () => Promise<unknown>): Promise<EmfLine[]> {
  const log = vi.spyOn(console, 'log').mockImplementation(() => undefined);
  await work();
  return log.mock.calls.map(([line]) => JSON.parse(String(line)) as EmfLine).filter((line) => '_aws' in line);
}

const update = sampleUpdate();
const minuteAgo = () => Math.floor(Date.now() / 1000) - 60;
/** An item as a stream record carries it (binary attributes aside, the SDK's and Lambda's shapes agree). */
const image = (item: object) => marshall(item) as Record<string, AttributeValue>;

function streamEvent(written: number): DynamoDBStreamEvent {
  return {
    Records: [
      {
        eventID: '1',
        eventName: 'INSERT',
        eventSource: 'aws:dynamodb',
        dynamodb: {
          ApproximateCreationDateTime: written,
          Keys: image(keys.update(update.priorityId, update.id)),
          NewImage: image({ ...keys.update(update.priorityId, update.id), entity: 'update', ...update }),
          SequenceNumber: '100',
          StreamViewType: 'NEW_IMAGE',
        },
      },
    ],
  };
}

describe('summarise', () => {
  it('counts the summary it applied, and how long after the write it took the update up', async () => {
    // Prepare: a priority with nothing reported yet, and an update written a minute ago.
    table.on(GetCommand).resolves({});
    table.on(PutCommand).resolves({});

    // Act
    let response: DynamoDBBatchResponse | undefined;
    const lines = await emfOf(async () => (response = await summariseHandler(streamEvent(minuteAgo()), lambdaContext('summarise'))));

    // Assess: one line for the invocation, in the project's namespace.
    expect(response?.batchItemFailures).toEqual([]);
    expect(lines).toHaveLength(1);
    const [line] = lines;
    expect(line!._aws.CloudWatchMetrics[0]).toMatchObject({
      Namespace: metricsNamespace,
      Dimensions: [['service']],
      Metrics: expect.arrayContaining([
        { Name: 'SummariesApplied', Unit: 'Count' },
        { Name: 'StreamLag', Unit: 'Milliseconds' },
      ]),
    });
    expect(line).toMatchObject({ SummariesApplied: 1 });
    expect(line!.StreamLag).toBeGreaterThanOrEqual(60_000);
  });

  it('counts only the lag of a record it had applied already', async () => {
    // Prepare: the summary already holds the update.
    const summary = applyUpdate(emptySummary(update.priorityId), update, '100')!;
    table.on(GetCommand, { Key: keys.summary(update.priorityId) }).resolves({ Item: { ...summary, entity: 'summary', version: 1 } });

    // Act
    const lines = await emfOf(() => summariseHandler(streamEvent(minuteAgo()), lambdaContext('summarise')));

    // Assess
    expect(table.commandCalls(PutCommand)).toHaveLength(0);
    expect(lines).toHaveLength(1);
    expect(lines[0]!._aws.CloudWatchMetrics[0]!.Metrics).toEqual([{ Name: 'StreamLag', Unit: 'Milliseconds' }]);
  });
});

describe('email outcomes', () => {
  it('are told to the mailer with the kind of their event: sent, skipped as sent already, or failed', async () => {
    // Prepare: an outbox that has seen the second event, and a sender that fails the third.
    const person: Person = {
      personId: 'p1',
      name: 'Sponsor',
      email: 'sponsor@example.org',
      role: 'sponsor',
      priorityId: 'jobs-and-training',
      preferences: { updateNotifications: true },
      preferencesKey: 'k',
      createdAt: '2021-03-01T09:00:00.000Z',
    };
    const outcomes: [string, string][] = [];
    const mailer: Mailer = {
      deliveries: {
        lease: async (event) => (event === 'digest#week-1' ? 'done' : { leaseId: 'l', sent: {} }),
        markSending: async () => undefined,
        settle: async () => undefined,
      },
      templates: {} as Mailer['templates'],
      sender: { send: async (email) => (email.subject === 'fails' ? Promise.reject(new Error('SES is down')) : 'message-id') },
      baseUrl: 'http://localhost',
      eventWindowSeconds: 600,
      onOutcome: (outcome, kind) => void outcomes.push([outcome, kind]),
    };
    const content = (subject: string) => () => ({ subject, html: '<p>h</p>', text: 't' });

    // Act
    await deliverOnce(mailer, 'update#01J', person, content('sent'));
    await deliverOnce(mailer, 'digest#week-1', person, content('skipped'));
    await expect(deliverOnce(mailer, 'reminder#week-1', person, content('fails'))).rejects.toThrow('SES is down');

    // Assess
    expect(outcomes).toEqual([
      ['sent', 'update'],
      ['skipped', 'digest'],
      ['failed', 'reminder'],
    ]);
  });
});
