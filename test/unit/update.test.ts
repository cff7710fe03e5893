import { describe, expect, it } from 'vitest';
import type { BarrierState } from '#shared/domain/barrier';
import type { ValidationFailed } from '#shared/domain/errors';
import { parseUpdateInput, requireRationale, settleBarriers, updateCandidateFromForm, updateInputSchema } from '#shared/domain/update';
import { fieldsOf } from './fixtures.ts';

const valid = { status: 'amber', period: '2021-03', summary: 'Progress' };

describe('update input', () => {
  it('accepts a minimal update and fills empty lists', () => {
    expect(parseUpdateInput(valid, 'five-point')).toEqual({ ...valid, achievements: [], nextSteps: [], barriers: [] });
  });

  it.each(['2021-01', '2021-12', '2021-Q1', '2021-Q4'])('accepts period %s', (period) => {
    expect(parseUpdateInput({ ...valid, period }, 'five-point').period).toBe(period);
  });

  it.each(['2021-13', '2021-00', '2021-Q5', '21-03', '2021-3', '2021-03-01', ''])('refuses period %j', (period) => {
    expect(fieldsOf(() => parseUpdateInput({ ...valid, period }, 'five-point'))).toEqual(['period']);
  });

  it('names every failing field, nested ones with their path, and unknown fields', () => {
    const fields = fieldsOf(() => parseUpdateInput({ status: 'purple', summary: '  ', barriers: [{ description: '' }], author: 'me', id: 'x' }, 'five-point'));
    expect(fields).toEqual(expect.arrayContaining(['status', 'period', 'summary', 'barriers.0.description', 'author', 'id']));
  });

  it('a three-point deployment refuses five-point-only levels', () => {
    expect(fieldsOf(() => parseUpdateInput({ ...valid, status: 'amber-green' }, 'three-point'))).toEqual(['status']);
    expect(parseUpdateInput({ ...valid, status: 'amber' }, 'three-point').status).toBe('amber');
  });

  it('bounds list sizes and text lengths', () => {
    expect(fieldsOf(() => parseUpdateInput({ ...valid, achievements: Array(21).fill('x') }, 'five-point'))).toEqual(['achievements']);
    expect(fieldsOf(() => parseUpdateInput({ ...valid, summary: 'x'.repeat(5001) }, 'five-point'))).toEqual(['summary']);
  });

  it('words what a schema leaves to zod in zod’s English, as clients have always read it', () => {
    const error = (() => {
      try {
        parseUpdateInput(
          { status: 'green', summary: 'x'.repeat(5001), achievements: Array(21).fill('x'), barriers: [{ description: 'd', needsBoardSupport: 'yes' }] },
          'five-point',
        );
      } catch (caught) {
        return caught as ValidationFailed;
      }
      throw new Error('expected a validation failure');
    })();
    expect(error.fieldErrors).toEqual([
      { field: 'period', message: 'Invalid input: expected string, received undefined' },
      { field: 'summary', message: 'Too big: expected string to have <=5000 characters' },
      { field: 'achievements', message: 'Too big: expected array to have <=20 items' },
      { field: 'barriers.0.needsBoardSupport', message: 'Invalid input: expected boolean, received string' },
    ]);
  });

  it('is one schema: wrong types are refused, not coerced', () => {
    const result = updateInputSchema().safeParse({ ...valid, achievements: 'one' });
    expect(result.success).toBe(false);
  });
});

describe('rationale rule', () => {
  const input = (status: string, statusRationale?: string) =>
    parseUpdateInput({ ...valid, status, ...(statusRationale ? { statusRationale } : {}) }, 'five-point');

  it('needs none for the same status, or for a first update that is not serious', () => {
    expect(() => requireRationale(input('amber'), 'amber')).not.toThrow();
    expect(() => requireRationale(input('green'), null)).not.toThrow();
  });

  it('needs one when the status changes, either way', () => {
    expect(fieldsOf(() => requireRationale(input('green'), 'amber'))).toEqual(['statusRationale']);
    expect(fieldsOf(() => requireRationale(input('amber'), 'green'))).toEqual(['statusRationale']);
  });

  it('needs one for amber-red and red, even when unchanged or first', () => {
    expect(fieldsOf(() => requireRationale(input('red'), 'red'))).toEqual(['statusRationale']);
    expect(fieldsOf(() => requireRationale(input('amber-red'), null))).toEqual(['statusRationale']);
    expect(() => requireRationale(input('red', 'Funding withdrawn'), 'red')).not.toThrow();
  });
});

describe('form decoding', () => {
  it('turns textareas into lists, one entry per non-blank line, and splits barriers by board support', () => {
    const candidate = updateCandidateFromForm({
      token: 'secret',
      submissionId: 'abc',
      ...valid,
      achievements: 'One\r\n\r\n  Two  \n',
      nextSteps: '',
      barriers: 'Local',
      boardSupportBarriers: 'Board one\nBoard two',
      statusRationale: '',
    });
    expect(candidate).toEqual({
      ...valid,
      achievements: ['One', 'Two'],
      nextSteps: [],
      barriers: [
        { description: 'Local', needsBoardSupport: false },
        { description: 'Board one', needsBoardSupport: true },
        { description: 'Board two', needsBoardSupport: true },
      ],
    });
    expect(parseUpdateInput(candidate, 'five-point').barriers).toHaveLength(3);
  });

  it('a repeated list field adds entries; a repeated single field is refused by the schema', () => {
    expect(updateCandidateFromForm({ ...valid, achievements: ['a', 'b\nc'] }).achievements).toEqual(['a', 'b', 'c']);
    expect(fieldsOf(() => parseUpdateInput(updateCandidateFromForm({ ...valid, status: ['amber', 'red'] }), 'five-point'))).toEqual(['status']);
  });

  it('leaves empty optional fields out so the schema reports them as missing, not invalid', () => {
    expect(fieldsOf(() => parseUpdateInput(updateCandidateFromForm({ status: '', period: '', summary: 'x' }), 'five-point'))).toEqual(['status', 'period']);
  });
});

describe('barriers of an update', () => {
  const updateId = '01F0000000000000000000000Z';
  const known = '01F0000000000000000000000A-0';
  const logged = new Map<string, BarrierState>([[known, { description: 'Data sharing', needsBoardSupport: true, owner: 'DWP', status: 'open' }]]);

  it('a new barrier takes its id from the update and its place in the list; a named one is completed from the log', () => {
    const input = parseUpdateInput(
      {
        ...valid,
        barriers: [{ id: known, status: 'being-handled' }, { description: 'Venue' }, { description: 'Funding', needsBoardSupport: true, owner: 'HM Treasury' }],
      },
      'five-point',
    );
    expect(settleBarriers(input.barriers, updateId, logged)).toEqual([
      { id: known, description: 'Data sharing', needsBoardSupport: true, owner: 'DWP', status: 'being-handled' },
      { id: `${updateId}-1`, description: 'Venue', needsBoardSupport: false, status: 'open' },
      { id: `${updateId}-2`, description: 'Funding', needsBoardSupport: true, owner: 'HM Treasury', status: 'open' },
    ]);
  });

  it('refuses an unknown id, an id named twice, a new barrier without a description, and a status it does not know', () => {
    const input = parseUpdateInput(
      { ...valid, barriers: [{ id: '01F0000000000000000000000B-0' }, { id: known }, { id: known, status: 'resolved' }] },
      'five-point',
    );
    expect(fieldsOf(() => settleBarriers(input.barriers, updateId, logged))).toEqual(['barriers.0.id', 'barriers.2.id']);
    expect(fieldsOf(() => parseUpdateInput({ ...valid, barriers: [{ owner: 'x' }, { id: known, status: 'closed' }, { id: 'B1' }] }, 'five-point'))).toEqual([
      'barriers.0.description',
      'barriers.1.status',
      'barriers.2.id',
    ]);
  });

  it('a form lines up each logged barrier’s id, status and owner; an empty owner keeps the one it has', () => {
    const other = '01F0000000000000000000000C-1';
    const candidate = updateCandidateFromForm({
      ...valid,
      loggedBarrier: [known, other],
      loggedBarrierStatus: ['resolved', 'open'],
      loggedBarrierOwner: ['  ', 'Council'],
      barriers: '',
    });
    expect(candidate.barriers).toEqual([
      { id: known, status: 'resolved' },
      { id: other, status: 'open', owner: 'Council' },
    ]);
    // One logged barrier alone arrives as single values, not lists.
    expect(updateCandidateFromForm({ ...valid, loggedBarrier: known, loggedBarrierStatus: 'open', loggedBarrierOwner: '' }).barriers).toEqual([
      { id: known, status: 'open' },
    ]);
    // Fields that do not line up are left for the schema to refuse.
    expect(
      fieldsOf(() =>
        parseUpdateInput(
          updateCandidateFromForm({ ...valid, loggedBarrier: [known, other], loggedBarrierStatus: ['open'], loggedBarrierOwner: [] }),
          'five-point',
        ),
      ),
    ).toEqual(['barriers']);
  });
});
