/**
 * Domain errors carry their HTTP status so the HTTP layer can turn them into
 * problem+json without knowing the domain; anything else is an unexpected 500.
 */
import { en } from 'zod/locales';
import * as z from 'zod/mini';

// zod/mini loads no locale, so every message of its own would read "Invalid input". Its English
// messages are the ones people and clients get: every zod issue reaches them through here. (By
// name, not as `z.locales.en`: that would bundle every language.)
z.config(en());

export interface FieldError {
  field: string;
  message: string;
}

export class DomainError extends Error {
  constructor(
    readonly status: number,
    readonly title: string,
    message: string,
    readonly fieldErrors: FieldError[] = [],
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
    this.name = new.target.name;
  }
}

export class BadRequest extends DomainError {
  constructor(message: string, fieldErrors: FieldError[] = []) {
    super(400, 'Bad request', message, fieldErrors);
  }
}

export class ValidationFailed extends DomainError {
  constructor(fieldErrors: FieldError[], message = 'The update has fields that need correcting.') {
    super(422, 'Validation failed', message, fieldErrors);
  }
}

export class Unauthorised extends DomainError {
  constructor(message = 'A valid sponsor token is required.') {
    super(401, 'Unauthorised', message, [], { 'www-authenticate': 'Bearer realm="recovery-progress"' });
  }
}

export class Forbidden extends DomainError {
  constructor(message = 'This token may not post updates to this priority.') {
    super(403, 'Forbidden', message);
  }
}

export class NotFound extends DomainError {
  constructor(message: string) {
    super(404, 'Not found', message);
  }
}

/** A change that collides with the stored state: a stale version, or a second correction of an update. */
export class Conflict extends DomainError {
  constructor(message: string) {
    super(409, 'Conflict', message);
  }
}

export class PayloadTooLarge extends DomainError {
  constructor(limitBytes: number) {
    super(413, 'Payload too large', `The request body is larger than ${limitBytes} bytes.`);
  }
}

export class UnsupportedMediaType extends DomainError {
  constructor(accepted: readonly string[]) {
    super(415, 'Unsupported media type', `Send the body as one of: ${accepted.join(', ')}.`);
  }
}

export class ServiceUnavailable extends DomainError {
  constructor(message = 'The service is briefly unavailable; try again shortly.', retryAfterSeconds = 5) {
    super(503, 'Service unavailable', message, [], { 'retry-after': String(retryAfterSeconds) });
  }
}

/** Zod issues as field errors: `barriers.0.description`, and one entry per unknown field. */
export function fieldErrors(error: z.core.$ZodError): FieldError[] {
  return error.issues.flatMap((issue): FieldError[] => {
    const base = issue.path.map(String).join('.');
    if (issue.code === 'unrecognized_keys') {
      return issue.keys.map((key) => ({ field: base ? `${base}.${key}` : key, message: 'is not a recognised field' }));
    }
    return [{ field: base || '(body)', message: issue.message }];
  });
}

/** A candidate parsed by a schema, or a 422 naming every field that needs correcting. */
export function parseFields<S extends z.ZodMiniType>(schema: S, candidate: unknown, message: string): z.output<S> {
  const result = schema.safeParse(candidate);
  if (!result.success) throw new ValidationFailed(fieldErrors(result.error), message);
  return result.data;
}
