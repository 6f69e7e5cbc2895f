/**
 * Removing secret values from SQL text before it is kept anywhere (history, logs).
 *
 * `redactSecrets` uses the parsed statements: every CREATE/ALTER SECRET value literal is replaced
 * by '<redacted>'. `redactSecretsInText` also copes with text that does not parse (a typo, an
 * unterminated string): it falls back to a token scan for `SECRET name AS '...'` and for options
 * of the `secret` kind written with a literal (`SASL PASSWORD = '...'`, an error but still a
 * password), and redacts an unterminated literal in those places up to the end of the text.
 */
import type { Span, Statement } from './ast.ts';
import { SqlError } from './errors.ts';
import { lexTolerant, type Token } from './lexer.ts';
import { ALL_OPTION_TABLES } from './option-tables.ts';
import { parseStatements } from './parse.ts';

export const REDACTED = "'<redacted>'";

/** The spans of secret values in parsed statements. */
export function secretSpans(statements: readonly Statement[]): Span[] {
  const spans: Span[] = [];
  for (const statement of statements) {
    if (statement.kind === 'create_secret' || statement.kind === 'alter_secret')
      spans.push(statement.value.span);
  }
  return spans;
}

/** `text` with the secret literals of `statements` (parsed from `text`) replaced. */
export function redactSecrets(text: string, statements: readonly Statement[]): string {
  return replaceSpans(text, secretSpans(statements));
}

/** `text` with secret literals replaced, whether or not it parses. */
export function redactSecretsInText(text: string): string {
  try {
    return redactSecrets(text, parseStatements(text).statements);
  } catch (err) {
    if (!(err instanceof SqlError)) throw err;
    return replaceSpans(text, lexicalSecretSpans(text));
  }
}

/**
 * `text` with every character of its secret literals replaced by `*`, keeping offsets, lines and
 * columns: for showing a source line under an error without showing the secret in it.
 */
export function maskSecretsInText(text: string): string {
  let spans: Span[];
  try {
    spans = secretSpans(parseStatements(text).statements);
  } catch (err) {
    if (!(err instanceof SqlError)) throw err;
    spans = lexicalSecretSpans(text);
  }
  let out = text;
  for (const span of spans) {
    const masked = out.slice(span.start, span.end).replace(/[^\n]/g, '*');
    out = out.slice(0, span.start) + masked + out.slice(span.end);
  }
  return out;
}

function replaceSpans(text: string, spans: readonly Span[]): string {
  const sorted = [...spans].sort((a, b) => a.start - b.start);
  let out = '';
  let at = 0;
  for (const span of sorted) {
    if (span.start < at) continue;
    out += text.slice(at, span.start) + REDACTED;
    at = span.end;
  }
  return out + text.slice(at);
}

/** Option names whose values are secrets, as word lists: [['SASL', 'PASSWORD'], ['SSL', 'KEY'], ...]. */
const SECRET_OPTION_WORDS: readonly (readonly string[])[] = [
  ...new Set(
    ALL_OPTION_TABLES.flatMap((t) => t.options.filter((o) => o.kind === 'secret').map((o) => o.name)),
  ),
].map((name) => name.split(' '));

function lexicalSecretSpans(text: string): Span[] {
  const { tokens, error } = lexTolerant(text);
  const unterminatedAt = error?.code === 'unterminated' ? error.offset : undefined;
  const spans: Span[] = [];
  // Where a secret literal is expected at token index i: redact it, or the unterminated rest.
  const valueAt = (i: number) => {
    const token = tokens[i];
    if (token?.kind === 'string') spans.push({ start: token.start, end: token.end });
    else if (token?.kind === 'eof' && unterminatedAt !== undefined)
      spans.push({ start: unterminatedAt, end: text.length });
  };
  const isWord = (t: Token | undefined, keyword: string) => t?.kind === 'word' && t.keyword === keyword;
  for (let i = 0; i < tokens.length; i++) {
    if (isWord(tokens[i], 'SECRET')) {
      let j = i + 1;
      while (isWord(tokens[j], 'IF') || isWord(tokens[j], 'NOT') || isWord(tokens[j], 'EXISTS')) j++;
      let named = false;
      while (tokens[j]?.kind === 'word' || tokens[j]?.kind === 'quoted_ident') {
        if (isWord(tokens[j], 'AS') && named) break;
        named = true;
        j++;
        if (tokens[j]?.kind === 'punct' && tokens[j]!.value === '.') j++;
        else break;
      }
      if (named && isWord(tokens[j], 'AS')) valueAt(j + 1);
      // `CREATE SECRET name 'value'` (AS forgotten) still carries a value.
      else if (named && tokens[j]?.kind === 'string') valueAt(j);
    }
    for (const words of SECRET_OPTION_WORDS) {
      if (!words.every((w, k) => isWord(tokens[i + k], w))) continue;
      let j = i + words.length;
      if (tokens[j]?.kind === 'op' && tokens[j]!.value === '=') j++;
      valueAt(j);
    }
  }
  return spans;
}
