/**
 * Recording an independent assessment: the assessor is proven and authorised (the board, or the
 * priority's own delivery lead), the input checked against the deployment's scale, and the
 * assessment stored with the current one and its audit entry in one transaction, so nothing is
 * half-written. The entry's "before" is the rating it replaces, the same role's for the period.
 */

import type { Assessments } from '#shared/data/assessments';
import type { ProgrammeReads } from '#shared/data/programme';
import { type Assessment, parseAssessmentInput } from '#shared/domain/assessment';
import { actorOf, auditEntry } from '#shared/domain/audit';
import { authoriseAssessor, type Proof } from '#shared/domain/credential';
import { NotFound, ServiceUnavailable } from '#shared/domain/errors';
import type { RatingScaleName } from '#shared/domain/rating';
import { type AccessPorts, credentialOf } from '#shared/services/access';

export interface RecordAssessmentPorts extends AccessPorts {
  programme: Pick<ProgrammeReads, 'priority'>;
  assessments: Pick<Assessments, 'get' | 'record'>;
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
  const subject = { kind: 'assessment', id: `${assessment.period}#${assessment.assessor.role}`, priorityId: assessment.priorityId } as const;
  // Another assessment of the same role and period may land between the read and the write: read again.
  for (let attempt = 0; attempt < 3; attempt += 1) {
    const replacing = await ports.assessments.get(assessment.priorityId, assessment.period, assessment.assessor.role);
    const before = replacing ? { status: replacing.status, assessedAt: replacing.assessedAt } : undefined;
    const audit = auditEntry('assessment', actorOf(credential), subject, { ...(before ? { before } : {}), after: { status: assessment.status } }, now);
    if (await ports.assessments.record(assessment, audit, replacing)) return assessment;
  }
  throw new ServiceUnavailable('Other assessments of this priority and period are being recorded at the same time; try again shortly.');
}
