/**
 * Rendering statement results the way psql does (aligned tables with a header rule and a row
 * count, command tags alone on a line), or as JSON lines or CSV for scripts.
 */

import type { StatementResult } from '../session/statement-result.ts';
import { codePointWidth } from '../sql/display-width.ts';
import type { OutputFormat } from './options.ts';

export function formatResult(result: StatementResult, format: OutputFormat): string {
  switch (format) {
    case 'table':
      return result.table ? alignedTable(result.table.columns, result.table.rows) : `${result.tag}\n`;
    case 'json': {
      const line: Record<string, unknown> = { tag: result.tag };
      if (result.table) {
        const { columns } = result.table;
        line.rows = result.table.rows.map((row) =>
          Object.fromEntries(columns.map((c, i) => [c, row[i] ?? null])),
        );
      }
      return `${JSON.stringify(line)}\n`;
    }
    case 'csv':
      return result.table ? csv(result.table.columns, result.table.rows) : '';
  }
}

/** psql's aligned format: centred headers, left-aligned text, `(n rows)`. */
export function alignedTable(columns: string[], rows: (string | null)[][]): string {
  const cells = rows.map((row) => row.map((cell) => cell ?? ''));
  const widths = columns.map((c, i) => Math.max(width(c), ...cells.map((row) => maxLineWidth(row[i] ?? ''))));
  const header = columns.map((c, i) => centre(c, widths[i]!)).join(' | ');
  const rule = widths.map((w) => '-'.repeat(w + 2)).join('+');
  const lines = [` ${header}`.trimEnd(), rule];
  for (const row of cells) {
    const split = row.map((cell) => cell.split('\n'));
    const height = Math.max(1, ...split.map((parts) => parts.length));
    for (let k = 0; k < height; k++) {
      const parts = split.map((p, i) =>
        (p[k] ?? '').padEnd(widths[i]! - (width(p[k] ?? '') - (p[k] ?? '').length)),
      );
      lines.push(` ${parts.join(' | ')}`.trimEnd());
    }
  }
  lines.push(`(${rows.length} ${rows.length === 1 ? 'row' : 'rows'})`, '');
  return `${lines.join('\n')}\n`;
}

function centre(text: string, w: number): string {
  const pad = w - width(text);
  const left = Math.floor(pad / 2);
  return ' '.repeat(left) + text + ' '.repeat(pad - left);
}

function maxLineWidth(text: string): number {
  return Math.max(...text.split('\n').map(width));
}

/** Terminal columns of `text` (wide characters count two, combining marks none). */
function width(text: string): number {
  let w = 0;
  for (const ch of text) w += codePointWidth(ch.codePointAt(0)!);
  return w;
}

function csv(columns: string[], rows: (string | null)[][]): string {
  const field = (value: string | null) =>
    value === null ? '' : /[",\n\r]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
  return `${[columns, ...rows].map((row) => row.map(field).join(',')).join('\n')}\n`;
}
