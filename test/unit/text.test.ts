/**
 * Stored free text: well-formed Unicode, no control characters but newline (in multi-line
 * fields) and tab, CRLF as LF. Checked through the schemas that store text, so each refusal
 * names its field the way a 422 does.
 */
import { describe, expect, it } from 'vitest';
import { tokenHolderSchema } from '#shared/domain/credential';
import { fieldErrors, ValidationFailed } from '#shared/domain/errors';
import { personInputSchema } from '#shared/domain/people';
import { normaliseNewlines, plainText, textProblem } from '#shared/domain/text';
import { parseUpdateInput, updateCandidateFromForm } from '#shared/domain/update';

const valid = { status: 'amber', period: '2021-03', summary: 'Progress', statusRationale: 'Because' };

const refused = [
  ['a lone high surrogate', 'before \uD800 after'],
  ['a lone low surrogate', 'before \uDC00 after'],
  ['a high surrogate at the very end', 'cut short \uD83D'],
  ['NUL', 'before \u0000 after'],
  ['ESC (U+001B)', 'before \u001B[31m after'],
  ['DEL (U+007F)', 'before \u007F after'],
  ['NEL (U+0085, a C1 control)', 'before \u0085 after'],
  ['vertical tab (U+000B)', 'before \u000B after'],
] as const;

const accepted = [
  ['a newline', 'first line\nsecond line', 'first line\nsecond line'],
  ['a tab', 'name\tvalue', 'name\tvalue'],
  ['CRLF, as browsers send textareas', 'first\r\nsecond\r\n\r\nthird', 'first\nsecond\n\nthird'],
  ['a lone CR', 'first\rsecond', 'first\nsecond'],
  ['emoji, including joined sequences and flags', 'Done 👍🏽 👩‍👩‍👧‍👦 🇬🇧', 'Done 👍🏽 👩‍👩‍👧‍👦 🇬🇧'],
  ['non-Latin scripts and combining marks', 'مرحبا שלום 日本語 Ελληνικά हिन्दी e\u0301', 'مرحبا שלום 日本語 Ελληνικά हिन्दी e\u0301'],
  ['a paired surrogate written as two escapes', JSON.parse('"\\ud83d\\ude00"') as string, '😀'],
] as const;

/** The fields a failed update parse names; an empty list when it parses. */
function refusedFields(candidate: unknown): string[] {
  try {
    parseUpdateInput(candidate, 'five-point');
    return [];
  } catch (error) {
    expect(error).toBeInstanceOf(ValidationFailed);
    return (error as ValidationFailed).fieldErrors.map((fieldError) => fieldError.field);
  }
}

describe('stored text in an update', () => {
  it.each(refused)('refuses %s in every text field, naming the field', (_name, text) => {
    expect(refusedFields({ ...valid, summary: text })).toEqual(['summary']);
    expect(refusedFields({ ...valid, statusRationale: text })).toEqual(['statusRationale']);
    expect(refusedFields({ ...valid, achievements: ['fine', text] })).toEqual(['achievements.1']);
    expect(refusedFields({ ...valid, nextSteps: [text] })).toEqual(['nextSteps.0']);
    expect(refusedFields({ ...valid, barriers: [{ description: text, needsBoardSupport: true }] })).toEqual(['barriers.0.description']);
  });

  it.each(accepted)('accepts %s, stored with LF line breaks', (_name, text, stored) => {
    const update = parseUpdateInput(
      { ...valid, summary: text, statusRationale: text, achievements: [text], nextSteps: [text], barriers: [{ description: text }] },
      'five-point',
    );
    expect(update.summary).toBe(stored);
    expect(update.statusRationale).toBe(stored);
    expect(update.achievements).toEqual([stored]);
    expect(update.nextSteps).toEqual([stored]);
    expect(update.barriers).toEqual([{ description: stored }]);
  });

  it('says what is wrong and where, for the person who sent it', () => {
    const error = (() => {
      try {
        parseUpdateInput({ ...valid, summary: 'ab\uD800', statusRationale: 'x\u0085' }, 'five-point');
      } catch (caught) {
        return caught as ValidationFailed;
      }
      throw new Error('expected a validation failure');
    })();
    expect(error.fieldErrors).toEqual([
      { field: 'summary', message: expect.stringMatching(/well-formed Unicode: character 3 is a lone surrogate \(U\+D800\)/) },
      { field: 'statusRationale', message: expect.stringMatching(/character 2 is the control character U\+0085/) },
    ]);
  });

  it('keeps a form textarea working: CRLF lines become entries, and a CRLF summary is stored with LF', () => {
    const candidate = updateCandidateFromForm({ ...valid, summary: 'Line one\r\nLine two\r\n', achievements: 'First\r\nSecond\rThird\n' });
    const update = parseUpdateInput(candidate, 'five-point');
    expect(update.summary).toBe('Line one\nLine two');
    expect(update.achievements).toEqual(['First', 'Second', 'Third']);
  });

  it('normalises before it measures: a summary of CRLF lines at the limit is accepted', () => {
    const text = Array.from({ length: 5 }, () => 'x'.repeat(999)).join('\r\n'); // 5,003 units as sent, 4,999 with LF
    expect(text.length).toBeGreaterThan(5000);
    expect(parseUpdateInput({ ...valid, summary: text }, 'five-point').summary).toHaveLength(4999);
  });
});

describe('stored text in a name', () => {
  const refusedInNames: readonly (readonly [string, string])[] = [
    ...refused,
    ['a line break', 'Name\nBcc: victim@example.org'],
    ['CRLF', 'Name\r\nBcc: victim@example.org'],
    ['a tab', 'Name\tother'],
  ];

  it.each(refusedInNames)('refuses %s in a person’s name and a token holder’s name', (_name, text) => {
    const person = personInputSchema.safeParse({ name: text, email: 'a@example.org', role: 'board' });
    expect(person.success).toBe(false);
    // A name holding an address is refused for that too: every message is about the name.
    expect(new Set(fieldErrors(person.error!).map((fieldError) => fieldError.field))).toEqual(new Set(['name']));
    const holder = tokenHolderSchema.safeParse({ name: text });
    expect(holder.success).toBe(false);
    expect(new Set(fieldErrors(holder.error!).map((fieldError) => fieldError.field))).toEqual(new Set(['name']));
  });

  it('accepts names in any script, with emoji, trimmed', () => {
    expect(personInputSchema.parse({ name: '  Siân Ó Dónaill 日本 👍🏽 ', email: 'A@Example.org', role: 'board' }).name).toBe('Siân Ó Dónaill 日本 👍🏽');
    expect(tokenHolderSchema.parse({ name: 'محمد', email: 'sponsor@example.org' })).toEqual({ name: 'محمد', email: 'sponsor@example.org' });
  });

  it('refuses a token holder’s address that is not an address', () => {
    expect(tokenHolderSchema.safeParse({ email: 'a@example.org\r\nBcc: victim@example.org' }).success).toBe(false);
  });
});

describe('the text helper', () => {
  it('finds no problem in well-formed text, and the first problem otherwise', () => {
    expect(textProblem('one line', false)).toBeUndefined();
    expect(textProblem('tab\tseparated', true)).toBeUndefined();
    expect(textProblem('tab\tseparated', false)).toMatch(/one line without control characters: character 4 is the control character U\+0009/);
    expect(textProblem('two\nlines', true)).toBeUndefined();
    expect(textProblem('two\nlines', false)).toMatch(/character 4 is a line break/);
    expect(textProblem('\uDFFF', true)).toMatch(/character 1 is a lone surrogate \(U\+DFFF\)/);
    expect(textProblem('😀\u0007', true)).toMatch(/character 2 is the control character U\+0007/);
  });

  it('normalises CRLF and lone CR to LF', () => {
    expect(normaliseNewlines('a\r\nb\rc\nd\r\n\re')).toBe('a\nb\nc\nd\n\ne');
  });

  it('measures after trimming, and reports a blank text with the message it is given', () => {
    const schema = plainText({ max: 3, tooShort: 'is required' });
    expect(schema.parse('  abc  ')).toBe('abc');
    expect(schema.safeParse('abcd').success).toBe(false);
    expect(schema.safeParse('   ').error?.issues[0]?.message).toBe('is required');
  });
});
