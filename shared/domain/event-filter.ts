/**
 * The subset of Lambda event filtering the function list uses: nested objects, lists of
 * allowed values, `{ prefix }` / `{ exists }` matchers (on leaves only, as in AWS), patterns into a
 * list's elements, and `$or` (a list of patterns, any of which may match), which the CDK app
 * deploys as Lambda's several filters of one mapping (filterAlternatives). The local poller applies a
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

const isPattern = (value: unknown): value is EventFilter => value !== null && typeof value === 'object' && !Array.isArray(value);

function merged(a: EventFilter, b: EventFilter): EventFilter {
  const result: EventFilter = { ...a };
  for (const [key, value] of Object.entries(b)) result[key] = isPattern(result[key]) && isPattern(value) ? merged(result[key], value) : value;
  return result;
}

/** A pattern as the patterns without `$or` that it stands for: a record matches it when it matches any of them. */
export function filterAlternatives(pattern: EventFilter): EventFilter[] {
  let alternatives: EventFilter[] = [{}];
  for (const [key, value] of Object.entries(pattern)) {
    if (key === '$or' && Array.isArray(value)) {
      const options = (value as EventFilter[]).flatMap(filterAlternatives);
      alternatives = alternatives.flatMap((alternative) => options.map((option) => merged(alternative, option)));
    } else if (isPattern(value)) {
      const inner = filterAlternatives(value);
      alternatives = alternatives.flatMap((alternative) => inner.map((option) => ({ ...alternative, [key]: option })));
    } else alternatives = alternatives.map((alternative) => ({ ...alternative, [key]: value }));
  }
  return alternatives;
}

export function matchesFilter(pattern: EventFilter, event: unknown): boolean {
  return filterAlternatives(pattern).some((alternative) => matchesPattern(alternative, event));
}

function matchesPattern(pattern: EventFilter, event: unknown): boolean {
  // A list in the record (a DynamoDB `L`) matches when any of its elements does, as in Lambda's filtering.
  if (Array.isArray(event)) return event.some((element) => matchesPattern(pattern, element));
  const record = (event ?? {}) as Record<string, unknown>;
  return Object.entries(pattern).every(([key, expected]) => {
    if (Array.isArray(expected)) return matchesValue(record[key], expected as Matcher[]);
    if (expected !== null && typeof expected === 'object') {
      return matchesPattern(expected as Record<string, unknown>, record[key]);
    }
    return false;
  });
}
