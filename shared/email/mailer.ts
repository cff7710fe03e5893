/** The mailer of the functions that send email: the outbox on their table, the templates of their programme and SES. */
import type { TableCore } from '#shared/data/core';
import { Deliveries } from '#shared/data/deliveries';
import { emailTemplates } from '#shared/email/content';
import { SesEmailSender } from '#shared/email/sender';
import type { EachMailer } from '#shared/services/deliveries';
import type { Settings } from '#shared/settings';

export function sesMailer(
  table: TableCore,
  settings: Pick<Settings, 'SENDER_ADDRESS' | 'SES_CONFIGURATION_SET' | 'PUBLIC_BASE_URL' | 'PROGRAMME_NAME'>,
): EachMailer {
  return {
    deliveries: new Deliveries(table),
    templates: emailTemplates(settings.PROGRAMME_NAME),
    sender: new SesEmailSender(settings.SENDER_ADDRESS, settings.SES_CONFIGURATION_SET),
    baseUrl: settings.PUBLIC_BASE_URL,
  };
}
