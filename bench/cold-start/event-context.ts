/**
 * What every group of the cold-start bench's events shares: the region their ARNs name, how an
 * event is added, and the fixtures made once before any group (events.ts) that they all read.
 */
import type { Person } from '#shared/domain/people';
import type { Author, ProgressUpdate } from '#shared/domain/update';
import type { BenchStack } from '../lib/fixture.ts';

/** The region every event's ARNs and every process's environment name. */
export const region = 'eu-west-2';

/** What a process's answer must look like for its timing to count: undefined, or why not. */
export type Check = (result: unknown) => string | undefined;

/**
 * Adds a function's events, described for the notes and checked by `check`: the events given, or
 * `count` made by the factory. The report lists functions in the order they are added.
 */
export type AddEvents = (name: string, description: string, check: Check, factory: (() => unknown) | unknown[]) => void;

export interface EventContext {
  stack: BenchStack;
  /** The priority pages and reads show: ten updates of history. */
  readPriority: string;
  /** The priority record-update and the board's posts write to. */
  writePriority: string;
  /** The priority whose updates make the stream records. */
  streamPriority: string;
  /** Events per function: one per process. */
  count: number;
  /** A sponsor's bearer token for the write priority. */
  token: string;
  /** The author of the updates the bench stores itself, as that token names them. */
  author: Author;
  /** One update of the read priority, for the pages that show one. */
  someUpdate: ProgressUpdate;
  /** A person in the table who is not on the board (when there is one). */
  person: Person;
}
