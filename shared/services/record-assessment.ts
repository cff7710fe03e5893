/**
 * Recording an independent assessment: the assessor is proven and authorised (the board, or the
 * priority's own delivery lead), the input checked against the deployment's scale, and the
 * assessment stored with the current one in one transaction, so nothing is half-written.
 */

import type { Assessments } from '#shared/data/assessments';
import type { ProgrammeReads } from '#shared/data/programme';
import { type Assessment, parseAssessmentInput } from '#shared/domain/assessment';
import { authoriseAssessor, type Proof } from '#shared/domain/credential';
import { NotFound } from '#shared/domain/errors';
import type { RatingScaleName } from '#shared/domain/rating';
import { type AccessPorts, credentialOf } from '#shared/services/access';

export interface RecordAssessmentPorts extends AccessPorts {
  programme: Pick<ProgrammeReads, 'priority'>;
  assessments: Pick<Assessments, 'record'>;
}

export interface AssessmentRequest {
  priorityId: string;
  proof: Proof;
  candidate: unknown;
  scale: RatingScaleName;
}

export async function recordAssessment(ports: RecordAssessmentPorts, request: AssessmentRequest, now = new Date()): Promise<Assessment> {
  const [credential, found] = await Promise.all([credentialOf(ports, request.proof, now), ports.programme.priority(request.priorityId)]);
  if (!found) throw new NotFound(`There is no priority "${request.priorityId}".`);
  const assessor = authoriseAssessor(credential, request.priorityId);
  const input = parseAssessmentInput(request.candidate, request.scale);
  const assessment: Assessment = {
    priorityId: request.priorityId,
    period: input.period,
    status: input.status,
    rationale: input.rationale,
    assessor: {
      role: assessor.role,
      tokenId: assessor.tokenId,
      ...(assessor.personId ? { personId: assessor.personId } : {}),
      ...(assessor.name ? { name: assessor.name } : {}),
    },
    assessedAt: now.toISOString(),
  };
  await ports.assessments.record(assessment);
  return assessment;
}
