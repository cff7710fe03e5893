/**
 * A deployment that reports quarterly: the form proposes the quarter, an update for any month
 * of the quarter counts as the quarter's update (so its reminders stop), and every link in
 * every email opens a page.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { currentPeriod } from '#shared/domain/periods';
import { invoke } from '../../infra/local/lambda.ts';
import { eventually, followPersonalLink, type SentEmail, startTestStack, type TestStack, validUpdate } from './stack.ts';

let stack: TestStack;
beforeAll(async () => {
  stack = await startTestStack({ settings: { REPORTING_PERIOD: 'quarter' } });
});
afterAll(async () => stack?.stop());

const to = (email: SentEmail) => email.destination.to[0]!;

async function openForm(priorityId: string): Promise<string> {
  const token = await stack.token(priorityId);
  const cookie = await followPersonalLink(stack, `/priorities/${priorityId}/updates/new?token=${encodeURIComponent(token)}`);
  const page = await stack.request('GET', `/priorities/${priorityId}/updates/new`, { headers: { accept: 'text/html', cookie } });
  expect(page.status).toBe(200);
  return page.text();
}

describe('quarterly reporting', () => {
  it('proposes the current quarter on the form', async () => {
    const page = await openForm('jobs-and-training');
    expect(page).toMatch(new RegExp(`name="period"[^>]*value="${currentPeriod('quarter')}"`));
  });

  it('counts an update for a month of the quarter as the quarter’s update: its reminders stop, the others’ go on', async () => {
    const token = await stack.token('jobs-and-training', { email: 'someone.else@example.org' });
    const posted = await stack.request('POST', '/priorities/jobs-and-training/updates', {
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ ...validUpdate, period: currentPeriod('month') }),
    });
    expect(posted.status).toBe(201);
    const { id } = (await posted.json()) as { id: string };
    await eventually(async () => (await stack.stores.summaries.get('jobs-and-training', true))?.value.lastUpdateId === id, 30_000);

    const before = (await stack.emails()).length;
    await invoke('digest', { runId: 'quarter-week-1' });
    const reminders = (await stack.emails()).slice(before).filter((email) => email.subject.startsWith('Reminder'));
    expect(reminders.map(to)).not.toContain('sponsor.jobs-and-training@example.org');
    expect(reminders.map(to)).not.toContain('lead.jobs-and-training@example.org');
    expect(reminders.map(to)).toContain('sponsor.education-and-young-people@example.org');
    expect(reminders[0]!.subject).toContain(currentPeriod('quarter'));
  });
});

describe('links in emails', () => {
  it('every link in every email sent so far opens a page, never JSON', async () => {
    const emails = await stack.emails();
    const kinds = new Set(emails.map((email) => email.subject.split(':')[0]));
    expect(kinds.size).toBeGreaterThanOrEqual(3); // update notifications, digests of both kinds, reminders
    const links = new Set(
      emails.flatMap((email) => [...(email.body.html ?? '').matchAll(/href="([^"]+)"/g)].map((match) => match[1]!.replaceAll('&#38;', '&'))),
    );
    expect([...links].some((link) => new URL(link).pathname === '/')).toBe(true);
    for (const link of links) {
      const url = new URL(link);
      expect(url.origin).toBe(stack.apiUrl);
      const answer = await stack.request('GET', url.pathname + url.search, { headers: { accept: 'text/html' } });
      expect({ link: url.pathname, status: answer.status, type: answer.headers.get('content-type') }).toMatchObject({
        status: 200,
        type: expect.stringContaining('text/html'),
      });
    }
  });
});
