/** The mailer of the functions that send email: the outbox on their table, the templates of their programme and SES. */
import type { TableCore } from '#shared/data/core';
import { Deliveries } from '#shared/data/deliveries';
import { emailTemplates } from '#shared/email/content';
import { SesEmailSender } from '#shared/email/sender';
import type { EachMailer } from '#shared/services/deliveries';
import type { EmailSender, EmailTemplates } from '#shared/services/messages';
import type { Settings } from '#shared/settings';

export type MailerSettings = Pick<Settings, 'SENDER_ADDRESS' | 'SES_CONFIGURATION_SET' | 'EMAIL_EVENT_WINDOW_SECONDS' | 'PUBLIC_BASE_URL' | 'PROGRAMME_NAME'>;

export function sesMailer(table: TableCore, settings: MailerSettings): EachMailer {
  return {
    deliveries: new Deliveries(table),
    ...sesOutbox(settings),
    baseUrl: settings.PUBLIC_BASE_URL,
    eventWindowSeconds: settings.EMAIL_EVENT_WINDOW_SECONDS,
  };
}

/** What composes and sends: the programme's email templates and an SES sender. */
export function sesOutbox(settings: MailerSettings): { templates: EmailTemplates; sender: EmailSender } {
  return { templates: emailTemplates(settings.PROGRAMME_NAME), sender: new SesEmailSender(settings.SENDER_ADDRESS, settings.SES_CONFIGURATION_SET) };
}
