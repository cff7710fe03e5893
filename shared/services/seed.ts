/**
 * Loads a programme's catalogue into a table, with the people it should start with. Safe to
 * repeat: profiles take the catalogue's text, summaries and the portfolio are only created
 * when missing, and a person already present (same address, role and priority) is kept as is.
 */
import type { Programme } from '../domain/catalogue.ts';
import { newPerson, personInputSchema, type PersonInput } from '../domain/people.ts';
import type { ProgressStore } from '../data/progress-store.ts';

export async function seedDeployment(store: ProgressStore, programme: Programme, people: readonly PersonInput[]): Promise<{ peopleAdded: number }> {
  await store.seedProgramme(programme);
  const existing = await store.listPeople();
  const known = new Set(existing.map((p) => `${p.email}|${p.role}|${p.priorityId ?? ''}`));
  let peopleAdded = 0;
  for (const input of people) {
    const person = personInputSchema.parse(input);
    const key = `${person.email}|${person.role}|${person.priorityId ?? ''}`;
    if (known.has(key)) continue;
    await store.savePerson(newPerson(person));
    known.add(key);
    peopleAdded += 1;
  }
  return { peopleAdded };
}
