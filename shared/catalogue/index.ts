/** The programmes this deployment can load, checked against the catalogue format on load. */
import { programmeSchema, type Programme, type ProgrammeInput } from '#shared/domain/catalogue';
import { westMidlandsCommunityRecovery } from '#shared/catalogue/west-midlands-community-recovery';
import { westMidlandsDevolutionActionPlan } from '#shared/catalogue/west-midlands-devolution-action-plan';

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
