/**
 * The audit log: one immutable entry for every privileged act, written in the same transaction
 * as the act itself, so an act is never stored without its entry nor an entry without its act.
 * An entry names the actor by person, name and role; it holds no secret and no email address.
 */
import { type Credential, roleOf } from '#shared/domain/credential';
import { type FieldError, ValidationFailed } from '#shared/domain/errors';
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
  'update-corrected',
  'ask-changed',
  'milestone-defined',
  'milestone-changed',
  'measure-defined',
  'measure-changed',
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

/** The holder of a credential as an actor: role, name, and person when it was issued to one on the list. */
export function actorOf(credential: Credential): Actor {
  const { personId } = credential;
  return { role: roleOf(credential), ...(personId ? { personId } : {}), ...(credential.name ? { name: credential.name } : {}) };
}

/** What was acted on. */
export interface AuditSubject {
  kind: 'credential' | 'person' | 'barrier' | 'assessment' | 'board-pack' | 'update' | 'ask' | 'milestone' | 'measure';
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

const dayPattern = /^\d{4}-\d{2}-\d{2}$/;
const dayMs = 86_400_000;
/** What a read gives without `since`: the last 90 days. */
export const defaultAuditDays = 90;
/** The longest range one request for the log (/audit.csv) reads: thirteen months, a year and its first month again. */
export const maxAuditRequestDays = 396;

/** A calendar day (`YYYY-MM-DD`, UTC) as the instant it starts; undefined when it is not a real day. */
function dayStart(text: string): Date | undefined {
  if (!dayPattern.test(text)) return undefined;
  const day = new Date(`${text}T00:00:00.000Z`);
  return Number.isNaN(day.getTime()) || day.toISOString().slice(0, 10) !== text ? undefined : day;
}

/**
 * The instants a read of the log covers: from the start of `since` (default 90 days ago) to the
 * end of `until` (default now). A bad day, a range that ends before it starts, or one longer
 * than `maxDays` is refused naming the field.
 */
export function auditRange(
  query: { since?: string | undefined; until?: string | undefined },
  now = new Date(),
  maxDays?: number,
): { since: Date; until: Date } {
  const errors: FieldError[] = [];
  const since = query.since === undefined ? new Date(now.getTime() - defaultAuditDays * dayMs) : dayStart(query.since);
  if (!since) errors.push({ field: 'since', message: 'must be a date, YYYY-MM-DD' });
  const untilDay = query.until === undefined ? undefined : dayStart(query.until);
  if (query.until !== undefined && !untilDay) errors.push({ field: 'until', message: 'must be a date, YYYY-MM-DD' });
  const until = untilDay ? new Date(untilDay.getTime() + dayMs - 1) : now;
  if (since && errors.length === 0) {
    if (since.getTime() > until.getTime()) errors.push({ field: 'since', message: 'must not be after until' });
    else if (maxDays !== undefined && until.getTime() - since.getTime() > maxDays * dayMs) {
      errors.push({ field: 'since', message: `must be at most ${maxDays} days before until` });
    }
  }
  if (errors.length > 0 || !since) throw new ValidationFailed(errors, 'The dates of the audit log to read need correcting.');
  return { since, until };
}

function valuesText(values: Record<string, unknown> | undefined): string {
  if (!values) return '';
  return Object.entries(values)
    .map(([name, value]) => `${name}=${typeof value === 'string' ? value : JSON.stringify(value)}`)
    .join(' ');
}

/** An entry's actor as read: name, role and person, e.g. `Ana Smith (board, person 01J…)`. */
export function actorText(actor: Actor): string {
  const details = [actor.role, ...(actor.personId ? [`person ${actor.personId}`] : [])].join(', ');
  return actor.name ? `${actor.name} (${details})` : details;
}

/** An entry's subject as read, e.g. `barrier 01J…-0 of jobs-and-training`. */
export function subjectText(subject: AuditSubject): string {
  return `${subject.kind} ${subject.id}${subject.priorityId ? ` of ${subject.priorityId}` : ''}`;
}

/** What changed, as read: `before -> after`, `(none)` for a side there is not; blank when neither is. */
export function changeText(entry: Pick<AuditEntry, 'before' | 'after'>): string {
  if (!entry.before && !entry.after) return '';
  return `${valuesText(entry.before) || '(none)'} -> ${valuesText(entry.after) || '(none)'}`;
}
