/**
 * The SQL parser's entry point: input text → statements, or one SqlError.
 *
 *   input ─ lexer ─ split at ; ─┬─ Materialize DDL ─ hand-written parsers ─┐
 *                               └─ queries, DML, CREATE TABLE ─ libpg-query ┴─ Statement[]
 *
 * Decisions:
 * - All or nothing, like Materialize's simple query protocol: the first error anywhere stops
 *   the parse and nothing is returned, so a script never half-runs because of a typo further on.
 * - `parseStatements` throws, and only ever a SqlError (an unexpected exception inside becomes a
 *   SqlError with code `internal_error`); `tryParseStatements` returns the same as a result value.
 * - Pure and synchronous (libpg-query is loaded once at import), linear in the input.
 */
import type { Statement } from './ast.ts';
import { SqlError } from './errors.ts';
import { parseStatement } from './parse-statement.ts';
import { splitStatements } from './split.ts';

export interface ParsedInput {
  /** The statements, in input order; empty for an input of only whitespace, comments and `;`. */
  readonly statements: Statement[];
}

export type ParseOutcome =
  | { readonly ok: true; readonly statements: Statement[] }
  | { readonly ok: false; readonly error: SqlError };

/** Parses every statement of `input`. Throws a SqlError (and nothing else) on the first error. */
export function parseStatements(input: string): ParsedInput {
  try {
    const statements = splitStatements(input).map((slice) => parseStatement(input, slice));
    return { statements };
  } catch (err) {
    if (err instanceof SqlError) throw err;
    const detail = err instanceof Error ? err.message : String(err);
    throw SqlError.at(input, 0, 'internal_error', `internal error in the SQL parser: ${detail}`, {
      cause: err,
    });
  }
}

/** `parseStatements` as a result value. */
export function tryParseStatements(input: string): ParseOutcome {
  try {
    return { ok: true, statements: parseStatements(input).statements };
  } catch (err) {
    return { ok: false, error: err as SqlError };
  }
}

/** The source text of a statement (its span in the input it was parsed from). */
export function statementText(input: string, statement: Statement): string {
  return input.slice(statement.span.start, statement.span.end);
}
