/**
 * How a poster proves who they are: the sponsor token in an `Authorization: Bearer` header
 * or a `token` form field, or else the browser session cookie made from it, with the form's
 * CSRF token. The token wins when both arrive.
 */
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import type { Proof } from '#shared/domain/credential';
import { sessionIdFromCookies } from '#shared/domain/session';
import type { FormFields } from '#shared/http/body';

export function proofOf(event: APIGatewayProxyEventV2, fields: FormFields | undefined): Proof | undefined {
  const header = event.headers.authorization;
  // A malformed header is still a token attempt: it fails as one (401) rather than falling back to a cookie.
  if (header) return { kind: 'token', token: /^Bearer\s+(\S+)\s*$/i.exec(header)?.[1] ?? '' };
  if (typeof fields?.token === 'string' && fields.token) return { kind: 'token', token: fields.token };
  const sessionId = sessionIdFromCookies(event.cookies);
  return sessionId ? { kind: 'session', sessionId, csrfToken: fields?.csrfToken } : undefined;
}
