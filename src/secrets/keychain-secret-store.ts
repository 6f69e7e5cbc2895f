/**
 * The SecretStore backed by the OS keychain through keytar: macOS Keychain, Windows Credential
 * Vault, and on Linux the Secret Service over D-Bus (gnome-keyring, KeePassXC, …).
 *
 * Entries are service `sluice`, account `<instance id>/<secret name>`: the instance id is the
 * data directory's (see catalog.ts), so two data directories never see each other's secrets.
 *
 * Failure handling:
 *   - keytar is loaded on first use, so a missing libsecret is a KeychainUnavailableError rather
 *     than a crash at start-up;
 *   - every keytar error becomes a KeychainUnavailableError saying what is wrong and what to do
 *     (explainKeychainError in keychain-diagnostics.ts);
 *   - every call is bounded (KEYCHAIN_TIMEOUT_MS): a Secret Service that never answers — a locked
 *     keyring waiting for an unlock prompt no one can see — would otherwise hang the shell. After
 *     one timeout the store fails fast: each hung call holds one of libuv's four threadpool threads
 *     (shared with fs and dns) for good, so calling again would starve the process. The caller
 *     should tell the user to fix the keychain and restart sluice.
 */
import { explainKeychainError } from './keychain-diagnostics.ts';
import { KeychainUnavailableError, type SecretStore } from './secret-store.ts';

/** The keychain "service" every sluice entry is filed under. */
export const KEYCHAIN_SERVICE = 'sluice';
/**
 * How long one keychain call may take. A healthy keychain answers in milliseconds; five seconds
 * leaves room for a slow D-Bus activation of gnome-keyring while still failing before a user
 * gives up on the prompt.
 */
export const KEYCHAIN_TIMEOUT_MS = 5_000;

/** The part of keytar this store uses; injected in tests. */
export interface KeytarLike {
  getPassword(service: string, account: string): Promise<string | null>;
  setPassword(service: string, account: string, password: string): Promise<void>;
  deletePassword(service: string, account: string): Promise<boolean>;
  findCredentials(service: string): Promise<Array<{ account: string; password: string }>>;
}

export interface KeychainSecretStoreOptions {
  /** The data directory's instance id (Catalog.instanceId). */
  instanceId: string;
  /** keytar itself, or a loader; defaults to importing the `keytar` package on first use. */
  keytar?: KeytarLike | (() => Promise<KeytarLike>);
  timeoutMs?: number;
  /** The environment used to explain failures (DBUS_SESSION_BUS_ADDRESS, DISPLAY, …). */
  env?: NodeJS.ProcessEnv;
}

async function importKeytar(): Promise<KeytarLike> {
  const mod = (await import('keytar')) as KeytarLike & { default?: KeytarLike };
  return mod.default ?? mod;
}

export class KeychainSecretStore implements SecretStore {
  readonly #prefix: string;
  readonly #timeoutMs: number;
  readonly #env: NodeJS.ProcessEnv;
  readonly #load: () => Promise<KeytarLike>;
  #keytar: Promise<KeytarLike> | undefined;
  /** Set after a timeout: every later call fails with it at once. */
  #stuck: KeychainUnavailableError | undefined;

  constructor(options: KeychainSecretStoreOptions) {
    if (!options.instanceId || options.instanceId.includes('/')) {
      throw new TypeError(`invalid instance id ${JSON.stringify(options.instanceId)}`);
    }
    this.#prefix = `${options.instanceId}/`;
    this.#timeoutMs = options.timeoutMs ?? KEYCHAIN_TIMEOUT_MS;
    this.#env = options.env ?? process.env;
    const keytar = options.keytar;
    this.#load = typeof keytar === 'function' ? keytar : keytar ? async () => keytar : importKeytar;
  }

  async set(name: string, value: string): Promise<void> {
    await this.#call((k) => k.setPassword(KEYCHAIN_SERVICE, this.#account(name), value));
  }

  async get(name: string): Promise<string | undefined> {
    return (await this.#call((k) => k.getPassword(KEYCHAIN_SERVICE, this.#account(name)))) ?? undefined;
  }

  async delete(name: string): Promise<boolean> {
    return this.#call((k) => k.deletePassword(KEYCHAIN_SERVICE, this.#account(name)));
  }

  async list(): Promise<string[]> {
    const all = await this.#call((k) => k.findCredentials(KEYCHAIN_SERVICE));
    return all
      .filter((c) => c.account.startsWith(this.#prefix))
      .map((c) => c.account.slice(this.#prefix.length))
      .sort();
  }

  #account(name: string): string {
    if (name === '') throw new TypeError('a secret name cannot be empty');
    return this.#prefix + name;
  }

  async #call<T>(op: (keytar: KeytarLike) => Promise<T>): Promise<T> {
    if (this.#stuck) throw this.#stuck;
    let timer: NodeJS.Timeout | undefined;
    // Not unref'd: if a hung keytar call does not keep the event loop alive, the timer must,
    // or a script would exit silently in the middle of CREATE SECRET.
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(TIMED_OUT), this.#timeoutMs);
    });
    try {
      return await Promise.race([this.#loadOnce().then(op), timeout]);
    } catch (err) {
      if (err === TIMED_OUT) {
        this.#stuck = timeoutError(this.#timeoutMs, this.#env);
        throw this.#stuck;
      }
      if (err instanceof KeychainUnavailableError) throw err;
      const { message, hint } = explainKeychainError(err, this.#env);
      throw new KeychainUnavailableError(message, 'unavailable', { hint, cause: err });
    } finally {
      clearTimeout(timer);
    }
  }

  #loadOnce(): Promise<KeytarLike> {
    this.#keytar ??= this.#load().catch((cause: unknown) => {
      this.#keytar = undefined;
      throw new KeychainUnavailableError(
        'the OS keychain library (keytar) could not be loaded',
        'not-installed',
        {
          hint:
            process.platform === 'linux'
              ? 'Install libsecret (e.g. `apt install libsecret-1-0`), then start sluice again.'
              : 'Reinstall sluice so its native keychain module matches this Node.js version.',
          detail: cause instanceof Error ? cause.message : String(cause),
          cause,
        },
      );
    });
    return this.#keytar;
  }
}

const TIMED_OUT = Symbol('keychain timed out');

function timeoutError(timeoutMs: number, env: NodeJS.ProcessEnv): KeychainUnavailableError {
  const cause = Object.assign(new Error(`no answer from the OS keychain within ${timeoutMs} ms`), {
    code: 'ETIMEDOUT',
  });
  const { hint } = explainKeychainError(cause, env);
  return new KeychainUnavailableError(
    `the OS keychain did not answer within ${formatSeconds(timeoutMs)}; it may be locked and waiting for an unlock prompt`,
    'timeout',
    { hint: `${hint} Then restart sluice.`, cause },
  );
}

function formatSeconds(ms: number): string {
  return ms >= 1000 ? `${ms / 1000} s` : `${ms} ms`;
}
