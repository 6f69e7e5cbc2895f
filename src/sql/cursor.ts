/**
 * The recursive-descent parser's view of one statement's tokens.
 *
 * Besides peeking and consuming, the cursor remembers what was tried at the current position:
 * every optional keyword or punctuation that did not match records its label, and when something
 * required is missing the error lists all of them ("Expected one of KEY, FORMAT or ENVELOPE,
 * found ..."). That list is exactly the set of alternatives valid at that point, which is also
 * what completion needs. Peeking (`isKeyword`) records nothing; `eat*` and `expect*` do.
 */
import type { Ident, IntegerLiteral, ObjectName, StringLiteral } from './ast.ts';
import { describeToken } from './describe-token.ts';
import { didYouMean } from './did-you-mean.ts';
import { SqlError, type SqlErrorCode } from './errors.ts';
import { RESERVED } from './keywords.ts';
import type { Token } from './lexer.ts';
import type { Span } from './position.ts';
import type { StatementSlice } from './split.ts';

export const END_OF_STATEMENT = 'end of statement';

const PUNCT_LABELS: Record<string, string> = {
  '(': 'left parenthesis',
  ')': 'right parenthesis',
  ',': 'comma',
  '.': 'dot',
  '=': 'equals sign',
  '-': 'minus sign',
};

export interface FailOptions {
  readonly code?: SqlErrorCode;
  readonly hint?: string;
  /** Candidates for a did-you-mean hint instead of the keyword labels of the expected list. */
  readonly suggestFrom?: readonly string[];
  /** Says what was expected in words, instead of listing the alternatives (which stay in `expected`). */
  readonly what?: string;
}

export class Cursor {
  private pos = 0;
  private expectedPos = -1;
  private expected: string[] = [];

  constructor(
    readonly input: string,
    readonly slice: StatementSlice,
  ) {}

  /** The token `ahead` places from the current one; the terminator (`;` or eof) past the end. */
  peek(ahead = 0): Token {
    return this.slice.tokens[this.pos + ahead] ?? this.slice.terminator;
  }

  next(): Token {
    const token = this.peek();
    if (this.pos < this.slice.tokens.length) this.pos++;
    return token;
  }

  atEnd(): boolean {
    return this.pos >= this.slice.tokens.length;
  }

  /** The index of the current token, to come back to it (`reset`). */
  get index(): number {
    return this.pos;
  }

  reset(index: number): void {
    this.pos = index;
  }

  /** The end offset of the last consumed token. */
  get lastEnd(): number {
    return this.pos > 0 ? this.slice.tokens[this.pos - 1]!.end : this.slice.start;
  }

  /** A span from `start` to the end of the last consumed token. */
  spanFrom(start: number): Span {
    return { start, end: Math.max(start, this.lastEnd) };
  }

  // --- what was tried -------------------------------------------------------------------------

  /** Notes that `label` would have been accepted at the current position. */
  record(label: string): void {
    if (this.expectedPos !== this.pos) {
      this.expectedPos = this.pos;
      this.expected = [];
    }
    if (!this.expected.includes(label)) this.expected.push(label);
  }

  /** The labels recorded at the current position. */
  expectedHere(): readonly string[] {
    return this.expectedPos === this.pos ? this.expected : [];
  }

  // --- keywords -------------------------------------------------------------------------------

  isKeyword(keyword: string, ahead = 0): boolean {
    const token = this.peek(ahead);
    return token.kind === 'word' && token.keyword === keyword;
  }

  /** Consumes `keyword` if it is next; otherwise records it as an alternative. */
  eatKeyword(keyword: string): boolean {
    if (this.isKeyword(keyword)) {
      this.pos++;
      return true;
    }
    this.record(keyword);
    return false;
  }

  /**
   * Consumes a keyword sequence such as IF NOT EXISTS. If the first word is absent, nothing is
   * consumed and the sequence is recorded; once the first word is there the rest is required.
   */
  eatKeywords(keywords: readonly string[]): boolean {
    if (!this.isKeyword(keywords[0]!)) {
      this.record(keywords.join(' '));
      return false;
    }
    for (const keyword of keywords) this.expectKeyword(keyword);
    return true;
  }

  expectKeyword(keyword: string): Token {
    if (!this.eatKeyword(keyword)) this.failExpected();
    return this.slice.tokens[this.pos - 1]!;
  }

  /** Consumes one of `keywords` and returns it, or fails listing them (and anything recorded). */
  expectOneOf<K extends string>(keywords: readonly K[]): K {
    for (const keyword of keywords) if (this.isKeyword(keyword)) return this.next().keyword as K;
    for (const keyword of keywords) this.record(keyword);
    return this.failExpected();
  }

  /** `IF NOT EXISTS`, if present. Not listed among the alternatives: it is a modifier. */
  parseIfNotExists(): boolean {
    if (!this.isKeyword('IF')) return false;
    this.next();
    this.expectKeyword('NOT');
    this.expectKeyword('EXISTS');
    return true;
  }

  /** `IF EXISTS`, if present. */
  parseIfExists(): boolean {
    if (!this.isKeyword('IF')) return false;
    this.next();
    this.expectKeyword('EXISTS');
    return true;
  }

  // --- punctuation ----------------------------------------------------------------------------

  isPunct(text: string, ahead = 0): boolean {
    const token = this.peek(ahead);
    return (token.kind === 'punct' || token.kind === 'op') && token.value === text;
  }

  eatPunct(text: string): boolean {
    if (this.isPunct(text)) {
      this.pos++;
      return true;
    }
    this.record(PUNCT_LABELS[text] ?? `"${text}"`);
    return false;
  }

  expectPunct(text: string): Token {
    if (!this.eatPunct(text)) this.failExpected();
    return this.slice.tokens[this.pos - 1]!;
  }

  // --- names and literals ---------------------------------------------------------------------

  /** Whether the next token can be an identifier (quoted, or a word that is not reserved). */
  isIdent(ahead = 0): boolean {
    const token = this.peek(ahead);
    return token.kind === 'quoted_ident' || (token.kind === 'word' && !RESERVED.has(token.keyword));
  }

  parseIdent(): Ident {
    if (!this.isIdent()) {
      this.record('identifier');
      this.failExpected();
    }
    const token = this.next();
    return {
      value: token.value,
      quoted: token.kind === 'quoted_ident',
      span: { start: token.start, end: token.end },
    };
  }

  /** `name`, `schema.name` or `database.schema.name`. */
  parseObjectName(): ObjectName {
    const parts = [this.parseIdent()];
    while (parts.length < 3 && this.isPunct('.')) {
      this.next();
      parts.push(this.parseIdent());
    }
    if (this.isPunct('.'))
      this.fail('syntax_error', 'a name has at most three parts (database.schema.item)', this.peek().start);
    return { parts, span: { start: parts[0]!.span.start, end: parts[parts.length - 1]!.span.end } };
  }

  isString(ahead = 0): boolean {
    const token = this.peek(ahead);
    return token.kind === 'string' && token.stringStyle !== 'bit' && token.stringStyle !== 'hex';
  }

  parseString(): StringLiteral {
    if (!this.isString()) {
      this.record('string literal');
      this.failExpected();
    }
    const token = this.next();
    return { value: token.value, span: { start: token.start, end: token.end } };
  }

  /** An integer literal, optionally negative, within JavaScript's safe integer range. */
  parseInteger(): IntegerLiteral {
    const start = this.peek().start;
    const negative = this.isPunct('-') && this.peek(1).kind === 'number';
    if (negative) this.next();
    const token = this.peek();
    if (token.kind !== 'number') {
      this.record('integer');
      this.failExpected();
    }
    const digits = token.value.replaceAll('_', '');
    if (!/^\d+$/.test(digits))
      this.fail('syntax_error', `Expected integer, found ${describeToken(token)}`, token.start);
    const value = Number(digits) * (negative ? -1 : 1);
    if (!Number.isSafeInteger(value))
      this.fail('syntax_error', `integer out of range: ${token.value}`, token.start);
    this.next();
    return { value, span: { start, end: token.end } };
  }

  /** Requires that the statement ends here. */
  expectEnd(): void {
    if (this.atEnd()) return;
    this.record(END_OF_STATEMENT);
    this.failExpected();
  }

  // --- errors ---------------------------------------------------------------------------------

  /** Fails at the current token: "Expected <recorded alternatives>, found <token>". */
  failExpected(options: FailOptions = {}): never {
    const token = this.peek();
    const expected = [...this.expectedHere()];
    const found = describeToken(token);
    const what = options.what ?? (expected.length === 0 ? undefined : listAlternatives(expected));
    const message = what === undefined ? `Unexpected ${found}` : `Expected ${what}, found ${found}`;
    let hint = options.hint;
    if (hint === undefined && (token.kind === 'word' || token.kind === 'quoted_ident')) {
      const candidates = options.suggestFrom ?? expected.filter((label) => /^[A-Z][A-Z0-9_ -]*$/.test(label));
      const suggestion = didYouMean(token.value, candidates);
      if (suggestion) hint = `did you mean ${suggestion}?`;
    }
    throw SqlError.at(this.input, token.start, options.code ?? 'syntax_error', message, {
      expected,
      ...(hint === undefined ? {} : { hint }),
    });
  }

  fail(code: SqlErrorCode, message: string, offset: number, hint?: string): never {
    throw SqlError.at(this.input, offset, code, message, hint === undefined ? {} : { hint });
  }
}

/** `A`, `A or B`, `one of A, B or C`. */
export function listAlternatives(labels: readonly string[]): string {
  if (labels.length === 1) return labels[0]!;
  if (labels.length === 2) return `${labels[0]} or ${labels[1]}`;
  return `one of ${labels.slice(0, -1).join(', ')} or ${labels[labels.length - 1]}`;
}
