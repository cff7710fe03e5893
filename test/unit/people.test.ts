import { describe, expect, it } from 'vitest';
import { type Credential, issueToken } from '#shared/domain/credential';
import { ValidationFailed } from '#shared/domain/errors';
import { boardMember, boardRecipientSchema, changedPerson, nameAndRole, newPerson, personInputSchema, publicName } from '#shared/domain/people';
import { newSession } from '#shared/domain/session';
import { publicAuthor } from '#shared/domain/update';

describe('display names', () => {
  it('are refused when they hold an address or are its local part, naming the field', () => {
    const refused = (name: string) => personInputSchema.safeParse({ name, email: 'Chair.KWV@board.example.org', role: 'board' });
    for (const name of ['chair.kwv', 'CHAIR.KWV', 'chair.kwv@board.example.org', 'Ann <ann@x.org>']) {
      const result = refused(name);
      expect(result.success).toBe(false);
      expect(result.error?.issues[0]?.path).toEqual(['name']);
    }
    expect(refused('Ann Kowalski').success).toBe(true);
  });

  it('are required of everyone but a board member named by address alone', () => {
    expect(personInputSchema.safeParse({ email: 'a@example.org', role: 'sponsor', priorityId: 'p' }).success).toBe(false);
    expect(newPerson(boardMember('chair@example.org'))).not.toHaveProperty('name');
    expect(newPerson(boardMember({ name: 'Ann Lee', email: 'chair@example.org' })).name).toBe('Ann Lee');
  });

  it('are shown only when not derived from an address; otherwise the role alone', () => {
    expect(publicName({ name: 'Ann Lee', email: 'ann.lee@example.org' })).toBe('Ann Lee');
    expect(publicName({ name: 'ann.lee', email: 'ann.lee@example.org' })).toBeUndefined();
    expect(publicName({ name: 'Chair', email: 'chair@example.org' })).toBeUndefined();
    expect(publicName({ name: 'someone@example.org' })).toBeUndefined();
    // A record that kept the name only: a single dotted word is taken for a local part.
    expect(publicName({ name: 'chair.kwv' })).toBeUndefined();
    expect(publicName({ name: 'Chair' })).toBe('Chair');
    expect(publicName({})).toBeUndefined();
    expect(nameAndRole({ name: 'chair.kwv' }, 'board')).toBe('A board member');
    expect(nameAndRole({ name: 'Ann Lee' }, 'delivery-lead')).toBe('Ann Lee (delivery lead)');
  });

  it('reach authors without the address-derived name, and publicly without token, person or address', () => {
    const author = { tokenId: 'abc', personId: 'p1', role: 'sponsor' as const, name: 'sponsor.zqx', email: 'sponsor.zqx@example.org' };
    expect(publicAuthor(author)).toEqual({ role: 'sponsor' });
    expect(publicAuthor({ ...author, name: 'Sam Zed' })).toEqual({ name: 'Sam Zed', role: 'sponsor' });
  });

  it('of stage settings take objects or bare addresses, and refuse a name from the address', () => {
    expect(boardRecipientSchema.safeParse({ name: 'Ann Lee', email: 'chair@example.org' }).success).toBe(true);
    expect(boardRecipientSchema.safeParse('chair@example.org').success).toBe(true);
    expect(boardRecipientSchema.safeParse({ name: 'chair', email: 'chair@example.org' }).success).toBe(false);
    expect(boardRecipientSchema.safeParse({ email: 'chair@example.org' }).success).toBe(false);
  });
});

describe('changing a person', () => {
  const sponsor = newPerson({ name: 'Sam Zed', email: 'sam@example.org', role: 'sponsor', priorityId: 'jobs' });

  it('revokes their access when the role, priority or address changes, not the name', () => {
    expect(changedPerson(sponsor, { name: 'Samuel Zed' })).toMatchObject({ person: { name: 'Samuel Zed' }, revokesAccess: false });
    expect(changedPerson(sponsor, { priorityId: 'health' }).revokesAccess).toBe(true);
    expect(changedPerson(sponsor, { email: 'sam@other.example.org' }).revokesAccess).toBe(true);
    const board = changedPerson(sponsor, { role: 'board' });
    expect(board).toMatchObject({ revokesAccess: true, person: { role: 'board' } });
    expect(board.person).not.toHaveProperty('priorityId');
  });

  it('is checked as a whole, naming the field', () => {
    expect(() => changedPerson(sponsor, { name: 'sam' })).toThrow(ValidationFailed);
    const board = newPerson({ name: 'Ann Lee', email: 'ann@example.org', role: 'board' });
    try {
      changedPerson(board, { role: 'sponsor' });
      expect.unreachable();
    } catch (error) {
      expect((error as ValidationFailed).fieldErrors).toEqual([{ field: 'priorityId', message: 'a sponsor belongs to a priority' }]);
    }
  });
});

describe('credentials and sessions of a person', () => {
  it('carry the person they were issued to', () => {
    const { credential } = issueToken({ role: 'board', personId: 'p1', name: 'Ann Lee' });
    expect(credential.personId).toBe('p1');
    expect(newSession(credential).stored.personId).toBe('p1');
    const { credential: anyone } = issueToken({ role: 'board' });
    expect(newSession(anyone as Credential).stored).not.toHaveProperty('personId');
  });
});
