/**
 * The programme office defines a priority's milestones and measures, re-baselines a milestone
 * and changes a measure's target: a board credential only (the programme office holds one), on
 * a priority that exists. The JSON API, the form page and the command all come through here or
 * (the command, acting as an operator) straight to the use cases it calls.
 */
import type { Commitments } from '#shared/data/commitments';
import type { ProgrammeReads } from '#shared/data/programme';
import { actorOf } from '#shared/domain/audit';
import { authoriseBoard, type Proof, roleOf } from '#shared/domain/credential';
import { NotFound, Unauthorised } from '#shared/domain/errors';
import type { Measure } from '#shared/domain/measure';
import type { Milestone } from '#shared/domain/milestone';
import { csrfTokenFor } from '#shared/domain/session';
import { type AccessPorts, credentialOf, credentialOfSession } from '#shared/services/access';
import { changeTarget, defineMeasure } from '#shared/services/measures';
import { type CommitmentPorts, defineMilestone, rebaselineMilestone } from '#shared/services/milestones';

export interface DefinePorts extends AccessPorts, CommitmentPorts {
  programme: Pick<ProgrammeReads, 'isPriority' | 'priority'>;
}

/** What is asked: a new milestone or measure, or a change to one named by its id. */
export type DefinitionAct = { kind: 'milestone' } | { kind: 'rebaseline'; milestoneId: string } | { kind: 'measure' } | { kind: 'target'; measureId: string };

export interface DefineRequest {
  priorityId: string;
  proof: Proof;
  act: DefinitionAct;
  candidate: unknown;
}

export type Defined = { kind: 'milestone'; milestone: Milestone; created: boolean } | { kind: 'measure'; measure: Measure; created: boolean };

export async function defineCommitment(ports: DefinePorts, request: DefineRequest, now = new Date()): Promise<Defined> {
  const credential = await credentialOf(ports, request.proof, now);
  authoriseBoard(credential);
  const { priorityId, act, candidate } = request;
  if (!(await ports.programme.isPriority(priorityId))) throw new NotFound(`There is no priority "${priorityId}".`);
  const actor = actorOf(credential);
  switch (act.kind) {
    case 'milestone':
      return { kind: 'milestone', milestone: await defineMilestone(ports, priorityId, actor, candidate, now), created: true };
    case 'rebaseline':
      return { kind: 'milestone', milestone: await rebaselineMilestone(ports, priorityId, act.milestoneId, actor, candidate, now), created: false };
    case 'measure':
      return { kind: 'measure', measure: await defineMeasure(ports, priorityId, actor, candidate, now), created: true };
    case 'target':
      return { kind: 'measure', measure: await changeTarget(ports, priorityId, act.measureId, actor, candidate, now), created: false };
  }
}

/** What the commitments page shows: the priority, its milestones and measures, and the board member behind a session, if any. */
export async function commitmentsPageData(
  ports: AccessPorts & { programme: Pick<ProgrammeReads, 'priority'>; commitments: Pick<Commitments, 'list'> },
  priorityId: string,
  sessionId: string | undefined,
) {
  const [found, current, board] = await Promise.all([ports.programme.priority(priorityId), ports.commitments.list(priorityId), boardOf(ports, sessionId)]);
  if (!found) throw new NotFound(`There is no priority "${priorityId}".`);
  return {
    priority: found.priority,
    milestones: current.milestones.map(({ value }) => value),
    measures: current.measures.map(({ value }) => value),
    ...(board ? { board } : {}),
  };
}

/** The board member behind a session, with the forms' CSRF token; nothing without one, so the page is read-only, never an error. */
async function boardOf(ports: AccessPorts, sessionId: string | undefined): Promise<{ csrfToken: string; name?: string } | undefined> {
  if (!sessionId) return undefined;
  try {
    const credential = await credentialOfSession(ports, sessionId);
    return roleOf(credential) === 'board' ? { csrfToken: csrfTokenFor(sessionId), ...(credential.name ? { name: credential.name } : {}) } : undefined;
  } catch (error) {
    if (error instanceof Unauthorised) return undefined;
    throw error;
  }
}
