/**
 * 3. Concurrency: 200 posts at once through the local HTTP server, 50 of them on one priority.
 * Every accepted update is stored exactly once; once the stream has caught up, each summary
 * counts exactly its updates and shows the newest one, and GET /portfolio shows what the stored
 * updates say (checked against the update items, not the summaries it is derived from). Then
 * summary writers race each other directly (as Lambda would with several concurrent batches),
 * and an update whose record arrives late must still be counted.
 */
import type { DynamoDBRecord } from 'aws-lambda';
import { decodeTime } from 'ulid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newUpdateId } from '#shared/domain/ids';
import { type PortfolioView, type PrioritySummary, recentChangesKept } from '#shared/domain/summary';
import type { ProgressUpdate } from '#shared/domain/update';
import { section } from './lib/figures.ts';
import { eventually, type Item, patience, priorityIds, type ResilienceStack, startStack, validUpdate } from './lib/stack.ts';
import { allStreamRecords, deliver, forConsumer } from './lib/stream.ts';

const figures = section(3, 'Concurrency');
const statuses = ['green', 'amber-green', 'amber', 'amber-red', 'red'] as const;
let stack: ResilienceStack;
let tokens: Record<string, string>;

beforeAll(async () => {
  stack = await startStack({ pollIntervalMs: 100 });
  tokens = {};
  for (const priorityId of priorityIds) tokens[priorityId] = await stack.token(priorityId, { name: `Sponsor of ${priorityId}` });
});
afterAll(async () => stack?.stop());

async function summaryOf(priorityId: string): Promise<PrioritySummary & { version: number }> {
  return (await stack.getItem('PROGRAMME', `SUMMARY#${priorityId}`)) as unknown as PrioritySummary & { version: number };
}

/** The portfolio as GET /portfolio serves it: counts per status, each priority's entry, recent changes. */
async function portfolio(): Promise<PortfolioView> {
  const response = await stack.request('GET', '/portfolio');
  if (response.status !== 200) throw new Error(`GET /portfolio answered ${response.status}`);
  return (await response.json()) as PortfolioView;
}

/** A stored update item, oldest first within its priority. */
const byId = (a: Item, b: Item) => (String(a.id) < String(b.id) ? -1 : 1);
/**
 * When a change happened, as the portfolio dates it: the time in the update's id. Ids are
 * monotonic, so under concurrent posts one can run a few milliseconds ahead of its submittedAt.
 */
const timeOfId = (update: Item) => new Date(decodeTime(String(update.id))).toISOString();

/**
 * What the portfolio must show of one priority, worked out from its stored updates alone (not from
 * its summary): the newest update's status, period and time, the one before it, and the trend
 * between them on the five-point scale (`statuses`, best first).
 */
function entryFromUpdates(updates: readonly Item[]): Record<string, unknown> {
  const [latest, previous] = [...updates].sort(byId).reverse();
  if (!latest) return { status: null, previousStatus: null, trend: null, period: null, lastUpdateAt: null, lastUpdateId: null };
  const rank = (status: unknown) => statuses.indexOf(status as (typeof statuses)[number]);
  const change = previous ? rank(latest.status) - rank(previous.status) : undefined;
  const trend = change === undefined ? 'new' : change < 0 ? 'improving' : change > 0 ? 'worsening' : 'stable';
  return {
    status: latest.status,
    previousStatus: previous?.status ?? null,
    trend,
    period: latest.period,
    lastUpdateAt: latest.submittedAt,
    lastUpdateId: latest.id,
  };
}

/**
 * Where GET /portfolio disagrees with the stored updates: each priority's entry, the number of
 * priorities at each status (and which), and the recent changes, each of which must be a real
 * change in the stored history (its update stored, with the status it names, after an update of
 * the status it names as before). The newest update of each priority that changed its status must
 * be listed, unless ten newer changes fill the list.
 */
function portfolioDisagreements(folio: PortfolioView, stored: Map<string, Item[]>): string[] {
  const disagreements: string[] = [];
  const counts: Record<string, number> = {};
  const groups: Record<string, string[]> = {};
  for (const priorityId of priorityIds) {
    const expected = entryFromUpdates(stored.get(priorityId) ?? []);
    const shown = folio.priorities[priorityId] as Record<string, unknown> | undefined;
    for (const [field, value] of Object.entries(expected)) {
      if (shown?.[field] !== value)
        disagreements.push(`${priorityId}: ${field} is ${JSON.stringify(shown?.[field])}, the stored updates say ${JSON.stringify(value)}`);
    }
    const key = String(expected.status ?? 'none');
    counts[key] = (counts[key] ?? 0) + 1;
    groups[key] = [...(groups[key] ?? []), priorityId];
  }
  for (const key of new Set([...Object.keys(counts), ...Object.keys(folio.counts)])) {
    const shown = (folio.counts as Record<string, number>)[key] ?? 0;
    if (shown !== (counts[key] ?? 0)) disagreements.push(`${shown} priorities counted at ${key}, the stored updates put ${counts[key] ?? 0} there`);
    const listed = [...((folio.byStatus as Record<string, string[]>)[key] ?? [])].sort().join();
    if (listed !== [...(groups[key] ?? [])].sort().join())
      disagreements.push(`priorities at ${key}: ${listed || 'none'}, the stored updates say ${[...(groups[key] ?? [])].sort().join() || 'none'}`);
  }
  const listedChanges = new Set(folio.recentChanges.map((change) => change.updateId));
  folio.recentChanges.forEach((change, index) => {
    const history = [...(stored.get(change.priorityId) ?? [])].sort(byId);
    const at = history.findIndex((item) => item.id === change.updateId);
    const update = history[at];
    const before = at > 0 ? history[at - 1]!.status : null;
    if (!update) disagreements.push(`recent change ${change.updateId} of ${change.priorityId} is not a stored update`);
    else if (update.status !== change.to || before !== change.from || change.from === change.to || timeOfId(update) !== change.at) {
      disagreements.push(
        `recent change ${change.updateId} of ${change.priorityId} says ${change.from} → ${change.to} at ${change.at}; stored: ${String(before)} → ${String(update.status)} at ${timeOfId(update)}`,
      );
    }
    const newer = folio.recentChanges[index - 1];
    if (newer && newer.updateId < change.updateId) disagreements.push(`recent change ${change.updateId} is listed after an older one`);
  });
  const oldestListed = folio.recentChanges.length >= recentChangesKept ? folio.recentChanges[folio.recentChanges.length - 1]!.updateId : '';
  for (const priorityId of priorityIds) {
    const [latest, previous] = [...(stored.get(priorityId) ?? [])].sort(byId).reverse();
    const changed = latest && latest.status !== (previous?.status ?? null);
    if (changed && String(latest.id) > oldestListed && !listedChanges.has(String(latest.id))) {
      disagreements.push(
        `${priorityId}: its newest update ${String(latest.id)} changed its status to ${String(latest.status)} but is not among the recent changes`,
      );
    }
  }
  return disagreements;
}

/** Where each summary, and GET /portfolio, disagree with the stored updates. */
async function consistency(): Promise<{ mismatches: string[]; portfolioMismatches: string[]; stored: Map<string, Item[]> }> {
  const mismatches: string[] = [];
  const stored = new Map<string, Item[]>();
  const folio = await portfolio();
  for (const priorityId of priorityIds) {
    const updates = await stack.storedUpdates(priorityId);
    stored.set(priorityId, updates);
    const summary = await summaryOf(priorityId);
    const newest = updates.reduce<Item | undefined>((latest, item) => (!latest || String(item.id) > String(latest.id) ? item : latest), undefined);
    if (summary.updateCount !== updates.length) mismatches.push(`${priorityId}: updateCount ${summary.updateCount}, stored ${updates.length}`);
    if (summary.lastUpdateId !== (newest?.id ?? null))
      mismatches.push(`${priorityId}: lastUpdateId ${summary.lastUpdateId}, newest stored ${String(newest?.id)}`);
    if (newest && summary.status !== newest.status) mismatches.push(`${priorityId}: status ${summary.status}, newest update says ${String(newest.status)}`);
    if (newest && summary.lastUpdateAt !== newest.submittedAt)
      mismatches.push(`${priorityId}: lastUpdateAt ${summary.lastUpdateAt}, newest update ${String(newest.submittedAt)}`);
  }
  return { mismatches, portfolioMismatches: portfolioDisagreements(folio, stored), stored };
}

describe('concurrent posts', () => {
  it('stores 200 concurrent posts exactly once and summarises every one of them', async () => {
    // Prepare: 50 on the first priority, the other 150 spread over the rest.
    const hot = priorityIds[0]!;
    const others = priorityIds.slice(1);
    const targets = [...Array.from({ length: 50 }, () => hot), ...Array.from({ length: 150 }, (_, i) => others[i % others.length]!)];

    // Act
    const answers = await Promise.all(
      targets.map(async (priorityId, i) => {
        const response = await stack.request('POST', `/priorities/${priorityId}/updates`, {
          headers: { 'content-type': 'application/json', authorization: `Bearer ${tokens[priorityId]!}` },
          body: JSON.stringify({
            ...validUpdate,
            status: statuses[i % statuses.length],
            summary: `concurrent post ${i}`,
            barriers: i % 3 === 0 ? [{ description: `barrier ${i}`, needsBoardSupport: i % 2 === 0 }] : [],
          }),
        });
        const body = (await response.json()) as Partial<ProgressUpdate>;
        return { priorityId, i, status: response.status, id: body.id };
      }),
    );
    const accepted = answers.filter((answer) => answer.status === 201);
    // How long the summaries take to agree is reported; the bound is the suite's patience, which
    // only a hang exceeds.
    const settling = performance.now();
    const settled = await eventually(
      'every summary and the portfolio to agree with the stored updates',
      async () => {
        const check = await consistency();
        return check.mismatches.length === 0 && check.portfolioMismatches.length === 0;
      },
      patience,
      250,
    ).catch(() => false);
    const settledSeconds = (performance.now() - settling) / 1000;
    const { mismatches, portfolioMismatches, stored } = await consistency();

    // Assess
    const storedItems = [...stored.values()].flat();
    const bySummary = new Map<string, number>();
    for (const item of storedItems) bySummary.set(String(item.summary), (bySummary.get(String(item.summary)) ?? 0) + 1);
    const storedIds = new Set(storedItems.map((item) => String(item.id)));
    const lost = accepted.filter((answer) => !answer.id || !storedIds.has(answer.id));
    const duplicated = [...bySummary.values()].filter((n) => n > 1).length;
    const refused = answers.filter((answer) => answer.status !== 201);

    figures.record('concurrent posts (50 on one priority)', answers.length, { equals: 200 });
    figures.record('posts accepted (201)', accepted.length, { equals: 200 });
    figures.record('lost updates (accepted, not stored)', lost.length, { equals: 0 });
    figures.record('duplicated updates (stored twice)', duplicated, { equals: 0 });
    figures.record(`stream caught up (within ${patience / 60_000} min)`, settled ? 'yes' : 'no', { rule: 'yes', holds: settled === true });
    figures.record('time for every summary and the portfolio to catch up', `${settledSeconds.toFixed(1)} s`, { info: true });
    figures.record('summary mismatches (updateCount, lastUpdateId, status)', mismatches.length, { equals: 0 });
    figures.record('portfolio disagreements with the stored updates (entries, counts per status, recent changes)', portfolioMismatches.length, { equals: 0 });

    expect(refused.map((answer) => `${answer.priorityId} #${answer.i}: ${answer.status}`)).toEqual([]);
    expect(lost).toEqual([]);
    expect(duplicated).toBe(0);
    expect(mismatches).toEqual([]);
    expect(portfolioMismatches).toEqual([]);
  });

  it('loses nothing when several summary writers race (concurrent batches, each delivered twice), and the stream replay changes nothing', async () => {
    // Prepare: stop the summarise poller, post ten updates per priority, and take their stream records.
    const poller = stack.pollers.get('summarise')!;
    await poller.stop();
    const before = new Map<string, number>();
    for (const priorityId of priorityIds) before.set(priorityId, (await summaryOf(priorityId)).updateCount);
    const posted = await Promise.all(
      priorityIds.flatMap((priorityId) =>
        Array.from({ length: 10 }, async (_, i) => {
          const response = await stack.request('POST', `/priorities/${priorityId}/updates`, {
            headers: { 'content-type': 'application/json', authorization: `Bearer ${tokens[priorityId]!}` },
            body: JSON.stringify({ ...validUpdate, status: statuses[(i * 3) % statuses.length], summary: `racing writer ${priorityId} ${i}` }),
          });
          return ((await response.json()) as ProgressUpdate).id;
        }),
      ),
    );
    const ids = new Set(posted);
    const records = await eventually('the stream to carry the 70 new updates', async () => {
      const found = forConsumer('summarise', await allStreamRecords(stack.dynamoDbEndpoint, stack.streamArn)).filter((record) =>
        ids.has(record.dynamodb?.NewImage?.id?.S ?? ''),
      );
      return found.length === ids.size ? found : undefined;
    });

    // Act: five slices, each delivered by two writers at once (ten concurrent invocations). As on
    // the shards of a real stream, a priority's records stay together and in stream order in one
    // slice (DynamoDB Streams keeps one partition key's records in order); each slice's twin
    // writers race on its priorities' summaries.
    const sliceOf = (record: DynamoDBRecord) => priorityIds.indexOf(record.dynamodb?.NewImage?.priorityId?.S ?? '') % 5;
    const slices: DynamoDBRecord[][] = Array.from({ length: 5 }, (_, slice) => records.filter((record) => sliceOf(record) === slice));
    const unprocessed = (await Promise.all([...slices, ...slices].map((slice) => deliver('summarise', slice, 10)))).flat();
    const afterRace = await consistency();
    const versions = new Map<string, number>();
    for (const priorityId of priorityIds) versions.set(priorityId, (await summaryOf(priorityId)).version);
    // A replay of the same records, in order, must change nothing at all.
    const failedOnReplay = await deliver('summarise', records, 3);
    let changedByReplay = 0;
    for (const priorityId of priorityIds) if ((await summaryOf(priorityId)).version !== versions.get(priorityId)) changedByReplay += 1;
    // The poller resumes from its checkpoint and delivers the 70 records a third time; a sentinel
    // update behind them shows when it has passed them.
    poller.start();
    const sentinel = priorityIds[1]!;
    const sentinelCount = (await stack.storedUpdates(sentinel)).length + 1;
    await stack.request('POST', `/priorities/${sentinel}/updates`, {
      headers: { 'content-type': 'application/json', authorization: `Bearer ${tokens[sentinel]!}` },
      body: JSON.stringify({ ...validUpdate, summary: 'sentinel behind the replayed records' }),
    });
    await eventually('the poller to reach the sentinel', async () => {
      const summary = await summaryOf(sentinel);
      return summary.updateCount >= sentinelCount && (await portfolio()).priorities[sentinel]?.lastUpdateId === summary.lastUpdateId;
    }).catch(() => undefined);
    const afterReplay = await consistency();

    // Assess
    const counted = priorityIds.filter((priorityId) => (afterRace.stored.get(priorityId)?.length ?? 0) === before.get(priorityId)! + 10).length;
    figures.record('records left failing after racing writers retried', unprocessed.length, { equals: 0 });
    figures.record('summary mismatches after racing writers', afterRace.mismatches.length, { equals: 0 });
    figures.record('portfolio disagreements with the stored updates after racing writers', afterRace.portfolioMismatches.length, { equals: 0 });
    figures.record('summaries changed by a replay', changedByReplay, { equals: 0 });
    figures.record('mismatches after the poller delivered the same records again', afterReplay.mismatches.length + afterReplay.portfolioMismatches.length, {
      equals: 0,
    });
    expect(counted).toBe(priorityIds.length);
    expect(unprocessed).toEqual([]);
    expect(failedOnReplay).toEqual([]);
    expect(afterRace.mismatches).toEqual([]);
    expect(afterRace.portfolioMismatches).toEqual([]);
    expect(afterReplay.mismatches).toEqual([]);
    expect(afterReplay.portfolioMismatches).toEqual([]);
    expect(changedByReplay).toBe(0);
  });

  it('counts an update whose stream record arrives after eight newer updates of its priority (write order differs from id order)', async () => {
    // Prepare: an id taken now, as the write path does before its PutItem; the put is held up
    // (a throttled and retried write, or a Lambda instance whose clock is behind) while eight newer updates land.
    const priorityId = priorityIds[2]!;
    const countBefore = (await summaryOf(priorityId)).updateCount;
    const takenAt = new Date();
    const lateId = newUpdateId(takenAt);
    await new Promise((resolveWait) => setTimeout(resolveWait, 5));
    for (let i = 0; i < 8; i += 1) {
      const response = await stack.request('POST', `/priorities/${priorityId}/updates`, {
        headers: { 'content-type': 'application/json', authorization: `Bearer ${tokens[priorityId]!}` },
        body: JSON.stringify({ ...validUpdate, summary: `newer update ${i}` }),
      });
      expect(response.status).toBe(201);
    }
    await eventually('the eight newer updates to be summarised', async () => (await summaryOf(priorityId)).updateCount === countBefore + 8);

    // Act: the held-up write lands, through the same store adapter the write path uses.
    const credential = tokens[priorityId]!.split('_')[1]!;
    await stack.stores.updates.record({
      ...validUpdate,
      achievements: [...validUpdate.achievements],
      nextSteps: [...validUpdate.nextSteps],
      barriers: [...validUpdate.barriers],
      summary: 'the held-up update',
      id: lateId,
      priorityId,
      submittedAt: takenAt.toISOString(),
      author: { tokenId: credential },
    });
    const stored = (await stack.storedUpdates(priorityId)).length;
    const counted = await eventually('the held-up update to be counted', async () => {
      const summary = await summaryOf(priorityId);
      return summary.updateCount === stored ? summary.updateCount : undefined;
    }).catch(async () => (await summaryOf(priorityId)).updateCount);

    // Assess
    figures.record('late update (8 newer ahead of it) missing from updateCount', stored - counted, { equals: 0 });
    expect({ updateCount: counted, stored }).toEqual({ updateCount: stored, stored });
  });
});
