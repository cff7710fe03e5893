/**
 * The subset of Lambda event filtering the function list uses: nested objects, lists of
 * allowed values, `{ prefix }` / `{ exists }` matchers (on leaves only, as in AWS), `$or`, a list
 * of patterns of which any one may match, and patterns into a list's elements. The local poller applies a
 * consumer's filter exactly as its event source mapping does in AWS, and the redrive applies it
 * to the records it reads back, so a consumer never gets a record its mapping would not pass.
 */
export type EventFilter = Record<string, unknown>;

type Matcher = string | number | boolean | null | { prefix: string } | { exists: boolean };

function matchesValue(value: unknown, allowed: readonly Matcher[]): boolean {
  return allowed.some((matcher) => {
    if (matcher !== null && typeof matcher === 'object') {
      if ('prefix' in matcher) return typeof value === 'string' && value.startsWith(matcher.prefix);
      if ('exists' in matcher) return (value !== undefined) === matcher.exists;
    }
    return value === matcher;
  });
}

export function matchesFilter(pattern: EventFilter, event: unknown): boolean {
  // A list in the record (a DynamoDB `L`) matches when any of its elements does, as in Lambda's filtering.
  if (Array.isArray(event)) return event.some((element) => matchesFilter(pattern, element));
  const record = (event ?? {}) as Record<string, unknown>;
  return Object.entries(pattern).every(([key, expected]) => {
    if (key === '$or' && Array.isArray(expected)) return expected.some((alternative) => matchesFilter(alternative as EventFilter, record));
    if (Array.isArray(expected)) return matchesValue(record[key], expected as Matcher[]);
    if (expected !== null && typeof expected === 'object') {
      return matchesFilter(expected as Record<string, unknown>, record[key]);
    }
    return false;
  });
}
