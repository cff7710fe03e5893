/**
 * The results: one row per figure (value, baseline, ratio, goal, met?), notes that explain
 * misses, and the raw details, written as bench/results/latest.json and latest.md and printed.
 */
import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export interface Row {
  section: string;
  figure: string;
  value: number | null;
  unit: string;
  baseline?: number | null;
  /** What the baseline is, e.g. "bare PutItem". */
  baselineLabel?: string;
  ratio?: number | null;
  goal?: string;
  /** null: no goal, or nothing measured. */
  met?: boolean | null;
  /** Shown in place of a value when nothing was measured. */
  text?: string;
}

export interface Table {
  title: string;
  header: string[];
  rows: string[][];
}

/** What each measurement hands back to the runner. */
export interface SectionResult {
  rows: Row[];
  notes: string[];
  tables?: Table[];
  details: unknown;
}

export interface BenchResults {
  generatedAt: string;
  mode: 'full' | 'quick';
  durationSeconds: number;
  machine: Record<string, string | number>;
  rows: Row[];
  notes: Record<string, string[]>;
  tables: Table[];
  details: Record<string, unknown>;
}

export function formatNumber(value: number, unit = ''): string {
  if (!Number.isFinite(value)) return '—';
  if (unit === 'USD') return `$${value < 0.01 ? value.toPrecision(3) : value.toFixed(4)}`;
  const abs = Math.abs(value);
  const text = abs >= 100 || Number.isInteger(value) ? value.toFixed(0) : abs >= 10 ? value.toFixed(1) : value.toFixed(2);
  return unit ? `${text} ${unit}` : text;
}

function cell(value: number | null | undefined, unit: string): string {
  return value === null || value === undefined ? '—' : formatNumber(value, unit);
}

function metCell(met: boolean | null | undefined): string {
  return met === true ? 'yes' : met === false ? '**no**' : '—';
}

function markdownTable(header: string[], rows: string[][]): string {
  const line = (cells: string[]) => `| ${cells.map((c) => c.replace(/\|/g, '\\|')).join(' | ')} |`;
  return [line(header), line(header.map(() => '---')), ...rows.map(line)].join('\n');
}

export function rowsTable(rows: Row[]): string {
  const lines: string[][] = [];
  let section = '';
  for (const row of rows) {
    if (row.section !== section) {
      section = row.section;
      lines.push([`**${section}**`, '', '', '', '', '']);
    }
    const baseline = row.baseline === undefined ? '' : `${cell(row.baseline, row.unit)}${row.baselineLabel ? ` (${row.baselineLabel})` : ''}`;
    lines.push([
      row.figure,
      row.text ?? cell(row.value, row.unit),
      baseline,
      row.ratio === undefined || row.ratio === null ? '' : `${formatNumber(row.ratio)}×`,
      row.goal ?? '',
      metCell(row.met),
    ]);
  }
  return markdownTable(['figure', 'value', 'baseline', 'ratio', 'goal', 'met?'], lines);
}

export function renderMarkdown(results: BenchResults): string {
  const parts = [
    `# Benchmark results (${results.mode})`,
    '',
    `Generated ${results.generatedAt} by \`npm run bench${results.mode === 'quick' ? ' -- --quick' : ''}\` in ${results.durationSeconds.toFixed(0)} s on ${Object.entries(results.machine).map(([k, v]) => `${k} ${v}`).join(', ')}.`,
    'Every ratio is against a baseline measured in the same run on the same machine.',
    '',
    rowsTable(results.rows),
  ];
  for (const table of results.tables) parts.push('', `### ${table.title}`, '', markdownTable(table.header, table.rows));
  const sections = Object.entries(results.notes).filter(([, notes]) => notes.length > 0);
  if (sections.length > 0) {
    parts.push('', '### Notes');
    for (const [section, notes] of sections) {
      parts.push('', `**${section}**`, '', ...notes.map((note) => `- ${note}`));
    }
  }
  return `${parts.join('\n')}\n`;
}

/** Writes both files through a temporary name, so a stopped run never leaves half a file. */
export function writeResults(directory: string, results: BenchResults): { json: string; markdown: string } {
  mkdirSync(directory, { recursive: true });
  const write = (name: string, text: string) => {
    const file = join(directory, name);
    writeFileSync(`${file}.tmp`, text);
    renameSync(`${file}.tmp`, file);
    return file;
  };
  return {
    json: write('latest.json', `${JSON.stringify(results, null, 2)}\n`),
    markdown: write('latest.md', renderMarkdown(results)),
  };
}
