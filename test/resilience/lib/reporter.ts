/**
 * Prints the resilience figures as a table when the run ends, and writes the same figures to
 * test/artifacts/resilience/latest.json and latest.md (ignored by git; `npm run
 * test:resilience:publish` copies a whole, passing run's to the committed results/).
 */
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Reporter, TestModule } from 'vitest/node';
import { partsDir, readSections, runDir, type SectionFigures } from './figures.ts';

interface RunSummary {
  finishedAt: string;
  durationSeconds: number;
  tests: { passed: number; failed: number; skipped: number };
  failedTests: string[];
  /** The test files that ran: publishing needs every file of the suite. */
  files: string[];
  allFiguresHold: boolean;
  sections: SectionFigures[];
}

const mark = (holds: boolean | null) => (holds === null ? '' : holds ? 'yes' : 'NO');
const show = (value: number | string) => (typeof value === 'number' ? value.toLocaleString('en-GB') : value);

function markdown(summary: RunSummary): string {
  const lines = [
    '# Resilience figures',
    '',
    `Run finished ${summary.finishedAt} in ${summary.durationSeconds.toFixed(0)} s: ${summary.tests.passed} tests passed, ${summary.tests.failed} failed, ${summary.tests.skipped} skipped.`,
    `Every recorded figure holds: ${summary.allFiguresHold ? 'yes' : 'NO'}.`,
    '',
    '| check | figure | value | must hold | holds |',
    '|---|---|---:|---|---|',
  ];
  for (const section of summary.sections) {
    for (const figure of section.figures) {
      lines.push(`| ${section.order}. ${section.title} | ${figure.figure} | ${show(figure.value)} | ${figure.mustHold} | ${mark(figure.holds)} |`);
    }
  }
  const notes = summary.sections.flatMap((section) => section.notes.map((note) => `- ${section.order}. ${section.title}: ${note}`));
  if (notes.length > 0) lines.push('', '## Notes', '', ...notes);
  if (summary.failedTests.length > 0) lines.push('', '## Failed tests', '', ...summary.failedTests.map((name) => `- ${name}`));
  return `${lines.join('\n')}\n`;
}

function table(summary: RunSummary): string {
  const rows = summary.sections.flatMap((section) =>
    section.figures.map((figure) => [`${section.order}. ${section.title}`, figure.figure, show(figure.value), figure.mustHold, mark(figure.holds)]),
  );
  const header = ['check', 'figure', 'value', 'must hold', 'holds'];
  const widths = header.map((title, i) => Math.max(title.length, ...rows.map((row) => String(row[i]).length)));
  const line = (cells: string[]) => cells.map((cell, i) => cell.padEnd(widths[i]!)).join('  ');
  return [line(header), widths.map((width) => '-'.repeat(width)).join('  '), ...rows.map((row) => line(row.map(String)))].join('\n');
}

export class FiguresReporter implements Reporter {
  private startedAt = Date.now();

  onInit(): void {
    this.startedAt = Date.now();
  }

  onTestRunEnd(testModules: ReadonlyArray<TestModule>): void {
    const tests = { passed: 0, failed: 0, skipped: 0 };
    const failedTests: string[] = [];
    const files = testModules.map((module) => module.moduleId.split('/').pop()!).sort();
    for (const module of testModules) {
      for (const test of module.children.allTests()) {
        const state = test.result().state;
        if (state === 'passed') tests.passed += 1;
        else if (state === 'failed') {
          tests.failed += 1;
          failedTests.push(`${module.moduleId.split('/').pop()} > ${test.fullName}`);
        } else tests.skipped += 1;
      }
      if (module.state() === 'failed' && module.children.size === 0) failedTests.push(`${module.moduleId.split('/').pop()} (the file failed to run)`);
    }
    const sections = readSections();
    const summary: RunSummary = {
      finishedAt: new Date().toISOString(),
      durationSeconds: (Date.now() - this.startedAt) / 1000,
      tests,
      failedTests,
      files,
      allFiguresHold: sections.every((section) => section.figures.every((figure) => figure.holds !== false)),
      sections,
    };
    mkdirSync(runDir, { recursive: true });
    writeFileSync(join(runDir, 'latest.json'), `${JSON.stringify(summary, null, 2)}\n`);
    writeFileSync(join(runDir, 'latest.md'), markdown(summary));
    rmSync(partsDir, { recursive: true, force: true });
    const notes = sections.flatMap((section) => section.notes.map((note) => `  ${section.order}. ${note}`));
    process.stdout.write(
      `\nResilience figures: ${summary.durationSeconds.toFixed(0)} s; ${tests.passed} tests passed, ${tests.failed} failed; every recorded figure holds: ${summary.allFiguresHold ? 'yes' : 'NO'}\n\n${table(summary)}\n` +
        (failedTests.length > 0 ? `\nFailed tests:\n${failedTests.map((name) => `  ${name}`).join('\n')}\n` : '') +
        (notes.length > 0 ? `\nNotes:\n${notes.join('\n')}\n` : '') +
        `\nWritten to test/artifacts/resilience/latest.json and latest.md (npm run test:resilience:publish copies them to test/resilience/results/, the committed figures)\n`,
    );
  }
}
