import * as z from 'zod';
import { defaultAuditDays, maxAuditRequestDays } from '#shared/domain/audit';
import { csv, tableFailures } from '#shared/http/common-answers';
import { describeRoutes } from '#shared/http/route-description';
import { definition } from './definition.ts';

export const auditQuerySchema = z.object({
  since: z.string().optional().describe(`The first day, YYYY-MM-DD (UTC); ${defaultAuditDays} days ago when left out.`),
  until: z.string().optional().describe('The last day, YYYY-MM-DD (UTC), included; today when left out.'),
});

export const api = describeRoutes(definition, {
  routes: {
    'GET /audit.csv': {
      operationId: 'exportAudit',
      tag: 'Audit',
      summary: 'The audit log as CSV',
      description: `Every privileged act from \`since\` to \`until\` (at most ${maxAuditRequestDays} days), oldest first: when, what, who (name, role, person id), on what, and what it changed. Only a board member’s token (in the Authorization header) or session may read it.`,
      query: auditQuerySchema,
      security: ['boardToken', 'session'],
      errorPages: false,
      responses: {
        200: { description: 'The entries, as an attachment.', content: { 'text/csv': csv }, headers: ['Content-Disposition'] },
        401: 'No token or session; a token that is malformed, unknown, tampered with, expired or revoked; or a session that has ended.',
        403: 'The token or session is not a board member’s.',
        422: 'A date is not YYYY-MM-DD, `since` is after `until`, or the range is too long; the field is named in `errors`.',
        ...tableFailures,
      },
    },
  },
});
