/**
 * What executing one statement produces, for both the CLI and the UI to render.
 *
 * Shaped after the Postgres wire protocol's answers, so output reads like psql's: a command tag
 * (`CREATE CONNECTION`, `SELECT 2`), zero or more notices, and for queries a table of text cells.
 */

export interface ResultTable {
  columns: string[];
  /** Cells as text, or null for SQL NULL. */
  rows: (string | null)[][];
}

export interface StatementResult {
  /** The psql command tag, e.g. `CREATE SECRET`, `DROP CONNECTION`, `SHOW` → `SELECT 3`. */
  tag: string;
  /** NOTICE messages, in order (e.g. `connection "k" already exists, skipping`). */
  notices: string[];
  table?: ResultTable;
}

export function commandResult(tag: string, notices: string[] = []): StatementResult {
  return { tag, notices };
}

export function tableResult(
  columns: string[],
  rows: (string | null)[][],
  notices: string[] = [],
): StatementResult {
  return { tag: `SELECT ${rows.length}`, notices, table: { columns, rows } };
}
