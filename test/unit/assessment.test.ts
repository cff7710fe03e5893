import { describe, expect, it } from 'vitest';
import { assessmentCandidateFromForm, divergence, parseAssessmentInput } from '#shared/domain/assessment';
import type { Status } from '#shared/domain/rating';
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
