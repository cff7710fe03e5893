/**
 * The source-map options, reported (docs/performance.md#decisions-the-figures-support): under each, the load of
 * every timed function (import only, in the same repetitions as the baseline's cold requests)
 * and every function's zip, against the baseline as deployed. No goal: the figures the choice
 * in project-function.ts rests on.
 */
import type { Row, Table } from '../lib/report.ts';
import { median, pairedRatios, repeated, round } from '../lib/stats.ts';
import { type BuiltArtifacts, baselineName, deployedOption, type SourceMapOption, sourceMapOptions } from './artifacts.ts';

const kb = (bytes: number) => round(bytes / 1024, 1);

export function reportSourceMapOptions(
  built: BuiltArtifacts,
  /** The baseline's load in each repetition (its cold requests, as deployed). */
  baselineLoad: number[],
  /** A function's load under an option in each repetition (NaN where not timed). */
  loadOf: (option: SourceMapOption, name: string) => number[],
  timed: string[],
): { rows: Row[]; table: Table } {
  const base = built.artifacts.get(baselineName)!;
  const deployed = deployedOption();
  const section = 'Source-map options: each function’s load and zip under each, against the baseline as deployed (figures for the decision; no goal)';
  const rows: Row[] = [];
  const tableRows: string[][] = [];
  for (const [option, { label }] of Object.entries(sourceMapOptions) as [SourceMapOption, { label: string }][]) {
    const artifacts = built.options[option];
    const name = `${label}${option === deployed ? ' (deployed)' : ''}`;
    const perFunction = [...artifacts.keys()].map((fn) => {
      const load = loadOf(option, fn);
      const ratio = repeated(pairedRatios(load, baselineLoad));
      return { fn, artifact: artifacts.get(fn)!, load: repeated(load), ratio, timed: timed.includes(fn) && Number.isFinite(ratio.median) };
    });
    const timedRows = perFunction.filter((row) => row.timed);
    if (timedRows.length > 0) {
      const ratios = repeated(timedRows.map((row) => row.ratio.median));
      rows.push({
        section,
        figure: `${name}: load, median of ${timedRows.length} function(s)${timedRows.length > 1 ? ' (range over functions in spread)' : ''}`,
        value: round(median(timedRows.map((row) => row.load.median)), 1),
        unit: 'ms',
        baseline: round(median(baselineLoad), 1),
        ratio: round(ratios.median, 2),
        spread:
          timedRows.length > 1
            ? { min: round(ratios.min, 2), max: round(ratios.max, 2), count: timedRows.length }
            : { min: round(timedRows[0]!.ratio.min, 2), max: round(timedRows[0]!.ratio.max, 2), count: timedRows[0]!.ratio.values.length },
      });
    }
    const zipRatios = repeated(perFunction.map((row) => row.artifact.zipBytes / base.zipBytes));
    rows.push({
      section,
      figure: `${name}: deployed zip, median of ${perFunction.length} function(s) (range over functions in spread)`,
      value: kb(median(perFunction.map((row) => row.artifact.zipBytes))),
      unit: 'KB',
      baseline: kb(base.zipBytes),
      ratio: round(zipRatios.median, 2),
      spread: { min: round(zipRatios.min, 2), max: round(zipRatios.max, 2), count: perFunction.length },
    });
    for (const row of perFunction) {
      tableRows.push([
        row.fn,
        label,
        row.timed ? `${round(row.load.median, 1)} ms` : 'not timed',
        row.timed ? `${round(row.ratio.median, 2)}× (${round(row.ratio.min, 2)}–${round(row.ratio.max, 2)})` : '—',
        `${kb(row.artifact.bundleBytes)} KB`,
        row.artifact.mapBytes > 0
          ? `${kb(row.artifact.mapBytes)} KB (${round((row.artifact.mapZipBytes / row.artifact.zipBytes) * 100, 0)} % of the zip)`
          : '—',
        `${kb(row.artifact.zipBytes)} KB`,
        `${round(row.artifact.zipBytes / base.zipBytes, 2)}×`,
      ]);
    }
  }
  return {
    rows,
    table: {
      title: 'Source-map options, function by function: load (import only) and zip against the baseline as deployed',
      header: ['function', 'option', 'load', 'load ratio (spread)', 'bundle', 'source map in the zip', 'zip', 'zip ratio'],
      rows: tableRows.sort((a, b) => a[0]!.localeCompare(b[0]!)),
    },
  };
}
