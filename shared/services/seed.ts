/**
 * Loads a programme's catalogue into a table, with the people it should start with. Safe to
 * repeat: profiles take the catalogue's text, a summary is created when missing and otherwise
 * only takes its priority's title, each catalogue ask is tracked once (never overwritten), and a person already present (same address, role and
 * priority) is kept as is.
 */

import type { Catalogue } from '#shared/data/catalogue';
import type { Commitments } from '#shared/data/commitments';
import type { People } from '#shared/data/people';
import type { Summaries } from '#shared/data/summaries';
import { newTrackedAsk } from '#shared/domain/ask';
import type { Actor } from '#shared/domain/audit';
import type { Priority, Programme } from '#shared/domain/catalogue';
import { newMeasure } from '#shared/domain/measure';
import { newMilestone } from '#shared/domain/milestone';
import { newPerson, type PersonInput, personInputSchema } from '#shared/domain/people';
import { emptySummary } from '#shared/domain/summary';
import { withRetries } from '#shared/services/summarise';

export interface SeedPorts {
  catalogue: Pick<Catalogue, 'save'>;
  summaries: Pick<Summaries, 'get' | 'save'>;
  people: Pick<People, 'list' | 'save'>;
  commitments: Pick<Commitments, 'asks' | 'track' | 'list' | 'commit'>;
}

/** Who adds the people and commitments a deployment starts with, as the audit log and the commitments' log name it. */
const seedActor: Actor & { role: 'service'; name: string } = { role: 'service', name: 'seed' };

export async function seedProgramme(ports: Omit<SeedPorts, 'people'>, programme: Programme): Promise<void> {
  await ports.catalogue.save(programme);
  for (const { id, title } of programme.priorities) await titleSummary(ports.summaries, id, title);
  await trackAsks(ports.commitments, programme);
  for (const priority of programme.priorities) await seedCommitments(ports.commitments, priority, new Date());
}

/** Each catalogue ask not yet tracked starts as not yet raised, with the catalogue's amount; a tracked one is never replaced. */
async function trackAsks(commitments: SeedPorts['commitments'], programme: Programme): Promise<void> {
  const tracked = new Set((await commitments.asks()).map(({ value }) => `${value.priorityId}#${value.askId}`));
  for (const priority of programme.priorities) {
    for (const ask of priority.asksOfGovernment) {
      if (!tracked.has(`${priority.id}#${ask.id}`)) await commitments.track(newTrackedAsk(priority.id, ask));
    }
  }
}

/** A priority's initial milestones and measures from the catalogue: each created when absent, never overwritten. */
async function seedCommitments(commitments: SeedPorts['commitments'], priority: Priority, now: Date): Promise<void> {
  if (priority.milestones.length === 0 && priority.measures.length === 0) return;
  const { milestones, measures } = await commitments.list(priority.id, true);
  const at = now.toISOString();
  const change = { priorityId: priority.id, at, changeId: 'seed', by: seedActor, reason: 'from the catalogue' };
  for (const { id, ...definition } of priority.milestones) {
    if (milestones.some(({ value }) => value.milestoneId === id)) continue;
    await commitments.commit({ ...change, kind: 'MILESTONE', id, state: newMilestone(priority.id, id, definition) }, 0);
  }
  for (const { id, ...definition } of priority.measures) {
    if (measures.some(({ value }) => value.measureId === id)) continue;
    await commitments.commit({ ...change, kind: 'MEASURE', id, state: newMeasure(priority.id, id, definition) }, 0);
  }
}

/** A priority's summary with its current title, written under the version check so no concurrent update is lost. */
function titleSummary(summaries: SeedPorts['summaries'], priorityId: string, title: string): Promise<void> {
  return withRetries(async (consistent) => {
    const current = await summaries.get(priorityId, consistent);
    if (!current) return summaries.save(emptySummary(priorityId, title), 0);
    if (current.value.title !== title) await summaries.save({ ...current.value, title }, current.version);
  });
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
    await ports.people.save(newPerson(person), seedActor);
    known.add(key);
    peopleAdded += 1;
  }
  return { peopleAdded };
}
