/**
 * A real, throwaway OS keychain for the tests: gnome-keyring's Secret Service on the private D-Bus
 * session bus that ./dbus-session.ts sets up.
 *
 * keytar (libsecret) stores every secret in the Secret Service's *default* collection. On a fresh
 * gnome-keyring there is none, and creating or unlocking one normally means a password prompt on
 * screen. `gnome-keyring-daemon --unlock` avoids that: it reads a password from stdin and unlocks the
 * keyring called "login" with it, creating it when it does not exist, and gnome-keyring uses "login"
 * as the default collection when no other default was chosen. So a fresh daemon started that way,
 * with its HOME and XDG directories in a temporary directory, is an empty, unlocked keychain that
 * keytar can use without any prompt, and that never sees the developer's keyrings.
 *
 * `startKeychain()` starts that daemon and waits until a keytar round trip (store, read back, delete)
 * works. Processes that should use the keychain only need DBUS_SESSION_BUS_ADDRESS of the private bus
 * (libsecret talks to the daemon over D-Bus only; HOME and XDG_* do not matter to it).
 *
 * The daemon runs under the lifeline wrapper of ./service-process.ts: when this process goes away,
 * however it dies (even SIGKILL), the daemon is stopped and its directory removed. gnome-keyring also
 * exits by itself when its bus goes away, which happens when dbus-run-session ends.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { explainKeychainError } from '../../src/secrets/keychain-diagnostics.ts';
import { privateSessionBusAddress } from './dbus-session.ts';
import { findOnPath } from './find-on-path.ts';
import { logTail, spawnService } from './service-process.ts';

export interface TestKeychain {
  /** The D-Bus session bus the Secret Service is on: what DBUS_SESSION_BUS_ADDRESS must be. */
  dbusAddress: string;
  /** Stops the daemon and removes its keyrings. Idempotent. */
  stop(): Promise<void>;
}

/** The daemon is usually answering within 30 ms; 15 s allows for a very slow, busy machine. */
const START_TIMEOUT_MS = 15_000;
/** Between readiness probes. */
const PROBE_INTERVAL_MS = 20;
/** One keytar call normally takes milliseconds; one that hangs (a prompt?) is abandoned after this. */
const PROBE_CALL_TIMEOUT_MS = 5_000;
/** How long the daemon gets to exit after SIGTERM (it needs a few milliseconds) before SIGKILL. */
const STOP_GRACE_MS = 5_000;
/** Lines of the daemon's output put into a start-up error. */
const LOG_TAIL_LINES = 20;

/**
 * `--foreground`: stay a child of the wrapper (no double fork), so it can be waited for and killed.
 * `--unlock`: read the password of the "login" keyring from stdin until end-of-file; create and
 *   unlock that keyring with it.
 * `--components=secrets`: only the Secret Service, no SSH agent and no PKCS#11 module.
 */
const DAEMON_ARGS = ['--foreground', '--unlock', '--components=secrets'];

/**
 * What gnome-keyring prints when another process owns org.freedesktop.secrets on the bus. It keeps
 * running anyway, and keytar would then be talking to that other Secret Service.
 */
const ANOTHER_SERVICE = 'another secret service is running';

type Keytar = typeof import('keytar');

async function loadKeytar(): Promise<Keytar> {
  try {
    return (await import('keytar')).default;
  } catch (err) {
    throw new Error(
      `keytar's native module could not be loaded (${err instanceof Error ? err.message : err}); ` +
        'it needs libsecret at run time (Debian: libsecret-1-0) and libsecret-1-dev to be built',
    );
  }
}

function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} did not answer within ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/** Stores, reads back and deletes one random secret; throws what keytar threw, or a mismatch. */
async function keytarRoundTrip(keytar: Keytar): Promise<void> {
  const service = `sluice-keychain-probe-${randomBytes(6).toString('hex')}`;
  const secret = randomBytes(12).toString('hex');
  await keytar.setPassword(service, 'probe', secret);
  const back = await keytar.getPassword(service, 'probe');
  if (back !== secret)
    throw new Error(`keytar read back ${JSON.stringify(back)} instead of the stored secret`);
  if (!(await keytar.deletePassword(service, 'probe'))) throw new Error('keytar could not delete its probe');
}

/**
 * Starts gnome-keyring-daemon with an empty, unlocked default keyring on the private session bus and
 * resolves once keytar can store and read secrets through it. Throws, saying what is missing, if
 * this process is not on the private bus, gnome-keyring is not installed, or the daemon does not
 * become usable within 15 s.
 */
export async function startKeychain(): Promise<TestKeychain> {
  const dbusAddress = privateSessionBusAddress(process.env);
  const daemonPath = findOnPath('gnome-keyring-daemon');
  if (!daemonPath) {
    throw new Error(
      'gnome-keyring-daemon is not on PATH: the tests need it as their OS keychain ' +
        '(Debian/Ubuntu: `sudo apt-get install gnome-keyring`)',
    );
  }
  const keytar = await loadKeytar();

  // Everything the daemon writes goes below this directory: keyrings in data/keyrings, its control
  // socket in runtime/keyring, and its output in daemon.log.
  const dir = mkdtempSync(join(tmpdir(), 'sluice-keyring-'));
  const dirs = {
    home: join(dir, 'home'),
    data: join(dir, 'data'),
    config: join(dir, 'config'),
    cache: join(dir, 'cache'),
    runtime: join(dir, 'runtime'),
  };
  for (const d of Object.values(dirs)) mkdirSync(d, { mode: 0o700 });
  const logFile = join(dir, 'daemon.log');

  const env: NodeJS.ProcessEnv = {
    ...process.env,
    HOME: dirs.home,
    XDG_DATA_HOME: dirs.data,
    XDG_CONFIG_HOME: dirs.config,
    XDG_CACHE_HOME: dirs.cache,
    XDG_RUNTIME_DIR: dirs.runtime,
  };
  delete env.GNOME_KEYRING_CONTROL; // would point the daemon at another, already running daemon

  const daemon = spawnService({
    name: 'sluice-keyring',
    command: [daemonPath, ...DAEMON_ARGS],
    dir,
    env,
    logFile,
    graceMs: STOP_GRACE_MS,
    input: randomBytes(16).toString('hex'), // the password of the "login" keyring, read up to end-of-file
  });
  const stop = async (): Promise<void> => {
    await daemon.stop();
    rmSync(dir, { recursive: true, force: true });
  };

  try {
    await waitUntilUsable({ keytar, logFile, dataDir: dirs.data, exited: () => daemon.exit });
  } catch (err) {
    await stop();
    throw err;
  }
  return { dbusAddress, stop };
}

/** Probes with keytar until it works; throws what went wrong if the daemon exits or time runs out. */
async function waitUntilUsable(params: {
  keytar: Keytar;
  logFile: string;
  dataDir: string;
  exited: () => string | undefined;
}): Promise<void> {
  const { keytar, logFile, dataDir, exited } = params;
  const deadline = performance.now() + START_TIMEOUT_MS;
  let lastError: unknown;
  for (;;) {
    const exit = exited();
    if (exit !== undefined) {
      throw new Error(
        `gnome-keyring-daemon ended (${exit}) before it was usable; its output:\n${logTail(logFile, LOG_TAIL_LINES)}`,
      );
    }
    if (readLog(logFile).includes(ANOTHER_SERVICE)) {
      throw new Error(
        'another Secret Service already owns org.freedesktop.secrets on the test bus, so the ' +
          'throwaway gnome-keyring cannot serve it',
      );
    }
    try {
      // Bounded by the deadline, but long enough that a last probe can fail with its own error.
      const limit = Math.min(PROBE_CALL_TIMEOUT_MS, Math.max(1_000, deadline - performance.now()));
      await withTimeout(keytarRoundTrip(keytar), limit, 'keytar');
      // The keyring file appearing in our directory shows that the answer came from our daemon.
      if (!existsSync(join(dataDir, 'keyrings', 'login.keyring'))) {
        throw new Error('a Secret Service answered, but the throwaway keyring was not written');
      }
      return;
    } catch (err) {
      lastError = err;
    }
    if (performance.now() >= deadline) {
      const { message, hint } = explainKeychainError(lastError, process.env);
      throw new Error(
        `the throwaway gnome-keyring did not become usable within ${START_TIMEOUT_MS / 1000} s: ` +
          `${message}. ${hint}\ngnome-keyring-daemon output:\n${logTail(logFile, LOG_TAIL_LINES)}`,
      );
    }
    await sleep(PROBE_INTERVAL_MS);
  }
}

function readLog(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return '';
  }
}
