/**
 * Errors as the person at the prompt should see them: `ERROR:` with the message, then for SQL the
 * line with a caret under the position, then `DETAIL:` and `HINT:`. Never a stack trace for a
 * user's mistake; an unexpected error says it is a bug (the stack only with SLUICE_DEBUG=1).
 * Everything passes through the session's redactor, and source lines have secret literals masked.
 */
import { isUserError } from '../errors/user-error.ts';
import type { Redactor } from '../secrets/redact.ts';
import { formatSqlError, maskSecretsInText, SqlError } from '../sql/index.ts';

export function formatError(err: unknown, input: string, redactor: Redactor, env = process.env): string {
  let text: string;
  if (err instanceof SqlError) {
    text = formatSqlError(err, maskSecretsInText(input));
  } else if (isUserError(err)) {
    text = [`ERROR: ${err.message}`, err.detail && `DETAIL: ${err.detail}`, err.hint && `HINT: ${err.hint}`]
      .filter(Boolean)
      .join('\n');
  } else {
    const message = err instanceof Error ? err.message : String(err);
    text = `ERROR: internal error: ${message}\nHINT: This is a bug in sluice.`;
    if (env.SLUICE_DEBUG === '1' && err instanceof Error && err.stack) text += `\n${err.stack}`;
    else text += ' Run again with SLUICE_DEBUG=1 to see where it happened.';
  }
  return `${redactor.redact(text)}\n`;
}
