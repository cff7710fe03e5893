/**
 * The SES mailer of a function that mostly sends nothing (a board pack asked for again, its
 * emails sent already): the email views and the SES client load at its first email, so a
 * request that sends none never parses them.
 */
import type { TableCore } from '#shared/data/core';
import { Deliveries } from '#shared/data/deliveries';
import type { MailerSettings, sesOutbox } from '#shared/email/mailer';
import type { EachMailer } from '#shared/services/deliveries';
import type { EmailTemplates } from '#shared/services/messages';

export function sesMailerOnDemand(table: TableCore, settings: MailerSettings): EachMailer {
  let loading: Promise<ReturnType<typeof sesOutbox>> | undefined;
  const outbox = () => (loading ??= import('#shared/email/mailer').then((mailer) => mailer.sesOutbox(settings)));
  const template =
    <K extends keyof EmailTemplates>(name: K) =>
    async (message: Parameters<EmailTemplates[K]>[0]) =>
      ((await outbox()).templates[name] as (message: Parameters<EmailTemplates[K]>[0]) => ReturnType<EmailTemplates[K]>)(message);
  return {
    deliveries: new Deliveries(table),
    templates: {
      updateNotification: template('updateNotification'),
      priorityDigest: template('priorityDigest'),
      boardDigest: template('boardDigest'),
      reminder: template('reminder'),
      escalation: template('escalation'),
      boardResponse: template('boardResponse'),
      boardPack: template('boardPack'),
    },
    sender: { send: async (email) => (await outbox()).sender.send(email) },
    baseUrl: settings.PUBLIC_BASE_URL,
    eventWindowSeconds: settings.EMAIL_EVENT_WINDOW_SECONDS,
  };
}
