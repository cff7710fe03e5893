/**
 * Loads a programme's catalogue into a table, with the people it should start with. Safe to
 * repeat: profiles take the catalogue's text, summaries and the portfolio are only created
 * when missing, and a person already present (same address, role and priority) is kept as is.
 */
import type { Programme } from '#shared/domain/catalogue';
import { newPerson, personInputSchema, type PersonInput } from '#shared/domain/people';
import type { Catalogue } from '#shared/data/catalogue';
import type { People } from '#shared/data/people';
import type { Summaries } from '#shared/data/summaries';

export interface SeedPorts {
  catalogue: Pick<Catalogue, 'save'>;
  summaries: Pick<Summaries, 'createMissing'>;
  people: Pick<People, 'list' | 'save'>;
}

export async function seedProgramme(ports: Omit<SeedPorts, 'people'>, programme: Programme): Promise<void> {
  await ports.catalogue.save(programme);
  await ports.summaries.createMissing(programme.priorities.map((priority) => priority.id));
}

export async function seedDeployment(ports: SeedPorts, programme: Programme, people: readonly PersonInput[]): Promise<{ peopleAdded: number }> {
  await seedProgramme(ports, programme);
  const existing = await ports.people.list();
  const known = new Set(existing.map((p) => `${p.email}|${p.role}|${p.priorityId ?? ''}`));
  let peopleAdded = 0;
  for (const input of people) {
    const person = personInputSchema.parse(input);
    const key = `${person.email}|${person.role}|${person.priorityId ?? ''}`;
    if (known.has(key)) continue;
    await ports.people.save(newPerson(person));
    known.add(key);
    peopleAdded += 1;
  }
  return { peopleAdded };
}
