/**
 * Samples this process's resident set size every 100 ms (BENCHMARKS.md) while a run goes on, and
 * reports the peak. `process.memoryUsage.rss()` reads one number from the OS, cheap enough not to
 * disturb what is measured. The timer is unref'd: a forgotten sampler never keeps Node alive.
 */

/** The suite's sampling period: fine enough to catch a batch's buffers, coarse enough to cost nothing. */
const SAMPLE_INTERVAL_MS = 100;

export interface RssSampler {
  /** Stops sampling; returns the peak RSS in bytes (at least one sample: the one taken at stop). */
  stop(): number;
}

export function sampleRss(): RssSampler {
  let peak = process.memoryUsage.rss();
  const timer = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage.rss());
  }, SAMPLE_INTERVAL_MS);
  timer.unref();
  return {
    stop() {
      clearInterval(timer);
      return Math.max(peak, process.memoryUsage.rss());
    },
  };
}
