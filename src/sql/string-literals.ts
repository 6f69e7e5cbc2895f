/**
 * Reading the inside of quoted strings: standard strings (`''` is a quote), E'...' strings with
 * backslash escapes, and the Unicode escapes of U&'...' and U&"...". Split from the lexer because
 * escapes are their own small language: `\xHH` and octal escapes are bytes that must form valid
 * UTF-8 together, `\uXXXX` pairs may be surrogate halves, and PostgreSQL rejects NUL in text.
 */
import { SqlError } from './errors.ts';
import { isHighSurrogate, isLowSurrogate } from './position.ts';

const SIMPLE_ESCAPES = new Map([
  ['b', '\b'],
  ['f', '\f'],
  ['n', '\n'],
  ['r', '\r'],
  ['t', '\t'],
]);

function isHexDigit(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 70) || (c >= 97 && c <= 102);
}

function error(
  input: string,
  offset: number,
  code: 'unterminated' | 'invalid_token',
  message: string,
): SqlError {
  return SqlError.at(input, offset, code, message);
}

/** The contents of a standard string from just after its opening quote; `''` is a quote. */
export function readPlainBody(s: string, from: number, start: number): { value: string; end: number } {
  let value = '';
  let k = from;
  for (;;) {
    const close = s.indexOf("'", k);
    if (close === -1) throw error(s, start, 'unterminated', 'unterminated quoted string');
    value += s.slice(k, close);
    if (s.charCodeAt(close + 1) === 39) {
      value += "'";
      k = close + 2;
    } else return { value, end: close + 1 };
  }
}

/** The contents of an E'...' string: backslash escapes, and `''`. */
export function readEscapeBody(s: string, from: number, start: number): { value: string; end: number } {
  const parts: string[] = [];
  let bytes: number[] = [];
  let bytesAt = 0;
  const flushBytes = () => {
    if (bytes.length === 0) return;
    try {
      parts.push(new TextDecoder('utf-8', { fatal: true }).decode(Uint8Array.from(bytes)));
    } catch {
      throw error(s, bytesAt, 'invalid_token', 'invalid byte sequence for encoding "UTF8"');
    }
    bytes = [];
  };
  let k = from;
  for (;;) {
    if (k >= s.length) throw error(s, start, 'unterminated', 'unterminated quoted string');
    const c = s.charCodeAt(k);
    if (c === 39) {
      if (s.charCodeAt(k + 1) === 39) {
        flushBytes();
        parts.push("'");
        k += 2;
        continue;
      }
      flushBytes();
      return { value: parts.join(''), end: k + 1 };
    }
    if (c !== 92 /* \ */) {
      flushBytes();
      let run = k + 1;
      while (run < s.length && s.charCodeAt(run) !== 39 && s.charCodeAt(run) !== 92) run++;
      parts.push(s.slice(k, run));
      k = run;
      continue;
    }
    const escAt = k;
    if (k + 1 >= s.length) throw error(s, start, 'unterminated', 'unterminated quoted string');
    const e = s[k + 1]!;
    k += 2;
    const simple = SIMPLE_ESCAPES.get(e);
    if (simple !== undefined) {
      flushBytes();
      parts.push(simple);
    } else if (e >= '0' && e <= '7') {
      let end = k;
      while (end < k + 2 && s[end]! >= '0' && s[end]! <= '7') end++;
      const byte = Number.parseInt(s.slice(k - 1, end), 8) & 0xff;
      if (bytes.length === 0) bytesAt = escAt;
      bytes.push(byte);
      k = end;
      if (byte === 0) throw error(s, escAt, 'invalid_token', 'null character not permitted in string');
    } else if (e === 'x' && isHexDigit(s.charCodeAt(k))) {
      const end = isHexDigit(s.charCodeAt(k + 1)) ? k + 2 : k + 1;
      const byte = Number.parseInt(s.slice(k, end), 16);
      if (bytes.length === 0) bytesAt = escAt;
      bytes.push(byte);
      k = end;
      if (byte === 0) throw error(s, escAt, 'invalid_token', 'null character not permitted in string');
    } else if (e === 'u' || e === 'U') {
      flushBytes();
      const digits = e === 'u' ? 4 : 8;
      let cp = hexCodePoint(s, k, digits, escAt);
      k += digits;
      if (isHighSurrogate(cp)) {
        // A surrogate pair written as two escapes.
        if (s[k] !== '\\' || (s[k + 1] !== 'u' && s[k + 1] !== 'U'))
          throw error(s, escAt, 'invalid_token', 'invalid Unicode surrogate pair');
        const lowDigits = s[k + 1] === 'u' ? 4 : 8;
        const low = hexCodePoint(s, k + 2, lowDigits, k);
        if (!isLowSurrogate(low)) throw error(s, escAt, 'invalid_token', 'invalid Unicode surrogate pair');
        cp = 0x10000 + ((cp - 0xd800) << 10) + (low - 0xdc00);
        k += 2 + lowDigits;
      } else if (isLowSurrogate(cp)) throw error(s, escAt, 'invalid_token', 'invalid Unicode surrogate pair');
      parts.push(String.fromCodePoint(cp));
    } else {
      // \\, \', and any other character stand for themselves.
      flushBytes();
      const cp = s.codePointAt(k - 1)!;
      if (cp > 0xffff) k++;
      parts.push(String.fromCodePoint(cp));
    }
  }
}

function hexCodePoint(s: string, at: number, digits: number, escAt: number): number {
  const text = s.slice(at, at + digits);
  if (text.length !== digits || !/^[0-9a-fA-F]+$/.test(text))
    throw error(s, escAt, 'invalid_token', 'invalid Unicode escape: use \\uXXXX or \\UXXXXXXXX');
  const cp = Number.parseInt(text, 16);
  if (cp === 0 || cp > 0x10ffff) throw error(s, escAt, 'invalid_token', 'invalid Unicode escape value');
  return cp;
}

/** U&'...' and U&"...": `\XXXX`, `\+XXXXXX` and `\\`. */
export function decodeUnicodeEscapes(s: string, raw: string, start: number): string {
  if (!raw.includes('\\')) return raw;
  return raw.replace(/\\(\\|\+[0-9a-fA-F]{6}|[0-9a-fA-F]{4}|)/g, (_m, esc: string) => {
    if (esc === '\\') return '\\';
    const cp = esc === '' ? Number.NaN : Number.parseInt(esc.replace('+', ''), 16);
    if (!(cp > 0 && cp <= 0x10ffff) || (cp >= 0xd800 && cp <= 0xdfff))
      throw error(s, start, 'invalid_token', 'invalid Unicode escape: use \\XXXX or \\+XXXXXX');
    return String.fromCodePoint(cp);
  });
}
