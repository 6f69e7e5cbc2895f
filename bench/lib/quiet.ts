/**
 * Waits for a quiet machine before a measured run. On a shared machine (CI neighbours, other test
 * runs) a run that starts while another process is burning a core measures that process as much as
 * ours; a short wait removes most of that noise. Benchmarks still report whatever they measure: this
 * only delays a run, never discards one, and gives up after a while (saying so) rather than hang.
 */
import { machineBusySeconds, processCpuSeconds } from './proc-cpu.ts';

/** One look: long enough to average over a scheduler's bursts, short enough to add little per run. */
const WINDOW_MS = 500;
/** "Quiet": other processes use under a quarter of a core (an idle broker uses a few per cent). */
const QUIET_CORES = 0.25;
/** Past this, run anyway: a figure with noise (reported as such) beats no figure. */
const MAX_WAIT_MS = 120_000;

/** CPU (in cores) used by processes other than this one and `ignorePid` over one window; null off Linux. */
async function othersLoad(ignorePid: number | undefined): Promise<number | null> {
  const ignored = () => (ignorePid === undefined ? 0 : (processCpuSeconds(ignorePid) ?? 0));
  const machine0 = machineBusySeconds();
  if (machine0 === null) return null;
  const own0 = process.cpuUsage();
  const ignored0 = ignored();
  await new Promise((resolve) => setTimeout(resolve, WINDOW_MS));
  const own = process.cpuUsage(own0);
  const busy = machineBusySeconds()! - machine0 - (own.user + own.system) / 1e6 - (ignored() - ignored0);
  return Math.max(0, busy) / (WINDOW_MS / 1000);
}

/** Resolves once the machine is quiet, or after MAX_WAIT_MS; logs when it had to wait. */
export async function waitForQuiet(
  ignorePid: number | undefined,
  log: (line: string) => void,
): Promise<void> {
  const t0 = Date.now();
  let load = await othersLoad(ignorePid);
  while (load !== null && load >= QUIET_CORES && Date.now() - t0 < MAX_WAIT_MS) {
    load = await othersLoad(ignorePid);
  }
  const waited = Date.now() - t0 - WINDOW_MS;
  if (load !== null && load >= QUIET_CORES) {
    log(
      `  the machine stayed busy for ${MAX_WAIT_MS / 1000} s (others at ${load.toFixed(2)} cores): running anyway`,
    );
  } else if (waited > WINDOW_MS) {
    log(`  waited ${(waited / 1000).toFixed(1)} s for other processes to quieten`);
  }
}
