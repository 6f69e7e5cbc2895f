/**
 * The shared base of sluice's typed errors.
 *
 * Every error a user can meet carries a stable `code` (tests and scripts match on it, never on
 * wording), whether retrying the same thing could succeed (`retriable`), an optional `hint` that
 * says what to do next, and the `cause` it wraps. The shell prints `message` and `hint` — never a
 * stack — so both are written for the person at the prompt. A `sqlState` lets the session answer
 * like Postgres/Materialize would (e.g. 2BP01 for "dependent objects still exist").
 */

export interface UserErrorOptions {
  /** What to do next, in one or two sentences. */
  hint?: string;
  /** Supporting facts (Postgres' DETAIL), e.g. the path that was tried. */
  detail?: string;
  /** Whether doing the same thing again may succeed without the user changing anything. */
  retriable?: boolean;
  /** The five-character SQLSTATE a Postgres-compatible server would return. */
  sqlState?: string;
  cause?: unknown;
}

export abstract class UserError extends Error {
  /** Stable, kebab-case, unique per kind of failure: what tests and callers match on. */
  abstract readonly code: string;
  readonly hint: string | undefined;
  readonly detail: string | undefined;
  readonly retriable: boolean;
  readonly sqlState: string | undefined;

  constructor(message: string, options: UserErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.hint = options.hint;
    this.detail = options.detail;
    this.retriable = options.retriable ?? false;
    this.sqlState = options.sqlState;
  }
}

export function isUserError(err: unknown): err is UserError {
  return err instanceof UserError;
}
