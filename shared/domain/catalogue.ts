/**
 * The catalogue format: a programme, its priorities and what each priority is for.
 * Any programme (not only the recovery roadmap) loads through this schema; nothing
 * elsewhere may assume how many priorities a programme has.
 */
import * as z from 'zod';

/** Lower-case words joined by hyphens, used in URLs and keys. */
export const slugSchema = z
  .string()
  .min(1)
  .max(80)
  .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'lower-case words joined by hyphens');

const text = z.string().trim().min(1);

/** A programme's short name, for places its title is too long for, such as the header of every email. */
export const programmeNameSchema = text.max(60);

const askOfGovernmentSchema = z.strictObject({
  title: text,
  /** Amount in pounds sterling where the source states one; absent otherwise. */
  amountGbp: z.number().positive().optional(),
  /** How the source qualifies the amount (for example "over three years"), where it does. */
  amountNote: text.optional(),
  /** Marked (*) in the roadmap: also in the Recharge prospectus. */
  inRechargeProspectus: z.boolean().default(false),
  /** Marked (**) in the roadmap: in the Devolution White Paper submission. */
  inDevolutionWhitePaperSubmission: z.boolean().default(false),
});

const goodPracticeSchema = z.strictObject({
  title: text,
  /** The authority or organisation behind the example, where the source names one. */
  place: text.optional(),
  description: text.optional(),
});

const sponsorSchema = z.strictObject({
  /** The sponsoring local authority (or organisation). */
  authority: text.optional(),
  /** A named lead or role, where the source names one. */
  lead: text.optional(),
  /** The governance board that oversees the priority, where the source names one. */
  board: text.optional(),
});

const priorityKinds = ['citizen-priority', 'cross-cutting-theme'] as const;

export const prioritySchema = z.strictObject({
  id: slugSchema,
  title: text,
  kind: z.enum(priorityKinds).default('citizen-priority'),
  /** One or two sentences on what the priority is about. */
  description: text.optional(),
  sponsor: sponsorSchema.default({}),
  ambitions: z.array(text).default([]),
  asksOfGovernment: z.array(askOfGovernmentSchema).default([]),
  collaborationOpportunities: z.array(text).default([]),
  goodPractice: z.array(goodPracticeSchema).default([]),
});

const principleSchema = z.strictObject({
  title: text,
  description: text.optional(),
});

export const programmeSchema = z
  .strictObject({
    id: slugSchema,
    title: text,
    name: programmeNameSchema,
    description: text.optional(),
    /** Where the facts come from: document titles and dates. */
    sources: z.array(text).default([]),
    principles: z.array(principleSchema).default([]),
    /** Further issues for collective action that sit outside any one priority. */
    furtherIssues: z.array(principleSchema).default([]),
    priorities: z.array(prioritySchema).min(1),
  })
  .superRefine((programme, ctx) => {
    const seen = new Set<string>();
    programme.priorities.forEach((priority, index) => {
      if (seen.has(priority.id)) {
        ctx.addIssue({ code: 'custom', path: ['priorities', index, 'id'], message: `duplicate priority id ${priority.id}` });
      }
      seen.add(priority.id);
    });
  });

export type ProgrammeInput = z.input<typeof programmeSchema>;
export type Programme = z.output<typeof programmeSchema>;
export type Priority = z.output<typeof prioritySchema>;
