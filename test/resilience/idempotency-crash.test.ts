/**
 * 5c. Dependency faults at the worst moments of the write path, made exact with a proxy in front
 * of DynamoDB Local for the handlers only (AWS_ENDPOINT_URL_DYNAMODB, set before they load):
 * DynamoDB fails every write that follows the one that stored the update (so any bookkeeping
 * after it, such as completing an idempotency record, is lost); and the write that stores the
 * update succeeds but its answer is lost, so the SDK retries it. Neither may store an update
 * twice or answer 500.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { section } from './lib/figures.ts';
import { type FaultProxy, type ProxiedRequest, startFaultProxy } from './lib/proxy.ts';
import { fetchHeaders, violations } from './lib/responses.ts';
import { patience, priorityIds, type ResilienceStack, startStackBehind, validUpdate } from './lib/stack.ts';

const figures = section(5, 'Dependency faults');
let proxy: FaultProxy;
let stack: ResilienceStack;
let token: string;
const priorityId = priorityIds[0]!;

beforeAll(async () => {
  proxy = await startFaultProxy();
  stack = await startStackBehind(proxy, 'dynamodb', { startPollers: false });
  token = await stack.token(priorityId, { name: 'Sponsor' });
});
afterAll(async () => {
  await stack?.stop();
  await proxy?.close();
});

const operation = (request: ProxiedRequest) => String(request.headers['x-amz-target'] ?? '').split('.')[1] ?? '';
const writes = new Set(['PutItem', 'UpdateItem', 'DeleteItem', 'BatchWriteItem', 'TransactWriteItems']);
/** The write that stores the update (alone, or in a transaction with its idempotency record). */
const storesUpdate = (request: ProxiedRequest, marker: string) =>
  (operation(request) === 'PutItem' || operation(request) === 'TransactWriteItems') && request.body.includes('"UPDATE#') && request.body.includes(marker);

/** Lets writes through until the one that stores the update, then fails every later write: a crash right after the update is durable. */
function failWritesAfterTheUpdate(marker: string): (request: ProxiedRequest) => boolean {
  let stored = false;
  return (request) => {
    if (!writes.has(operation(request))) return false;
    if (stored) return true;
    if (storesUpdate(request, marker)) stored = true;
    return false;
  };
}

async function post(marker: string, key?: string) {
  const response = await stack.request('POST', `/priorities/${priorityId}/updates`, {
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}`, ...(key ? { 'idempotency-key': key } : {}) },
    body: JSON.stringify({ ...validUpdate, summary: `${marker} progress` }),
  });
  const body = await response.text();
  return { status: response.status, headers: fetchHeaders(response), body };
}

/** Retries as a client following Retry-After would, until it gets an answer other than 409 or 503 (or runs out of patience). */
async function retryUntilSettled(marker: string, key?: string) {
  const statuses: number[] = [];
  const deadline = Date.now() + patience;
  for (;;) {
    const answer = await post(marker, key);
    statuses.push(answer.status);
    if ((answer.status !== 409 && answer.status !== 503) || Date.now() > deadline) return { answer, statuses };
    await new Promise((resolveWait) => setTimeout(resolveWait, Math.min(Number(answer.headers['retry-after'] ?? 1), 2) * 1000));
  }
}

async function copies(marker: string): Promise<number> {
  return (await stack.storedUpdates(priorityId)).filter((item) => String(item.summary).startsWith(`${marker} `)).length;
}

describe('faults at the worst moment of the write path', () => {
  it('stores a keyed post once when DynamoDB fails every write after the one that stored the update (e.g. completing its idempotency record)', async () => {
    // Prepare
    const marker = 'crash-before-complete';
    proxy.fail = failWritesAfterTheUpdate(marker);

    // Act
    const first = await post(marker, marker);
    proxy.fail = () => false;
    const retried = await retryUntilSettled(marker, marker);

    // Assess
    const stored = await copies(marker);
    figures.record('keyed post, DynamoDB gone right after the update was stored: copies stored after retries', stored, { equals: 1 });
    if (stored !== 1 || first.status >= 500) {
      figures.note(
        `a keyed post with DynamoDB failing every write after the update's answered ${first.status}, then on retries with the same key ${retried.statuses.join(', ')}; copies stored: ${stored}`,
      );
    }
    expect([201, 503]).toContain(first.status);
    expect(violations(first, { fromHandler: true }).filter((violation) => violation !== '5xx')).toEqual([]);
    expect(retried.answer.status).toBe(201);
    expect(stored).toBe(1);
  });

  it('answers a post whose PutItem answer was lost (and retried by the SDK) without a 500, and stores it once', async () => {
    // Prepare
    const marker = 'lost-put-answer';
    let lost = 0;
    proxy.loseAnswer = (request) => {
      if (!storesUpdate(request, marker)) return false;
      lost += 1;
      return lost === 1;
    };

    // Act
    const first = await post(marker);
    proxy.loseAnswer = () => false;

    // Assess
    const stored = await copies(marker);
    figures.record('post whose PutItem answer was lost (SDK retried): 5xx other than 503', first.status >= 500 && first.status !== 503 ? 1 : 0, { equals: 0 });
    if (first.status !== 201 || stored !== 1)
      figures.note(
        `a post whose PutItem was applied but whose answer was lost (the SDK retried it) answered ${first.status} ${first.body.slice(0, 120)}; copies stored: ${stored}`,
      );
    expect(lost).toBeGreaterThanOrEqual(1);
    expect(stored).toBe(1);
    expect(first.status).toBe(201);
  });

  it('stores a keyed post once when the answer to the write that stored it was lost and the client retries with the same key', async () => {
    // Prepare
    const marker = 'lost-put-answer-keyed';
    let lost = 0;
    proxy.loseAnswer = (request) => {
      if (!storesUpdate(request, marker)) return false;
      lost += 1;
      return lost === 1;
    };

    // Act
    const first = await post(marker, marker);
    proxy.loseAnswer = () => false;
    const retried = first.status === 201 ? { answer: first, statuses: [first.status] } : await retryUntilSettled(marker, marker);

    // Assess
    const stored = await copies(marker);
    figures.record('keyed post whose write answer was lost: copies stored after retries', stored, { equals: 1 });
    if (first.status !== 201 || stored !== 1)
      figures.note(`a keyed post whose write answer was lost answered ${first.status}, then ${retried.statuses.join(', ')}; copies stored: ${stored}`);
    expect(first.status).not.toBe(500);
    expect(retried.answer.status).toBe(201);
    expect(stored).toBe(1);
  });
});
