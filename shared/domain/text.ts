/**
 * Free text as the service stores it. Every stored string is well-formed Unicode: a lone
 * surrogate (a JSON `\ud800` escape is enough to send one) is stored by DynamoDB as is, and
 * afterwards standard clients such as the AWS CLI cannot read the table. No control characters
 * either, apart from tab and, in multi-line fields, newline. Browsers send a textarea's line
 * breaks as CRLF, so CRLF and a lone CR become LF before anything is checked.
 */
import * as z from 'zod/mini';

export interface PlainTextOptions {
  /** Longest text allowed, in UTF-16 code units (as `String.length` counts), after trimming. */
  max: number;
  /** Shortest text allowed after trimming; 1 unless given. */
  min?: number;
  /** Whether the text may hold newlines (a textarea) or is one line (a name, an address). */
  multiline?: boolean;
  /** The message when the text is shorter than `min`, for example because it is blank. */
  tooShort?: string;
}

/** CRLF and a lone CR as LF, the way a textarea's value is meant. */
export function normaliseNewlines(text: string): string {
  return text.replace(/\r\n?/g, '\n');
}

const hex = (codePoint: number) => `U+${codePoint.toString(16).toUpperCase().padStart(4, '0')}`;

/**
 * What is wrong with a text for a field, in words for the person who sent it, or undefined.
 * Single-line fields allow no control character at all; multi-line ones allow newline and tab.
 */
export function textProblem(text: string, multiline: boolean): string | undefined {
  if (!text.isWellFormed()) {
    // Iterating by code point leaves exactly the unpaired surrogates as one-unit strings.
    const chars = [...text];
    const at = chars.findIndex((char) => /^[\uD800-\uDFFF]$/.test(char));
    return `must be well-formed Unicode: character ${at + 1} is a lone surrogate (${hex(chars[at]!.charCodeAt(0))}), which is not a character`;
  }
  let position = 0;
  for (const char of text) {
    position += 1;
    if (!/\p{Cc}/u.test(char)) continue;
    if (multiline && (char === '\n' || char === '\t')) continue;
    const what = char === '\n' ? 'a line break' : `the control character ${hex(char.codePointAt(0)!)}`;
    return multiline
      ? `must not contain control characters other than line breaks and tabs: character ${position} is ${what}`
      : `must be one line without control characters: character ${position} is ${what}`;
  }
  return undefined;
}

/**
 * A zod schema for stored free text: newlines normalised, refused if ill-formed or holding
 * control characters (the issue names the field through its path), then trimmed and measured.
 * The checks are given in one list, the same as chaining them but made as one schema instead of
 * five: every function builds its text schemas as it loads.
 */
export function plainText({ max, min = 1, multiline = false, tooShort }: PlainTextOptions) {
  return z.string().check(
    z.overwrite(normaliseNewlines),
    z.superRefine((text: string, ctx) => {
      const problem = textProblem(text, multiline);
      if (problem) ctx.addIssue({ code: 'custom', message: problem, input: text });
    }),
    z.trim(),
    z.minLength(min, tooShort),
    z.maxLength(max),
  );
}
