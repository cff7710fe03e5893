/** Settings of the functions that send email, read once from the environment and checked. */
import * as z from 'zod';
import { environmentReader } from '../config.ts';

const emailSettingsSchema = z.object({
  SENDER_ADDRESS: z.email(),
  /** SES configuration set for delivery events; optional locally. */
  SES_CONFIGURATION_SET: z.string().min(1).optional(),
  /** Where links in emails point: the API's public URL. */
  PUBLIC_BASE_URL: z.url().transform((url) => url.replace(/\/+$/, '')),
  REPORTING_PERIOD: z.enum(['month', 'quarter']).default('month'),
  STALE_AFTER_DAYS: z.coerce.number().int().min(1).max(365).default(42),
  /** How long the personal link in a digest or reminder works. */
  LINK_TOKEN_DAYS: z.coerce.number().int().min(1).max(60).default(14),
});

export type EmailSettings = z.output<typeof emailSettingsSchema>;

const emailEnvironment = environmentReader(emailSettingsSchema, 'email configuration');

export function emailSettings(): EmailSettings {
  return emailEnvironment.read();
}
