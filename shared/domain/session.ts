/**
 * Browser sessions. The token in an email link is exchanged once for a session; the cookie
 * holds a random session id, the table only its hash. Form posts that rely on the cookie
 * carry a CSRF token derived from the session id, which a page on another site cannot know.
 */
import { type Credential, roleOf } from '#shared/domain/credential';
import { newSecret } from '#shared/domain/ids';
import type { Role } from '#shared/domain/people';
import { sameSecret, sha256Base64Url, sha256Hex } from '#shared/domain/secrets';

/** A working session is long enough to write an update, short enough to expire the same day. */
export const sessionHours = 8;
export const sessionCookie = 'rp_session';

export interface StoredSession {
  sessionHash: string;
  tokenId: string;
  /** The person the credential was issued to, if any. */
  personId?: string;
  /** The credential's scope, copied for reading the session's table item; access is decided on the credential itself. */
  role?: Role;
  priorityId?: string;
  expiresAt: string;
}

export function hashSessionId(sessionId: string): string {
  return sha256Hex(sessionId);
}

export function newSession(credential: Credential, now = new Date()): { sessionId: string; stored: StoredSession } {
  const sessionId = newSecret();
  const expiresAt = new Date(Math.min(Date.parse(credential.expiresAt), now.getTime() + sessionHours * 3_600_000)).toISOString();
  const scope = { role: roleOf(credential), ...(credential.priorityId === undefined ? {} : { priorityId: credential.priorityId }) };
  const person = credential.personId === undefined ? {} : { personId: credential.personId };
  return { sessionId, stored: { sessionHash: hashSessionId(sessionId), tokenId: credential.tokenId, ...person, ...scope, expiresAt } };
}

export function csrfTokenFor(sessionId: string): string {
  return sha256Base64Url(`csrf|${sessionId}`);
}

export function csrfTokenMatches(sessionId: string, presented: unknown): boolean {
  return sameSecret(presented, csrfTokenFor(sessionId));
}

/** The session id from a request's cookies, if it has one of the right shape. */
export function sessionIdFromCookies(cookies: readonly string[] | undefined): string | undefined {
  for (const cookie of cookies ?? []) {
    const [name, ...rest] = cookie.split('=');
    const value = rest.join('=').trim();
    if (name?.trim() === sessionCookie && /^[A-Za-z0-9_-]{43}$/.test(value)) return value;
  }
  return undefined;
}

export function sessionCookieHeader(sessionId: string, expiresAt: string): string {
  return `${sessionCookie}=${sessionId}; Path=/; HttpOnly; Secure; SameSite=Strict; Expires=${new Date(expiresAt).toUTCString()}`;
}
