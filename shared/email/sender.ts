/**
 * Sends one email through SES v2. The endpoint comes from AWS_ENDPOINT_URL_SESV2, so the
 * local stack's SES emulator and AWS are reached by the same code. The functions use their own
 * client (the default); benchmarks pass one in.
 *
 * The SDK's own retries are off (maxAttempts 1): a retried SendEmail whose first answer was
 * lost is a second email. This sender retries only what proves nothing was sent (no connection
 * made, or SES refusing for its rate); any other failure after the request may have reached SES
 * (a timeout, a reset connection, a 5xx) is `SendOutcomeUnknown`, which the delivery record
 * resolves by SES's SEND event or the event window.
 */
import { SESv2Client, SendEmailCommand } from '@aws-sdk/client-sesv2';
import { SendOutcomeUnknown } from '#shared/domain/delivery';
import type { EmailSender, OutgoingEmail } from '#shared/services/messages';

/** Attempts of one send when each failure proves SES did not send it. */
const attempts = 3;

export class SesEmailSender implements EmailSender {
  constructor(
    private readonly from: string,
    private readonly configurationSet?: string,
    private readonly client: SESv2Client = new SESv2Client({ maxAttempts: 1, requestHandler: { requestTimeout: 15_000 } }),
  ) {}

  async send(email: OutgoingEmail): Promise<string> {
    for (let attempt = 1; ; attempt += 1) {
      try {
        return await this.sendOnce(email);
      } catch (error) {
        const failure = notSent(error);
        if (failure === undefined) throw new SendOutcomeUnknown(email.to, error);
        if (failure === 'final' || attempt >= attempts) throw error;
        await new Promise((resolveDelay) => setTimeout(resolveDelay, 100 * 2 ** attempt));
      }
    }
  }

  private async sendOnce(email: OutgoingEmail): Promise<string> {
    const { MessageId } = await this.client.send(
      new SendEmailCommand({
        FromEmailAddress: this.from,
        Destination: { ToAddresses: [email.to] },
        ...(this.configurationSet ? { ConfigurationSetName: this.configurationSet } : {}),
        ...(email.tags ? { EmailTags: Object.entries(email.tags).map(([Name, Value]) => ({ Name, Value })) } : {}),
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

/** Connection errors that happen before a byte of the request is written. */
const neverConnected = ['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH'];

/**
 * Whether a failure proves SES did not send: `retry` (no connection, or throttled), `final`
 * (SES answered with a refusal), undefined when it may have sent.
 */
function notSent(error: unknown): 'retry' | 'final' | undefined {
  const failure = error as { code?: string; name?: string; $metadata?: { httpStatusCode?: number }; cause?: { code?: string } };
  if (neverConnected.includes(failure.code ?? '') || neverConnected.includes(failure.cause?.code ?? '')) return 'retry';
  const status = failure.$metadata?.httpStatusCode;
  if (status === 429 || failure.name === 'TooManyRequestsException') return 'retry';
  if (status !== undefined && status >= 400 && status < 500) return 'final';
  return undefined;
}
