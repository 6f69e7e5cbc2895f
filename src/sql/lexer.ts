/**
 * The SQL tokenizer. Hand-written, one pass, linear in the input.
 *
 * It follows PostgreSQL's lexical rules (scan.l) wherever they decide where a token ends, because
 * the same text is later handed to libpg-query: if the two disagreed about where a string or a
 * comment ends, they would disagree about where a statement ends. So: `''` inside strings,
 * `E'...'` backslash escapes, `$tag$...$tag$` dollar quotes, `"..."` identifiers with `""`,
 * nested block comments, `--` comments (also inside operators), adjacent string literals joined
 * across a newline, identifier characters including `$` and everything non-ASCII.
 *
 * Words are not classified as keywords here: a `word` token carries its value folded to lower
 * case (ASCII only, as PostgreSQL folds) and `keyword`, its upper-case form, and the parser decides
 * what a word is where it stands. Comments and whitespace produce no tokens.
 *
 * Errors (unterminated constructs, bad escapes, NUL characters, junk after numbers) are SqlErrors
 * at the start of the offending construct. Characters that begin no token become `other` tokens
 * rather than errors, so that the parser can say what it expected instead.
 */
import { SqlError } from './errors.ts';
import { isHighSurrogate, isLowSurrogate } from './position.ts';
import { decodeUnicodeEscapes, readEscapeBody, readPlainBody } from './string-literals.ts';

export type TokenKind =
  | 'word'
  | 'quoted_ident'
  | 'string'
  | 'number'
  | 'param'
  | 'op'
  | 'punct'
  | 'other'
  /** Closes every token list: at the end of the last real token (or 0 when there is none). */
  | 'eof';

/** How a string literal was written; `bit` and `hex` strings are not text. */
export type StringStyle = 'plain' | 'escape' | 'dollar' | 'unicode' | 'bit' | 'hex';

export interface Token {
  readonly kind: TokenKind;
  /**
   * word: folded to lower case; quoted_ident: unescaped; string: decoded contents;
   * number, param, op, punct, other: the source text; eof: ''.
   */
  readonly value: string;
  /** For `word`: the word in upper case, to match keywords; '' for every other kind. */
  readonly keyword: string;
  readonly stringStyle?: StringStyle;
  /** UTF-16 offsets into the whole input, end exclusive. */
  readonly start: number;
  readonly end: number;
  /** 1-based line and column (in code points) of `start`. */
  readonly line: number;
  readonly column: number;
}

export interface LexResult {
  readonly tokens: Token[];
  /** Set when lexing stopped early; `tokens` then holds the tokens before the error. */
  readonly error?: SqlError;
}

/** All tokens of `input`, ending with an `eof` token. Throws a SqlError on a lexical error. */
export function lex(input: string): Token[] {
  const result = lexTolerant(input);
  if (result.error) throw result.error;
  return result.tokens;
}

/** Like `lex`, but returns the tokens read before a lexical error along with the error. */
export function lexTolerant(input: string): LexResult {
  const lexer = new Lexer(input);
  try {
    lexer.run();
    return { tokens: lexer.finish() };
  } catch (err) {
    if (err instanceof SqlError) return { tokens: lexer.finish(), error: err };
    throw err;
  }
}

const OP_CHARS = new Set('+-*/<>=~!@#%^&|`?');
/** Operator characters that let a multi-character operator end in `+` or `-` (scan.l's rule). */
const NON_MATH_OP_CHARS = new Set('~!@#%^&|`?');
const PUNCT_CHARS = new Set('(),;[].:');

function isSpace(c: number): boolean {
  return c === 32 || (c >= 9 && c <= 13);
}
function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}
function isIdentStart(c: number): boolean {
  return (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95 || c >= 0x80;
}
function isIdentChar(c: number): boolean {
  return isIdentStart(c) || isDigit(c) || c === 36;
}
function isHexDigit(c: number): boolean {
  return isDigit(c) || (c >= 65 && c <= 70) || (c >= 97 && c <= 102);
}

/** ASCII-only case folding, as PostgreSQL folds unquoted identifiers. */
export function foldLower(word: string): string {
  return /[A-Z]/.test(word) ? word.replace(/[A-Z]+/g, (s) => s.toLowerCase()) : word;
}
function foldUpper(word: string): string {
  return /[a-z]/.test(word) ? word.replace(/[a-z]+/g, (s) => s.toUpperCase()) : word;
}

class Lexer {
  private readonly tokens: Token[] = [];
  private i = 0;
  // Incremental line/column tracking: token starts only move forward, so this stays linear.
  private trackedOffset = 0;
  private trackedLine = 1;
  private trackedColumn = 1;

  constructor(private readonly input: string) {}

  run(): void {
    const s = this.input;
    const n = s.length;
    while (this.i < n) {
      const c = s.charCodeAt(this.i);
      const next = this.i + 1 < n ? s.charCodeAt(this.i + 1) : -1;
      if (isSpace(c)) this.i++;
      else if (c === 45 /* - */ && next === 45) this.skipLineComment();
      else if (c === 47 /* / */ && next === 42 /* * */) this.skipBlockComment();
      else if (c === 0) throw this.error(this.i, 'invalid_token', 'null character in input');
      else if (c === 39 /* ' */) this.string(this.i, 'plain', 0);
      else if ((c === 69 || c === 101) /* E e */ && next === 39) this.string(this.i, 'escape', 1);
      else if ((c === 66 || c === 98) /* B b */ && next === 39) this.string(this.i, 'bit', 1);
      else if ((c === 88 || c === 120) /* X x */ && next === 39) this.string(this.i, 'hex', 1);
      else if ((c === 78 || c === 110) /* N n */ && next === 39) this.string(this.i, 'plain', 1);
      else if ((c === 85 || c === 117) /* U u */ && next === 38 /* & */ && s.charCodeAt(this.i + 2) === 39)
        this.string(this.i, 'unicode', 2);
      else if ((c === 85 || c === 117) && next === 38 && s.charCodeAt(this.i + 2) === 34)
        this.quotedIdent(this.i, 2);
      else if (isIdentStart(c)) this.word();
      else if (c === 34 /* " */) this.quotedIdent(this.i, 0);
      else if (isDigit(c) || (c === 46 /* . */ && isDigit(next))) this.number();
      else if (c === 36 /* $ */ && isDigit(next)) this.param();
      else if (c === 36) this.dollarOrOther();
      else if (c === 58 /* : */ && next === 58) this.push('punct', '::', this.i, this.i + 2);
      else if (PUNCT_CHARS.has(s[this.i]!)) this.push('punct', s[this.i]!, this.i, this.i + 1);
      else if (OP_CHARS.has(s[this.i]!)) this.operator();
      else {
        const cp = s.codePointAt(this.i)!;
        const len = cp > 0xffff ? 2 : 1;
        this.push('other', s.slice(this.i, this.i + len), this.i, this.i + len);
      }
    }
  }

  finish(): Token[] {
    const last = this.tokens[this.tokens.length - 1];
    const at = last ? last.end : 0;
    const { line, column } = this.track(at);
    this.tokens.push({ kind: 'eof', value: '', keyword: '', start: at, end: at, line, column });
    return this.tokens;
  }

  private track(offset: number): { line: number; column: number } {
    const s = this.input;
    for (let k = this.trackedOffset; k < offset; k++) {
      const c = s.charCodeAt(k);
      if (c === 10) {
        this.trackedLine++;
        this.trackedColumn = 1;
      } else {
        if (isHighSurrogate(c) && k + 1 < offset && isLowSurrogate(s.charCodeAt(k + 1))) k++;
        this.trackedColumn++;
      }
    }
    this.trackedOffset = offset;
    return { line: this.trackedLine, column: this.trackedColumn };
  }

  private push(kind: TokenKind, value: string, start: number, end: number, extra?: Partial<Token>): void {
    const { line, column } = this.track(start);
    const keyword = kind === 'word' ? foldUpper(this.input.slice(start, end)) : '';
    this.tokens.push({ kind, value, keyword, start, end, line, column, ...extra });
    this.i = end;
  }

  private error(offset: number, code: 'unterminated' | 'invalid_token', message: string): SqlError {
    return SqlError.at(this.input, offset, code, message);
  }

  private skipLineComment(): void {
    const nl = this.input.indexOf('\n', this.i);
    this.i = nl === -1 ? this.input.length : nl + 1;
  }

  private skipBlockComment(): void {
    const s = this.input;
    const start = this.i;
    let depth = 0;
    let k = this.i;
    while (k < s.length) {
      if (s.charCodeAt(k) === 47 && s.charCodeAt(k + 1) === 42) {
        depth++;
        k += 2;
      } else if (s.charCodeAt(k) === 42 && s.charCodeAt(k + 1) === 47) {
        depth--;
        k += 2;
        if (depth === 0) {
          this.i = k;
          return;
        }
      } else k++;
    }
    throw this.error(start, 'unterminated', 'unterminated multiline comment');
  }

  private word(): void {
    const s = this.input;
    const start = this.i;
    let k = start + 1;
    while (k < s.length && isIdentChar(s.charCodeAt(k))) k++;
    this.push('word', foldLower(s.slice(start, k)), start, k);
  }

  private quotedIdent(start: number, prefix: number): void {
    const s = this.input;
    let k = start + prefix + 1;
    let value = '';
    for (;;) {
      const close = s.indexOf('"', k);
      if (close === -1) throw this.error(start, 'unterminated', 'unterminated quoted identifier');
      value += s.slice(k, close);
      if (s.charCodeAt(close + 1) === 34) {
        value += '"';
        k = close + 2;
      } else {
        k = close + 1;
        break;
      }
    }
    if (prefix > 0) value = decodeUnicodeEscapes(s, value, start);
    if (value === '') throw this.error(start, 'invalid_token', 'zero-length delimited identifier');
    this.push('quoted_ident', value, start, k);
  }

  /**
   * A quoted string starting at `start` (`prefix` characters before the opening quote), plus any
   * continuation: `'a'<newline>'b'` is one literal 'ab'.
   */
  private string(start: number, style: StringStyle, prefix: number): void {
    const s = this.input;
    let k = start + prefix;
    let value = '';
    for (;;) {
      const body = style === 'escape' ? readEscapeBody(s, k + 1, start) : readPlainBody(s, k + 1, start);
      value += body.value;
      k = body.end;
      // Continuation: whitespace holding a newline, then another quote.
      let w = k;
      let newline = false;
      while (w < s.length && isSpace(s.charCodeAt(w))) {
        if (s.charCodeAt(w) === 10 || s.charCodeAt(w) === 13) newline = true;
        w++;
      }
      if (!newline || s.charCodeAt(w) !== 39) break;
      k = w;
    }
    if (style === 'unicode') value = decodeUnicodeEscapes(s, value, start);
    this.push('string', value, start, k, { stringStyle: style });
  }

  private number(): void {
    const s = this.input;
    const start = this.i;
    let k = start;
    const c1 = s[k + 1];
    if (s[k] === '0' && c1 !== undefined && 'xXoObB'.includes(c1)) {
      k += 2;
      while (k < s.length && (isHexDigit(s.charCodeAt(k)) || s[k] === '_')) k++;
    } else {
      while (k < s.length && (isDigit(s.charCodeAt(k)) || s[k] === '_')) k++;
      if (s[k] === '.' && s[k + 1] !== '.') {
        k++;
        while (k < s.length && (isDigit(s.charCodeAt(k)) || s[k] === '_')) k++;
      }
      if (s[k] === 'e' || s[k] === 'E') {
        const sign = s[k + 1] === '+' || s[k + 1] === '-' ? 1 : 0;
        if (isDigit(s.charCodeAt(k + 1 + sign))) {
          k += 1 + sign;
          while (k < s.length && isDigit(s.charCodeAt(k))) k++;
        }
      }
    }
    if (k < s.length && isIdentChar(s.charCodeAt(k))) {
      let end = k;
      while (end < s.length && isIdentChar(s.charCodeAt(end))) end++;
      throw this.error(
        start,
        'invalid_token',
        `trailing junk after numeric literal at or near "${s.slice(start, end)}"`,
      );
    }
    this.push('number', s.slice(start, k), start, k);
  }

  private param(): void {
    const s = this.input;
    const start = this.i;
    let k = start + 1;
    while (k < s.length && isDigit(s.charCodeAt(k))) k++;
    if (k < s.length && isIdentChar(s.charCodeAt(k)))
      throw this.error(start, 'invalid_token', 'trailing junk after parameter');
    this.push('param', s.slice(start, k), start, k);
  }

  private dollarOrOther(): void {
    const s = this.input;
    const start = this.i;
    let k = start + 1;
    if (k < s.length && isIdentStart(s.charCodeAt(k))) {
      k++;
      while (k < s.length && isIdentChar(s.charCodeAt(k)) && s.charCodeAt(k) !== 36) k++;
    }
    if (s.charCodeAt(k) !== 36) {
      this.push('other', '$', start, start + 1);
      return;
    }
    const tag = s.slice(start, k + 1);
    const close = s.indexOf(tag, k + 1);
    if (close === -1) throw this.error(start, 'unterminated', 'unterminated dollar-quoted string');
    this.push('string', s.slice(k + 1, close), start, close + tag.length, { stringStyle: 'dollar' });
  }

  private operator(): void {
    const s = this.input;
    const start = this.i;
    let k = start;
    while (k < s.length && OP_CHARS.has(s[k]!)) {
      // `--` and `/*` start comments even inside what would be an operator.
      if ((s[k] === '-' && s[k + 1] === '-') || (s[k] === '/' && s[k + 1] === '*')) break;
      k++;
    }
    if (k === start) k = start + 1; // a lone character that starts a comment is handled by run()
    let op = s.slice(start, k);
    if (op.length > 1 && /[+-]$/.test(op) && ![...op].some((ch) => NON_MATH_OP_CHARS.has(ch))) {
      op = op.replace(/[+-]+$/, '') || op[0]!;
    }
    this.push('op', op, start, start + op.length);
  }
}
