/**
 * The catalogue format: a programme, its priorities and what each priority is for.
 * Any programme (not only the recovery roadmap) loads through this schema; nothing
 * elsewhere may assume how many priorities a programme has.
 */
import * as z from 'zod/mini';

/** Lower-case words joined by hyphens, used in URLs and keys. */
export const slugSchema = z.string().check(z.minLength(1), z.maxLength(80), z.regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'lower-case words joined by hyphens'));

const text = z.string().check(z.trim(), z.minLength(1));

/** A programme's short name, for places its title is too long for, such as the header of every email. */
export const programmeNameSchema = text.check(z.maxLength(60));

const askOfGovernmentSchema = z.strictObject({
  /** Stable within its priority: the tracked ask's key and its page's address. */
  id: slugSchema,
  title: text,
  /** Amount in pounds sterling where the source states one; absent otherwise. */
  amountGbp: z.optional(z.number().check(z.positive())),
  /** How the source qualifies the amount (for example "over three years"), where it does. */
  amountNote: z.optional(text),
  /** Marked (*) in the roadmap: also in the Recharge prospectus. */
  inRechargeProspectus: z._default(z.boolean(), false),
  /** Marked (**) in the roadmap: in the Devolution White Paper submission. */
  inDevolutionWhitePaperSubmission: z._default(z.boolean(), false),
});

const goodPracticeSchema = z.strictObject({
  title: text,
  /** The authority or organisation behind the example, where the source names one. */
  place: z.optional(text),
  description: z.optional(text),
});

const sponsorSchema = z.strictObject({
  /** The sponsoring local authority (or organisation). */
  authority: z.optional(text),
  /** A named lead or role, where the source names one. */
  lead: z.optional(text),
  /** The governance board that oversees the priority, where the source names one. */
  board: z.optional(text),
});

/** A measure's units, and which direction of it is better (the rules are in shared/domain/measure.ts). */
export const measureUnits = ['count', 'percentage', 'gbp'] as const;
export const directions = ['higher', 'lower'] as const;

const datedValueSchema = z.strictObject({ value: z.number(), date: z.iso.date() });

/** A milestone the programme starts with: the seed creates it when the priority has none of that id. */
const initialMilestoneSchema = z.strictObject({ id: slugSchema, title: text, baseline: z.iso.date() });

/** A measure the programme starts with: the seed creates it when the priority has none of that id. */
const initialMeasureSchema = z.strictObject({
  id: slugSchema,
  name: text,
  unit: z.enum(measureUnits),
  better: z.enum(directions),
  baseline: datedValueSchema,
  target: datedValueSchema,
});

const priorityKinds = ['citizen-priority', 'cross-cutting-theme'] as const;

export const prioritySchema = z
  .strictObject({
    id: slugSchema,
    title: text,
    kind: z._default(z.enum(priorityKinds), 'citizen-priority'),
    /** One or two sentences on what the priority is about. */
    description: z.optional(text),
    sponsor: z._default(sponsorSchema, {}),
    ambitions: z._default(z.array(text), []),
    asksOfGovernment: z._default(z.array(askOfGovernmentSchema), []),
    collaborationOpportunities: z._default(z.array(text), []),
    goodPractice: z._default(z.array(goodPracticeSchema), []),
    milestones: z._default(z.array(initialMilestoneSchema), []),
    measures: z._default(z.array(initialMeasureSchema), []),
  })
  .check(
    z.superRefine((priority, ctx) => {
      const seen = new Set<string>();
      priority.asksOfGovernment.forEach((ask, index) => {
        if (seen.has(ask.id)) ctx.addIssue({ code: 'custom', path: ['asksOfGovernment', index, 'id'], message: `duplicate ask id ${ask.id}` });
        seen.add(ask.id);
      });
    }),
  );

const principleSchema = z.strictObject({
  title: text,
  description: z.optional(text),
});

export const programmeSchema = z
  .strictObject({
    id: slugSchema,
    title: text,
    name: programmeNameSchema,
    /** The day the programme began (`YYYY-MM-DD`): board packs are made for its quarter and those after. */
    startsOn: z.iso.date(),
    description: z.optional(text),
    /** Where the facts come from: document titles and dates. */
    sources: z._default(z.array(text), []),
    principles: z._default(z.array(principleSchema), []),
    /** Further issues for collective action that sit outside any one priority. */
    furtherIssues: z._default(z.array(principleSchema), []),
    priorities: z.array(prioritySchema).check(z.minLength(1)),
  })
  .check(
    z.superRefine((programme, ctx) => {
      const seen = new Set<string>();
      programme.priorities.forEach((priority, index) => {
        if (seen.has(priority.id)) {
          ctx.addIssue({ code: 'custom', path: ['priorities', index, 'id'], message: `duplicate priority id ${priority.id}` });
        }
        seen.add(priority.id);
      });
    }),
  );

export type ProgrammeInput = z.input<typeof programmeSchema>;
export type Programme = z.output<typeof programmeSchema>;
export type Priority = z.output<typeof prioritySchema>;
