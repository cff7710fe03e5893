/**
 * What every email says: the subject and plain text of each kind of email, in each of its
 * branches, recorded in a file so that any change to what people read shows in review.
 */
import { describe, expect, it } from 'vitest';
import { emailTemplates } from '#shared/email/content';
import { emailSamples, hostileProgramme } from './email-samples.ts';

describe('the text of every email', () => {
  it('is as recorded', async () => {
    const samples = emailSamples(emailTemplates(hostileProgramme));
    const recorded = Object.entries(samples).map(([name, email]) => `=== ${name}\nSubject: ${email.subject}\n\n${email.text}`);
    await expect(recorded.join('\n')).toMatchFileSnapshot('__snapshots__/email-text.txt');
  });
});
