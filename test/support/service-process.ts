/**
 * A long-running child process that dies with this one: how the test services (the Kafka broker, the
 * schema registry, the keychain daemon) are run.
 *
 * The service runs under a tiny `sh` wrapper holding one end of a pipe, the "lifeline", whose other end
 * this process holds and never writes to. When this process goes away, however it dies (even SIGKILL),
 * the lifeline reaches end-of-file and the wrapper stops the service and removes its directory. Nothing
 * has to be cleaned up after a crashed run. stop() closes the lifeline too: the path that matters most,
 * dying with us, is the one every test run exercises.
 *
 * The lifeline is the wrapper's fd 3, not its stdin: Node closes a child's stdin as soon as the child
 * exits, which would look like our death to a watchdog still waiting on it, and would remove the
 * directory (and the log in it) of a service that ended on its own before we could report on it. So a
 * service that ends on its own keeps its directory until stop() or our end; and stdin stays free for
 * input (the keychain's password).
 *
 * The wrapper gets a process group (and session) of its own: a Ctrl-C in the terminal reaches this
 * process, which stops the service in order, instead of reaching the service directly; and stop() can
 * kill the whole group (wrapper, watchdog, service) at once if the wrapper itself is stuck.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { closeSync, openSync, readFileSync } from 'node:fs';
import type { Socket } from 'node:net';

export interface ServiceOptions {
  /** The wrapper's name (its `$0`, what `ps` shows for it): `sluice-kafka`. */
  name: string;
  /** The service's command line. */
  command: readonly string[];
  /** The service's private directory: removed once the lifeline closes and the service is gone. */
  dir: string;
  /** Where the service's stdout and stderr go (appended). */
  logFile: string;
  /** How long the service gets between SIGTERM and SIGKILL when it is stopped. */
  graceMs: number;
  cwd?: string;
  env?: NodeJS.ProcessEnv;
  /** Written to the service's stdin, which is then closed; without it, stdin is /dev/null. */
  input?: string;
}

export interface ServiceProcess {
  /** How the service ended (`exit code 1`, `killed by SIGKILL`, `could not be started: ...`), once it has. */
  readonly exit: string | undefined;
  /** Resolves with `exit` when the service ends, by stop() or on its own. */
  readonly exited: Promise<string>;
  /**
   * Stops the service and waits for it. Idempotent. If it was running, the wrapper has removed its
   * directory; if it had ended on its own, the directory is left for the caller, who may still want
   * the log in it (and removes it afterwards).
   */
  stop(): Promise<void>;
}

/** The wrapper waits this long between checks while the service shuts down. */
const TICK_MS = 100;
/** How much longer than the grace period stop() waits for the wrapper before killing its whole group. */
const WRAPPER_MARGIN_MS = 5_000;

/**
 * The wrapper (`sh -c WRAPPER <name> <dir> <ticks> <command...>`).
 *
 * - the traps are set before the service and the watchdog start, so no signal can hit the wrapper's
 *   default action (dying and leaving the service behind);
 * - the service starts in the background with the wrapper's stdin (passed through fd 4: background
 *   jobs of a non-interactive shell get /dev/null as stdin) and without the lifeline (fd 3);
 * - a watchdog reads the lifeline, so `cat` returns only when Node closes it: in stop(), or because
 *   Node died, however it died. The watchdog then tells the wrapper with SIGUSR1. It never signals the
 *   service, whose process id may be someone else's once the service has ended; the wrapper's id
 *   cannot be reused while the watchdog lives, since it is the watchdog's session id;
 * - on SIGUSR1 the wrapper sends the service SIGTERM, SIGKILL if it is still there after <ticks> x
 *   0.1 s, and once it is gone removes the service's directory: nobody else may be left to do it;
 * - the watchdog waits until the directory is gone or the wrapper is (at most 5 s past the grace
 *   period, should the wrapper hang), and removes the directory if it is still there: a wrapper that
 *   was exiting by itself at that very moment (or had exited, not yet reaped) took the SIGUSR1 too late
 *   to act on it;
 * - SIGTERM/SIGINT/SIGHUP to the wrapper are passed on to the service (its directory is kept: Node
 *   still runs);
 * - the wrapper exits when the service does, so Node sees the service's end as the wrapper's exit; from
 *   then on it ignores signals (nobody is left to pass them to). If the service ended on its own, its
 *   directory stays for Node to report on; the watchdog removes it when the lifeline closes, unless
 *   stop() has killed the watchdog first.
 */
const WRAPPER = `
dir=$1 ticks=$2; shift 2
child= orphaned= term=
trap 'term=1; [ -z "$child" ] || kill -TERM "$child" 2>/dev/null' TERM INT HUP
trap 'orphaned=1; kill -TERM "$child" 2>/dev/null' USR1
exec 4<&0 </dev/null
"$@" <&4 3<&- 4<&- &
child=$!
exec 4<&-
[ -z "$term" ] || kill -TERM "$child"
{
  cat <&3 >/dev/null
  kill -USR1 $$ 2>/dev/null
  n=0
  while [ -e "$dir" ] && kill -0 $$ 2>/dev/null && [ "$n" -lt $((ticks + 50)) ]; do sleep 0.1; n=$((n + 1)); done
  [ -n "$dir" ] && rm -rf "$dir"
} &
exec 3<&-
while :; do
  wait "$child"; status=$?
  kill -0 "$child" 2>/dev/null || break
  if [ -n "$orphaned" ]; then
    n=0
    while kill -0 "$child" 2>/dev/null && [ "$n" -lt "$ticks" ]; do sleep 0.1; n=$((n + 1)); done
    kill -0 "$child" 2>/dev/null && kill -KILL "$child"
  fi
done
trap '' TERM INT HUP USR1
if [ -n "$orphaned" ] && [ -n "$dir" ]; then rm -rf "$dir"; fi
exit "$status"
`;

/** Starts `command` under the lifeline wrapper. Neither the process nor its pipes keep Node running. */
export function spawnService(options: ServiceOptions): ServiceProcess {
  const { dir, graceMs, input } = options;
  const ticks = String(Math.ceil(graceMs / TICK_MS));
  const logFd = openSync(options.logFile, 'a');
  let child: ChildProcess;
  try {
    child = spawn('sh', ['-c', WRAPPER, options.name, dir, ticks, ...options.command], {
      cwd: options.cwd,
      env: options.env,
      detached: true,
      stdio: [input === undefined ? 'ignore' : 'pipe', logFd, logFd, 'pipe'],
    });
  } finally {
    closeSync(logFd);
  }

  let exit: string | undefined;
  const exited = new Promise<string>((resolve) => {
    child.once('exit', (code, signal) => {
      exit = signal ? `killed by ${signal}` : `exit code ${code}`;
      resolve(exit);
    });
    child.once('error', (err) => {
      exit = `could not be started: ${err.message}`;
      resolve(exit);
    });
  });

  if (child.stdin) {
    child.stdin.on('error', () => {}); // EPIPE if the wrapper is already gone; the exit event says so
    child.stdin.end(input);
    (child.stdin as Socket).unref();
  }
  const lifeline = child.stdio[3] as Socket;
  lifeline.on('error', () => {}); // EPIPE and the like once the wrapper is gone: nothing to do
  // A program that forgets stop() still ends, and the service ends with it (the lifeline closes).
  child.unref();
  lifeline.unref();

  /** Resolves true when the wrapper has exited, false after `ms`. */
  const waitForExit = async (ms: number): Promise<boolean> => {
    if (exit !== undefined) return true;
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<boolean>((resolve) => {
      timer = setTimeout(() => resolve(false), ms);
    });
    const result = await Promise.race([exited.then(() => true), timeout]);
    clearTimeout(timer);
    return result;
  };
  const killGroup = () => {
    try {
      if (child.pid !== undefined) process.kill(-child.pid, 'SIGKILL'); // wrapper, watchdog, service
    } catch {
      // already gone
    }
  };

  let stopping: Promise<void> | undefined;
  const stop = (): Promise<void> => {
    stopping ??= (async () => {
      if (exit === undefined) {
        // Close the lifeline: the same path as when this process dies (see the header). The wrapper
        // escalates to SIGKILL after the grace period; this process does too, a little later, in case
        // the wrapper itself is stuck.
        lifeline.end();
        if (!(await waitForExit(graceMs + WRAPPER_MARGIN_MS))) {
          killGroup();
          await waitForExit(WRAPPER_MARGIN_MS);
        }
      } else {
        // The service ended on its own earlier; its watchdog still waits on the lifeline. Kill it
        // before closing the lifeline, while the group surely still exists (so its id is still ours),
        // and so that it does not remove the directory the caller may still read.
        killGroup();
        lifeline.destroy();
      }
    })();
    return stopping;
  };

  return {
    get exit() {
      return exit;
    },
    exited,
    stop,
  };
}

/** The last `lines` lines of a service's log, for an error message. */
export function logTail(file: string, lines: number): string {
  let text: string;
  try {
    text = readFileSync(file, 'utf8').trimEnd();
  } catch {
    return '(the log file could not be read)';
  }
  return text ? text.split('\n').slice(-lines).join('\n') : '(no output)';
}
