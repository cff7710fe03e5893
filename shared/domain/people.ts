/**
 * The people who hear about a priority: its sponsor(s) and delivery lead, and the board.
 * Each has a preference for per-update notifications; digests and reminders always go out.
 */
import * as z from 'zod/mini';
import { slugSchema } from '#shared/domain/catalogue';
import { fieldErrors, ValidationFailed } from '#shared/domain/errors';
import { newRecordId, newSecret } from '#shared/domain/ids';
import { plainText } from '#shared/domain/text';

export const roles = ['sponsor', 'delivery-lead', 'board'] as const;
export type Role = (typeof roles)[number];

const roleNames: Record<Role, string> = { sponsor: 'sponsor', 'delivery-lead': 'delivery lead', board: 'board member' };

/** A role as pages and emails name it: "delivery lead". */
export const roleName = (role: Role): string => roleNames[role];

const localPartOf = (email: string): string => email.slice(0, email.lastIndexOf('@')).toLowerCase();

/** One word joined by dots, underscores or plus signs, as the part of an address before the @ looks: `chair.kwv`. */
const looksLikeLocalPart = /^[^\s@]+[._+][^\s@]+$/;

/**
 * Whether a display name is derived from an address: it holds an @, or it is the address's
 * local part. Without the address (records that kept only the name), a single dotted word counts.
 */
export function nameFromAddress(name: string, email?: string): boolean {
  const trimmed = name.trim().toLowerCase();
  if (trimmed.includes('@')) return true;
  return email ? trimmed === localPartOf(email) : looksLikeLocalPart.test(trimmed);
}

/**
 * The name anyone may read for a person or author: their display name, or none (they are shown
 * by role alone) when they have none or it was derived from their address.
 */
export function publicName(holder: { name?: string | undefined; email?: string | undefined }): string | undefined {
  const name = holder.name?.trim();
  return name && !nameFromAddress(name, holder.email) ? name : undefined;
}

/** Who someone is, as pages and emails say it: "Ann Lee (board member)", or "A board member". */
export function nameAndRole(holder: { name?: string | undefined; email?: string | undefined }, role: Role): string {
  const name = publicName(holder);
  return name ? `${name} (${roleName(role)})` : `A ${roleName(role)}`;
}

const emailSchema = z.pipe(
  z.email().check(z.maxLength(254)),
  z.transform((email) => email.toLowerCase()),
);

// One line without control characters: names end up in email headers and pages.
const displayNameSchema = plainText({ max: 120 });

const nameNotFromAddress = 'must be the person’s name, not their email address or the part of it before the @';

export const personInputSchema = z
  .strictObject({
    /** Required, but for a board member named in a stage's settings by address alone (shown by role). */
    name: z.optional(displayNameSchema),
    email: emailSchema,
    role: z.enum(roles),
    priorityId: z.optional(slugSchema),
    updateNotifications: z._default(z.boolean(), true),
  })
  .check(
    z.superRefine((person, ctx) => {
      if (person.name === undefined && person.role !== 'board') {
        ctx.addIssue({ code: 'custom', path: ['name'], message: 'a display name is required' });
      }
      if (person.name !== undefined && nameFromAddress(person.name, person.email)) {
        ctx.addIssue({ code: 'custom', path: ['name'], message: nameNotFromAddress });
      }
      if (person.role !== 'board' && !person.priorityId) {
        ctx.addIssue({ code: 'custom', path: ['priorityId'], message: `a ${person.role} belongs to a priority` });
      }
      if (person.role === 'board' && person.priorityId) {
        ctx.addIssue({ code: 'custom', path: ['priorityId'], message: 'board recipients see the whole portfolio, not one priority' });
      }
    }),
  );

export type PersonInput = z.input<typeof personInputSchema>;

export interface Person {
  personId: string;
  /** Absent for a board member added by address alone; shown by role then. */
  name?: string;
  email: string;
  role: Role;
  priorityId?: string;
  preferences: { updateNotifications: boolean };
  /**
   * Opens this person's preferences page. It can only switch their own per-update
   * notifications on or off, so it is kept as is, like a mailing list's unsubscribe key.
   */
  preferencesKey: string;
  createdAt: string;
}

export function newPerson(input: PersonInput, now = new Date()): Person {
  const person = personInputSchema.parse(input);
  return {
    personId: newRecordId(),
    ...(person.name === undefined ? {} : { name: person.name }),
    email: person.email,
    role: person.role,
    ...(person.priorityId ? { priorityId: person.priorityId } : {}),
    preferences: { updateNotifications: person.updateNotifications },
    preferencesKey: newSecret(24),
    createdAt: now.toISOString(),
  };
}

/** What a change may set; any field left out stays as it is. */
export interface PersonChange {
  name?: string;
  email?: string;
  role?: Role;
  priorityId?: string;
}

/**
 * A person with a change applied, checked as a whole (ValidationFailed names the field) (a board member has no priority, a sponsor
 * one). A change of role, priority or address revokes the person's credentials: they were
 * issued for the old scope, and to the old address.
 */
export function changedPerson(person: Person, change: PersonChange): { person: Person; revokesAccess: boolean } {
  const role = change.role ?? person.role;
  const priorityId = role === 'board' ? change.priorityId : (change.priorityId ?? person.priorityId);
  const name = change.name ?? person.name;
  const parsed = personInputSchema.safeParse({
    ...(name === undefined ? {} : { name }),
    email: change.email ?? person.email,
    role,
    ...(priorityId === undefined ? {} : { priorityId }),
    updateNotifications: person.preferences.updateNotifications,
  });
  if (!parsed.success) throw new ValidationFailed(fieldErrors(parsed.error), 'The change has fields that need correcting.');
  const checked = parsed.data;
  const { name: _name, priorityId: _priorityId, ...rest } = person;
  const changed: Person = {
    ...rest,
    ...(checked.name === undefined ? {} : { name: checked.name }),
    email: checked.email,
    role: checked.role,
    ...(checked.priorityId === undefined ? {} : { priorityId: checked.priorityId }),
  };
  const revokesAccess = changed.role !== person.role || changed.priorityId !== person.priorityId || changed.email !== person.email;
  return { person: changed, revokesAccess };
}

/** A person's recorded fields as the audit log keeps them: never the address, only whether it changed. */
export function auditedFields(person: Person): Record<string, unknown> {
  return {
    ...(person.name === undefined ? {} : { name: person.name }),
    role: person.role,
    ...(person.priorityId === undefined ? {} : { priorityId: person.priorityId }),
  };
}

/**
 * A board member as a stage's settings name them: `{ "name": …, "email": … }`, or an address
 * alone, kept for settings written before names (that member is shown by role alone).
 */
export const boardRecipientSchema = z.union(
  [
    z.strictObject({ name: displayNameSchema, email: z.email('must be an e-mail address') }).check(
      z.superRefine((recipient, ctx) => {
        if (nameFromAddress(recipient.name, recipient.email)) ctx.addIssue({ code: 'custom', path: ['name'], message: nameNotFromAddress });
      }),
    ),
    z.email('must be an e-mail address, or { "name": …, "email": … }'),
  ],
  { error: 'must be { "name": …, "email": … } (a display name and an e-mail address), or an e-mail address alone' },
);
export type BoardRecipient = z.output<typeof boardRecipientSchema>;

export function boardMember(recipient: BoardRecipient): PersonInput {
  return typeof recipient === 'string' ? { email: recipient, role: 'board' } : { ...recipient, role: 'board' };
}

/** Clearly fake people for the local stack: one sponsor and one delivery lead per priority, and two board members. */
export function examplePeople(priorityIds: readonly string[]): PersonInput[] {
  return [
    ...priorityIds.flatMap((priorityId): PersonInput[] => [
      { name: `Sponsor of ${priorityId}`, email: `sponsor.${priorityId}@example.org`, role: 'sponsor', priorityId },
      { name: `Delivery lead of ${priorityId}`, email: `lead.${priorityId}@example.org`, role: 'delivery-lead', priorityId },
    ]),
    { name: 'Board chair (example)', email: 'board.chair@example.org', role: 'board' },
    { name: 'Board secretariat (example)', email: 'board.secretariat@example.org', role: 'board' },
  ];
}
