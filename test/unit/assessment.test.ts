import { describe, expect, it } from 'vitest';
import { type Assessment, assessmentCandidateFromForm, divergence, parseAssessmentInput } from '#shared/domain/assessment';
import type { AuditEntry } from '#shared/domain/audit';
import { issueToken } from '#shared/domain/credential';
import type { Status } from '#shared/domain/rating';
import { type RecordAssessmentPorts, recordAssessment } from '#shared/services/record-assessment';
import { fieldsOf } from './fixtures.ts';

const valid = { status: 'amber', period: '2021-03', rationale: 'Placements are behind plan.' };

describe('assessment input', () => {
  it('accepts a rating, a period and a rationale, trimmed', () => {
    expect(parseAssessmentInput({ ...valid, rationale: '  Behind plan.\r\nStaffing.  ' }, 'five-point')).toEqual({
      ...valid,
      rationale: 'Behind plan.\nStaffing.',
    });
  });

  it('requires a rationale', () => {
    expect(fieldsOf(() => parseAssessmentInput({ ...valid, rationale: '   ' }, 'five-point'))).toEqual(['rationale']);
    expect(fieldsOf(() => parseAssessmentInput({ status: 'amber', period: '2021-03' }, 'five-point'))).toEqual(['rationale']);
  });

  it('names every failing field and refuses unknown ones, such as an assessor', () => {
    const fields = fieldsOf(() =>
      parseAssessmentInput({ status: 'purple', period: '2021-13', rationale: 'x'.repeat(2001), assessor: { role: 'board' } }, 'five-point'),
    );
    expect(fields.sort()).toEqual(['assessor', 'period', 'rationale', 'status']);
  });

  it('refuses a control character in the rationale', () => {
    expect(fieldsOf(() => parseAssessmentInput({ ...valid, rationale: 'a\u0000b' }, 'five-point'))).toEqual(['rationale']);
  });

  it('takes only the levels of the configured scale', () => {
    expect(fieldsOf(() => parseAssessmentInput({ ...valid, status: 'amber-red' }, 'three-point'))).toEqual(['status']);
    expect(parseAssessmentInput({ ...valid, status: 'amber-red' }, 'five-point').status).toBe('amber-red');
  });

  it('reads a form post: proof fields dropped, blank fields missing', () => {
    expect(assessmentCandidateFromForm({ token: 't', csrfToken: 'c', status: '', period: '2021-03', rationale: '' })).toEqual({ period: '2021-03' });
  });
});

describe('divergence', () => {
  const cases: [Status, Status, number | null][] = [
    ['green', 'green', null],
    ['green', 'amber-green', null],
    ['amber', 'amber-red', null],
    ['amber-red', 'red', null],
    ['amber', 'green', 2],
    ['green', 'amber', 2],
    ['amber-green', 'amber-red', 2],
    ['red', 'amber', 2],
    ['green', 'red', 4],
  ];
  it.each(cases)('sponsor %s, independent %s: %s levels flagged', (sponsor, independent, levels) => {
    expect(divergence(sponsor, independent)).toEqual(levels === null ? null : { levelsApart: levels });
  });

  it('counts levels on a three-point scale: amber beside green or red is one level, and not flagged', () => {
    expect(divergence('amber', 'green', 'three-point')).toBeNull();
    expect(divergence('red', 'amber', 'three-point')).toBeNull();
    expect(divergence('green', 'red', 'three-point')).toEqual({ levelsApart: 2 });
  });

  it('flags red beside green on any scale, even when a historic five-point rating makes the levels fewer', () => {
    expect(divergence('amber-red', 'green', 'three-point')).toEqual({ levelsApart: 3 });
    expect(divergence('amber-green', 'red', 'three-point')).not.toBeNull();
  });
});

describe('recording an assessment', () => {
  const { token, credential } = issueToken({ role: 'board', name: 'Ana Board' });
  const stored = (status: Status, assessedAt: string): Assessment => ({
    priorityId: 'jobs',
    period: '2021-03',
    status,
    rationale: 'x',
    assessor: { role: 'board', tokenId: credential.tokenId },
    assessedAt,
  });

  /** Ports whose stored assessment changes under the first write, as a concurrent one would change it. */
  function racingPorts() {
    const reads = [stored('amber', '2021-03-01T00:00:00.000Z'), stored('red', '2021-03-02T00:00:00.000Z')];
    const writes: { audit: AuditEntry; replacing: Assessment | undefined }[] = [];
    const ports: RecordAssessmentPorts = {
      credentials: { get: async () => credential },
      sessions: { get: async () => undefined },
      programme: { priority: async () => ({}) as never },
      assessments: {
        get: async () => reads[Math.min(writes.length, reads.length - 1)],
        record: async (_assessment, audit, replacing) => {
          writes.push({ audit, replacing });
          return writes.length > 1;
        },
      },
    };
    return { ports, writes };
  }

  it('names the rating it replaced, reading again when another assessment landed between its read and its write', async () => {
    const { ports, writes } = racingPorts();
    const now = new Date('2021-03-03T00:00:00.000Z');
    await recordAssessment(ports, { priorityId: 'jobs', proof: { kind: 'token', token }, candidate: { ...valid, status: 'green' }, scale: 'five-point' }, now);
    expect(writes.map(({ audit, replacing }) => [replacing?.status, audit.before, audit.after])).toEqual([
      ['amber', { status: 'amber', assessedAt: '2021-03-01T00:00:00.000Z' }, { status: 'green' }],
      ['red', { status: 'red', assessedAt: '2021-03-02T00:00:00.000Z' }, { status: 'green' }],
    ]);
    expect(writes[1]!.audit).toMatchObject({
      act: 'assessment',
      actor: { role: 'board', name: 'Ana Board' },
      subject: { kind: 'assessment', id: '2021-03#board', priorityId: 'jobs' },
    });
  });
});
