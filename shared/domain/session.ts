/**
 * Browser sessions. The token in an email link is exchanged for a session only by the person's
 * own post from the link's Continue page; the cookie holds a random session id, the table only
 * its hash. Form posts that rely on the cookie carry a CSRF token derived from the session id,
 * which a page on another site cannot know.
 */
import { slugSchema } from '#shared/domain/catalogue';
import { authoriseAssessor, authoriseBoard, authoriseFor, type Credential, roleOf } from '#shared/domain/credential';
import { newSecret } from '#shared/domain/ids';
import type { Role } from '#shared/domain/people';
import { sameSecret, sha256Base64Url, sha256Hex } from '#shared/domain/secrets';

/** A working session is long enough to write an update, short enough to expire the same day. */
export const sessionHours = 8;
/** `__Host-`: the browser keeps it only if Secure, with Path=/ and no Domain, so no other host can set or shadow it. */
export const sessionCookie = '__Host-rp_session';

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

/** The header that removes the cookie on sign-out. */
export function endedSessionCookieHeader(): string {
  return `${sessionCookie}=; Path=/; HttpOnly; Secure; SameSite=Strict; Max-Age=0`;
}

/** The pages a personal link opens: the only places a new session goes on to, so the exchange is never an open redirect. */
export type LinkTarget = { page: 'update-form'; priorityId: string } | { page: 'assessment-form'; priorityId: string } | { page: 'barriers' };

export function linkTargetOf(path: unknown): LinkTarget | undefined {
  if (path === '/barriers') return { page: 'barriers' };
  const match = typeof path === 'string' ? /^\/priorities\/([^/]+)\/(updates|assessments)\/new$/.exec(path) : null;
  if (!match || !slugSchema.safeParse(match[1]).success) return undefined;
  return { page: match[2] === 'updates' ? 'update-form' : 'assessment-form', priorityId: match[1]! };
}

export function pathOf(target: LinkTarget): string {
  if (target.page === 'barriers') return '/barriers';
  return `/priorities/${target.priorityId}/${target.page === 'update-form' ? 'updates' : 'assessments'}/new`;
}

/** Throws unless the credential may use the page its link opens, as the page itself would decide. */
export function authoriseLink(credential: Credential, target: LinkTarget): void {
  if (target.page === 'barriers') authoriseBoard(credential);
  else if (target.page === 'update-form') authoriseFor(credential, target.priorityId);
  else authoriseAssessor(credential, target.priorityId);
}
