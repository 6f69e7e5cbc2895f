/**
 * The bridge to libpg-query, the PostgreSQL 18 parser compiled to WebAssembly, which parses
 * queries, DML and CREATE TABLE (and the query inside CREATE VIEW and SUBSCRIBE).
 *
 * It is given one piece of the input at a time (a statement, or the query inside one) and its
 * results are brought back to the whole input:
 *
 * - every position in the returned tree (`location` and friends, UTF-8 byte offsets into the
 *   piece) is rewritten to a UTF-16 offset into the whole input;
 * - syntax errors (the error cursor counts code points into the piece) become SqlErrors at the
 *   same place in the whole input, with PostgreSQL's message;
 * - anything else it throws (a RangeError for very deep expressions) becomes a SqlError too.
 *
 * The WebAssembly module is loaded once, when this module is first imported (top-level await,
 * ~25 ms), so that parsing stays synchronous everywhere else.
 */
import { loadModule, parseSync } from 'libpg-query';
import type { PgQuery, Span } from './ast.ts';
import { SqlError } from './errors.ts';
import { OffsetConverter } from './position.ts';

await loadModule();

/** Keys of PostgreSQL parse nodes that hold positions (ParseLoc), see @pgsql/types. */
const LOCATION_KEYS = new Set([
  'location',
  'name_location',
  'list_start',
  'list_end',
  'rexpr_list_start',
  'rexpr_list_end',
]);

export interface PgStatement {
  /** The node type, e.g. `SelectStmt`. */
  readonly type: string;
  /** The node, positions rewritten to offsets into the whole input. */
  readonly node: Record<string, unknown>;
}

/** Parses `input.slice(span.start, span.end)` as exactly one PostgreSQL statement. */
export function parsePgStatement(input: string, span: Span): PgStatement {
  const text = input.slice(span.start, span.end);
  const converter = new OffsetConverter(text);
  let result: ReturnType<typeof parseSync>;
  try {
    result = parseSync(text);
  } catch (err) {
    throw toSqlError(err, input, span, converter);
  }
  const stmts = result.stmts ?? [];
  const second = stmts[1];
  if (second !== undefined) {
    const at = span.start + converter.fromUtf8Byte(second.stmt_location ?? 0);
    throw SqlError.at(input, at, 'syntax_error', 'Expected end of statement, found another statement');
  }
  const wrapped = stmts[0]?.stmt as Record<string, Record<string, unknown>> | undefined;
  const type = wrapped ? Object.keys(wrapped)[0] : undefined;
  if (!wrapped || type === undefined) throw SqlError.at(input, span.start, 'syntax_error', 'empty query');
  const node = wrapped[type]!;
  shiftLocations(node, span.start, converter);
  return { type, node };
}

/** Parses a query (SELECT, VALUES, TABLE, set operations, WITH ... SELECT) inside a statement. */
export function parsePgQuery(input: string, span: Span, context: string): PgQuery {
  const { type, node } = parsePgStatement(input, span);
  if (type !== 'SelectStmt')
    throw SqlError.at(
      input,
      span.start,
      'syntax_error',
      `${context} needs a query (SELECT, VALUES, TABLE), not ${statementName(type)}`,
    );
  if (node.intoClause !== undefined)
    throw SqlError.at(
      input,
      span.start,
      'unsupported_statement',
      `SELECT INTO is not supported in ${context}`,
    );
  return { node, span };
}

/** `CreateFunctionStmt` → `CREATE FUNCTION`, for messages about unsupported statements. */
export function statementName(type: string): string {
  const known: Record<string, string> = {
    CreateTableAsStmt: 'CREATE TABLE AS',
    MergeStmt: 'MERGE',
    IndexStmt: 'CREATE INDEX',
    ViewStmt: 'CREATE VIEW',
    VariableSetStmt: 'SET',
    VariableShowStmt: 'SHOW',
    TransactionStmt: 'transaction control',
  };
  return (
    known[type] ??
    type
      .replace(/Stmt$/, '')
      .replace(/([a-z])([A-Z])/g, '$1 $2')
      .toUpperCase()
  );
}

function toSqlError(err: unknown, input: string, span: Span, converter: OffsetConverter): SqlError {
  const details = (err as { sqlDetails?: { message?: unknown; cursorPosition?: unknown } } | null)
    ?.sqlDetails;
  if (details && typeof details.message === 'string') {
    const cursor = typeof details.cursorPosition === 'number' ? details.cursorPosition : 0;
    const at = span.start + converter.fromCodePoint(cursor);
    const tooComplex =
      details.message.startsWith('memory exhausted') || details.message.includes('stack depth');
    return SqlError.at(input, at, tooComplex ? 'too_complex' : 'query_syntax_error', details.message, {
      ...(tooComplex
        ? { hint: 'the statement nests too deeply for the PostgreSQL parser; simplify it' }
        : {}),
      cause: err,
    });
  }
  if (err instanceof RangeError) {
    return SqlError.at(input, span.start, 'too_complex', 'statement is too deeply nested to parse', {
      hint: 'the PostgreSQL parser ran out of stack; simplify the expression',
      cause: err,
    });
  }
  const message = err instanceof Error ? err.message : String(err);
  return SqlError.at(input, span.start, 'query_syntax_error', message, { cause: err });
}

/** Rewrites every position in a parse tree, iteratively (trees can be deep). */
function shiftLocations(root: unknown, base: number, converter: OffsetConverter): void {
  const stack: unknown[] = [root];
  while (stack.length > 0) {
    const value = stack.pop();
    if (Array.isArray(value)) {
      for (const item of value) if (item !== null && typeof item === 'object') stack.push(item);
      continue;
    }
    if (value === null || typeof value !== 'object') continue;
    const record = value as Record<string, unknown>;
    for (const key of Object.keys(record)) {
      const child = record[key];
      if (typeof child === 'number') {
        if (LOCATION_KEYS.has(key) && child >= 0) record[key] = base + converter.fromUtf8Byte(child);
      } else if (child !== null && typeof child === 'object') stack.push(child);
    }
  }
}
