/**
 * Where sluice keeps its state, and keeping that place private.
 *
 * The directory is chosen once at start-up: the `--data-dir` flag, else `SLUICE_DATA_DIR`, else
 * the per-user default of the platform (XDG on Linux and other Unixes, Application Support on
 * macOS, %APPDATA% on Windows). Inputs (flag, environment, home, platform, cwd) are passed in so
 * resolution is a pure function.
 *
 * The catalog holds statements that name hosts, users and topics, so the directory is 0700 and
 * every file in it 0600. Modes are set with chmod after creation rather than trusting the umask
 * (a umask of 0 would otherwise leave files world-readable). The instance id that scopes keychain
 * accounts and Kafka names lives in the catalog database (see catalog.ts), not here.
 */
import { chmodSync, closeSync, existsSync, mkdirSync, openSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { UserError, type UserErrorOptions } from '../errors/user-error.ts';

export const DATA_DIR_ENV = 'SLUICE_DATA_DIR';
/** The catalog database inside the data directory; its presence marks a directory as sluice's. */
export const CATALOG_FILE = 'catalog.db';

const DIR_MODE = 0o700;
const FILE_MODE = 0o600;

export type DataDirErrorCode = 'data-dir-not-a-directory' | 'data-dir-not-empty' | 'data-dir-inaccessible';

export class DataDirError extends UserError {
  readonly code: DataDirErrorCode;

  constructor(code: DataDirErrorCode, message: string, options: UserErrorOptions = {}) {
    super(message, options);
    this.code = code;
  }
}

export interface DataDirInputs {
  /** The value of `--data-dir`, if given. */
  flag?: string | undefined;
  env: Readonly<Record<string, string | undefined>>;
  /** The user's home directory (os.homedir()). */
  home: string;
  platform: NodeJS.Platform;
  /** Relative flag/env values are resolved against this (process.cwd()). */
  cwd: string;
}

export interface ResolvedDataDir {
  path: string;
  /** Which input decided it, for `sluice --help`/diagnostics ("data dir: … (from SLUICE_DATA_DIR)"). */
  source: 'flag' | 'env' | 'default';
}

export function resolveDataDir(inputs: DataDirInputs): ResolvedDataDir {
  const p = inputs.platform === 'win32' ? path.win32 : path.posix;
  const explicit = (value: string) => p.resolve(inputs.cwd, expandHome(value, inputs.home, p));
  if (inputs.flag !== undefined && inputs.flag !== '') return { path: explicit(inputs.flag), source: 'flag' };
  const fromEnv = inputs.env[DATA_DIR_ENV];
  if (fromEnv !== undefined && fromEnv !== '') return { path: explicit(fromEnv), source: 'env' };
  return { path: defaultDataDir(inputs, p), source: 'default' };
}

function expandHome(value: string, home: string, p: path.PlatformPath): string {
  if (value === '~') return home;
  if (value.startsWith('~/') || (p === path.win32 && value.startsWith('~\\')))
    return p.join(home, value.slice(2));
  return value;
}

function defaultDataDir(inputs: DataDirInputs, p: path.PlatformPath): string {
  const { env, home, platform } = inputs;
  if (platform === 'win32') {
    const appData = env.APPDATA;
    return p.join(appData && p.isAbsolute(appData) ? appData : p.join(home, 'AppData', 'Roaming'), 'sluice');
  }
  if (platform === 'darwin') return p.join(home, 'Library', 'Application Support', 'sluice');
  // XDG Base Directory spec: a relative XDG_DATA_HOME is invalid and must be ignored.
  const xdg = env.XDG_DATA_HOME;
  return p.join(xdg && p.isAbsolute(xdg) ? xdg : p.join(home, '.local', 'share'), 'sluice');
}

/**
 * Creates the data directory (0700) or checks an existing one. An existing directory must be
 * empty or already hold a sluice catalog: tightening the mode of, say, a home directory handed to
 * `--data-dir` by mistake would be worse than refusing.
 */
export function prepareDataDir(dir: string): void {
  try {
    if (!existsSync(dir)) {
      mkdirSync(dir, { recursive: true, mode: DIR_MODE });
      chmodSync(dir, DIR_MODE);
      return;
    }
    if (!statSync(dir).isDirectory()) {
      throw new DataDirError('data-dir-not-a-directory', `data directory ${dir} is not a directory`, {
        hint: `Pass --data-dir (or set ${DATA_DIR_ENV}) to a directory sluice may create or own.`,
      });
    }
    const entries = readdirSync(dir);
    if (entries.length > 0 && !entries.includes(CATALOG_FILE)) {
      throw new DataDirError(
        'data-dir-not-empty',
        `data directory ${dir} is not empty and holds no sluice catalog`,
        {
          hint: `Use a new or empty directory: sluice makes its data directory private (mode 0700). Pass --data-dir or set ${DATA_DIR_ENV}.`,
        },
      );
    }
    securePrivateTree(dir);
  } catch (err) {
    if (err instanceof DataDirError) throw err;
    throw inaccessible(dir, err);
  }
}

/** Creates `file` (if missing) with mode 0600 and makes sure an existing one has it. */
export function createPrivateFile(file: string): void {
  try {
    closeSync(openSync(file, 'a', FILE_MODE));
    chmodSync(file, FILE_MODE);
  } catch (err) {
    throw inaccessible(path.dirname(file), err);
  }
}

/** Sets 0600 on `file` if it exists (SQLite's -wal and -shm come and go). */
export function securePrivateFile(file: string): void {
  try {
    chmodSync(file, FILE_MODE);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw inaccessible(path.dirname(file), err);
  }
}

/** 0700 on `dir` and every directory below it, 0600 on every file. */
export function securePrivateTree(dir: string): void {
  chmodSync(dir, DIR_MODE);
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) securePrivateTree(full);
    else if (entry.isFile()) securePrivateFile(full);
  }
}

function inaccessible(dir: string, cause: unknown): DataDirError {
  const code = (cause as NodeJS.ErrnoException).code ?? 'unknown error';
  return new DataDirError('data-dir-inaccessible', `cannot use data directory ${dir}: ${code}`, {
    hint: `Check that you own ${dir} and may write to it, or pass another --data-dir (or set ${DATA_DIR_ENV}).`,
    detail: cause instanceof Error ? cause.message : String(cause),
    cause,
  });
}
