/** The catalogue as stored: the programme's profile and each priority's profile, in the PROGRAMME partition. */

import { strip, type TableCore } from '#shared/data/core';
import { keys } from '#shared/data/keys';
import type { Priority, Programme } from '#shared/domain/catalogue';

export type ProgrammeProfile = Omit<Programme, 'priorities'> & { priorityIds: string[] };

export class Catalogue {
  constructor(private readonly table: TableCore) {}

  async programmeProfile(): Promise<ProgrammeProfile | undefined> {
    const item = await this.table.get(keys.programme());
    return item ? strip<ProgrammeProfile>(item) : undefined;
  }

  async priorityProfile(priorityId: string): Promise<Priority | undefined> {
    const item = await this.table.get(keys.priority(priorityId));
    return item ? strip<Priority>(item) : undefined;
  }

  /** Replaces every profile with the catalogue's text; safe to run again. */
  async save(programme: Programme): Promise<void> {
    const { priorities, ...profile } = programme;
    await this.table.replace(keys.programme(), 'programme', { ...profile, priorityIds: priorities.map((p) => p.id) });
    for (const priority of priorities) await this.table.replace(keys.priority(priority.id), 'priority', priority);
  }
}
