/** What the routes of many functions answer alike, for their descriptions (functions/<name>/api.ts). */
import * as z from 'zod';
import { periodSchema } from '#shared/domain/periods';
import { statuses } from '#shared/domain/rating';
import { maxBodyBytes } from '#shared/http/body';
import type { Answer } from '#shared/http/route-description';

/** A body with no structure to describe: a page, a CSV file. */
export const page = z.string().describe('An HTML page.');
export const csv = z
  .string()
  .describe('CSV (RFC 4180) with a header row, UTF-8 with a byte-order mark. Cells that start like a formula are prefixed with an apostrophe.');

const internal = 'An unexpected error; it is logged, and the answer reveals nothing internal.';
const unavailable = 'DynamoDB is unreachable or throttling; try again after `Retry-After` seconds.';
/** Any function can fail; one that reads the table can also find it unavailable. */
export const failures = { 500: internal } as const;
export const tableFailures = { 500: internal, 503: unavailable } as const;
/** What any post with a body and a proof of who sends it may answer, besides its own refusals. */
export const postFailures = {
  400: 'Malformed JSON or base64, or an empty body.',
  401: 'No token or session; a token that is malformed, unknown, tampered with, expired or revoked; or a session that has ended.',
  413: `The body is larger than ${maxBodyBytes / 1024} KB.`,
  415: 'The body is neither JSON nor a form.',
  ...tableFailures,
} as const;

/** A form's textarea, one entry per line, as updateCandidateFromForm (shared/domain/update.ts) reads it. */
export const formLines = (what: string) => z.array(z.string()).optional().describe(`${what}: a textarea with one entry per line (the field may also repeat).`);

/** The fields the update form and the correction form share. */
export const updateFormFields = {
  status: z.enum(statuses),
  period: periodSchema,
  summary: z.string(),
  statusRationale: z.string().optional(),
  achievements: formLines('Achievements'),
  nextSteps: formLines('Next steps'),
};

export const noPriority = 'There is no such priority.';
export const htmlNote = 'Browsers (`Accept: text/html`) get a page; other clients get JSON.';

/** What a form a personal link opens answers, besides its own refusals: the form, or the link's Continue page. */
export const personalLinkForm: { 200: Answer; 401: string } = {
  200: {
    description: 'The form; or, for a personal link, its Continue page, whose button posts the token to `POST /sessions`. Opening the link writes nothing.',
    content: { 'text/html': page },
  },
  401: 'No session, or a personal link that is malformed, unknown, expired or revoked.',
};
