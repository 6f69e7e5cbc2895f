/**
 * Running SQL without the UI: -c strings, -f files and stdin.
 *
 * A -c string runs like psql's: all of it is parsed first, so a typo anywhere runs nothing. A file
 * (or stdin) runs statement by statement, like psql -f: each statement is parsed and run in turn, so
 * the statements before a bad one have run, and errors point at the line in the file. The first
 * failure stops the run unless --continue-on-error; either way a failure makes the exit code 1.
 */
import type { Session } from '../session/session.ts';
import { parseStatement, type Statement } from '../sql/index.ts';
import { lexTolerant } from '../sql/lexer.ts';
import { splitTokens } from '../sql/split.ts';
import { formatError } from './format-error.ts';
import { formatResult } from './format-result.ts';
import type { OutputFormat } from './options.ts';

export interface ScriptOutput {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
}

export interface ScriptOptions {
  format: OutputFormat;
  continueOnError: boolean;
}

/** Runs one input. Resolves to true when every statement succeeded. */
export async function runInput(
  session: Session,
  input: string,
  mode: 'all-at-once' | 'statement-by-statement',
  options: ScriptOptions,
  out: ScriptOutput,
): Promise<boolean> {
  // Each piece parses when it runs, so a file's earlier statements run before a later one fails to parse.
  // A -c string is a single piece (all of it parses before any of it runs).
  const pieces: (() => Statement[])[] =
    mode === 'all-at-once' ? [() => session.parse(input)] : scriptPieces(input);
  let ok = true;
  for (const piece of pieces) {
    try {
      for (const statement of piece()) {
        const result = await session.executeStatement(input, statement);
        for (const notice of result.notices) out.stderr(session.redactor.redact(`NOTICE: ${notice}\n`));
        out.stdout(session.redactor.redact(formatResult(result, options.format)));
      }
    } catch (err) {
      out.stderr(formatError(err, input, session.redactor));
      ok = false;
      if (!options.continueOnError) return false;
    }
  }
  return ok;
}

/**
 * A file's statements, each parsed when it runs. A lexical error (say an unterminated string in the
 * third statement) does not stop the complete statements before it from running: it is reported
 * where the statement holding it would have run.
 */
function scriptPieces(input: string): (() => Statement[])[] {
  const { tokens, error } = lexTolerant(input);
  const slices = splitTokens(tokens).filter((slice) => !error || slice.terminator.kind !== 'eof');
  const pieces = slices.map((slice) => () => [parseStatement(input, slice)]);
  if (error) {
    pieces.push(() => {
      throw error;
    });
  }
  return pieces;
}
