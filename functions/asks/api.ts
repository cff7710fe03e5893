import * as z from 'zod';
import { askStatuses } from '#shared/domain/ask';
import { csv, htmlNote, page, tableFailures } from '#shared/http/common-answers';
import { describeRoutes } from '#shared/http/route-description';
import { definition } from './definition.ts';

const statusFilter = z.object({
  status: z
    .string()
    .optional()
    .describe(`Only asks of these statuses (repeat the parameter, or separate with commas): ${askStatuses.join(', ')}. Anything else answers 400.`),
});

export const api = describeRoutes(definition, {
  routes: {
    'GET /asks': {
      operationId: 'listAsks',
      tag: 'Asks of government',
      summary: 'The asks of government',
      description: `Every tracked ask by priority, with the totals of £ asked and £ secured by status. ${htmlNote}`,
      query: statusFilter,
      errorPages: true,
      responses: {
        200: { description: 'The asks.', content: { 'application/json': 'AskBoard', 'text/html': page } },
        400: 'A status the filter names is not one an ask may have.',
        ...tableFailures,
      },
    },
    'GET /asks.csv': {
      operationId: 'exportAsks',
      tag: 'Asks of government',
      summary: 'The asks of government as CSV',
      description: 'Every tracked ask (or those of the statuses named), one row each, for board papers.',
      query: statusFilter,
      errorPages: true,
      responses: {
        200: { description: 'The asks, as an attachment.', content: { 'text/csv': csv }, headers: ['Content-Disposition'] },
        400: 'A status the filter names is not one an ask may have.',
        ...tableFailures,
      },
    },
    'GET /asks/{id}/{askId}': {
      operationId: 'getAsk',
      tag: 'Asks of government',
      summary: 'One ask of government, with its history',
      description: `${htmlNote} With a session cookie the page has the form to change it (its post checks who may). No token or session is read.`,
      security: ['session'],
      errorPages: true,
      responses: {
        200: { description: 'The ask.', content: { 'application/json': 'AskWithHistory', 'text/html': page } },
        404: 'There is no such priority or ask.',
        ...tableFailures,
      },
    },
  },
});
