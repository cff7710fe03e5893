import * as z from 'zod';
import { correctionInputSchema } from '#shared/domain/corrections';
import { maxBodyBytes } from '#shared/http/body';
import { page, postFailures, tableFailures, updateFormFields } from '#shared/http/common-answers';
import { describeRoutes } from '#shared/http/route-description';
import { definition } from './definition.ts';

/** The fields of the correction form, as updateCandidateFromForm (shared/domain/update.ts) reads them. */
export const correctionFormSchema = z.strictObject({
  reason: z.string(),
  ...updateFormFields,
  token: z.string().optional().describe('A token that may correct the update, for a form posted without a session.'),
  csrfToken: z.string().optional().describe('Required with the session cookie: the token of the form the service served.'),
});

const who =
  'The update’s author (the same person, or the same token when it was issued to no one on the list) or the priority’s delivery lead, within `CORRECTION_WINDOW_DAYS` (30 by default) of the update; a board member at any time.';

export const api = describeRoutes(definition, {
  requestSchemas: {
    CorrectionForm: {
      schema: correctionFormSchema,
      description: 'The correction form’s fields. They become a CorrectionInput: lists are split into lines, and empty fields are left out.',
    },
    CorrectionInput: {
      schema: correctionInputSchema('five-point'),
      description:
        'The update’s fields as they should have been, and why. Barriers are not sent: the correction keeps the original’s and the barrier log is unchanged. A `statusRationale` is required when the status differs from the original’s, or is amber-red or red.',
    },
  },
  routes: {
    'GET /priorities/{id}/updates/{updateId}/correct': {
      operationId: 'correctionForm',
      tag: 'Pages',
      summary: 'The form that corrects an update',
      description: `The form, prefilled with the update, for a session that may correct it: ${who}`,
      security: ['session'],
      errorPages: true,
      responses: {
        200: { description: 'The form.', content: { 'text/html': page } },
        401: 'No session, or one that has ended.',
        403: 'The session may not correct this update.',
        404: 'There is no such priority or update.',
        409: 'The update has been corrected already.',
        ...tableFailures,
      },
    },
    'POST /priorities/{id}/updates/{updateId}/corrections': {
      operationId: 'correctUpdate',
      tag: 'Updates',
      summary: 'Correct an update',
      description: `Records a correction that supersedes an update of the same priority, with the reason. Both stay in the history: the update gets \`correctedBy\`, the correction \`corrects\`. Summaries, the chart, the portfolio and board packs made from then on follow the correction; a pack already made stays as it was. ${who}`,
      security: ['sponsorToken', 'assessorToken', 'boardToken', 'session'],
      requestBody: {
        description: `The correction, up to ${maxBodyBytes / 1024} KB. HTTP API delivers form posts base64-encoded; both encodings are read.`,
        content: { 'application/json': 'CorrectionInput', 'application/x-www-form-urlencoded': 'CorrectionForm' },
      },
      errorPages: true,
      responses: {
        201: { description: 'Recorded: the correction.', content: { 'application/json': 'PublishedUpdate' }, headers: ['Location'] },
        303: { description: 'A browser’s form post (`Accept: text/html`) was recorded: on to the correction’s page.', headers: ['Location'] },
        ...postFailures,
        403: 'Not the author, the delivery lead or a board member; the window has passed; a token of another priority; or a form relying on the session without a valid `csrfToken`.',
        404: 'There is no such priority or update.',
        409: 'The update has been corrected already.',
        422: 'Fields need correcting, all listed in `errors`. A browser’s form post gets the form again, with the errors and everything typed.',
      },
    },
  },
});
