import * as z from 'zod';
import { measureDefinitionSchema, targetChangeSchema } from '#shared/domain/measure';
import { milestoneDefinitionSchema, rebaselineSchema } from '#shared/domain/milestone';
import { maxBodyBytes } from '#shared/http/body';
import { postFailures } from '#shared/http/common-answers';
import { describeRoutes, type RouteDescription } from '#shared/http/route-description';
import { definition } from './definition.ts';

const proof = {
  csrfToken: z.string().optional().describe('Required with the session cookie: the token of the page the service served.'),
  token: z.string().optional().describe('A board token, for a form posted without a session.'),
};
const date = z.string().describe('YYYY-MM-DD.');
const number = z.string().describe('A number; `£` and thousands separators are ignored.');

const refusals = {
  ...postFailures,
  403: 'The token or session is not a board member’s (the programme office holds one), or a form relying on the session lacks a valid `csrfToken`. Nothing is stored.',
  404: 'There is no such priority, milestone or measure.',
  422: 'Fields need correcting (all listed in `errors`). A browser’s form post gets the page again, with the errors and what was typed.',
} as const;

/** A write route's description: board only, JSON or the page's form, back to the page for a browser. */
type RequestName =
  | 'MilestoneDefinition'
  | 'MilestoneForm'
  | 'Rebaseline'
  | 'RebaselineForm'
  | 'MeasureDefinition'
  | 'MeasureForm'
  | 'TargetChange'
  | 'TargetForm';

function write(
  operationId: string,
  summary: string,
  description: string,
  body: { json: RequestName; form: RequestName },
  success: { status: 200 | 201; schema: 'PublishedMilestone' | 'PublishedMeasure' },
): RouteDescription<RequestName> {
  return {
    operationId,
    tag: 'Commitments',
    summary,
    description: `${description} Only a board token or session may do this; the change and its audit entry are stored together, and the change is kept in the item's history.`,
    security: ['boardToken', 'session'],
    requestBody: {
      description: `Up to ${maxBodyBytes / 1024} KB.`,
      content: { 'application/json': body.json, 'application/x-www-form-urlencoded': body.form },
    },
    errorPages: true,
    responses: {
      [success.status]: { description: 'Stored.', content: { 'application/json': success.schema }, headers: ['Location'] },
      303: { description: 'A browser’s form post was stored: back to the page.', headers: ['Location'] },
      ...refusals,
    },
  };
}

export const api = describeRoutes(definition, {
  requestSchemas: {
    MilestoneDefinition: {
      schema: milestoneDefinitionSchema,
      description: 'A new milestone: its title and baseline date; its id is made from the title when not given.',
    },
    MilestoneForm: {
      schema: z.strictObject({ title: z.string(), baseline: date, id: z.string().optional(), ...proof }),
      description: 'The page’s form to add a milestone.',
    },
    Rebaseline: { schema: rebaselineSchema, description: 'A milestone’s new baseline date and why it changes.' },
    RebaselineForm: { schema: z.strictObject({ baseline: date, reason: z.string(), ...proof }), description: 'The page’s form to re-baseline a milestone.' },
    MeasureDefinition: {
      schema: measureDefinitionSchema,
      description: 'A new measure: name, unit, which direction is better, baseline and target; its id is made from the name when not given.',
    },
    MeasureForm: {
      schema: z.strictObject({
        name: z.string(),
        unit: z.string(),
        better: z.string(),
        baselineValue: number,
        baselineDate: date,
        targetValue: number,
        targetDate: date,
        id: z.string().optional(),
        ...proof,
      }),
      description: 'The page’s form to add a measure.',
    },
    TargetChange: { schema: targetChangeSchema, description: 'A measure’s new target, and why where given.' },
    TargetForm: {
      schema: z.strictObject({ targetValue: number, targetDate: date, reason: z.string().optional(), ...proof }),
      description: 'The page’s form to change a target.',
    },
  },
  routes: {
    'POST /priorities/{id}/milestones': write(
      'defineMilestone',
      'Add a milestone to a priority',
      'The milestone starts not started, with its baseline date. An id already used by a milestone of the priority is refused (422, naming `id`, or `title` when the id was made from it).',
      { json: 'MilestoneDefinition', form: 'MilestoneForm' },
      { status: 201, schema: 'PublishedMilestone' },
    ),
    'POST /priorities/{id}/milestones/{milestoneId}': write(
      'rebaselineMilestone',
      'Re-baseline a milestone',
      'Moves the milestone’s baseline date; the reason is kept with the change.',
      { json: 'Rebaseline', form: 'RebaselineForm' },
      { status: 200, schema: 'PublishedMilestone' },
    ),
    'POST /priorities/{id}/measures': write(
      'defineMeasure',
      'Add a measure to a priority',
      'A measure with its unit, better direction, baseline and target (the target’s date after the baseline’s). An id already used by a measure of the priority is refused.',
      { json: 'MeasureDefinition', form: 'MeasureForm' },
      { status: 201, schema: 'PublishedMeasure' },
    ),
    'POST /priorities/{id}/measures/{measureId}': write(
      'changeMeasureTarget',
      'Change a measure’s target',
      'A new target value and date (after the baseline’s), with the reason where given.',
      { json: 'TargetChange', form: 'TargetForm' },
      { status: 200, schema: 'PublishedMeasure' },
    ),
  },
});
