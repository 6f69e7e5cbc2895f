/**
 * How tokens are named in error messages, following Materialize's parser: keywords bare
 * (`found AS`), other words as `identifier "x"`, punctuation by name (`left parenthesis`), the end
 * as `EOF`. String literals are only ever called `string literal`: their contents may be secrets,
 * and error messages end up in logs.
 */
import { KEYWORDS } from './keywords.ts';
import type { Token } from './lexer.ts';

/** How a token is named in "found ..." messages. String contents are never shown: they may be secrets. */
export function describeToken(token: Token): string {
  switch (token.kind) {
    case 'word':
      return KEYWORDS.has(token.keyword) ? token.keyword : `identifier ${quoteIdent(token.value)}`;
    case 'quoted_ident':
      return `identifier ${quoteIdent(token.value)}`;
    case 'string':
      return token.stringStyle === 'bit'
        ? 'bit string literal'
        : token.stringStyle === 'hex'
          ? 'hex string literal'
          : 'string literal';
    case 'number':
      return `number "${token.value}"`;
    case 'param':
      return `parameter "${token.value}"`;
    case 'op':
      return token.value === '=' ? 'equals sign' : token.value === '*' ? 'star' : `operator "${token.value}"`;
    case 'punct':
      return PUNCT_NAMES[token.value] ?? `"${token.value}"`;
    case 'other':
      return `character ${quoteIdent(token.value)}`;
    case 'eof':
      return 'EOF';
  }
}

const PUNCT_NAMES: Record<string, string> = {
  '(': 'left parenthesis',
  ')': 'right parenthesis',
  ',': 'comma',
  ';': 'semicolon',
  '.': 'dot',
  '[': 'left square bracket',
  ']': 'right square bracket',
  ':': 'colon',
  '::': 'double colon',
};

/** `"name"` for messages: quotes doubled, control characters escaped, long names shortened. */
export function quoteIdent(name: string): string {
  const short = name.length > 64 ? `${name.slice(0, 61)}...` : name;
  // biome-ignore lint/suspicious/noControlCharactersInRegex: escaping exactly these.
  const safe = short.replace(/"/g, '""').replace(/[\x00-\x1f\x7f-\x9f]/g, (ch) => {
    return `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`;
  });
  return `"${safe}"`;
}
