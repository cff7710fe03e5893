/**
 * How a poster proves who they are: the sponsor token in an `Authorization: Bearer` header
 * or a `token` form field, or else the browser session cookie made from it, with the form's
 * CSRF token. The token wins when both arrive.
 */
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import type { Proof } from '#shared/domain/credential';
import { Unauthorised } from '#shared/domain/errors';
import { sessionIdFromCookies } from '#shared/domain/session';
import { type FormFields, type RequestBody, readBody } from '#shared/http/body';
import { wantsHtml } from '#shared/http/responses';

export function proofOf(event: APIGatewayProxyEventV2, fields: FormFields | undefined): Proof | undefined {
  const header = event.headers.authorization;
  // A malformed header is still a token attempt: it fails as one (401) rather than falling back to a cookie.
  if (header) return { kind: 'token', token: /^Bearer\s+(\S+)\s*$/i.exec(header)?.[1] ?? '' };
  if (typeof fields?.token === 'string' && fields.token) return { kind: 'token', token: fields.token };
  const sessionId = sessionIdFromCookies(event.cookies);
  return sessionId ? { kind: 'session', sessionId, csrfToken: fields?.csrfToken } : undefined;
}

/** A post as the write routes read it: its body, its form fields if a form, who sends it, and whether a browser waits for a page. */
export interface Post {
  body: RequestBody;
  fields: FormFields | undefined;
  proof: Proof;
  browser: boolean;
}

/** Reads a post and its proof; no proof at all is a 401 with `missing` as its message. */
export function postOf(event: APIGatewayProxyEventV2, missing?: string): Post {
  const body = readBody(event);
  const fields = body.kind === 'form' ? body.fields : undefined;
  const proof = proofOf(event, fields);
  if (!proof) throw new Unauthorised(missing);
  return { body, fields, proof, browser: body.kind === 'form' && wantsHtml(event) };
}
