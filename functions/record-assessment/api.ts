import * as z from 'zod';
import { assessmentInputSchema } from '#shared/domain/assessment';
import { periodSchema } from '#shared/domain/periods';
import { statuses } from '#shared/domain/rating';
import { maxBodyBytes } from '#shared/http/body';
import { noPriority, postFailures } from '#shared/http/common-answers';
import { describeRoutes } from '#shared/http/route-description';
import { definition } from './definition.ts';

/** The fields of the assessment form, as assessmentCandidateFromForm (shared/domain/assessment.ts) reads them. */
export const assessmentFormSchema = z.strictObject({
  status: z.enum(statuses),
  period: periodSchema,
  rationale: z.string(),
  token: z.string().optional().describe('A delivery lead’s or board member’s token, for a form posted without a session.'),
  csrfToken: z.string().optional().describe('Required with the session cookie: the token of the form the service served.'),
});

export const api = describeRoutes(definition, {
  requestSchemas: {
    AssessmentForm: { schema: assessmentFormSchema, description: 'The assessment form’s fields. They become an AssessmentInput; empty fields are left out.' },
    AssessmentInput: {
      schema: assessmentInputSchema('five-point'),
      description:
        'What a delivery lead or board member sends. Unknown fields are refused; the assessor comes from the token or session. A deployment on the three-point scale accepts only green, amber and red.',
    },
  },
  routes: {
    'POST /priorities/{id}/assessments': {
      operationId: 'recordAssessment',
      tag: 'Assessments',
      summary: 'Record an independent assessment',
      description:
        'The priority’s delivery lead or a board member records their own rating for a period, with their reasons, as JSON or as a form post. It replaces the same assessor role’s one for the period and becomes the priority’s current independent rating, shown beside the sponsor’s; a divergence is flagged to the board in the next digest. A sponsor’s token is refused.',
      security: ['assessorToken', 'session'],
      requestBody: {
        description: `The assessment, up to ${maxBodyBytes / 1024} KB. HTTP API delivers form posts base64-encoded; both encodings are read.`,
        content: { 'application/json': 'AssessmentInput', 'application/x-www-form-urlencoded': 'AssessmentForm' },
      },
      errorPages: true,
      responses: {
        201: { description: 'Recorded.', content: { 'application/json': 'Assessment' }, headers: ['Location'] },
        303: { description: 'A browser’s form post (`Accept: text/html`) was recorded: on to the priority’s page.', headers: ['Location'] },
        ...postFailures,
        403: 'A sponsor’s token, a delivery lead’s for another priority, or a form relying on the session without a valid `csrfToken`.',
        404: noPriority,
        422: 'Fields need correcting, all listed in `errors`. A browser’s form post gets the form again, with the errors and everything typed.',
      },
    },
  },
});
