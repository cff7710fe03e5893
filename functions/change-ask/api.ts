import * as z from 'zod';
import { askChangeSchema } from '#shared/domain/ask';
import { maxBodyBytes } from '#shared/http/body';
import { postFailures } from '#shared/http/common-answers';
import { describeRoutes } from '#shared/http/route-description';
import { definition } from './definition.ts';

/** The fields of the change form on an ask's page. */
const askChangeFormSchema = z.strictObject({
  status: z.string(),
  department: z.string().describe('Blank clears it.'),
  askedGbp: z.string().describe('Whole pounds; a £ sign and commas are allowed. Blank clears it.'),
  securedGbp: z.string().describe('As askedGbp.'),
  response: z.string(),
  nextStepText: z.string(),
  nextStepOwner: z.string(),
  nextStepDue: z.string().describe('YYYY-MM-DD.'),
  reason: z.string().optional(),
  version: z.string().describe('The version the form was made from.'),
  token: z.string().optional().describe('A token, for a form posted without a session.'),
  csrfToken: z.string().optional().describe('Required with the session cookie: the token of the page the service served.'),
});

export const api = describeRoutes(definition, {
  requestSchemas: {
    AskChangeForm: { schema: askChangeFormSchema, description: 'The change form’s fields.' },
    AskChange: {
      schema: askChangeSchema,
      description:
        'The fields to change; those left out stay as they are, and `null` clears one. `version` is the one the change was made from. Unknown fields are refused.',
    },
  },
  routes: {
    'POST /asks/{id}/{askId}': {
      operationId: 'changeAsk',
      tag: 'Asks of government',
      summary: 'Change an ask of government',
      description:
        'A board member changes any ask; a sponsor or delivery lead their own priority’s. The change, its history entry and its audit entry are written together. £ secured belongs to an agreed or partly agreed ask only; moving an ask to another status clears it.',
      security: ['sponsorToken', 'boardToken', 'session'],
      requestBody: {
        description: `The change, up to ${maxBodyBytes / 1024} KB.`,
        content: { 'application/json': 'AskChange', 'application/x-www-form-urlencoded': 'AskChangeForm' },
      },
      errorPages: true,
      responses: {
        200: { description: 'Changed (or nothing to change).', content: { 'application/json': 'AskChanged' }, headers: ['Location'] },
        303: { description: 'A browser’s form post was recorded: back to the ask’s page.', headers: ['Location'] },
        ...postFailures,
        403: 'The token or session is neither a board member’s nor one of this priority’s, or a form relying on the session lacks a valid `csrfToken`.',
        404: 'There is no such priority or ask.',
        409: 'The ask changed since the version the change was made from. A browser’s form post gets the page again, with the ask as it now is.',
        422: 'Fields need correcting (all listed in `errors`). A browser’s form post gets the page again, with the errors and what was typed.',
      },
    },
  },
});
