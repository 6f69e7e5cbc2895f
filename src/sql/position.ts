/**
 * Positions in SQL text. Everything in the parser measures positions as UTF-16 offsets into the
 * whole input (what `String.prototype.slice` takes), and converts to the two other measures only
 * at the edges:
 *
 * - people read `line:column`, 1-based, the column counted in Unicode code points (what an
 *   editor shows, and what Postgres's `cursorpos` counts);
 * - libpg-query reports node `location`s as UTF-8 byte offsets and error cursors as code-point
 *   offsets into the text it was given.
 *
 * Lone surrogates count as one code point and three UTF-8 bytes, as `TextEncoder` encodes them
 * (U+FFFD), so every conversion agrees with what libpg-query actually received.
 */

/** A half-open range `[start, end)` of UTF-16 offsets into the whole input. */
export interface Span {
  readonly start: number;
  readonly end: number;
}

export interface LineColumn {
  /** 1-based line number; lines end at `\n` (a `\r` before it belongs to the line break). */
  readonly line: number;
  /** 1-based column, counted in code points from the start of the line. */
  readonly column: number;
}

export function span(start: number, end: number): Span {
  return { start, end };
}

/** The line and column of `offset` (clamped into the text). Linear in the text before `offset`. */
export function lineColumnAt(text: string, offset: number): LineColumn {
  const target = Math.max(0, Math.min(offset, text.length));
  let line = 1;
  let lineStart = 0;
  let next = text.indexOf('\n');
  while (next !== -1 && next < target) {
    line++;
    lineStart = next + 1;
    next = text.indexOf('\n', lineStart);
  }
  return { line, column: codePointCount(text, lineStart, target) + 1 };
}

/** The number of code points in `text.slice(start, end)`; a surrogate pair counts once. */
export function codePointCount(text: string, start: number, end: number): number {
  let count = 0;
  for (let i = start; i < end; i++) {
    count++;
    if (isHighSurrogate(text.charCodeAt(i)) && i + 1 < end && isLowSurrogate(text.charCodeAt(i + 1))) i++;
  }
  return count;
}

export function isHighSurrogate(unit: number): boolean {
  return unit >= 0xd800 && unit <= 0xdbff;
}

export function isLowSurrogate(unit: number): boolean {
  return unit >= 0xdc00 && unit <= 0xdfff;
}

/**
 * Converts offsets measured by libpg-query in one piece of text (a statement or a query
 * inside one) back to UTF-16 offsets in that piece. Built once per piece; ASCII text (the
 * common case) needs no table at all.
 */
export class OffsetConverter {
  private readonly ascii: boolean;
  private byteToUnit: Uint32Array | undefined;
  private charToUnit: Uint32Array | undefined;

  constructor(private readonly text: string) {
    // biome-ignore lint/suspicious/noControlCharactersInRegex: the test is exactly "all 7-bit".
    this.ascii = /^[\x00-\x7f]*$/.test(text);
  }

  /** UTF-16 offset of a UTF-8 byte offset (a byte inside a character maps to its start). */
  fromUtf8Byte(byte: number): number {
    if (this.ascii) return clamp(byte, this.text.length);
    this.byteToUnit ??= this.buildTables().bytes;
    return this.byteToUnit[clamp(byte, this.byteToUnit.length - 1)]!;
  }

  /** UTF-16 offset of a code-point offset. */
  fromCodePoint(char: number): number {
    if (this.ascii) return clamp(char, this.text.length);
    this.charToUnit ??= this.buildTables().chars;
    return this.charToUnit[clamp(char, this.charToUnit.length - 1)]!;
  }

  private buildTables(): { bytes: Uint32Array; chars: Uint32Array } {
    const text = this.text;
    const bytes: number[] = [];
    const chars: number[] = [];
    for (let i = 0; i < text.length; ) {
      const unit = text.charCodeAt(i);
      chars.push(i);
      let width: number;
      let units = 1;
      if (unit < 0x80) width = 1;
      else if (unit < 0x800) width = 2;
      else if (isHighSurrogate(unit) && i + 1 < text.length && isLowSurrogate(text.charCodeAt(i + 1))) {
        width = 4;
        units = 2;
      } else width = 3;
      for (let b = 0; b < width; b++) bytes.push(i);
      i += units;
    }
    bytes.push(text.length);
    chars.push(text.length);
    this.byteToUnit = Uint32Array.from(bytes);
    this.charToUnit = Uint32Array.from(chars);
    return { bytes: this.byteToUnit, chars: this.charToUnit };
  }
}

function clamp(value: number, max: number): number {
  return Math.min(Math.max(value, 0), max);
}
