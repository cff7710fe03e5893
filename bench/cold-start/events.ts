/**
 * The cold-start bench's events: one per process of each function, prepared before any process
 * is timed, each a new update, token, schedule time or stream record so that no request is a
 * replay the function can skip; and what each answer must look like for its timing to count.
 * Each group of functions has its module: route-events.ts, stream-events.ts, scheduled-events.ts.
 */
import { keys } from '#shared/data/keys';
import { tokenIdOf } from '#shared/domain/credential';
import { newUpdateId } from '#shared/domain/ids';
import { functions } from '../../functions/index.ts';
import { type BenchStack, benchSponsor, storedUpdate } from '../lib/fixture.ts';
import { baselineName, pageFloorProbe } from './artifacts.ts';
import type { AddEvents, Check, EventContext } from './event-context.ts';
import { addRouteEvents } from './route-events.ts';
import { addDeploymentEvent, addEmailEvent, addScheduledEvents } from './scheduled-events.ts';
import { addStreamEvents } from './stream-events.ts';

export interface Fixtures {
  /** An event for each process of each function, taken in order. */
  events: Map<string, unknown[]>;
  /** What each function's event is, for the notes. */
  described: Record<string, string>;
  /** What a process's answer must look like for its timing to count. */
  expect: Map<string, Check>;
}

/** What every group reads: the sponsor's token and its author, an update to show, a person. */
async function eventContext(
  stack: BenchStack,
  options: { readPriority: string; writePriority: string; streamPriority: string; count: number },
): Promise<EventContext> {
  const { observer } = stack;
  const token = await stack.token(options.writePriority);
  const author = { tokenId: tokenIdOf(token)!, name: benchSponsor };
  const { updates } = await observer.updates.list(options.readPriority, { limit: 1 });
  const someUpdate = updates[0];
  if (!someUpdate) throw new Error(`${options.readPriority} has no updates to show`);
  const person = (await observer.people.list()).find((candidate) => candidate.role !== 'board') ?? (await observer.people.list())[0];
  if (!person) throw new Error('The table has no people');
  return { stack, ...options, token, author, someUpdate, person };
}

/**
 * Realistic events, `count` per function. Pages and reads use `readPriority` (ten updates of
 * history); record-update posts to `writePriority`; summarise and notify get stream records
 * read back from the table's own stream; redrive a failed-batch message naming one of those
 * records; digest and reconcile the scheduler's event; seed the deployment's custom resource event.
 */
export async function prepareFixtures(
  stack: BenchStack,
  options: { readPriority: string; writePriority: string; streamPriority: string; count: number },
): Promise<Fixtures> {
  const events = new Map<string, unknown[]>();
  const described: Record<string, string> = {};
  const expect = new Map<string, Check>();
  const add: AddEvents = (name, description, check, factory) => {
    events.set(name, Array.isArray(factory) ? factory : Array.from({ length: options.count }, () => factory()));
    described[name] = description;
    expect.set(name, check);
  };

  const context = await eventContext(stack, options);
  const { writePriority, author } = context;
  const storedItem = () => {
    const now = new Date();
    const update = storedUpdate(writePriority, newUpdateId(now), now, author);
    return { item: { ...keys.update(writePriority, update.id), entity: 'update', ...update } };
  };
  add(baselineName, 'one PutItem of the update record-update stores (same item, same condition)', () => undefined, storedItem);
  add(pageFloorProbe, 'the smallest page rendered, then the baseline’s PutItem', () => undefined, storedItem);
  await addRouteEvents(add, context);
  await addStreamEvents(add, context);
  addScheduledEvents(add);
  addDeploymentEvent(add);
  addEmailEvent(add);

  const missing = Object.keys(functions).filter((name) => !events.has(name));
  if (missing.length > 0)
    throw new Error(`No cold-request event for ${missing.join(', ')}: add one in bench/cold-start/ (route-, stream- or scheduled-events.ts)`);
  return { events, described, expect };
}
