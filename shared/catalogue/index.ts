/**
 * The programmes this deployment can load, kept as data (JSON) and checked against the
 * catalogue format on load. Where each one's facts come from:
 */
import { type Programme, type ProgrammeInput, programmeSchema } from '#shared/domain/catalogue';
// Catalogue entry: "Levelling-up the West Midlands: Our roadmap to community recovery and
// prospectus for government" (Recovery Co-ordination Group, November 2020).
//
// Facts are taken from the roadmap (seed 003, and the copy annexed to the December 2020 PSR
// Board papers, seed 002) and the sponsor allocation in the March 2021 PSR Board report (seed 001).
// Wording is paraphrased. Ask flags follow the roadmap's own markers:
//   (*)  also in the WMCA "Recharging the West Midlands" prospectus -> inRechargeProspectus
//   (**) part of the WMCA Devolution White Paper submission       -> inDevolutionWhitePaperSubmission
// Good practice examples come from each priority's "Great practice" boxes and from the roadmap's
// good practice map (assigned to a priority by the map's priority icon). The programme starts on
// 20 November 2020, when the Recovery Forum endorsed the roadmap.
import westMidlandsCommunityRecovery from './west-midlands-community-recovery.json' with { type: 'json' };
// Catalogue entry: "West Midlands and Government Working Together: Our Action Plan" (2018),
// the WMCA's plan for following through on the second devolution deal (seed 004).
//
// The plan numbers seven priorities; priority 7 is split into 7(a) and 7(b), each with its own
// leads, so they are separate entries here (eight in all). Leads and governance boards are as the
// plan states them. "What are our priorities?" is recorded as ambitions; of the "example specific
// actions", those that seek something from UK Government are recorded as asks (no amounts are given).
// The plan gives its year alone, so the programme starts on 1 January 2018.
import westMidlandsDevolutionActionPlan from './west-midlands-devolution-action-plan.json' with { type: 'json' };

const programmes: Record<string, ProgrammeInput> = {
  [westMidlandsCommunityRecovery.id]: westMidlandsCommunityRecovery as ProgrammeInput,
  [westMidlandsDevolutionActionPlan.id]: westMidlandsDevolutionActionPlan as ProgrammeInput,
};

export const programmeIds = Object.keys(programmes);

/** The raw entry, before the catalogue format's defaults are applied. */
export function programmeInput(programmeId: string): ProgrammeInput {
  const programme = programmes[programmeId];
  if (!programme) throw new Error(`Unknown programme "${programmeId}"; known: ${programmeIds.join(', ')}`);
  return programme;
}

export function catalogue(programmeId: string): Programme {
  // Parsed once per process: zod's compiled fast path would cost more to build than it saves here.
  return programmeSchema.parse(programmeInput(programmeId), { jitless: true });
}
