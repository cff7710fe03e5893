/**
 * Managing people. Removing a person, or changing their role, priority or address, revokes
 * every credential issued to them (and so ends every session made from one) in the same
 * operation. The person's own change is written last: if a revocation fails, the person is
 * still as they were, and running the command again finishes the job.
 */
import type { Credentials } from '#shared/data/credentials';
import type { People } from '#shared/data/people';
import type { Actor } from '#shared/domain/audit';
import { NotFound } from '#shared/domain/errors';
import { changedPerson, type Person, type PersonChange } from '#shared/domain/people';

export interface PeoplePorts {
  people: Pick<People, 'get' | 'change' | 'remove'>;
  credentials: Pick<Credentials, 'revokeAllOf'>;
}

export interface PersonOutcome {
  person: Person;
  /** How many credentials in force were revoked. */
  revoked: number;
}

async function existing(ports: PeoplePorts, personId: string): Promise<Person> {
  const person = await ports.people.get(personId);
  if (!person) throw new NotFound(`No person with id ${personId}.`);
  return person;
}

/**
 * Removes a person and revokes their credentials. Run again for a person already removed, it
 * still revokes any credential issued to them since (a digest run under way at the removal may
 * have sent them a link), and finds no one only when there is nothing left to revoke.
 */
export async function removePerson(ports: PeoplePorts, personId: string, actor: Actor): Promise<{ person?: Person; revoked: number }> {
  const person = await ports.people.get(personId);
  const revoked = await ports.credentials.revokeAllOf(personId, actor);
  if (person && (await ports.people.remove(person, actor))) return { person, revoked };
  if (revoked === 0) throw new NotFound(`No person with id ${personId}.`);
  return { revoked };
}

/** Applies a change (checked as a whole: ValidationFailed names the field); the person's credentials are revoked when their access changes. */
export async function changePerson(ports: PeoplePorts, personId: string, change: PersonChange, actor: Actor): Promise<PersonOutcome> {
  const before = await existing(ports, personId);
  const { person, revokesAccess } = changedPerson(before, change);
  const revoked = revokesAccess ? await ports.credentials.revokeAllOf(personId, actor) : 0;
  if (!(await ports.people.change(before, person, actor))) throw new NotFound(`No person with id ${personId}.`);
  return { person, revoked };
}
