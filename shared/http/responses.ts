/** Response shapes for HTTP API (payload format 2.0). */
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import * as z from 'zod/mini';
import type { FieldError } from '#shared/domain/errors';
import { newSecret } from '#shared/domain/ids';

export type HttpResult = APIGatewayProxyStructuredResultV2;

const baseHeaders = {
  'cache-control': 'no-store',
  'x-content-type-options': 'nosniff',
};

export function json(statusCode: number, body: unknown, headers: Record<string, string> = {}): HttpResult {
  return {
    statusCode,
    headers: { ...baseHeaders, 'content-type': 'application/json; charset=utf-8', ...headers },
    body: JSON.stringify(body),
  };
}

/** Headers of every page: a nonce-based Content-Security-Policy (no 'unsafe-inline') and the usual hardening. */
function pageHeaders(nonce: string): Record<string, string> {
  return {
    'content-type': 'text/html; charset=utf-8',
    'content-security-policy': [
      "default-src 'none'",
      `script-src 'nonce-${nonce}'`,
      "style-src 'self'",
      "img-src 'self' data:",
      "font-src 'self'",
      "manifest-src 'self'",
      "form-action 'self'",
      "frame-ancestors 'none'",
      "base-uri 'none'",
    ].join('; '),
    'strict-transport-security': 'max-age=31536000; includeSubDomains',
    'x-frame-options': 'DENY',
    // The origin alone, never a path (a personal link's token): with `no-referrer` a browser sends
    // `Origin: null` on the pages' own form posts, and the same-origin rule could not tell them from a hostile page's.
    'referrer-policy': 'strict-origin',
    'permissions-policy': 'camera=(), microphone=(), geolocation=()',
    'cross-origin-opener-policy': 'same-origin',
  };
}

/** A fresh value for each page's script nonce. */
export function newNonce(): string {
  return newSecret(16);
}

export function html(statusCode: number, body: string, nonce: string = newNonce(), headers: Record<string, string> = {}, cookies?: string[]): HttpResult {
  return {
    statusCode,
    headers: { ...baseHeaders, ...pageHeaders(nonce), ...headers },
    body,
    ...(cookies ? { cookies } : {}),
  };
}

export function seeOther(location: string): HttpResult {
  return { statusCode: 303, headers: { ...baseHeaders, location }, body: '' };
}

export const fieldErrorSchema = z.strictObject({
  field: z.string().check(z.describe('The field, as a dotted path (`barriers.0.description`), or `(body)` for the body as a whole.')),
  message: z.string(),
});

/** RFC 9457 problem details; loose because the RFC lets clients meet extension members. */
export const problemSchema = z.looseObject({
  type: z.string().check(z.describe('`about:blank`: the status code says what kind of problem it is.')),
  title: z.string(),
  status: z.number().check(z.int(), z.minimum(400), z.maximum(599)),
  detail: z.string(),
  instance: z.optional(z.string()),
  requestId: z.string().check(z.describe('Quote it when reporting a problem; it finds the logs of the request.')),
  errors: z.optional(z.array(fieldErrorSchema)).check(z.describe('Every field that needs correcting.')),
});

export type Problem = z.output<typeof problemSchema>;

type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
// The compiler keeps the schema and the domain's field errors the same shape.
true satisfies Same<z.output<typeof fieldErrorSchema>, FieldError>;

/** RFC 9457 problem details. */
export function problem(value: Problem, headers: Record<string, string> = {}): HttpResult {
  return {
    statusCode: value.status,
    headers: { ...baseHeaders, 'content-type': 'application/problem+json; charset=utf-8', ...headers },
    body: JSON.stringify(value),
  };
}

/** True when the client prefers an HTML page (a browser) over JSON. */
export function wantsHtml(event: APIGatewayProxyEventV2): boolean {
  const accept = (event.headers.accept ?? '').toLowerCase();
  return accept.includes('text/html') && !accept.startsWith('application/json');
}
