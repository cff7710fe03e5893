/**
 * The audit log: one immutable entry for every privileged act, written in the same transaction
 * as the act itself, so an act is never stored without its entry nor an entry without its act.
 * An entry names the actor by person, name and role; it holds no secret and no email address.
 */
import { newRecordId } from '#shared/domain/ids';
import type { Role } from '#shared/domain/people';

export const auditActs = [
  'credential-issued',
  'credential-revoked',
  'person-added',
  'person-changed',
  'person-removed',
  'board-response',
  'assessment',
  'board-pack-made',
] as const;
export type AuditAct = (typeof auditActs)[number];

/**
 * Who acted: a person holding a credential (sponsor, delivery lead, board member), an operator at
 * the command line, or the service itself (a schedule issuing personal links).
 */
export interface Actor {
  role: Role | 'operator' | 'service';
  personId?: string;
  name?: string;
}

/** What was acted on. */
export interface AuditSubject {
  kind: 'credential' | 'person' | 'barrier' | 'assessment' | 'board-pack';
  id: string;
  priorityId?: string;
}

export interface AuditEntry {
  auditId: string;
  at: string;
  act: AuditAct;
  actor: Actor;
  subject: AuditSubject;
  /** The subject's recorded fields before and after the act, where it changed one; never secrets or addresses. */
  before?: Record<string, unknown>;
  after?: Record<string, unknown>;
}

export function auditEntry(
  act: AuditAct,
  actor: Actor,
  subject: AuditSubject,
  change: { before?: Record<string, unknown>; after?: Record<string, unknown> } = {},
  now = new Date(),
): AuditEntry {
  return {
    auditId: newRecordId(),
    at: now.toISOString(),
    act,
    actor,
    subject,
    ...(change.before ? { before: change.before } : {}),
    ...(change.after ? { after: change.after } : {}),
  };
}

/** The months (`YYYY-MM`, UTC) an audit read from `since` to `until` covers: the log is kept a partition a month. */
export function auditMonths(since: Date, until: Date): string[] {
  const months: string[] = [];
  const at = new Date(Date.UTC(since.getUTCFullYear(), since.getUTCMonth(), 1));
  while (at.getTime() <= until.getTime()) {
    months.push(at.toISOString().slice(0, 7));
    at.setUTCMonth(at.getUTCMonth() + 1);
  }
  return months;
}
