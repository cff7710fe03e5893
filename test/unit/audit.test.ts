/** The audit log: its entries, the ranges a read covers, how entries are stored and read, and their CSV. */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { AuditLog, auditPut } from '#shared/data/audit';
import { TableCore } from '#shared/data/core';
import { actorOf, actorText, auditEntry, auditMonths, auditRange, changeText, maxAuditRequestDays, subjectText } from '#shared/domain/audit';
import { issueToken } from '#shared/domain/credential';
import { ValidationFailed } from '#shared/domain/errors';
import { auditRecordDays } from '#shared/domain/retention';
import { toCsv } from '#shared/http/csv';

const now = new Date('2026-12-07T10:00:00.000Z');

function refusal(run: () => unknown): ValidationFailed {
  try {
    run();
  } catch (error) {
    if (error instanceof ValidationFailed) return error;
    throw error;
  }
  throw new Error('not refused');
}

describe('audit entries', () => {
  it('name the actor by role, name and person, never by token or address', () => {
    const { credential } = issueToken({ role: 'board', name: 'Ana Board', email: 'ana@example.org', now });
    expect(actorOf(credential)).toEqual({ role: 'board', name: 'Ana Board' });
    expect(actorOf({ ...credential, personId: '01JQ0000000000000000000000' })).toEqual({
      role: 'board',
      personId: '01JQ0000000000000000000000',
      name: 'Ana Board',
    });
    // A token issued before roles is a sponsor's, and one issued without a name is named by its role alone.
    const { role: _role, name: _name, ...older } = issueToken({ priorityId: 'jobs-and-training', now }).credential;
    expect(actorOf(older)).toEqual({ role: 'sponsor' });
  });

  it('record the act, its time, and before and after only where given', () => {
    const entry = auditEntry(
      'assessment',
      { role: 'board' },
      { kind: 'assessment', id: '2026-11#board', priorityId: 'jobs' },
      { after: { status: 'red' } },
      now,
    );
    expect(entry).toEqual({
      auditId: expect.stringMatching(/^[a-f0-9]{16}$/),
      at: '2026-12-07T10:00:00.000Z',
      act: 'assessment',
      actor: { role: 'board' },
      subject: { kind: 'assessment', id: '2026-11#board', priorityId: 'jobs' },
      after: { status: 'red' },
    });
    expect(auditEntry('board-pack-made', { role: 'service' }, { kind: 'board-pack', id: '2026-Q3' }, {}, now)).not.toHaveProperty('before');
  });

  it('read as one line: who, on what, and what changed', () => {
    expect(actorText({ role: 'board', name: 'Ana Board', personId: 'p1' })).toBe('Ana Board (board, person p1)');
    expect(actorText({ role: 'operator' })).toBe('operator');
    expect(subjectText({ kind: 'barrier', id: 'b1', priorityId: 'jobs' })).toBe('barrier b1 of jobs');
    expect(subjectText({ kind: 'board-pack', id: '2026-Q3' })).toBe('board-pack 2026-Q3');
    expect(changeText({ before: { status: 'amber' }, after: { status: 'red', count: 2 } })).toBe('status=amber -> status=red count=2');
    expect(changeText({ after: { status: 'red' } })).toBe('(none) -> status=red');
    expect(changeText({})).toBe('');
  });
});

describe('the range a read covers', () => {
  it('runs from the start of `since` to the end of `until`, by default the last 90 days up to now', () => {
    expect(auditRange({ since: '2026-11-01', until: '2026-11-30' }, now)).toEqual({
      since: new Date('2026-11-01T00:00:00.000Z'),
      until: new Date('2026-11-30T23:59:59.999Z'),
    });
    expect(auditRange({}, now)).toEqual({ since: new Date('2026-09-08T10:00:00.000Z'), until: now });
    expect(auditRange({ since: '2026-12-07' }, now).until).toEqual(now);
  });

  it('refuses a bad date, a range that ends before it starts, and one longer than allowed, naming the field', () => {
    expect(refusal(() => auditRange({ since: '7/12/2026' }, now)).fieldErrors).toEqual([{ field: 'since', message: 'must be a date, YYYY-MM-DD' }]);
    expect(refusal(() => auditRange({ since: '2026-02-30' }, now)).fieldErrors[0]!.field).toBe('since');
    expect(refusal(() => auditRange({ since: '2026-01-01', until: 'tomorrow' }, now)).fieldErrors).toEqual([
      { field: 'until', message: 'must be a date, YYYY-MM-DD' },
    ]);
    expect(refusal(() => auditRange({ since: '2026-12-02', until: '2026-12-01' }, now)).fieldErrors).toEqual([
      { field: 'since', message: 'must not be after until' },
    ]);
    expect(refusal(() => auditRange({ since: '2024-01-01' }, now, maxAuditRequestDays)).fieldErrors).toEqual([
      { field: 'since', message: `must be at most ${maxAuditRequestDays} days before until` },
    ]);
    // Unbounded for an operator's command.
    expect(auditRange({ since: '2024-01-01' }, now).since).toEqual(new Date('2024-01-01T00:00:00.000Z'));
  });

  it('covers every month partition from since to until', () => {
    expect(auditMonths(new Date('2026-11-30T23:00:00Z'), new Date('2027-01-01T00:00:00Z'))).toEqual(['2026-11', '2026-12', '2027-01']);
    expect(auditMonths(new Date('2026-12-07T00:00:00Z'), new Date('2026-12-07T10:00:00Z'))).toEqual(['2026-12']);
  });
});

describe('the audit log as stored', () => {
  const documents = DynamoDBDocumentClient.from(new DynamoDBClient({ region: 'eu-west-2' }));
  const mock = mockClient(documents);
  beforeEach(() => mock.reset());

  it('adds an entry only if new, in the month partition of its time, kept for the retention period', () => {
    const entry = auditEntry(
      'board-response',
      { role: 'board', name: 'Ana' },
      { kind: 'barrier', id: 'b1', priorityId: 'jobs' },
      { after: { owner: 'x' } },
      now,
    );
    const { Put } = auditPut('progress', entry);
    expect(Put.ConditionExpression).toBe('attribute_not_exists(pk)');
    expect(Put.Item).toMatchObject({ pk: 'AUDIT#2026-12', sk: `AT#2026-12-07T10:00:00.000Z#${entry.auditId}`, entity: 'audit', act: 'board-response' });
    expect(Put.Item.ttl).toBe(Date.parse(entry.at) / 1000 + auditRecordDays * 86_400);
  });

  it('reads each month of the range, oldest first, keeping only entries inside it', async () => {
    const inside = auditEntry('assessment', { role: 'board' }, { kind: 'assessment', id: 'a' }, {}, new Date('2026-11-15T00:00:00Z'));
    const before = auditEntry('assessment', { role: 'board' }, { kind: 'assessment', id: 'b' }, {}, new Date('2026-11-01T00:00:00Z'));
    const later = auditEntry('assessment', { role: 'board' }, { kind: 'assessment', id: 'c' }, {}, new Date('2026-12-02T00:00:00Z'));
    const item = (entry: typeof inside) => auditPut('progress', entry).Put.Item;
    mock
      .on(QueryCommand, { ExpressionAttributeValues: { ':pk': 'AUDIT#2026-11', ':prefix': 'AT#' } })
      .resolves({ Items: [item(before), item(inside)] })
      .on(QueryCommand, { ExpressionAttributeValues: { ':pk': 'AUDIT#2026-12', ':prefix': 'AT#' } })
      .resolves({ Items: [item(later)] });
    const log = new AuditLog(new TableCore('progress', documents));
    const read = await log.between(new Date('2026-11-10T00:00:00Z'), new Date('2026-12-31T00:00:00Z'));
    expect(read.map((entry) => entry.subject.id)).toEqual(['a', 'c']);
    expect(read[0]).toEqual(inside);
  });
});

describe('the audit log as CSV', () => {
  it('keeps a name or text that starts like a formula as text', () => {
    const actor = { role: 'board', name: '=HYPERLINK("http://evil")' } as const;
    const body = toCsv(['Actor', 'Change'], [[actor.name, changeText({ after: { decision: '+1 more' } })]]);
    expect(body).toBe(`"Actor","Change"\r\n"'=HYPERLINK(""http://evil"")","(none) -> decision=+1 more"\r\n`);
  });
});
