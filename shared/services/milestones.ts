/**
 * Milestones' use cases: the programme office defines and re-baselines them (each change logged
 * and audited), and the stream applies what updates report of them.
 */
import type { Commitments } from '#shared/data/commitments';
import { type Actor, auditEntry } from '#shared/domain/audit';
import type { CommitmentChange } from '#shared/domain/commitment';
import { NotFound, parseFields, ValidationFailed } from '#shared/domain/errors';
import { newRecordId } from '#shared/domain/ids';
import { applyReport, type Milestone, milestoneDefinitionSchema, newMilestone, rebaselineSchema, slugOf } from '#shared/domain/milestone';
import { type ProgressUpdate, publicAuthor } from '#shared/domain/update';
import { withRetries } from '#shared/services/summarise';

export interface CommitmentPorts {
  commitments: Pick<Commitments, 'list' | 'item' | 'commit' | 'ask' | 'changeAsk'>;
}

/** An actor as the log keeps it: name and role, never a person, token or address. */
export const publicActor = (actor: Actor): CommitmentChange['by'] => ({ role: actor.role, ...(actor.name ? { name: actor.name } : {}) });

/** Who reported through an update, as the log keeps it. */
export function reporterOf(update: Pick<ProgressUpdate, 'author'>): CommitmentChange['by'] {
  const { name, role } = publicAuthor(update.author);
  return { role: role ?? 'sponsor', ...(name ? { name } : {}) };
}

/** Defines a milestone of a priority (the caller has checked the priority exists and the actor may). */
export async function defineMilestone(ports: CommitmentPorts, priorityId: string, actor: Actor, candidate: unknown, now = new Date()): Promise<Milestone> {
  const definition = parseFields(milestoneDefinitionSchema, candidate, 'The milestone has fields that need correcting.');
  const milestoneId = definition.id ?? slugOf(definition.title);
  const { milestones } = await ports.commitments.list(priorityId, true);
  if (milestones.some(({ value }) => value.milestoneId === milestoneId)) {
    throw new ValidationFailed(
      [{ field: definition.id ? 'id' : 'title', message: `a milestone "${milestoneId}" exists already: choose another` }],
      'The milestone has fields that need correcting.',
    );
  }
  const milestone = newMilestone(priorityId, milestoneId, definition);
  const at = now.toISOString();
  const change: CommitmentChange = { priorityId, kind: 'MILESTONE', id: milestoneId, at, changeId: newRecordId(), by: publicActor(actor), state: milestone };
  const { title, baseline } = milestone;
  const audit = auditEntry('milestone-defined', actor, { kind: 'milestone', id: milestoneId, priorityId }, { after: { title, baseline } }, now);
  if (!(await ports.commitments.commit(change, 0, audit))) throw new Error(`Change ${change.changeId} is logged already`);
  return milestone;
}

/** Moves a milestone's baseline, with the reason, which the log keeps beside the change. */
export async function rebaselineMilestone(
  ports: CommitmentPorts,
  priorityId: string,
  milestoneId: string,
  actor: Actor,
  candidate: unknown,
  now = new Date(),
): Promise<Milestone> {
  const { baseline, reason } = parseFields(rebaselineSchema, candidate, 'The new baseline has fields that need correcting.');
  return withRetries(async () => {
    const { milestones } = await ports.commitments.list(priorityId, true);
    const current = milestones.find(({ value }) => value.milestoneId === milestoneId);
    if (!current) throw new NotFound(`There is no milestone "${milestoneId}" of priority "${priorityId}".`);
    const milestone: Milestone = { ...current.value, baseline };
    const change: CommitmentChange = {
      priorityId,
      kind: 'MILESTONE',
      id: milestoneId,
      at: now.toISOString(),
      changeId: newRecordId(),
      by: publicActor(actor),
      reason,
      state: milestone,
    };
    const audit = auditEntry(
      'milestone-changed',
      actor,
      { kind: 'milestone', id: milestoneId, priorityId },
      { before: { baseline: current.value.baseline }, after: { baseline, reason } },
      now,
    );
    await ports.commitments.commit(change, current.version, audit);
    return milestone;
  });
}

/**
 * Applies an update's milestone reports, each logged under the update's id, so a report applied
 * already is not applied again; a milestone a later update reported on keeps that report.
 * Returns how many milestones changed.
 */
export async function applyMilestoneReports(
  ports: CommitmentPorts,
  update: Pick<ProgressUpdate, 'id' | 'priorityId' | 'submittedAt' | 'author' | 'milestones'>,
): Promise<number> {
  let changed = 0;
  for (const report of update.milestones ?? []) {
    const applied = await withRetries(async (consistent) => {
      const current = await ports.commitments.item<Milestone>('MILESTONE', update.priorityId, report.id, consistent);
      if (!current || (current.value.reportedBy !== undefined && current.value.reportedBy > update.id)) return false;
      const change: CommitmentChange = {
        priorityId: update.priorityId,
        kind: 'MILESTONE',
        id: report.id,
        at: update.submittedAt,
        changeId: update.id,
        by: reporterOf(update),
        updateId: update.id,
        state: applyReport(current.value, report, { updateId: update.id, at: update.submittedAt }),
      };
      return ports.commitments.commit(change, current.version);
    });
    if (applied) changed += 1;
  }
  return changed;
}
