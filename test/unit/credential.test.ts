import { describe, expect, it } from 'vitest';
import { authenticate, authoriseAssessor, authoriseBoard, authoriseFor, type Credential, issueToken, tokenIdOf } from '#shared/domain/credential';
import { Forbidden, Unauthorised } from '#shared/domain/errors';
import { authoriseLink, linkTargetOf, pathOf } from '#shared/domain/session';

/** The secret of a token `rp_<16 hex>_<secret>`; the secret is base64url, so it may itself contain `_`. */
function secretOf(token: string): string {
  const match = /^rp_[a-f0-9]{16}_(.+)$/.exec(token);
  if (!match) throw new Error(`not a token: ${token}`);
  return match[1]!;
}

/** Issues tokens until one's secret satisfies `wanted` (a 1-in-64 chance or better per token, so this ends quickly). */
function issueUntil(wanted: (secret: string) => boolean, now: Date) {
  for (let attempt = 0; attempt < 10_000; attempt += 1) {
    const issued = issueToken({ priorityId: 'jobs-and-training', name: 'A Sponsor', days: 30, now });
    if (wanted(secretOf(issued.token))) return issued;
  }
  throw new Error('no such token in 10,000 tries');
}

describe('sponsor credentials', () => {
  const now = new Date('2021-03-01T00:00:00Z');
  const { token, credential } = issueToken({ priorityId: 'jobs-and-training', name: 'A Sponsor', days: 30, now });

  it('stores only a hash of the secret, with an expiry', () => {
    expect(JSON.stringify(credential)).not.toContain(secretOf(token));
    expect(credential.secretHash).toMatch(/^[a-f0-9]{64}$/);
    expect(credential.expiresAt).toBe('2021-03-31T00:00:00.000Z');
    expect(tokenIdOf(token)).toBe(credential.tokenId);
  });

  it('handles a secret that contains `_`, at its start or inside it', () => {
    for (const issued of [issueUntil((secret) => secret.startsWith('_'), now), issueUntil((secret) => secret.slice(1, -1).includes('_'), now)]) {
      const secret = secretOf(issued.token);
      expect(secret).toHaveLength(43);
      expect(issued.token).toBe(`rp_${issued.credential.tokenId}_${secret}`);
      expect(JSON.stringify(issued.credential)).not.toContain(secret);
      expect(tokenIdOf(issued.token)).toBe(issued.credential.tokenId);
      expect(authenticate(issued.token, issued.credential, now).tokenId).toBe(issued.credential.tokenId);
    }
  });

  it('authenticates the right token and authorises its own priority only', () => {
    const verified = authenticate(token, credential, now);
    expect(authoriseFor(verified, 'jobs-and-training')).toEqual({ tokenId: credential.tokenId, role: 'sponsor', name: 'A Sponsor' });
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

describe('roles', () => {
  const sponsor = issueToken({ priorityId: 'jobs-and-training' }).credential;
  const lead = issueToken({ role: 'delivery-lead', priorityId: 'jobs-and-training', name: 'A Lead' }).credential;
  const board = issueToken({ role: 'board', name: 'A Board Member' }).credential;
  // Tokens issued before roles carry none: they are sponsors' tokens.
  const { role: _role, ...legacy } = sponsor;

  it('lets a priority’s sponsor and delivery lead post its updates, and never the board', () => {
    for (const credential of [sponsor, lead, legacy as Credential]) expect(authoriseFor(credential, 'jobs-and-training').tokenId).toBe(credential.tokenId);
    expect(board.priorityId).toBeUndefined();
    expect(() => authoriseFor(board, 'jobs-and-training')).toThrow(Forbidden);
  });

  it('lets only the board act as the board', () => {
    expect(authoriseBoard(board)).toEqual({ tokenId: board.tokenId, role: 'board', name: 'A Board Member' });
    for (const credential of [sponsor, lead, legacy as Credential]) expect(() => authoriseBoard(credential)).toThrow(Forbidden);
  });

  it('takes an independent assessment from the board or the priority’s own delivery lead only', () => {
    expect(authoriseAssessor(board, 'education-and-young-people').role).toBe('board');
    expect(authoriseAssessor(lead, 'jobs-and-training')).toEqual({ tokenId: lead.tokenId, name: 'A Lead', role: 'delivery-lead' });
    expect(() => authoriseAssessor(lead, 'education-and-young-people')).toThrow(Forbidden);
    expect(() => authoriseAssessor(sponsor, 'jobs-and-training')).toThrow(Forbidden);
  });
});

describe('the pages a personal link opens', () => {
  it('knows the three pages and nothing else, so a session never goes on anywhere else', () => {
    for (const path of ['/barriers', '/priorities/jobs-and-training/updates/new', '/priorities/housing/assessments/new']) {
      expect(pathOf(linkTargetOf(path)!)).toBe(path);
    }
    for (const path of [
      'https://evil.example/barriers',
      '//evil.example/barriers',
      '/barriers/',
      '/barriers?x=1',
      '/priorities/Jobs/updates/new',
      '/priorities/../updates/new',
      '/priorities/a/b/updates/new',
      '/priorities/jobs/updates/new/',
      '/priorities/jobs/updates',
      '/\\evil.example',
      undefined,
      ['/barriers'],
    ]) {
      expect(linkTargetOf(path), String(path)).toBeUndefined();
    }
  });

  it('lets a credential through to a page only as that page would', () => {
    const sponsor = issueToken({ priorityId: 'housing' }).credential;
    const lead = issueToken({ role: 'delivery-lead', priorityId: 'housing' }).credential;
    const board = issueToken({ role: 'board' }).credential;
    const update = linkTargetOf('/priorities/housing/updates/new')!;
    const assessment = linkTargetOf('/priorities/housing/assessments/new')!;
    const barriers = linkTargetOf('/barriers')!;
    expect(() => authoriseLink(sponsor, update)).not.toThrow();
    expect(() => authoriseLink(sponsor, linkTargetOf('/priorities/jobs/updates/new')!)).toThrow(Forbidden);
    expect(() => authoriseLink(sponsor, assessment)).toThrow(Forbidden);
    expect(() => authoriseLink(sponsor, barriers)).toThrow(Forbidden);
    expect(() => authoriseLink(lead, assessment)).not.toThrow();
    expect(() => authoriseLink(board, assessment)).not.toThrow();
    expect(() => authoriseLink(board, barriers)).not.toThrow();
    expect(() => authoriseLink(board, update)).toThrow(Forbidden);
  });
});
