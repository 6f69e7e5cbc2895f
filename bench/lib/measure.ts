/**
 * Measures one timed section: wall time with `process.hrtime.bigint()`, this process's CPU time with
 * `process.cpuUsage()` (user + system, all threads), peak RSS sampled every 100 ms, and, on Linux,
 * the CPU time of one watched process (the broker) and of the whole machine, so the CPU that went to
 * neither is known: the noise. Set-up and checks stay outside `fn`.
 */
import { machineBusySeconds, processCpuSeconds } from './proc-cpu.ts';
import { sampleRss } from './rss.ts';

export interface Timing {
  /** Wall-clock seconds of `fn`. */
  seconds: number;
  /** CPU seconds this process spent during `fn`. */
  cpuSeconds: number;
  /** Peak resident set size of this process during `fn`, in bytes. */
  rssPeak: number;
  /** CPU seconds of the watched process during `fn`; null without one or without /proc. */
  watchedCpuSeconds: number | null;
  /** CPU seconds of every other process (neither this one nor the watched one); null without /proc. */
  otherCpuSeconds: number | null;
}

const delta = (a: number | null, b: number | null) => (a === null || b === null ? null : b - a);

export async function measure(fn: () => Promise<void>, watchPid?: number): Promise<Timing> {
  const watched = () => (watchPid === undefined ? null : processCpuSeconds(watchPid));
  const rss = sampleRss();
  try {
    const machine0 = machineBusySeconds();
    const watched0 = watched();
    const cpu0 = process.cpuUsage();
    const t0 = process.hrtime.bigint();
    await fn();
    const t1 = process.hrtime.bigint();
    const cpu = process.cpuUsage(cpu0);
    const watchedCpuSeconds = delta(watched0, watched());
    const machineCpuSeconds = delta(machine0, machineBusySeconds());
    const cpuSeconds = (cpu.user + cpu.system) / 1e6;
    return {
      seconds: Number(t1 - t0) / 1e9,
      cpuSeconds,
      rssPeak: rss.stop(),
      watchedCpuSeconds,
      otherCpuSeconds:
        machineCpuSeconds === null
          ? null
          : Math.max(0, machineCpuSeconds - cpuSeconds - (watchedCpuSeconds ?? 0)),
    };
  } finally {
    rss.stop(); // on failure too: no sampler outlives its run (stopping twice is harmless)
  }
}
