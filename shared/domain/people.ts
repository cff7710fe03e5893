/**
 * The people who hear about a priority: its sponsor(s) and delivery lead, and the board.
 * Each has a preference for per-update notifications; digests and reminders always go out.
 */
import * as z from 'zod/mini';
import { slugSchema } from '#shared/domain/catalogue';
import { newRecordId, newSecret } from '#shared/domain/ids';
import { plainText } from '#shared/domain/text';

const roles = ['sponsor', 'delivery-lead', 'board'] as const;
export type Role = (typeof roles)[number];

export const personInputSchema = z
  .strictObject({
    // One line without control characters: names end up in email headers and pages.
    name: plainText({ max: 120 }),
    email: z.pipe(
      z.email().check(z.maxLength(254)),
      z.transform((email) => email.toLowerCase()),
    ),
    role: z.enum(roles),
    priorityId: z.optional(slugSchema),
    updateNotifications: z._default(z.boolean(), true),
  })
  .check(
    z.superRefine((person, ctx) => {
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
  name: string;
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
    name: person.name,
    email: person.email,
    role: person.role,
    ...(person.priorityId ? { priorityId: person.priorityId } : {}),
    preferences: { updateNotifications: person.updateNotifications },
    preferencesKey: newSecret(24),
    createdAt: now.toISOString(),
  };
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
