/** What every answer of the write path must look like, whatever was sent. */
import type * as z from 'zod';
import { publishedUpdateSchema } from '#shared/http/published';

export interface Answer {
  status: number;
  headers: Record<string, string | undefined>;
  body: string;
}

export type Violation =
  | '5xx'
  | 'not problem+json'
  | 'problem body'
  | 'stack or internals'
  | 'no WWW-Authenticate on 401'
  | 'no Retry-After on 503'
  | '201 body'
  | 'no Location';

// Stack frames, file paths, SDK and runtime error names: none belongs in an answer.
const internals = [
  /\bat [^\n"]*\.(?:ts|js|mjs|cjs):\d+/,
  /node_modules/,
  /\/work\/|file:\/\/|\/home\/|\/tmp\//,
  /\b(?:TypeError|ReferenceError|RangeError|SyntaxError|ZodError|ValidationException|ConditionalCheckFailedException|ResourceNotFoundException|IdempotencyPersistenceLayerError|AggregateError)\b/,
  /"stack"\s*:/,
];

function hasInternals(text: string): boolean {
  return internals.some((pattern) => pattern.test(text));
}

/** The text around the first internal detail found, to show in a failure. */
export function internalsIn(text: string): string | undefined {
  for (const pattern of internals) {
    const match = pattern.exec(text);
    if (match) return text.slice(Math.max(0, match.index - 60), match.index + match[0].length + 60);
  }
  return undefined;
}

/** The product's rule for a browser: it asks for text/html and does not put JSON first. */
export function isBrowser(accept: string | undefined): boolean {
  const value = (accept ?? '').toLowerCase();
  return value.includes('text/html') && !value.startsWith('application/json');
}

/**
 * The problems with one answer. `fromHandler` answers (not the local gateway's own 404/405/413)
 * must also carry a detail and a request id. A browser may get an error page instead of
 * problem+json; it must still be an HTML page without internals.
 */
export function violations(answer: Answer, options: { fromHandler: boolean; browser?: boolean; created?: z.ZodType }): Violation[] {
  const found: Violation[] = [];
  const type = answer.headers['content-type'] ?? '';
  if (answer.status >= 500) found.push('5xx');
  if (answer.status >= 400) {
    if (hasInternals(answer.body)) found.push('stack or internals');
    if (options.browser && /^text\/html\b/.test(type)) {
      if (!/<title>[^<]+<\/title>/.test(answer.body)) found.push('problem body');
      return found;
    }
    if (!/^application\/problem\+json\b/.test(type)) found.push('not problem+json');
    let problem: Record<string, unknown> | undefined;
    try {
      const parsed: unknown = JSON.parse(answer.body);
      if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) problem = parsed as Record<string, unknown>;
    } catch {
      problem = undefined;
    }
    const complete =
      problem !== undefined &&
      problem.status === answer.status &&
      typeof problem.title === 'string' &&
      (!options.fromHandler || (typeof problem.detail === 'string' && typeof problem.requestId === 'string'));
    if (!complete) found.push('problem body');
    if (answer.status === 401 && !answer.headers['www-authenticate']) found.push('no WWW-Authenticate on 401');
    if (answer.status === 503 && !answer.headers['retry-after']) found.push('no Retry-After on 503');
  }
  if (answer.status === 201) {
    try {
      // A 201 carries what was stored, as anyone may read it: an update unless the route says otherwise.
      if (!(options.created ?? publishedUpdateSchema).safeParse(JSON.parse(answer.body)).success) found.push('201 body');
    } catch {
      found.push('201 body');
    }
  }
  if ((answer.status === 201 || answer.status === 303) && !answer.headers.location) found.push('no Location');
  return found;
}

/** The update id an accepted post answers with (from the Location header). */
export function acceptedId(answer: Answer): string | undefined {
  if (answer.status !== 201 && answer.status !== 303) return undefined;
  return /\/updates\/([0-9A-HJKMNP-TV-Z]{26})$/.exec(answer.headers.location ?? '')?.[1];
}

export function headersOf(headers: Record<string, unknown> | undefined): Record<string, string | undefined> {
  const out: Record<string, string | undefined> = {};
  for (const [name, value] of Object.entries(headers ?? {}))
    out[name.toLowerCase()] = value === undefined ? undefined : Array.isArray(value) ? value.join(', ') : String(value);
  return out;
}

export function fetchHeaders(response: Response): Record<string, string | undefined> {
  const out: Record<string, string | undefined> = {};
  response.headers.forEach((value, name) => {
    out[name] = value;
  });
  return out;
}
