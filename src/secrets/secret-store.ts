/**
 * Where secret values live: the `SecretStore` interface and the error for a keychain that is not
 * there.
 *
 * The catalog records that a secret exists (and the redacted statement that created it); the value
 * itself is only ever in a SecretStore — the OS keychain in production (keychain-secret-store.ts),
 * a map in tests (memory-secret-store.ts). Names are catalog names; a store scopes them to one
 * data directory itself, so callers never build keychain account names.
 */
import { UserError, type UserErrorOptions } from '../errors/user-error.ts';

export interface SecretStore {
  /** Stores `value` under `name`, replacing any previous value. */
  set(name: string, value: string): Promise<void>;
  /** The value stored under `name`, or undefined if there is none. */
  get(name: string): Promise<string | undefined>;
  /** Removes `name`; false if there was nothing to remove. */
  delete(name: string): Promise<boolean>;
  /** The names this store holds (for finding orphans left by a crash), if the backend can list. */
  list?(): Promise<string[]>;
}

/** Why the keychain could not be used; `timeout` means it did not answer at all. */
export type KeychainFailure = 'unavailable' | 'timeout' | 'not-installed';

/**
 * The OS keychain cannot be reached or refused the request. `message` says what is wrong and
 * `hint` what to do; the shell prints those two, not a stack.
 */
export class KeychainUnavailableError extends UserError {
  readonly code = 'keychain-unavailable';
  readonly failure: KeychainFailure;

  constructor(message: string, failure: KeychainFailure, options: UserErrorOptions = {}) {
    super(message, options);
    this.failure = failure;
  }
}
