/**
 * Credentials. A token is `rp_<tokenId>_<secret>`: the id finds the stored record, and only a
 * SHA-256 hash of the high-entropy secret is ever stored. Each is scoped to a role: a sponsor's
 * or delivery lead's to one priority, a board member's to the board's own actions.
 */
import * as z from 'zod/mini';
import { Forbidden, Unauthorised } from '#shared/domain/errors';
import { newRecordId, newSecret } from '#shared/domain/ids';
import { nameFromAddress, publicName, type Role } from '#shared/domain/people';
import { sameSecret, sha256Hex } from '#shared/domain/secrets';
import { plainText } from '#shared/domain/text';
import type { Author } from '#shared/domain/update';

export const defaultTokenDays = 90;

export interface Credential {
  tokenId: string;
  secretHash: string;
  /** Absent on tokens issued before roles: those are sponsors'. */
  role?: Role;
  /** Every role's but the board's. */
  priorityId?: string;
  /** The person it was issued to, so their removal revokes it; absent on an operator's token for no one on the list. */
  personId?: string;
  name?: string;
  email?: string;
  issuedAt: string;
  expiresAt: string;
  revokedAt?: string;
}

/** How a poster proves who they are: the token itself, or a browser session made from it with the form's CSRF token. */
export type Proof = { kind: 'token'; token: string } | { kind: 'session'; sessionId: string; csrfToken: unknown };

/** Who a token is issued to, as an operator gives it: both optional; the name (never the address) is shown in emails and pages. */
export const tokenHolderSchema = z
  .strictObject({
    name: z.optional(plainText({ max: 120 })),
    email: z.optional(z.email().check(z.maxLength(254))),
  })
  .check(
    z.superRefine((holder, ctx) => {
      if (holder.name !== undefined && nameFromAddress(holder.name, holder.email))
        ctx.addIssue({ code: 'custom', path: ['name'], message: 'must be the holder’s name, not their email address or the part of it before the @' });
    }),
  );

const tokenPattern = /^rp_([a-f0-9]{16})_([A-Za-z0-9_-]{43})$/;

export interface IssuedToken {
  token: string;
  credential: Credential;
}

/** A sponsor or delivery lead works on one priority; the board on the whole programme. */
export type TokenScope = { role: 'board'; priorityId?: never } | { role?: 'sponsor' | 'delivery-lead'; priorityId: string };

export function issueToken(
  options: TokenScope & {
    personId?: string;
    name?: string;
    email?: string;
    days?: number;
    now?: Date;
  },
): IssuedToken {
  const now = options.now ?? new Date();
  const days = options.days ?? defaultTokenDays;
  const tokenId = newRecordId();
  const secret = newSecret();
  const credential: Credential = {
    tokenId,
    secretHash: sha256Hex(secret),
    role: options.role ?? 'sponsor',
    ...(options.priorityId === undefined ? {} : { priorityId: options.priorityId }),
    ...(options.personId ? { personId: options.personId } : {}),
    ...(options.name ? { name: options.name } : {}),
    ...(options.email ? { email: options.email } : {}),
    issuedAt: now.toISOString(),
    expiresAt: new Date(now.getTime() + days * 86_400_000).toISOString(),
  };
  return { token: `rp_${tokenId}_${secret}`, credential };
}

/** The token id of a well-formed token, or null; lets the caller fetch the record. */
export function tokenIdOf(token: string): string | null {
  return tokenPattern.exec(token)?.[1] ?? null;
}

/**
 * Checks a presented token against its stored record. Every way of failing looks alike to
 * the caller (401), apart from saying that a real token has expired or been revoked.
 */
export function authenticate(token: string, stored: Credential | undefined, now = new Date()): Credential {
  const match = tokenPattern.exec(token);
  if (!match || !stored || stored.tokenId !== match[1]) throw new Unauthorised();
  if (!sameSecret(sha256Hex(match[2]!), stored.secretHash)) throw new Unauthorised();
  return stillValid(stored, now);
}

/** A credential already proven (by a session made from it) still has to be in force. */
export function stillValid(stored: Credential | undefined, now = new Date()): Credential {
  if (!stored) throw new Unauthorised();
  if (stored.revokedAt) throw new Unauthorised('This token has been revoked.');
  if (Date.parse(stored.expiresAt) <= now.getTime()) throw new Unauthorised('This token has expired.');
  return stored;
}

export const roleOf = (credential: Pick<Credential, 'role'>): Role => credential.role ?? 'sponsor';

/**
 * Who a credential names, as recorded beside what it wrote; never taken from a body. The name
 * is kept only when it may be shown (publicName); the token id, person and address are recorded
 * for the audit and for not telling an author of their own update, and never published.
 */
function authorOf(credential: Credential): Author {
  const name = publicName(credential);
  return {
    tokenId: credential.tokenId,
    ...(credential.personId ? { personId: credential.personId } : {}),
    role: roleOf(credential),
    ...(name ? { name } : {}),
    ...(credential.email ? { email: credential.email } : {}),
  };
}

/** A sponsor's or delivery lead's credential posts its own priority's updates; a board credential never does. */
export function authoriseFor(credential: Credential, priorityId: string): Author {
  if (roleOf(credential) === 'board') throw new Forbidden('A board link can respond to barriers and record an assessment, not post a priority’s update.');
  if (credential.priorityId !== priorityId) throw new Forbidden();
  return authorOf(credential);
}

/** Only a board credential acts as the board. */
export function authoriseBoard(credential: Credential): Author {
  if (roleOf(credential) !== 'board') throw new Forbidden('Only a board member’s link can do this.');
  return authorOf(credential);
}

/** An independent rating comes from the board, or from the priority's own delivery lead; never from its sponsor. */
export function authoriseAssessor(credential: Credential, priorityId: string): Author & { role: 'board' | 'delivery-lead' } {
  const role = roleOf(credential);
  if (role === 'board') return { ...authorOf(credential), role };
  if (role === 'delivery-lead' && credential.priorityId === priorityId) return { ...authorOf(credential), role };
  throw new Forbidden('An independent assessment comes from the priority’s delivery lead or the board.');
}
