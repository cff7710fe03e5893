/**
 * Sponsor credentials. A token is `rp_<tokenId>_<secret>`: the id finds the stored record,
 * and only a SHA-256 hash of the high-entropy secret is ever stored.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import * as z from 'zod';
import { Forbidden, Unauthorised } from './errors.ts';
import { plainText } from './text.ts';
import type { Author } from './update.ts';

export const defaultTokenDays = 90;

export const credentialSchema = z.object({
  tokenId: z.string(),
  secretHash: z.string(),
  priorityId: z.string(),
  name: z.string().optional(),
  email: z.string().optional(),
  issuedAt: z.string(),
  expiresAt: z.string(),
  revokedAt: z.string().optional(),
});
export type Credential = z.output<typeof credentialSchema>;

/** Who a token is issued to, as an operator gives it: both optional, both shown in emails and pages. */
export const tokenHolderSchema = z.strictObject({
  name: plainText({ max: 120 }).optional(),
  email: z.email().max(254).optional(),
});

const tokenPattern = /^rp_([a-f0-9]{16})_([A-Za-z0-9_-]{43})$/;

function hashSecret(secret: string): string {
  return createHash('sha256').update(secret).digest('hex');
}

export interface IssuedToken {
  token: string;
  credential: Credential;
}

export function issueToken(options: {
  priorityId: string;
  name?: string;
  email?: string;
  days?: number;
  now?: Date;
}): IssuedToken {
  const now = options.now ?? new Date();
  const days = options.days ?? defaultTokenDays;
  const tokenId = randomBytes(8).toString('hex');
  const secret = randomBytes(32).toString('base64url');
  const credential: Credential = {
    tokenId,
    secretHash: hashSecret(secret),
    priorityId: options.priorityId,
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
  const presented = Buffer.from(hashSecret(match[2]!), 'hex');
  const expected = Buffer.from(stored.secretHash, 'hex');
  if (presented.length !== expected.length || !timingSafeEqual(presented, expected)) throw new Unauthorised();
  return stillValid(stored, now);
}

/** A credential already proven (by a session made from it) still has to be in force. */
export function stillValid(stored: Credential | undefined, now = new Date()): Credential {
  if (!stored) throw new Unauthorised();
  if (stored.revokedAt) throw new Unauthorised('This token has been revoked.');
  if (Date.parse(stored.expiresAt) <= now.getTime()) throw new Unauthorised('This token has expired.');
  return stored;
}

/** A credential writes only to its own priority; the author comes from it, never from a body. */
export function authoriseFor(credential: Credential, priorityId: string): Author {
  if (credential.priorityId !== priorityId) throw new Forbidden();
  return {
    tokenId: credential.tokenId,
    ...(credential.name ? { name: credential.name } : {}),
    ...(credential.email ? { email: credential.email } : {}),
  };
}
