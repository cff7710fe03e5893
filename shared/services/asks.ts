/**
 * Asks of government: a change made through the ask's route or page, and the changes progress
 * updates report, applied from the stream. The latest change wins: an update's report is not
 * applied over a change made after the update was submitted.
 */

import type { Commitments } from '#shared/data/commitments';
import { StaleWrite } from '#shared/data/core';
import type { ProgrammeReads } from '#shared/data/programme';
import { type AskReport, askChangeProblems, askChangeSchema, changesAsk, nextAskState, type PublicActor, stateOf, type TrackedAsk } from '#shared/domain/ask';
import { actorOf, auditEntry } from '#shared/domain/audit';
import type { CommitmentChange } from '#shared/domain/commitment';
import { type Credential, type Proof, roleOf } from '#shared/domain/credential';
import { Conflict, Forbidden, fieldErrors, NotFound, Unauthorised, ValidationFailed } from '#shared/domain/errors';
import { newRecordId } from '#shared/domain/ids';
import { publicName } from '#shared/domain/people';
import { csrfTokenFor } from '#shared/domain/session';
import type { ProgressUpdate } from '#shared/domain/update';
import { type AccessPorts, credentialOf, credentialOfSession } from '#shared/services/access';
import { withRetries } from '#shared/services/summarise';

/** A board member changes any ask; a sponsor or delivery lead their own priority's. */
function mayChangeAsks(credential: Pick<Credential, 'role' | 'priorityId'>, priorityId: string): boolean {
  return roleOf(credential) === 'board' || credential.priorityId === priorityId;
}

function publicActorOf(holder: { name?: string | undefined; email?: string | undefined; role?: PublicActor['role'] | undefined }): PublicActor {
  const name = publicName(holder);
  return { ...(name ? { name } : {}), role: holder.role ?? 'sponsor' };
}

export interface ChangeAskPorts extends AccessPorts {
  commitments: Pick<Commitments, 'ask' | 'changeAsk'>;
}

export interface ChangeAskRequest {
  priorityId: string;
  askId: string;
  proof: Proof;
  candidate: unknown;
}

/** The ask after the change, and its version. */
export interface AskOutcome {
  ask: TrackedAsk;
  version: number;
  changed: boolean;
}

/**
 * A person changes an ask: its new state, its history entry and the audit entry in one
 * transaction. A change made from a version another change has replaced is refused (409).
 */
export async function changeAsk(ports: ChangeAskPorts, request: ChangeAskRequest, now = new Date()): Promise<AskOutcome> {
  const { priorityId, askId } = request;
  const [credential, current] = await Promise.all([credentialOf(ports, request.proof, now), ports.commitments.ask(priorityId, askId)]);
  if (!mayChangeAsks(credential, priorityId)) throw new Forbidden('Only a board member, or a sponsor or delivery lead of this priority, may change its asks.');
  if (!current) throw new NotFound(`There is no ask "${askId}" on priority "${priorityId}".`);
  const parsed = askChangeSchema.safeParse(request.candidate);
  if (!parsed.success) throw new ValidationFailed(fieldErrors(parsed.error), 'The change has fields that need correcting.');
  const { reason, version, ...change } = parsed.data;
  const problems = askChangeProblems(current.value, change);
  if (problems.length > 0) throw new ValidationFailed(problems, 'The change has fields that need correcting.');
  if (version !== undefined && version !== current.version) {
    throw new Conflict('The ask has changed since this form was opened. Reload it to see the change, then make yours again.');
  }
  if (!changesAsk(current.value, change)) return { ask: current.value, version: current.version, changed: false };
  const at = now.toISOString();
  const by = publicActorOf({ ...credential, role: roleOf(credential) });
  const { updateId: _made, ...rest } = current.value;
  const next: TrackedAsk = { ...nextAskState(rest, change), changedAt: at, changedBy: by };
  const entry: CommitmentChange<TrackedAsk> = {
    priorityId,
    kind: 'ASK',
    id: askId,
    at,
    changeId: newRecordId(),
    by,
    ...(reason ? { reason } : {}),
    state: next,
  };
  const audit = auditEntry(
    'ask-changed',
    actorOf(credential),
    { kind: 'ask', id: askId, priorityId },
    { before: { ...stateOf(current.value) }, after: { ...stateOf(next), ...(reason ? { reason } : {}) } },
    now,
  );
  try {
    await ports.commitments.changeAsk(next, current.version, entry, audit);
  } catch (error) {
    if (error instanceof StaleWrite) throw new Conflict('The ask changed while this change was being saved. Reload it and make the change again.');
    throw error;
  }
  return { ask: next, version: current.version + 1, changed: true };
}

export type AskReportPorts = Pick<Commitments, 'ask' | 'changeAsk'>;

/**
 * Applies an update's reports of its priority's asks; returns how many changed. The history entry
 * takes the update's id, so a record applied again writes nothing; an ask changed after the
 * update was submitted keeps that later change.
 */
export async function applyAskReports(
  commitments: AskReportPorts,
  update: Pick<ProgressUpdate, 'id' | 'priorityId' | 'period' | 'submittedAt' | 'author' | 'asks'>,
): Promise<number> {
  let changed = 0;
  for (const report of update.asks ?? []) {
    if (await applyAskReport(commitments, update, report)) changed += 1;
  }
  return changed;
}

function applyAskReport(
  commitments: AskReportPorts,
  update: Pick<ProgressUpdate, 'id' | 'priorityId' | 'period' | 'submittedAt' | 'author'>,
  report: AskReport,
): Promise<boolean> {
  const { id: askId, ...change } = report;
  return withRetries(async (consistent) => {
    const current = await commitments.ask(update.priorityId, askId, consistent);
    // Checked when the update was posted; an ask the catalogue dropped since is left alone.
    if (!current || current.value.updateId === update.id) return false;
    if (current.value.changedAt !== undefined && current.value.changedAt > update.submittedAt) return false;
    if (!changesAsk(current.value, change)) return false;
    const by = publicActorOf(update.author);
    const next: TrackedAsk = { ...nextAskState(current.value, change), changedAt: update.submittedAt, changedBy: by, updateId: update.id };
    const entry: CommitmentChange<TrackedAsk> = {
      priorityId: update.priorityId,
      kind: 'ASK',
      id: askId,
      at: update.submittedAt,
      changeId: update.id,
      by,
      updateId: update.id,
      period: update.period,
      state: next,
    };
    return commitments.changeAsk(next, current.version, entry);
  });
}

/** An ask with its history and its priority's profile, for its page; undefined when either is missing. */
export async function askWithHistory(
  ports: { commitments: Pick<Commitments, 'ask' | 'history'>; programme: Pick<ProgrammeReads, 'priority'> },
  priorityId: string,
  askId: string,
) {
  const [tracked, history, found] = await Promise.all([
    ports.commitments.ask(priorityId, askId),
    ports.commitments.history<TrackedAsk>(priorityId, 'ASK', askId),
    ports.programme.priority(priorityId),
  ]);
  if (!tracked || !found) return undefined;
  const title = found.priority.asksOfGovernment.find((ask) => ask.id === askId)?.title ?? tracked.value.title;
  return { ask: { ...tracked.value, title, version: tracked.version }, history, priority: found.priority };
}

/** Who may change an ask, from a browser session: their form's CSRF token, or undefined (the page is then read-only, never an error). */
export async function askEditorOf(ports: AccessPorts, sessionId: string | undefined, priorityId: string) {
  if (!sessionId) return undefined;
  try {
    const credential = await credentialOfSession(ports, sessionId);
    if (!mayChangeAsks(credential, priorityId)) return undefined;
    return { csrfToken: csrfTokenFor(sessionId), ...(credential.name ? { name: credential.name } : {}) };
  } catch (error) {
    if (error instanceof Unauthorised) return undefined;
    throw error;
  }
}
