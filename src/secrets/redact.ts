/**
 * Removing known secret values from text before it is shown or logged.
 *
 * Replacing values one by one, even longest first, can leak: with secrets `abcd` and `cdef`, the
 * text `abcdef` becomes `********ef` — two characters of `cdef` survive because its occurrence
 * overlapped one already replaced. So this marks every character covered by any occurrence of any
 * value (overlapping occurrences included) on the original text first, and then replaces each
 * maximal marked run with one marker. No character of any occurrence survives, and the result
 * does not depend on the order values are given in (which subsumes "longest first").
 *
 * Values are also matched in the forms they commonly take in messages: JSON-escaped (a value
 * with quotes or backslashes inside a JSON payload) and URI-encoded (a password in a URL).
 */

/** What a redacted stretch of text becomes; the same mask SHOW CREATE SECRET prints. */
export const REDACTED = '********';

/** `text` with every occurrence of every non-empty value in `values` masked. */
export function redact(text: string, values: Iterable<string>): string {
  const needles = new Set<string>();
  for (const value of values) for (const form of formsOf(value)) needles.add(form);
  if (needles.size === 0 || text === '') return text;

  const covered = new Uint8Array(text.length);
  let any = false;
  for (const needle of needles) {
    for (let at = text.indexOf(needle); at !== -1; at = text.indexOf(needle, at + 1)) {
      covered.fill(1, at, at + needle.length);
      any = true;
    }
  }
  if (!any) return text;

  let out = '';
  let i = 0;
  while (i < text.length) {
    if (covered[i]) {
      out += REDACTED;
      while (i < text.length && covered[i]) i++;
    } else {
      const start = i;
      while (i < text.length && !covered[i]) i++;
      out += text.slice(start, i);
    }
  }
  return out;
}

function formsOf(value: string): string[] {
  if (value === '') return [];
  const forms = [value, JSON.stringify(value).slice(1, -1)];
  try {
    forms.push(encodeURIComponent(value));
  } catch {
    // A lone surrogate cannot be URI-encoded; the raw and JSON forms still apply.
  }
  return forms;
}

/**
 * The set of secret values a process knows about, for the logger and error printing: the session
 * adds a value when it reads or writes a secret and removes it when the secret is dropped.
 */
export class Redactor {
  readonly #values = new Set<string>();

  add(value: string): void {
    if (value !== '') this.#values.add(value);
  }

  delete(value: string): void {
    this.#values.delete(value);
  }

  redact(text: string): string {
    return redact(text, this.#values);
  }

  /** The message of `err` (or `String(err)`), safe to print. */
  redactError(err: unknown): string {
    return this.redact(err instanceof Error ? err.message : String(err));
  }
}
