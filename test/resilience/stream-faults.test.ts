/**
 * 4. Stream faults: a poison record in the middle of a batch is retried, then set aside in the
 * local dead-letter queue with its context while the rest of its batch is applied; a poison
 * record for the notifier goes the same way. Replaying the whole stream from TRIM_HORIZON
 * through both consumers then changes no summary (versions included) and sends no email again.
 */
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newUpdateId } from '#shared/domain/ids';
import { functions } from '../../functions/index.ts';
import { section } from './lib/figures.ts';
import { sameJson } from './lib/items.ts';
import { eventually, type Item, priorityIds, type ResilienceStack, type SentEmail, startStack, validUpdate } from './lib/stack.ts';
import { allStreamRecords, deliver, forConsumer } from './lib/stream.ts';

const figures = section(4, 'Stream faults');
let stack: ResilienceStack;
let tokens: Record<string, string>;
let posted = 0;

beforeAll(async () => {
  stack = await startStack({ pollIntervalMs: 100 });
  tokens = {};
  for (const priorityId of priorityIds) tokens[priorityId] = await stack.token(priorityId, { name: `Sponsor of ${priorityId}` });
});
afterAll(async () => stack?.stop());

/** Posts an update whose summary carries a marker the emails about it repeat. */
async function post(priorityId: string): Promise<{ id: string; marker: string }> {
  posted += 1;
  const marker = `stream-fault-update-${posted}`;
  const response = await stack.request('POST', `/priorities/${priorityId}/updates`, {
    headers: { 'content-type': 'application/json', authorization: `Bearer ${tokens[priorityId]!}` },
    body: JSON.stringify({ ...validUpdate, summary: `${marker} progress`, barriers: [] }),
  });
  if (response.status !== 201) throw new Error(`post for ${priorityId} answered ${response.status}`);
  return { id: ((await response.json()) as { id: string }).id, marker };
}

async function summary(priorityId: string): Promise<Item> {
  return (await stack.getItem('PROGRAMME', `SUMMARY#${priorityId}`))!;
}

/** Every derived item: summaries and the delivery records. */
async function derived(): Promise<Item[]> {
  return (await stack.scan())
    .filter((item) => item.entity === 'summary' || item.entity === 'delivery')
    .sort((a, b) => `${String(a.pk)}|${String(a.sk)}`.localeCompare(`${String(b.pk)}|${String(b.sk)}`));
}

/** (marker, recipient) pairs with more than one email. */
function duplicates(emails: SentEmail[]): string[] {
  const seen = new Map<string, number>();
  for (const email of emails) {
    const marker = /stream-fault-update-\d+/.exec(email.body.text ?? '')?.[0];
    if (!marker) continue;
    for (const to of email.destination.to) seen.set(`${marker} → ${to}`, (seen.get(`${marker} → ${to}`) ?? 0) + 1);
  }
  return [...seen.entries()].filter(([, n]) => n > 1).map(([pair, n]) => `${pair} ×${n}`);
}

describe('stream faults', () => {
  it('retries a poison record, sets it aside with its context, and applies the rest of its batch', async () => {
    // Prepare: one update per priority, summarised and notified.
    for (const priorityId of priorityIds) await post(priorityId);
    await eventually('the first updates to be summarised', async () => {
      for (const priorityId of priorityIds) if ((await summary(priorityId)).updateCount !== 1) return false;
      return true;
    });
    // A batch of three: a good update, a malformed update item written straight to the table, a good update.
    const poller = stack.pollers.get('summarise')!;
    await poller.stop();
    const [first, second] = [priorityIds[0]!, priorityIds[1]!];
    const before = await post(first);
    const poisonId = newUpdateId();
    await stack.documents.send(
      new PutCommand({
        TableName: stack.tableName,
        Item: { pk: `PRIORITY#${first}`, sk: `UPDATE#${poisonId}`, entity: 'update', id: poisonId, priorityId: first, status: 'purple', summary: 42 },
      }),
    );
    const after = await post(second);

    // Act
    poller.start();
    const letter = await eventually('the poison record in the dead letters', async () =>
      stack.deadLetters.get('summarise')!.entries.find((entry) => entry.record.dynamodb?.Keys?.sk?.S === `UPDATE#${poisonId}`),
    );
    await eventually('the good records of the batch to be applied', async () => (await summary(second)).lastUpdateId === after.id);

    // Assess
    const summaries = { first: await summary(first), second: await summary(second) };
    const { retryAttempts } = functions.summarise.stream;
    figures.record('poison records dead-lettered (summarise)', stack.deadLetters.get('summarise')!.entries.length, { equals: 1 });
    figures.record('attempts before a poison record is set aside', letter.attempts, { equals: retryAttempts + 1 });
    const applied = figures.record(
      'good records of the poison’s batch applied',
      [summaries.first.lastUpdateId === before.id, summaries.second.lastUpdateId === after.id].filter(Boolean).length,
      { equals: 2 },
    );
    expect(letter).toMatchObject({ condition: 'RetryAttemptsExhausted', consumer: 'summarise', attempts: retryAttempts + 1, streamArn: stack.streamArn });
    expect(letter.shardId).toMatch(/^shardId-/);
    expect(letter.record.eventName).toBe('INSERT');
    expect(letter.record.dynamodb?.SequenceNumber).toBeTruthy();
    expect(Date.parse(letter.failedAt)).not.toBeNaN();
    expect(applied).toBe(2);
    expect(summaries.first.updateCount).toBe(2);
    expect(summaries.second.updateCount).toBe(2);
  });

  it('sets aside a summary change the notifier cannot act on (its update does not exist) after its retries', async () => {
    // Prepare: a summary item for a priority with no such update.
    const ghost = 'ghost-priority';

    // Act
    await stack.documents.send(
      new PutCommand({
        TableName: stack.tableName,
        Item: {
          pk: 'PROGRAMME',
          sk: `SUMMARY#${ghost}`,
          entity: 'summary',
          priorityId: ghost,
          status: 'amber',
          lastUpdateId: newUpdateId(),
          updateCount: 1,
          recent: [],
          version: 1,
        },
      }),
    );
    const letter = await eventually('the notifier’s poison record in the dead letters', async () =>
      stack.deadLetters.get('notify')!.entries.find((entry) => entry.record.dynamodb?.Keys?.sk?.S === `SUMMARY#${ghost}`),
    );

    // Assess
    figures.record('poison records dead-lettered (notify)', stack.deadLetters.get('notify')!.entries.length, { equals: 1 });
    expect(letter).toMatchObject({ condition: 'RetryAttemptsExhausted', consumer: 'notify', attempts: functions.notify.stream.retryAttempts + 1 });
    expect(letter.error ?? '').not.toMatch(/node_modules|\bat .+:\d+/);
  });

  it('replays the whole stream from TRIM_HORIZON through both consumers without changing a summary or sending an email twice', async () => {
    // Prepare: every update notified (two people per priority: its sponsor and delivery lead).
    const expectedEmails = posted * 2;
    await eventually('every notification to be sent', async () => (await stack.emails()).length >= expectedEmails);
    await eventually('the pollers to go quiet', async () => {
      const snapshot = JSON.stringify(await derived());
      await new Promise((resolveWait) => setTimeout(resolveWait, 500));
      return snapshot === JSON.stringify(await derived());
    });
    const derivedBefore = await derived();
    const emailsBefore = await stack.emails();

    // Act
    const records = await allStreamRecords(stack.dynamoDbEndpoint, stack.streamArn);
    const failedSummarise = await deliver('summarise', forConsumer('summarise', records), 0);
    const failedNotify = await deliver('notify', forConsumer('notify', records), 0);
    const derivedAfter = await derived();
    const emailsAfter = await stack.emails();

    // Assess
    const changed = derivedAfter.filter((item, i) => !sameJson(item, derivedBefore[i])).length + Math.abs(derivedAfter.length - derivedBefore.length);
    figures.record('stream records replayed', records.length, { info: true });
    const summaryChanges = figures.record('summaries or delivery records changed by the replay (deep equal, versions included)', changed, { equals: 0 });
    const extraEmails = figures.record('emails sent by the replay', emailsAfter.length - emailsBefore.length, { equals: 0 });
    const doubled = figures.record('duplicate emails (same update, same recipient)', duplicates(emailsAfter).length, { equals: 0 });
    figures.record('emails per update and recipient before the replay', `${emailsBefore.length} for ${posted} updates`, { info: true });
    expect(emailsBefore.length).toBe(expectedEmails);
    expect(failedSummarise.map((record) => record.dynamodb?.Keys?.sk?.S)).toEqual([expect.stringMatching(/^UPDATE#/)]);
    expect(failedNotify.map((record) => record.dynamodb?.Keys?.sk?.S)).toEqual(['SUMMARY#ghost-priority']);
    expect(summaryChanges).toBe(0);
    expect(extraEmails).toBe(0);
    expect(doubled).toBe(0);
  });
});
