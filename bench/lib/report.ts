/**
 * The results: one row per figure (value, baseline, ratio, goal, met?), notes that explain
 * misses, and the raw details, written as bench/artifacts/latest.json and latest.md (ignored by
 * git) and printed. The committed bench/results/ change only when a run is published (publish.ts).
 */
import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { type Repeated, round } from './stats.ts';

export interface Row {
  section: string;
  figure: string;
  value: number | null;
  unit: string;
  baseline?: number | null;
  /** What the baseline is, e.g. "bare PutItem". */
  baselineLabel?: string;
  ratio?: number | null;
  /**
   * How the repetitions behind the figure spread: the lowest and highest of their ratios (of
   * their values when the row has no ratio), and how many there were; `exact` for a figure that
   * is the same every time it is taken (a size in bytes).
   */
  spread?: { min: number; max: number; count: number } | 'exact' | null;
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
  /** The sections run (`--only`), when not every one. */
  only?: string[];
  durationSeconds: number;
  machine: Record<string, string | number>;
  rows: Row[];
  notes: Record<string, string[]>;
  tables: Table[];
  details: Record<string, unknown>;
}

/** Where a run writes its results: ignored by git, so a run leaves the working tree as it was. */
export const runDir = join(import.meta.dirname, '..', 'artifacts');
/** The committed results the docs link to, replaced only by `npm run bench:publish`. */
export const publishedDir = join(import.meta.dirname, '..', 'results');

/** Every goal is judged on at least this many repetitions; with fewer, its row says so and is not judged. */
export const minRepetitions = 3;

/**
 * A goal's verdict: whether it holds, or null when too few repetitions were measured to say.
 * A goal that every repetition must meet is missed as soon as one repetition misses it
 * (`everyRepetition`), however few there were.
 */
export function judged(repetitions: number, holds: boolean, everyRepetition = false): boolean | null {
  if (everyRepetition && repetitions > 0 && !holds) return false;
  return repetitions >= minRepetitions ? holds : null;
}

/** "1 repetition", "3 repetitions". */
export function plural(count: number, noun: string): string {
  return `${count.toLocaleString('en-GB')} ${noun}${count === 1 ? '' : 's'}`;
}

/** A row's spread from repeated figures (rounded for display and JSON). */
export function spreadOf(repetitions: Repeated, digits = 2): Row['spread'] {
  const count = repetitions.values.filter((value) => Number.isFinite(value)).length;
  return count === 0 ? null : { min: round(repetitions.min, digits), max: round(repetitions.max, digits), count };
}

function formatNumber(value: number, unit = ''): string {
  if (!Number.isFinite(value)) return '—';
  if (unit === 'USD') return `$${value < 0.01 ? value.toPrecision(3) : value.toFixed(4)}`;
  const abs = Math.abs(value);
  const text = abs >= 100 || Number.isInteger(value) ? value.toFixed(0) : abs >= 10 ? value.toFixed(1) : value.toFixed(2);
  return unit ? `${text} ${unit}` : text;
}

function cell(value: number | null | undefined, unit: string): string {
  return value === null || value === undefined ? '—' : formatNumber(value, unit);
}

function spreadCell(row: Row): string {
  const spread = row.spread;
  if (spread === undefined) return '';
  if (spread === null) return '—';
  if (spread === 'exact') return 'exact';
  const isRatio = row.ratio !== undefined && row.ratio !== null;
  const [low, high] = [formatNumber(spread.min), formatNumber(spread.max)];
  const range = low === high ? low : `${low}–${high}`;
  return `${range}${isRatio ? '×' : row.unit ? ` ${row.unit}` : ''} (${spread.count})`;
}

function metCell(row: Row): string {
  if (row.met === true) return 'yes';
  if (row.met === false) return '**no**';
  // A goal whose figure was not measured, or measured in fewer repetitions than a verdict needs.
  return row.goal ? 'not judged' : '—';
}

function markdownTable(header: string[], rows: string[][]): string {
  const line = (cells: string[]) => `| ${cells.map((c) => c.replace(/\|/g, '\\|')).join(' | ')} |`;
  return [line(header), line(header.map(() => '---')), ...rows.map(line)].join('\n');
}

function rowsTable(rows: Row[]): string {
  const lines: string[][] = [];
  let section = '';
  for (const row of rows) {
    if (row.section !== section) {
      section = row.section;
      lines.push([`**${section}**`, '', '', '', '', '', '']);
    }
    const baseline = row.baseline === undefined ? '' : `${cell(row.baseline, row.unit)}${row.baselineLabel ? ` (${row.baselineLabel})` : ''}`;
    lines.push([
      row.figure,
      row.text ?? cell(row.value, row.unit),
      baseline,
      row.ratio === undefined || row.ratio === null ? '' : `${formatNumber(row.ratio)}×`,
      spreadCell(row),
      row.goal ?? '',
      metCell(row),
    ]);
  }
  return markdownTable(['figure', 'value', 'baseline', 'ratio', 'spread (repetitions)', 'goal', 'met?'], lines);
}

export function renderMarkdown(results: BenchResults): string {
  const parts = [
    `# Benchmark results (${results.mode})`,
    '',
    `Generated ${results.generatedAt} by \`npm run bench${results.mode === 'quick' || results.only ? ' --' : ''}${results.mode === 'quick' ? ' --quick' : ''}${(results.only ?? []).map((name) => ` --only ${name}`).join('')}\` in ${results.durationSeconds.toFixed(0)} s on ${Object.entries(
      results.machine,
    )
      .map(([k, v]) => `${k} ${v}`)
      .join(', ')}.`,
    'Every ratio is against a baseline measured in the same run on the same machine: each repetition measures a figure and its baseline side by side, the ratio shown is the median of the repetitions’ ratios, and the spread is their lowest and highest (with how many repetitions there were).',
    ...(results.only ? ['', `Only these sections ran: ${results.only.join(', ')}; the others were skipped.`] : []),
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
