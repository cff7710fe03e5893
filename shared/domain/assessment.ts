/**
 * Independent assessments: a delivery lead's or board member's own rating of a priority for a
 * period, with a rationale, set beside the sponsor's self-assessment (the update's status).
 */
import type { Status } from '#shared/domain/rating';

export const assessorRoles = ['delivery-lead', 'board'] as const;
export type AssessorRole = (typeof assessorRoles)[number];

export interface Assessment {
  priorityId: string;
  period: string;
  status: Status;
  rationale: string;
  assessor: { role: AssessorRole; tokenId: string; name?: string };
  assessedAt: string;
}
