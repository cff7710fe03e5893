/** The mailer of the functions that send email: the outbox on their table, these templates and SES. */
import type { TableCore } from '#shared/data/core';
import { Deliveries } from '#shared/data/deliveries';
import { SesEmailSender } from '#shared/email/sender';
import { templates } from '#shared/email/templates';
import type { Mailer } from '#shared/services/deliveries';
import type { Settings } from '#shared/settings';

export function sesMailer(table: TableCore, settings: Pick<Settings, 'SENDER_ADDRESS' | 'SES_CONFIGURATION_SET' | 'PUBLIC_BASE_URL'>): Mailer {
  return {
    deliveries: new Deliveries(table),
    templates,
    sender: new SesEmailSender(settings.SENDER_ADDRESS, settings.SES_CONFIGURATION_SET),
    baseUrl: settings.PUBLIC_BASE_URL,
  };
}
