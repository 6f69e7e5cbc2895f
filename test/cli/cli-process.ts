/**
 * Running the sluice CLI as a real process from the tests: `node --import tsx fixtures/sluice.ts`
 * (what bin/sluice.js runs from dist/, without a build), with its own data directory.
 *
 * The child inherits the environment, so DBUS_SESSION_BUS_ADDRESS points it at the test run's
 * private keychain. `cliWorkspace(t)` makes a fresh data directory and, when the test ends, deletes
 * the keychain entries of its instance and the directory.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { TestContext } from 'node:test';
import keytar from 'keytar';
import { Catalog } from '../../src/catalog/catalog.ts';
import { CATALOG_FILE } from '../../src/catalog/data-dir.ts';
import { KEYCHAIN_SERVICE } from '../../src/secrets/keychain-secret-store.ts';

export const REPO = path.resolve(import.meta.dirname, '..', '..');
export const CLI_FIXTURE = path.join(import.meta.dirname, 'fixtures', 'sluice.ts');

/** One CLI run that no test should wait longer for. */
const RUN_TIMEOUT_MS = 60_000;

export interface CliRun {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

export interface CliOptions {
  /** Written to stdin, which is then closed. Without it stdin is /dev/null (not a terminal). */
  stdin?: string;
  /** Replaces the inherited environment entirely when given (merge process.env yourself). */
  env?: NodeJS.ProcessEnv;
  cwd?: string;
}

/** The arguments of `node` that run the CLI with `args`. */
export function cliArgs(args: readonly string[]): string[] {
  return ['--import', 'tsx', CLI_FIXTURE, ...args];
}

/** Runs the CLI to the end and returns its exit code and output. */
export function runCli(args: readonly string[], options: CliOptions = {}): Promise<CliRun> {
  const child = spawn(process.execPath, cliArgs(args), {
    cwd: options.cwd ?? REPO,
    env: options.env ?? process.env,
    stdio: [options.stdin === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout!.setEncoding('utf8').on('data', (d: string) => {
    stdout += d;
  });
  child.stderr!.setEncoding('utf8').on('data', (d: string) => {
    stderr += d;
  });
  if (options.stdin !== undefined) child.stdin!.end(options.stdin);
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`sluice ${args.join(' ')} did not end within ${RUN_TIMEOUT_MS} ms:\n${stderr}`));
    }, RUN_TIMEOUT_MS);
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout, stderr });
    });
  });
}

/** Deletes the keychain entries of the data directory's instance, if it has a catalog. */
export async function deleteKeychainEntries(dataDir: string): Promise<void> {
  if (!existsSync(path.join(dataDir, CATALOG_FILE))) return;
  const catalog = Catalog.open({ dataDir });
  const prefix = `${catalog.instanceId}/`;
  catalog.close();
  for (const { account } of await keytar.findCredentials(KEYCHAIN_SERVICE)) {
    if (account.startsWith(prefix)) await keytar.deletePassword(KEYCHAIN_SERVICE, account);
  }
}

export interface CliWorkspace {
  /** A --data-dir that does not exist yet (the CLI creates it and its catalog). */
  dataDir: string;
  /** Writes a file next to the data directory and returns its path (for -f). */
  file(name: string, text: string): string;
}

/**
 * A temporary directory holding a --data-dir and script files; the keychain entries of the data
 * directory's instance and the directory are removed when the test ends.
 */
export function cliWorkspace(t: TestContext): CliWorkspace {
  const dir = mkdtempSync(path.join(tmpdir(), 'sluice-cli-'));
  const dataDir = path.join(dir, 'data');
  t.after(async () => {
    try {
      await deleteKeychainEntries(dataDir);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
  return {
    dataDir,
    file(name, text) {
      const file = path.join(dir, name);
      writeFileSync(file, text);
      return file;
    },
  };
}

/** A stack trace line, which user-facing error output must never hold. */
export const STACK_LINE = /\n\s+at /;
