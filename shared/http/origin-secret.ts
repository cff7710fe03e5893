/**
 * Requests that bypass CloudFront are refused: CloudFront adds the stage's origin secret to
 * every request it passes on, in a header of its own, and the functions refuse a request
 * without it, so WAF's rules cannot be avoided by calling the execute-api URL directly. Where
 * no secret is configured (the local runtime, which has no CloudFront), every request passes.
 */
import { timingSafeEqual } from 'node:crypto';
import { Forbidden } from '#shared/domain/errors';

/** The header CloudFront adds to every request it sends to the API. */
export const originSecretHeader = 'x-origin-verify';

/** Throws 403 unless the request carries `secret` in the origin header, or no secret is configured. */
export function checkOrigin(headers: Readonly<Record<string, string | undefined>> | undefined, secret: string | undefined): void {
  if (!secret) return;
  const given = Buffer.from(headers?.[originSecretHeader] ?? '');
  const expected = Buffer.from(secret);
  // Constant time, so the answer's timing tells nothing about how much of a guess was right.
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
    throw new Forbidden('Requests reach this service through its public address only.');
  }
}
