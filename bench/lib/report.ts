/**
 * Results: one JSON line each on stdout, `{bench, variant, value, unit, baseline, ratio, env}`
 * (BENCHMARKS.md), plus the spread of the measured runs (min, max, runs) and optional free-form
 * `note` and `detail`. A skipped variant is a line too, with value null and the reason in `note`, so
 * a reader of the JSON sees what was not measured. At the end, the same results as a table for people.
 */
import type { Env } from './env.ts';
import type { Summary } from './stats.ts';

export interface Result {
  bench: string;
  variant: string;
  /** The median of the measured runs; null when the variant was skipped. */
  value: number | null;
  unit: string;
  /** The in-run baseline's median in the same unit, or null when this result is itself a baseline. */
  baseline: number | null;
  /** value / baseline. */
  ratio: number | null;
  min?: number;
  max?: number;
  runs?: number;
  note?: string;
  detail?: Record<string, number | string | boolean | null>;
}

/** Six significant digits: more than any run-to-run spread, and lines stay short. */
const round = (x: number): number => Number(x.toPrecision(6));

/** value, min, max and runs from a summary; baseline and ratio from the baseline's summary, if any. */
export function measured(
  summary: Summary,
  baseline?: Summary,
): Pick<Result, 'value' | 'baseline' | 'ratio' | 'min' | 'max' | 'runs'> {
  return {
    value: summary.median,
    baseline: baseline ? baseline.median : null,
    ratio: baseline ? summary.median / baseline.median : null,
    min: summary.min,
    max: summary.max,
    runs: summary.runs,
  };
}

export function resultLine(result: Result, env: Env): string {
  const rounded = <T>(x: T): T => (typeof x === 'number' ? (round(x) as T) : x);
  const { bench, variant, value, unit, baseline, ratio, min, max, runs, note, detail } = result;
  const line = {
    bench,
    variant,
    value: rounded(value),
    unit,
    baseline: rounded(baseline),
    ratio: rounded(ratio),
    min: rounded(min),
    max: rounded(max),
    runs,
    note,
    detail: detail && Object.fromEntries(Object.entries(detail).map(([k, v]) => [k, rounded(v)])),
    env,
  };
  return JSON.stringify(line); // undefined fields (no spread, no note) drop out
}

function num(x: number | null | undefined): string {
  if (typeof x !== 'number') return '—';
  const digits = Math.abs(x) >= 100 ? 0 : Math.abs(x) >= 10 ? 1 : 2;
  return x.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });
}

/** A plain-text table of all results, for the end of a run. */
export function summaryTable(results: readonly Result[]): string {
  const header = ['bench', 'variant', 'median', 'unit', 'min … max', 'baseline', 'ratio', 'note'];
  const rows = results.map((r) => [
    r.bench,
    r.variant,
    num(r.value),
    r.unit,
    r.min === undefined ? '' : `${num(r.min)} … ${num(r.max)}`,
    num(r.baseline),
    typeof r.ratio === 'number' ? `${r.ratio.toFixed(3)}×` : '—',
    r.note ?? '',
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i]!.length)));
  const numeric = new Set([2, 4, 5, 6]); // right-aligned columns
  const format = (row: string[]) =>
    row
      .map((cell, i) => (numeric.has(i) ? cell.padStart(widths[i]!) : cell.padEnd(widths[i]!)))
      .join('  ')
      .trimEnd();
  return [format(header), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(format)].join('\n');
}
