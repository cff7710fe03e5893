import * as z from 'zod';
import { maxBodyBytes } from '#shared/http/body';
import { htmlNote, page, tableFailures } from '#shared/http/common-answers';
import { describeRoutes } from '#shared/http/route-description';
import { definition } from './definition.ts';

/** The fields the preferences page and one-click unsubscribe post; the function ignores others. */
export const preferencesFormSchema = z.object({
  updateNotifications: z.literal('on').optional().describe('The checkbox: present to have emails about each update, absent to stop them.'),
  'List-Unsubscribe': z.literal('One-Click').optional().describe('One-click unsubscribe (RFC 8058): stops emails about each update.'),
});

const preferencesQuerySchema = z.object({
  key: z.string().describe('The personal key from the link in the person’s emails. A wrong or missing key answers 404, like an unknown person.'),
});

export const api = describeRoutes(definition, {
  requestSchemas: {
    PreferencesForm: { schema: preferencesFormSchema, description: 'A change of email preferences.' },
  },
  routes: {
    'GET /people/{personId}/preferences': {
      operationId: 'getPreferences',
      tag: 'People',
      summary: 'A person’s email preferences',
      description: `The link in every email’s footer. ${htmlNote}`,
      query: preferencesQuerySchema,
      errorPages: true,
      responses: {
        200: { description: 'The preferences.', content: { 'application/json': 'Preferences', 'text/html': page } },
        404: 'There is no such person, or the key is wrong (the two look alike).',
        ...tableFailures,
      },
    },
    'POST /people/{personId}/preferences': {
      operationId: 'setPreferences',
      tag: 'People',
      summary: 'Change a person’s email preferences',
      description: `Switches emails about each update on or off; digests and reminders always go out. Also the target of the List-Unsubscribe header. ${htmlNote}`,
      query: preferencesQuerySchema,
      requestBody: { description: 'The preferences form, or a one-click unsubscribe.', content: { 'application/x-www-form-urlencoded': 'PreferencesForm' } },
      errorPages: true,
      responses: {
        200: { description: 'Saved; the preferences as they now stand.', content: { 'application/json': 'Preferences', 'text/html': page } },
        400: 'An empty body, or malformed base64 or JSON.',
        403: 'The post was sent from another site (`Sec-Fetch-Site` other than `same-origin` or `none`, or an `Origin` other than the service’s own).',
        404: 'There is no such person, or the key is wrong (the two look alike).',
        413: `The body is larger than ${maxBodyBytes / 1024} KB.`,
        415: 'The body is neither a form nor JSON.',
        ...tableFailures,
      },
    },
  },
});
