/**
 * The one error type of the SQL layer, and how it is shown.
 *
 * Everything the lexer, the hand-written Materialize parser and the libpg-query bridge reject
 * becomes a `SqlError` with a stable `code`, a position in the WHOLE input (offset, line,
 * column) and, where the parser knew the alternatives, the `expected` list and a `hint`. Messages
 * follow Materialize's parser ("Expected one of A, B or C, found identifier "x"", "found EOF");
 * errors reported by the PostgreSQL parser keep its wording ("syntax error at or near "x"") so a
 * query error reads the same as in psql.
 *
 * `formatSqlError` renders like psql does, with the column in the LINE prefix:
 *
 *   ERROR: Expected one of TABLE, VIEW, ... or CLUSTER, found identifier "tabel"
 *   LINE 1:8: CREATE tabel t (a int)
 *                    ^
 *   HINT: did you mean TABLE?
 */
import { codePointWidth } from './display-width.ts';
import { type LineColumn, lineColumnAt } from './position.ts';

export type SqlErrorCode =
  /** A string, quoted identifier, comment or dollar quote runs to the end of the input. */
  | 'unterminated'
  /** A malformed token: bad escape, NUL character, trailing junk after a number, `""`. */
  | 'invalid_token'
  /** The hand-written parser found something other than what may come next. */
  | 'syntax_error'
  /** An option name that the option list does not have. */
  | 'unknown_option'
  | 'duplicate_option'
  /** An option value of the wrong kind, or outside the option's allowed values. */
  | 'invalid_option_value'
  /** A statement PostgreSQL or Materialize know but sluice does not run. */
  | 'unsupported_statement'
  /** A syntax error reported by the PostgreSQL parser (queries, DML, CREATE TABLE). */
  | 'query_syntax_error'
  /** Nesting beyond what the PostgreSQL parser can hold. */
  | 'too_complex'
  /** A bug: something other than a SqlError escaped the parser. Never expected. */
  | 'internal_error'
  // Raised by the session's planning, at the position of what was written:
  /** A name that no catalog item has. */
  | 'unknown_item'
  | 'unknown_schema'
  | 'unknown_database'
  | 'invalid_name'
  /** A name of an item of another kind than the statement needs (`SHOW CREATE SINK my_table`). */
  | 'wrong_object_type'
  /** Options that don't fit together, or a value the planner rejects. */
  | 'invalid_options'
  /** Valid SQL that this version of sluice does not run yet. */
  | 'not_supported';

export interface SqlErrorDetails {
  readonly expected?: readonly string[];
  readonly hint?: string;
  readonly cause?: unknown;
}

export class SqlError extends Error {
  override readonly name = 'SqlError';
  /** Parse errors are about the text: retrying the same text fails the same way. */
  readonly retriable = false;
  /**
   * What would have been accepted at `offset`: keywords and option names in upper case
   * (`FORMAT`, `SASL MECHANISMS`), token classes in lower case (`identifier`, `string literal`,
   * `right parenthesis`, `end of statement`). Completion can offer the upper-case ones.
   */
  readonly expected: readonly string[] | undefined;
  readonly hint: string | undefined;

  constructor(
    readonly code: SqlErrorCode,
    message: string,
    /** UTF-16 offset into the whole input, `0 <= offset <= input.length`. */
    readonly offset: number,
    readonly line: number,
    readonly column: number,
    details: SqlErrorDetails = {},
  ) {
    super(message, details.cause === undefined ? undefined : { cause: details.cause });
    this.expected = details.expected;
    this.hint = details.hint;
  }

  /** An error at `offset` of `input`, with line and column computed from the input. */
  static at(
    input: string,
    offset: number,
    code: SqlErrorCode,
    message: string,
    details?: SqlErrorDetails,
  ): SqlError {
    const clamped = Math.max(0, Math.min(offset, input.length));
    const { line, column }: LineColumn = lineColumnAt(input, clamped);
    return new SqlError(code, message, clamped, line, column, details);
  }
}

/** Source lines wider than this (in terminal columns) are shown as a window around the caret. */
const MAX_SOURCE_WIDTH = 100;
/** Tab stops used when expanding tabs, so that the caret lines up whatever the terminal's are. */
const TAB_WIDTH = 4;
const ELLIPSIS = '...';

export interface FormatOptions {
  /** Widest source excerpt, in terminal columns. Default 100. */
  readonly maxWidth?: number;
}

/** Renders an error with the offending line of `input` and a caret under the position. */
export function formatSqlError(err: SqlError, input: string, options: FormatOptions = {}): string {
  const lines = [`ERROR: ${err.message}`];
  const prefix = `LINE ${err.line}:${err.column}: `;
  const { text, caret } = excerpt(input, err.offset, options.maxWidth ?? MAX_SOURCE_WIDTH);
  lines.push(`${prefix}${text}`.trimEnd(), `${' '.repeat(prefix.length + caret)}^`);
  if (err.hint) lines.push(`HINT: ${err.hint}`);
  return lines.join('\n');
}

interface Cell {
  readonly text: string;
  readonly width: number;
  /** Display column where the cell starts. */
  readonly column: number;
  /** UTF-16 offset of the source character. */
  readonly offset: number;
}

/** The line holding `offset`, made printable, and the display column of `offset` in it. */
function excerpt(input: string, offset: number, maxWidth: number): { text: string; caret: number } {
  const at = Math.max(0, Math.min(offset, input.length));
  const lineStart = input.lastIndexOf('\n', at - 1) + 1;
  let lineEnd = input.indexOf('\n', at);
  if (lineEnd === -1) lineEnd = input.length;
  if (lineEnd > lineStart && input.charCodeAt(lineEnd - 1) === 13) lineEnd--;

  const cells: Cell[] = [];
  let column = 0;
  let caret = -1;
  for (let i = lineStart; i < lineEnd; ) {
    const cp = input.codePointAt(i)!;
    const units = cp > 0xffff ? 2 : 1;
    if (caret === -1 && i >= at) caret = column;
    let cellText: string;
    let width: number;
    if (cp === 9) {
      width = TAB_WIDTH - (column % TAB_WIDTH);
      cellText = ' '.repeat(width);
    } else if (cp < 0x20 || (cp >= 0x7f && cp < 0xa0) || (cp >= 0xd800 && cp <= 0xdfff)) {
      // Control characters (an escape sequence could repaint the terminal) and lone surrogates.
      cellText = '\ufffd';
      width = 1;
    } else {
      cellText = String.fromCodePoint(cp);
      width = codePointWidth(cp);
    }
    cells.push({ text: cellText, width, column, offset: i });
    column += width;
    i += units;
  }
  if (caret === -1) caret = column;
  const total = column;
  if (total <= maxWidth) return { text: cells.map((c) => c.text).join(''), caret };

  // A window of about maxWidth columns, the caret a little left of its middle.
  const room = Math.max(10, maxWidth - 2 * ELLIPSIS.length);
  let from = Math.max(0, caret - Math.floor(room / 2));
  const to = Math.min(total, from + room);
  from = Math.max(0, to - room);
  const shown = cells.filter((c) => c.column >= from && c.column + c.width <= to);
  const first = shown[0]?.column ?? from;
  const lead = from > 0 ? ELLIPSIS : '';
  const tail = to < total ? ELLIPSIS : '';
  return { text: lead + shown.map((c) => c.text).join('') + tail, caret: lead.length + (caret - first) };
}
