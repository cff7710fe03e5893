/**
 * Reads a request body as HTTP API delivers it (possibly base64-encoded) into JSON or form
 * fields. Hand-written rather than middy's parsers because those answer malformed JSON
 * with 415 and match media types case-sensitively; here malformed input is a 400.
 */
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { BadRequest, PayloadTooLarge, UnsupportedMediaType } from '#shared/domain/errors';

export const maxBodyBytes = 32 * 1024;

export type FormFields = Record<string, string | string[]>;

export type RequestBody = { kind: 'json'; value: unknown } | { kind: 'form'; fields: FormFields };

const accepted = ['application/json', 'application/x-www-form-urlencoded'] as const;

/** The media type without parameters, lower-cased. */
function mediaType(header: string | undefined): string {
  return (header ?? '').split(';')[0]!.trim().toLowerCase();
}

function decode(event: APIGatewayProxyEventV2): Buffer {
  const body = event.body ?? '';
  if (!event.isBase64Encoded) return Buffer.from(body, 'utf8');
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(body) || body.length % 4 === 1) {
    throw new BadRequest('The body is marked base64-encoded but is not valid base64.');
  }
  return Buffer.from(body, 'base64');
}

export function readBody(event: APIGatewayProxyEventV2, limit = maxBodyBytes): RequestBody {
  const type = mediaType(event.headers['content-type']);
  // Size first: a client sending too much learns that before anything else.
  const approxBytes = event.isBase64Encoded ? Math.floor(((event.body?.length ?? 0) * 3) / 4) : Buffer.byteLength(event.body ?? '');
  if (approxBytes > limit + 2) throw new PayloadTooLarge(limit);
  const raw = decode(event);
  if (raw.length > limit) throw new PayloadTooLarge(limit);
  if (!(accepted as readonly string[]).includes(type)) throw new UnsupportedMediaType(accepted);
  const text = new TextDecoder('utf-8', { fatal: false }).decode(raw);
  if (text.trim() === '') throw new BadRequest('The request has no body.');

  if (type === 'application/json') {
    try {
      return { kind: 'json', value: JSON.parse(text) };
    } catch {
      throw new BadRequest('The body is not valid JSON.', [{ field: '(body)', message: 'is not valid JSON' }]);
    }
  }
  const fields: FormFields = Object.create(null);
  for (const [name, value] of new URLSearchParams(text)) {
    const existing = fields[name];
    fields[name] = existing === undefined ? value : [...(Array.isArray(existing) ? existing : [existing]), value];
  }
  return { kind: 'form', fields: { ...fields } };
}
