/** The baseline with an SES v2 client, as the functions that send email hold one. */
import { SESv2Client } from '@aws-sdk/client-sesv2';

export { handler } from '../baseline-handler.ts';
export const ses = new SESv2Client({ maxAttempts: 3 });
