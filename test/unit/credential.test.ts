import { describe, expect, it } from 'vitest';
import { authenticate, authoriseFor, issueToken, tokenIdOf } from '#shared/domain/credential';
import { Forbidden, Unauthorised } from '#shared/domain/errors';

describe('sponsor credentials', () => {
  const now = new Date('2021-03-01T00:00:00Z');
  const { token, credential } = issueToken({ priorityId: 'jobs-and-training', name: 'A Sponsor', days: 30, now });

  it('stores only a hash of the secret, with an expiry', () => {
    expect(JSON.stringify(credential)).not.toContain(token.split('_')[2]);
    expect(credential.secretHash).toMatch(/^[a-f0-9]{64}$/);
    expect(credential.expiresAt).toBe('2021-03-31T00:00:00.000Z');
    expect(tokenIdOf(token)).toBe(credential.tokenId);
  });

  it('authenticates the right token and authorises its own priority only', () => {
    const verified = authenticate(token, credential, now);
    expect(authoriseFor(verified, 'jobs-and-training')).toEqual({ tokenId: credential.tokenId, name: 'A Sponsor' });
    expect(() => authoriseFor(verified, 'education-and-young-people')).toThrow(Forbidden);
  });

  it('refuses tampered, foreign, expired and revoked tokens with 401', () => {
    const other = issueToken({ priorityId: 'jobs-and-training' });
    const tampered = token.slice(0, -2) + (token.endsWith('AA') ? 'BB' : 'AA');
    expect(() => authenticate(tampered, credential, now)).toThrow(Unauthorised);
    expect(() => authenticate(other.token, credential, now)).toThrow(Unauthorised);
    expect(() => authenticate(token, undefined, now)).toThrow(Unauthorised);
    expect(() => authenticate('rp_nope', credential, now)).toThrow(Unauthorised);
    expect(() => authenticate(token, credential, new Date('2021-04-01T00:00:00Z'))).toThrow(/expired/);
    expect(() => authenticate(token, { ...credential, revokedAt: now.toISOString() }, now)).toThrow(/revoked/);
  });
});
