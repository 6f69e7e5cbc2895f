/**
 * What a user sees when there is no usable keychain: a KeychainUnavailableError that says what is
 * wrong and what to do, within the timeout. The real cases run keytar in a child process whose
 * D-Bus environment the test controls; the hang case injects a keytar that never answers.
 */
import assert from 'node:assert/strict';
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { promisify } from 'node:util';
import { KeychainSecretStore, type KeytarLike } from '../../src/secrets/keychain-secret-store.ts';
import { KeychainUnavailableError } from '../../src/secrets/secret-store.ts';
import { busConfig } from '../support/dbus-session.ts';

const PROBE = path.join(import.meta.dirname, 'fixtures', 'keychain-probe.ts');
const PROBE_TIMEOUT_MS = 3_000;

interface ProbeResult {
  ok: boolean;
  isKeychainUnavailable?: boolean;
  code?: string;
  failure?: string;
  message?: string;
  hint?: string;
  elapsedMs?: number;
}

async function probe(env: NodeJS.ProcessEnv): Promise<ProbeResult> {
  const { stdout } = await promisify(execFile)(
    process.execPath,
    ['--import', 'tsx', PROBE, String(PROBE_TIMEOUT_MS)],
    { env, timeout: 30_000 },
  );
  return JSON.parse(stdout) as ProbeResult;
}

function withoutBus(): NodeJS.ProcessEnv {
  const env = { ...process.env };
  delete env.DBUS_SESSION_BUS_ADDRESS;
  delete env.DISPLAY;
  delete env.WAYLAND_DISPLAY;
  return env;
}

/**
 * A session bus with nothing on it: a config with no service directories, so D-Bus cannot
 * activate gnome-keyring on demand the way the stock session config would.
 */
async function startEmptyBus(t: import('node:test').TestContext): Promise<string> {
  const dir = mkdtempSync(path.join(tmpdir(), 'sluice-empty-bus-'));
  const config = path.join(dir, 'session.conf');
  // The test runner's own bus configuration: no service directories, so no Secret Service can start.
  writeFileSync(config, busConfig(dir));
  const bus: ChildProcess = spawn(
    'dbus-daemon',
    [`--config-file=${config}`, '--nofork', '--print-address=1'],
    {
      stdio: ['ignore', 'pipe', 'ignore'],
    },
  );
  t.after(() => {
    bus.kill('SIGTERM');
    rmSync(dir, { recursive: true, force: true });
  });
  return new Promise((resolve, reject) => {
    let out = '';
    bus.on('error', reject);
    bus.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      if (out.includes('\n')) resolve(out.trim());
    });
  });
}

function assertActionable(result: ProbeResult, messagePattern: RegExp) {
  assert.equal(result.ok, false, 'the keychain unexpectedly worked');
  assert.equal(result.isKeychainUnavailable, true);
  assert.equal(result.code, 'keychain-unavailable');
  assert.match(result.message ?? '', messagePattern);
  assert.ok((result.hint ?? '').length > 20, `no actionable hint: ${JSON.stringify(result.hint)}`);
  assert.ok(!/\n\s+at /.test(`${result.message}${result.hint}`), 'message or hint contains a stack trace');
  assert.ok(result.elapsedMs! < PROBE_TIMEOUT_MS + 1_000, `took ${result.elapsedMs} ms`);
}

test('no D-Bus session at all: says so and how to get one', async () => {
  assertActionable(await probe(withoutBus()), /D-Bus/);
});

test('a bus address that points nowhere: fails within the timeout with a hint', async () => {
  const env = { ...withoutBus(), DBUS_SESSION_BUS_ADDRESS: 'unix:path=/nonexistent/sluice-test-bus' };
  assertActionable(await probe(env), /keychain|D-Bus/i);
});

test('a session bus without a Secret Service: says no keychain is running', async (t) => {
  const address = await startEmptyBus(t);
  assertActionable(
    await probe({ ...withoutBus(), DBUS_SESSION_BUS_ADDRESS: address }),
    /Secret Service|keychain/,
  );
});

/** A keytar whose calls never settle, like libsecret waiting on an unlock prompt. */
function hangingKeytar(): KeytarLike & { calls: number } {
  const never = <T>() => new Promise<T>(() => {});
  const k = {
    calls: 0,
    getPassword: () => {
      k.calls++;
      return never<string | null>();
    },
    setPassword: () => {
      k.calls++;
      return never<void>();
    },
    deletePassword: () => {
      k.calls++;
      return never<boolean>();
    },
    findCredentials: () => {
      k.calls++;
      return never<Array<{ account: string; password: string }>>();
    },
  };
  return k;
}

test('a keychain that never answers fails after the timeout, saying why', async () => {
  const keytar = hangingKeytar();
  const store = new KeychainSecretStore({ instanceId: 'i', keytar, timeoutMs: 200 });
  const started = Date.now();
  await assert.rejects(store.set('s', 'v'), (err: unknown) => {
    assert.ok(err instanceof KeychainUnavailableError);
    assert.equal(err.failure, 'timeout');
    assert.match(err.message, /did not answer within 200 ms/);
    assert.match(err.hint ?? '', /restart sluice/);
    return true;
  });
  const elapsed = Date.now() - started;
  assert.ok(elapsed >= 190 && elapsed < 2_000, `took ${elapsed} ms`);
});

test('after one timeout the store fails at once instead of piling up hung calls', async () => {
  const keytar = hangingKeytar();
  const store = new KeychainSecretStore({ instanceId: 'i', keytar, timeoutMs: 100 });
  await assert.rejects(store.get('a'), KeychainUnavailableError);
  const started = Date.now();
  await assert.rejects(
    store.get('b'),
    (err: unknown) => err instanceof KeychainUnavailableError && err.failure === 'timeout',
  );
  assert.ok(Date.now() - started < 50);
  assert.equal(keytar.calls, 1);
});

test('a keytar error becomes a KeychainUnavailableError that keeps the cause', async () => {
  const boom = new Error('Cannot create an item in a locked collection');
  const failing: KeytarLike = {
    getPassword: () => Promise.reject(boom),
    setPassword: () => Promise.reject(boom),
    deletePassword: () => Promise.reject(boom),
    findCredentials: () => Promise.reject(boom),
  };
  const store = new KeychainSecretStore({
    instanceId: 'i',
    keytar: failing,
    env: { DBUS_SESSION_BUS_ADDRESS: 'unix:path=/x' },
  });
  await assert.rejects(store.set('s', 'v'), (err: unknown) => {
    assert.ok(err instanceof KeychainUnavailableError);
    assert.equal(err.failure, 'unavailable');
    assert.equal(err.cause, boom);
    assert.ok(err.hint);
    return true;
  });
});

test('a keytar that cannot be loaded is reported as not installed', async () => {
  const store = new KeychainSecretStore({
    instanceId: 'i',
    keytar: () => Promise.reject(new Error('libsecret-1.so.0: cannot open shared object file')),
  });
  await assert.rejects(
    store.get('s'),
    (err: unknown) => err instanceof KeychainUnavailableError && err.failure === 'not-installed',
  );
});
