/**
 * The figures each resilience check publishes: a value and the rule it must satisfy. Test
 * files run in worker processes, so each section is written to a file of its own as soon as a
 * figure is known (before any assertion can fail), and the reporter gathers them at the end.
 * A run writes under test/artifacts/ (ignored by git); the committed results/ change only when
 * a run is published (publish.ts).
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** Where a run writes its figures: ignored by git, so a run leaves the working tree as it was. */
export const runDir = join(import.meta.dirname, '..', '..', 'artifacts', 'resilience');
export const partsDir = join(runDir, 'parts');
/** The committed figures the docs link to, replaced only by `npm run test:resilience:publish`. */
export const publishedDir = join(import.meta.dirname, '..', 'results');

type Rule = { equals: number } | { atLeast: number } | { atMost: number } | { info: true } | { rule: string; holds: boolean };

interface Figure {
  figure: string;
  value: number | string;
  /** What must hold, in words ("= 0", "≥ 10,000"), or "—" for a figure that is reported only. */
  mustHold: string;
  /** null for a reported-only figure. */
  holds: boolean | null;
}

export interface SectionFigures {
  order: number;
  title: string;
  figures: Figure[];
  notes: string[];
}

const number = (value: number) => value.toLocaleString('en-GB');

function judge(value: number | string, rule: Rule): Pick<Figure, 'mustHold' | 'holds'> {
  if ('info' in rule) return { mustHold: '—', holds: null };
  if ('rule' in rule) return { mustHold: rule.rule, holds: rule.holds };
  const numeric = typeof value === 'number' ? value : Number.NaN;
  if ('equals' in rule) return { mustHold: `= ${number(rule.equals)}`, holds: numeric === rule.equals };
  if ('atLeast' in rule) return { mustHold: `≥ ${number(rule.atLeast)}`, holds: numeric >= rule.atLeast };
  return { mustHold: `≤ ${number(rule.atMost)}`, holds: numeric <= rule.atMost };
}

export interface Section {
  /** Records (or replaces) a figure; returns the value so a test can assert on it next. */
  record<T extends number | string>(figure: string, value: T, rule: Rule): T;
  note(text: string): void;
}

export function section(order: number, title: string): Section {
  const file = join(partsDir, `${String(order).padStart(2, '0')}.json`);
  const state: SectionFigures = existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as SectionFigures) : { order, title, figures: [], notes: [] };
  const save = () => {
    mkdirSync(partsDir, { recursive: true });
    writeFileSync(file, JSON.stringify(state, null, 2));
  };
  save();
  return {
    record(figure, value, rule) {
      const entry: Figure = { figure, value, ...judge(value, rule) };
      const at = state.figures.findIndex((existing) => existing.figure === figure);
      if (at >= 0) state.figures[at] = entry;
      else state.figures.push(entry);
      save();
      return value;
    },
    note(text) {
      if (!state.notes.includes(text)) state.notes.push(text);
      save();
    },
  };
}

export function readSections(): SectionFigures[] {
  if (!existsSync(partsDir)) return [];
  return readdirSync(partsDir)
    .filter((name) => name.endsWith('.json'))
    .map((name) => JSON.parse(readFileSync(join(partsDir, name), 'utf8')) as SectionFigures)
    .sort((a, b) => a.order - b.order);
}

export function resetFigures(): void {
  rmSync(partsDir, { recursive: true, force: true });
}
