/**
 * Every identifier the service makes. Update ids are ULIDs, so a priority's history reads
 * newest first straight from the table; everything else is random.
 */
import { randomBytes } from 'node:crypto';
import { decodeTime, monotonicFactory } from 'ulid';

const next = monotonicFactory();

export const ulidPattern = /^[0-9A-HJKMNP-TV-Z]{26}$/;

export function newUpdateId(at: Date = new Date()): string {
  return next(at.getTime());
}

/** When an update was posted, read from its id (a ULID carries its time). */
export function postedAtOf(updateId: string): string {
  return new Date(decodeTime(updateId)).toISOString();
}

export function isUpdateId(value: unknown): value is string {
  return typeof value === 'string' && ulidPattern.test(value);
}

/** A short random id (hex) for records found by key: people, tokens. */
export function newRecordId(): string {
  return randomBytes(8).toString('hex');
}

export const recordIdPattern = /^[a-f0-9]{16}$/;

/** A high-entropy secret, URL-safe, for tokens, sessions and preference keys. */
export function newSecret(bytes = 32): string {
  return randomBytes(bytes).toString('base64url');
}
