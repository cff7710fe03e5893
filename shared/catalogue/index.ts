/** The programmes this deployment can load, checked against the catalogue format on load. */
import { programmeSchema, type Programme, type ProgrammeInput } from '../domain/catalogue.ts';
import { westMidlandsCommunityRecovery } from './west-midlands-community-recovery.ts';
import { westMidlandsDevolutionActionPlan } from './west-midlands-devolution-action-plan.ts';

const programmes: Record<string, ProgrammeInput> = {
  [westMidlandsCommunityRecovery.id]: westMidlandsCommunityRecovery,
  [westMidlandsDevolutionActionPlan.id]: westMidlandsDevolutionActionPlan,
};

export const programmeIds = Object.keys(programmes);

export function catalogue(programmeId: string): Programme {
  const programme = programmes[programmeId];
  if (!programme) throw new Error(`Unknown programme "${programmeId}"; known: ${programmeIds.join(', ')}`);
  return programmeSchema.parse(programme);
}
