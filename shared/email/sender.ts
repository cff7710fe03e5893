/**
 * Sends one email through SES v2. The endpoint comes from AWS_ENDPOINT_URL_SESV2, so the
 * local stack's SES emulator and AWS are reached by the same code. The functions use their own
 * client (the default); benchmarks pass one in.
 */
import { SESv2Client, SendEmailCommand } from '@aws-sdk/client-sesv2';
import type { EmailSender, OutgoingEmail } from '#shared/services/messages';

export class SesEmailSender implements EmailSender {
  constructor(
    private readonly from: string,
    private readonly configurationSet?: string,
    private readonly client: SESv2Client = new SESv2Client({ maxAttempts: 3 }),
  ) {}

  async send(email: OutgoingEmail): Promise<string> {
    const { MessageId } = await this.client.send(
      new SendEmailCommand({
        FromEmailAddress: this.from,
        Destination: { ToAddresses: [email.to] },
        ...(this.configurationSet ? { ConfigurationSetName: this.configurationSet } : {}),
        Content: {
          Simple: {
            Subject: { Data: email.subject, Charset: 'UTF-8' },
            Body: { Html: { Data: email.html, Charset: 'UTF-8' }, Text: { Data: email.text, Charset: 'UTF-8' } },
            Headers: [
              { Name: 'List-Unsubscribe', Value: `<${email.unsubscribeUrl}>` },
              { Name: 'List-Unsubscribe-Post', Value: 'List-Unsubscribe=One-Click' },
            ],
          },
        },
      }),
    );
    return MessageId ?? 'unknown';
  }
}
