/**
 * CSV for board papers (RFC 4180), safe to open in a spreadsheet: a cell that starts like a
 * formula (=, +, -, @, tab, carriage return) is prefixed with an apostrophe so it stays text.
 */
import type { HttpResult } from '#shared/http/responses';

export type Cell = string | number | null | undefined;

export function csvCell(value: Cell): string {
  let text = value === null || value === undefined ? '' : String(value);
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return `"${text.replace(/"/g, '""')}"`;
}

export function toCsv(header: readonly string[], rows: readonly (readonly Cell[])[]): string {
  return `${[header, ...rows].map((row) => row.map(csvCell).join(',')).join('\r\n')}\r\n`;
}

export function csvResponse(filename: string, body: string): HttpResult {
  return {
    statusCode: 200,
    headers: {
      'content-type': 'text/csv; charset=utf-8',
      'content-disposition': `attachment; filename="${filename.replace(/[^A-Za-z0-9._-]/g, '-')}"`,
      'cache-control': 'no-store',
      'x-content-type-options': 'nosniff',
    },
    // A byte-order mark so spreadsheet programs read the text as UTF-8.
    body: `\uFEFF${body}`,
  };
}
