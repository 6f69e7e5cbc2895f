/**
 * Splitting an input into statements at `;`.
 *
 * The split runs over the lexer's tokens, so a `;` inside a string, a quoted identifier, a
 * comment or a dollar quote never ends a statement. Each statement keeps its tokens, whose
 * offsets are offsets into the WHOLE input: an error in the third statement of a script points
 * at its line and column in the script. Empty statements (`;;`, or only comments) are dropped.
 */
import type { SqlError } from './errors.ts';
import { lex, lexTolerant, type Token } from './lexer.ts';

export interface StatementSlice {
  /** The statement's tokens, without the `;` that ends it. Never empty. */
  readonly tokens: readonly Token[];
  /** The `;` that ends the statement, or the input's `eof` token for the last one. */
  readonly terminator: Token;
  /** Offset of the first token (leading comments and whitespace excluded). */
  readonly start: number;
  /** Offset just after the last token (trailing comments and whitespace excluded). */
  readonly end: number;
}

/** The statements of `input`, in order. Throws a SqlError on a lexical error anywhere in it. */
export function splitStatements(input: string): StatementSlice[] {
  return splitTokens(lex(input));
}

/** Splits a token list that ends with an `eof` token (as `lex` returns it). */
export function splitTokens(tokens: readonly Token[]): StatementSlice[] {
  const slices: StatementSlice[] = [];
  let from = 0;
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i]!;
    const ends = token.kind === 'eof' || (token.kind === 'punct' && token.value === ';');
    if (!ends) continue;
    if (i > from) {
      const own = tokens.slice(from, i);
      slices.push({ tokens: own, terminator: token, start: own[0]!.start, end: own[own.length - 1]!.end });
    }
    from = i + 1;
  }
  return slices;
}

/**
 * Whether an interactive input is ready to run: it ends with a `;` outside any string, comment or
 * quote, or it has a lexical error that typing more cannot fix. An unterminated string, quoted
 * identifier, comment or dollar quote means "keep reading".
 */
export function isInputComplete(input: string): boolean {
  const { tokens, error }: { tokens: Token[]; error?: SqlError } = lexTolerant(input);
  if (error) return error.code !== 'unterminated';
  const last = tokens[tokens.length - 2];
  return last !== undefined && last.kind === 'punct' && last.value === ';';
}
