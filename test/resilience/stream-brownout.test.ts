/**
 * 5d. Dependency faults on the stream side, made exact with a proxy in front of DynamoDB for the
 * functions only, while the stream stays readable and updates wait to be summarised:
 * - for ten seconds every write to the PROGRAMME partition (the summaries) is throttled
 *   (ProvisionedThroughputExceededException, as DynamoDB answers a hot partition);
 * - for five seconds DynamoDB does not answer the functions at all. Lambda's event source
 *   mapping in AWS reads the stream without any view of the table's health, so this is the
 *   outage as it sees it (the local poller's own DynamoDB still answers).
 * Either way the updates must be summarised once DynamoDB is back, not set aside as poison.
 */
import { describe, expect, it } from 'vitest';
import { functions } from '../../functions/index.ts';
import { section } from './lib/figures.ts';
import type { FaultProxy } from './lib/proxy.ts';
import { eventually, priorityIds, type ResilienceStack, stackBehindProxyForFile, validUpdate } from './lib/stack.ts';

const figures = section(5, 'Dependency faults');
let proxy: FaultProxy;
let stack: ResilienceStack;
let tokens: Record<string, string>;

stackBehindProxyForFile('dynamodb', { pollIntervalMs: 100 }, (started) => {
  ({ proxy, stack, tokens } = started);
});

const throttled = {
  status: 400,
  headers: { 'content-type': 'application/x-amz-json-1.0', 'x-amzn-errortype': 'ProvisionedThroughputExceededException' },
  body: JSON.stringify({
    __type: 'com.amazonaws.dynamodb.v20120810#ProvisionedThroughputExceededException',
    message: 'The level of configured provisioned throughput for the table was exceeded.',
  }),
};

/** Pauses the summariser, records one update per priority, applies the fault while it works through them, and lifts it. */
async function summariseThrough(fault: { apply: () => void; lift: () => void; forMs: number }) {
  const poller = stack.pollers.get('summarise')!;
  await poller.stop();
  const lettersBefore = stack.deadLetters.get('summarise')!.entries.length;
  const counts = new Map<string, number>();
  for (const priorityId of priorityIds) counts.set(priorityId, Number((await stack.getItem('PROGRAMME', `SUMMARY#${priorityId}`))?.updateCount ?? 0));
  for (const priorityId of priorityIds) {
    const response = await stack.request('POST', `/priorities/${priorityId}/updates`, {
      headers: { 'content-type': 'application/json', authorization: `Bearer ${tokens[priorityId]!}` },
      body: JSON.stringify({ ...validUpdate, summary: `waiting during a fault ${priorityId}` }),
    });
    expect(response.status).toBe(201);
  }
  fault.apply();
  const faultAt = Date.now();
  poller.start();
  await new Promise((resolveWait) => setTimeout(resolveWait, fault.forMs));
  fault.lift();
  // Until each waiting update is summarised or dead-lettered (nothing brings a dead letter back).
  const letters = () => stack.deadLetters.get('summarise')!.entries.slice(lettersBefore);
  const lettered = (priorityId: string) => letters().some((letter) => letter.record.dynamodb?.Keys?.pk?.S === `PRIORITY#${priorityId}`);
  await eventually('the waiting updates to be summarised', async () => {
    for (const priorityId of priorityIds) {
      const counted = Number((await stack.getItem('PROGRAMME', `SUMMARY#${priorityId}`))?.updateCount);
      if (counted !== counts.get(priorityId)! + 1 && !lettered(priorityId)) return false;
    }
    return true;
  }).catch(() => undefined);
  const missing: string[] = [];
  for (const priorityId of priorityIds) {
    if (Number((await stack.getItem('PROGRAMME', `SUMMARY#${priorityId}`))?.updateCount) !== counts.get(priorityId)! + 1) missing.push(priorityId);
  }
  return { letters: letters(), missing, faultAt };
}

describe('DynamoDB failing the stream consumers', () => {
  it('summarises every waiting update after 10 s of throttled summary writes, and dead-letters none of them', async () => {
    // Prepare
    const throttledForMs = 10_000;
    const throttles = proxy.replied;

    // Act
    const result = await summariseThrough({
      apply: () => {
        proxy.reply = (request) =>
          String(request.headers['x-amz-target']).endsWith('.PutItem') && request.body.includes('"pk":{"S":"PROGRAMME"}') ? throttled : undefined;
      },
      lift: () => {
        proxy.reply = () => undefined;
      },
      forMs: throttledForMs,
    });

    // Assess
    figures.record('summary writes throttled for 10 s: throttled attempts (retries)', proxy.replied - throttles, { atLeast: 1 });
    figures.record(
      'throttling: updates dead-lettered or never summarised',
      new Set([...result.letters.map((letter) => letter.record.dynamodb?.Keys?.pk?.S), ...result.missing.map((id) => `PRIORITY#${id}`)]).size,
      { equals: 0 },
    );
    expect(proxy.replied - throttles).toBeGreaterThan(0);
    expect({ deadLettered: result.letters.map((letter) => letter.record.dynamodb?.Keys?.pk?.S), missing: result.missing }).toEqual({
      deadLettered: [],
      missing: [],
    });
  });

  it('summarises every waiting update after DynamoDB did not answer the functions for 5 s (the outage as Lambda sees it), and dead-letters none of them', async () => {
    // Prepare
    const { retryAttempts } = functions.summarise.stream;
    const dropped = proxy.dropped;

    // Act
    const result = await summariseThrough({ apply: () => (proxy.fail = () => true), lift: () => (proxy.fail = () => false), forMs: 5_000 });

    // Assess
    figures.record('functions cut off from DynamoDB for 5 s: calls refused (retries)', proxy.dropped - dropped, { atLeast: 1 });
    figures.record('cut off: updates dead-lettered by the summariser', result.letters.length, { equals: 0 });
    figures.record('cut off: updates never summarised', result.missing.length, { equals: 0 });
    if (result.letters.length > 0) {
      figures.note(
        `with DynamoDB not answering the functions for 5 s, ${result.letters.length} of ${priorityIds.length} waiting updates were dead-lettered after ${result.letters[0]!.attempts} attempts, the first ${((Date.parse(result.letters[0]!.failedAt) - result.faultAt) / 1000).toFixed(1)} s in: retryAttempts ${retryAttempts} is spent on an outage as if the record were poison, and nothing redrives the dead letters`,
      );
    }
    expect(proxy.dropped - dropped).toBeGreaterThan(0);
    expect({ deadLettered: result.letters.map((letter) => letter.record.dynamodb?.Keys?.pk?.S), missing: result.missing }).toEqual({
      deadLettered: [],
      missing: [],
    });
  });
});
