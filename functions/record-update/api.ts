import * as z from 'zod';
import { barrierIdSchema, barrierStatuses } from '#shared/domain/barrier';
import { updateInputSchema } from '#shared/domain/update';
import { maxBodyBytes } from '#shared/http/body';
import { formLines, noPriority, postFailures, updateFormFields } from '#shared/http/common-answers';
import { describeRoutes } from '#shared/http/route-description';
import { definition } from './definition.ts';

/** The fields of the update form, as updateCandidateFromForm (shared/domain/update.ts) reads them. */
export const updateFormSchema = z.strictObject({
  ...updateFormFields,
  barriers: formLines('Barriers that do not need the board’s support'),
  boardSupportBarriers: formLines('Barriers that need the board’s support'),
  loggedBarrier: z
    .array(barrierIdSchema)
    .optional()
    .describe('The barriers already in the log that the form shows, by id; each has a status and an owner at the same place.'),
  loggedBarrierStatus: z.array(z.enum(barrierStatuses)).optional().describe('Each logged barrier’s status, in the order of `loggedBarrier`.'),
  loggedBarrierOwner: z.array(z.string()).optional().describe('Each logged barrier’s owner, in the order of `loggedBarrier`; empty keeps the owner it has.'),
  token: z.string().optional().describe('The sponsor token, for a form posted without a session.'),
  csrfToken: z.string().optional().describe('Required with the session cookie: the token of the form the service served.'),
  submissionId: z.string().optional().describe('Identifies the submission, so posting the same form again returns the original update.'),
});

export const api = describeRoutes(definition, {
  requestSchemas: {
    UpdateForm: {
      schema: updateFormSchema,
      description: 'The update form’s fields. They become an UpdateInput: lists are split into lines, and empty fields are left out.',
    },
    UpdateInput: {
      schema: updateInputSchema('five-point'),
      description:
        'What a sponsor sends. Unknown fields are refused. A `statusRationale` is required when the status differs from the priority’s current one, or is amber-red or red.',
    },
  },
  routes: {
    'POST /priorities/{id}/updates': {
      operationId: 'recordUpdate',
      tag: 'Updates',
      summary: 'Record a progress update',
      description:
        'A sponsor records progress, as JSON or as a form post. The author comes from the token or session, never from the body. Summaries follow from the update stream within seconds.',
      security: ['sponsorToken', 'session'],
      requestHeaders: {
        'Idempotency-Key': {
          description:
            'Makes a retried post return the original update and store nothing new; the same key with a different update answers 422. Remembered for a day.',
          schema: z.string(),
        },
      },
      requestBody: {
        description: `The update, up to ${maxBodyBytes / 1024} KB. HTTP API delivers form posts base64-encoded; both encodings are read.`,
        content: { 'application/json': 'UpdateInput', 'application/x-www-form-urlencoded': 'UpdateForm' },
      },
      errorPages: true,
      responses: {
        201: {
          description: 'Recorded; or, for a retry with the same idempotency key and the same update, the update recorded first.',
          content: { 'application/json': 'PublishedUpdate' },
          headers: ['Location'],
        },
        303: { description: 'A browser’s form post (`Accept: text/html`) was recorded: on to its confirmation page.', headers: ['Location'] },
        ...postFailures,
        403: 'The token belongs to another priority, or a form relying on the session lacks a valid `csrfToken`.',
        404: noPriority,
        422: 'Fields need correcting (all listed in `errors`), a required `statusRationale` is missing, or the idempotency key was used for a different update. A browser’s form post gets the form again, with the errors and everything typed.',
      },
    },
  },
});
