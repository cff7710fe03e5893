/** What the email fault checks share: one tagged update per priority, and the copies of each email the SES emulator holds. */
import { expect } from 'vitest';
import { priorityIds, type ResilienceStack, type SentEmail, validUpdate } from './stack.ts';

/** Posts one update per priority; each should reach that priority's sponsor and delivery lead once. Returns the expected (update, recipient) pairs. */
export async function postOnePerPriority(stack: ResilienceStack, tokens: Record<string, string>, tag: string): Promise<Set<string>> {
  const expected = new Set<string>();
  for (const priorityId of priorityIds) {
    const response = await stack.request('POST', `/priorities/${priorityId}/updates`, {
      headers: { 'content-type': 'application/json', authorization: `Bearer ${tokens[priorityId]!}` },
      body: JSON.stringify({ ...validUpdate, summary: `${tag}-${priorityId} progress`, barriers: [] }),
    });
    expect(response.status).toBe(201);
    expected.add(`${tag}-${priorityId} → sponsor.${priorityId}@example.org`);
    expected.add(`${tag}-${priorityId} → lead.${priorityId}@example.org`);
  }
  return expected;
}

/** Copies of each (update, recipient) pair of a tag among the emails. */
export function copiesPerPair(emails: SentEmail[], tag: string): Map<string, number> {
  const pairs = new Map<string, number>();
  for (const email of emails) {
    const marker = new RegExp(`${tag}-[a-z-]+`).exec(email.body.text ?? '')?.[0];
    if (!marker) continue;
    for (const to of email.destination.to) pairs.set(`${marker} → ${to}`, (pairs.get(`${marker} → ${to}`) ?? 0) + 1);
  }
  return pairs;
}
