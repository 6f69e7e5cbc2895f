/**
 * Runs the test runner on a private D-Bus session bus of its own.
 *
 * sluice keeps secrets in the OS keychain through keytar, which on Linux talks to the Secret Service
 * (gnome-keyring, KeePassXC, KWallet) over the D-Bus *session* bus. The tests use that real path, so
 * they need a session bus with a Secret Service on it. We ALWAYS make a new, private bus for that,
 * even on a desktop that already has one: on the developer's own bus every keytar call of a test
 * would read and write the developer's own login keyring (or pop up an unlock prompt on their
 * screen). On the private bus the only Secret Service is the throwaway gnome-keyring that
 * ./keychain.ts starts, and nothing the tests do can reach the real one.
 *
 * `runUnderPrivateSessionBus()` re-runs the current node command under `dbus-run-session`:
 *
 *   node test/run.ts            (the launcher: waits, forwards SIGINT/SIGTERM, returns the exit code)
 *    └─ dbus-run-session       (starts dbus-daemon, runs the command, stops dbus-daemon after it)
 *        ├─ dbus-daemon        (the private bus; its socket lives in a temporary directory)
 *        └─ node test/run.ts   (SLUICE_PRIVATE_BUS=1: the call answers 'inside' and the run goes on)
 *
 * Details that matter:
 * - The bus is configured without service activation (no `<servicedir>`): on a machine with
 *   gnome-keyring installed, the stock session configuration would let a keytar call *start* a
 *   gnome-keyring with the developer's real HOME, or a GUI prompter on their screen.
 * - dbus-run-session dies on SIGINT/SIGTERM without stopping its bus or its child, so it must never
 *   get one. It runs in a session of its own (no terminal signals reach it), and the launcher passes
 *   SIGINT/SIGTERM to the inner command through a pipe (one signal name per line) that the inner
 *   process re-raises on itself. When the launcher dies outright (even SIGKILL), the pipe reaches
 *   end-of-file and the inner process gets SIGTERM, so it still stops what it started.
 * - A third SIGINT/SIGTERM to the launcher gives up on a clean stop and SIGKILLs the whole tree.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { Socket } from 'node:net';
import { constants as osConstants, tmpdir } from 'node:os';
import { join } from 'node:path';
import { findOnPath } from './find-on-path.ts';

/** Set to `1` in the environment of everything that runs on the private bus. */
export const PRIVATE_BUS_ENV = 'SLUICE_PRIVATE_BUS';
/** The private bus' temporary directory; its socket is in there, which is how we recognize the bus. */
const PRIVATE_BUS_DIR_ENV = 'SLUICE_PRIVATE_BUS_DIR';
/** The file descriptor of the signal pipe from the launcher (read once, then removed from the env). */
const CONTROL_FD_ENV = 'SLUICE_PRIVATE_BUS_CONTROL_FD';
/** The inner command gets the signal pipe as this file descriptor (stdin, stdout, stderr, then this). */
const CONTROL_FD = 3;
/** The signals the launcher passes on; anything else arriving on the pipe is ignored. */
const FORWARDED_SIGNALS: readonly NodeJS.Signals[] = ['SIGINT', 'SIGTERM'];
/** After this many SIGINT/SIGTERM the launcher stops waiting for a clean stop and kills everything. */
const SIGNALS_BEFORE_KILL = 3;

/**
 * Variables that must not reach the private bus: the outer bus, and the settings that would send
 * keytar (libsecret) or gnome-keyring somewhere else than the private keyring. SECRET_BACKEND=file
 * would make libsecret write to a file under the real HOME instead of using the Secret Service;
 * GNOME_KEYRING_CONTROL would point a gnome-keyring-daemon at the developer's running daemon.
 */
const OUTSIDE_ONLY_ENV = [
  'DBUS_SESSION_BUS_ADDRESS',
  'DBUS_STARTER_ADDRESS',
  'DBUS_STARTER_BUS_TYPE',
  'SECRET_BACKEND',
  'GNOME_KEYRING_CONTROL',
  'GNOME_KEYRING_PID',
];

/**
 * The address of the private session bus, or an error saying why the current process is not on it.
 * "On it" means: SLUICE_PRIVATE_BUS=1 and DBUS_SESSION_BUS_ADDRESS names a socket inside the
 * directory the launcher made for the bus, so a stray SLUICE_PRIVATE_BUS=1 in a developer's shell
 * does not make their desktop bus look private.
 */
export function privateSessionBusAddress(env: NodeJS.ProcessEnv = process.env): string {
  const address = env.DBUS_SESSION_BUS_ADDRESS;
  const dir = env[PRIVATE_BUS_DIR_ENV];
  // The socket path as dbus-daemon wrote it: D-Bus addresses %-escape unusual bytes, as URIs do.
  const socket = /(?:^|;)unix:(?:[^;]*,)?path=([^,;]*)/.exec(address ?? '')?.[1];
  let inDir = false;
  try {
    inDir =
      socket !== undefined && dir !== undefined && decodeURIComponent(socket).startsWith(join(dir, 'dbus-'));
  } catch {
    // a malformed %-escape: not an address dbus-daemon wrote, so not ours
  }
  if (env[PRIVATE_BUS_ENV] !== '1' || !address || !inDir) {
    throw new Error(
      'not on the private D-Bus session bus of the tests (run them with `npm test`, which calls ' +
        'runUnderPrivateSessionBus() first); refusing to touch the keychain of this session',
    );
  }
  return address;
}

/** A session bus configuration like the stock one, minus service activation (see the header). */
export function busConfig(dir: string): string {
  const xml = (text: string) =>
    text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
  return `<!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN"
 "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
<!-- Written by sluice's test/support/dbus-session.ts for one test run. -->
<busconfig>
  <type>session</type>
  <keep_umask/>
  <listen>unix:dir=${xml(dir)}</listen>
  <auth>EXTERNAL</auth>
  <policy context="default">
    <allow send_destination="*" eavesdrop="true"/>
    <allow eavesdrop="true"/>
    <allow own="*"/>
  </policy>
</busconfig>
`;
}

/** The environment of the inner command: the outer one without OUTSIDE_ONLY_ENV, plus our markers. */
function innerEnv(outer: NodeJS.ProcessEnv, busDir: string): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...outer };
  for (const name of OUTSIDE_ONLY_ENV) delete env[name];
  env[PRIVATE_BUS_ENV] = '1';
  env[PRIVATE_BUS_DIR_ENV] = busDir;
  env[CONTROL_FD_ENV] = String(CONTROL_FD);
  return env;
}

/**
 * Inside: reads the launcher's signal pipe. Each line names a signal, which this process raises on
 * itself, so the handlers the program installed (or the default action) run as if the signal had
 * come from the terminal. End-of-file means the launcher is gone: that is treated as SIGTERM.
 */
function listenToLauncher(): void {
  const fd = Number(process.env[CONTROL_FD_ENV]);
  delete process.env[CONTROL_FD_ENV]; // children of this process must not think the pipe is theirs
  if (!Number.isInteger(fd)) return;

  let channel: Socket;
  try {
    channel = new Socket({ fd, readable: true, writable: false });
  } catch {
    return; // no such descriptor: started by hand with the variables set; nothing to listen to
  }
  let pending = '';
  let launcherGone = false;
  const onLauncherGone = () => {
    if (launcherGone) return;
    launcherGone = true;
    // The launcher would have removed the bus directory after the bus ended; do it on the way out
    // instead (the bus is only needed until this process exits, and ends right after it).
    const busDir = process.env[PRIVATE_BUS_DIR_ENV];
    if (busDir) process.once('exit', () => rmSync(busDir, { recursive: true, force: true }));
    process.kill(process.pid, 'SIGTERM');
  };
  channel.setEncoding('utf8');
  channel.on('data', (chunk: string) => {
    pending += chunk;
    const lines = pending.split('\n');
    pending = lines.pop() ?? '';
    for (const line of lines) {
      const signal = FORWARDED_SIGNALS.find((s) => s === line.trim());
      if (signal) process.kill(process.pid, signal);
    }
  });
  channel.on('end', onLauncherGone);
  channel.on('error', onLauncherGone);
  channel.unref(); // listening must not keep this process alive
}

/**
 * Makes sure the rest of this process runs on a private D-Bus session bus.
 *
 * - Already on it (SLUICE_PRIVATE_BUS=1): starts listening to the launcher and resolves 'inside';
 *   the caller goes on with its work.
 * - Otherwise: runs `dbus-run-session -- <node> <node options> <argv>` with SLUICE_PRIVATE_BUS=1,
 *   stdio inherited, SIGINT/SIGTERM passed on, and resolves with its exit code (128 + signal number
 *   if it was killed by a signal); the caller should exit with it and do nothing else. If
 *   dbus-run-session is not installed, it prints what to install and resolves 1.
 *
 * @param argv what follows the node binary on the command line: the script and its arguments
 *   (default: this process' own, `process.argv.slice(1)`). Node's own options (process.execArgv,
 *   e.g. `--import tsx`) are always passed on.
 */
export async function runUnderPrivateSessionBus(
  argv: readonly string[] = process.argv.slice(1),
): Promise<number | 'inside'> {
  if (process.env[PRIVATE_BUS_ENV] === '1') {
    listenToLauncher();
    return 'inside';
  }

  if (!findOnPath('dbus-run-session')) {
    process.stderr.write(
      'The tests need `dbus-run-session` to run on a private D-Bus session bus, and it is not on PATH.\n' +
        'Install it: `sudo apt-get install dbus-daemon` (Debian 12+ / Ubuntu 22.04+; the package `dbus` ' +
        'on older releases), or your distribution’s D-Bus daemon package.\n',
    );
    return 1;
  }

  const busDir = mkdtempSync(join(tmpdir(), 'sluice-bus-'));
  const configFile = join(busDir, 'session.conf');
  writeFileSync(configFile, busConfig(busDir));

  return await new Promise<number>((resolveCode) => {
    const child = spawn(
      'dbus-run-session',
      [`--config-file=${configFile}`, '--', process.execPath, ...process.execArgv, ...argv],
      {
        env: innerEnv(process.env, busDir),
        // stdin, stdout, stderr are shared; the fourth is the signal pipe (CONTROL_FD inside).
        stdio: ['inherit', 'inherit', 'inherit', 'pipe'],
        // A session (and process group) of its own: Ctrl-C in the terminal reaches only this
        // launcher, which passes it on exactly once; dbus-run-session itself never sees a signal.
        detached: true,
      },
    );
    const channel = child.stdio[CONTROL_FD] as Socket;
    channel.on('error', () => {}); // the inner side may be gone already; the exit event tells the rest

    let signals = 0;
    const forward = (signal: NodeJS.Signals) => {
      signals += 1;
      if (signals < SIGNALS_BEFORE_KILL) {
        if (channel.writable) channel.write(`${signal}\n`);
        return;
      }
      process.stderr.write(`${signal} again: killing the test processes\n`);
      try {
        if (child.pid !== undefined) process.kill(-child.pid, 'SIGKILL'); // its whole process group
      } catch {
        // already gone
      }
    };
    for (const signal of FORWARDED_SIGNALS) process.on(signal, forward);

    let finished = false;
    const finish = (code: number) => {
      if (finished) return;
      finished = true;
      for (const signal of FORWARDED_SIGNALS) process.off(signal, forward);
      channel.destroy();
      rmSync(busDir, { recursive: true, force: true });
      resolveCode(code);
    };
    child.once('error', (err) => {
      process.stderr.write(`could not run dbus-run-session: ${err.message}\n`);
      finish(1);
    });
    child.once('exit', (code, signal) => {
      finish(code ?? 128 + (signal ? (osConstants.signals[signal] ?? 0) : 0));
    });
  });
}
