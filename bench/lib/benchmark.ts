/**
 * What a benchmark is to the runner (bench/run.ts): an id and a name to select it by, whether it
 * needs the Kafka broker (the runner starts one only then), and a `run` that reports results
 * through its context. Benchmarks report; they never assert.
 */
import type { TestKafka } from '../../test/support/test-env.ts';
import type { Result } from './report.ts';

export interface BenchContext {
  /** --quick: a short smoke run of the harness (fewer messages, one measured run), not figures. */
  quick: boolean;
  /** The broker's description; set when the benchmark declared `needsKafka`. */
  kafka: TestKafka | undefined;
  /** The broker's java process (Linux), so its CPU can be told apart from other processes'. */
  brokerPid: number | undefined;
  /** Waits (bounded) until processes other than this one and the broker are nearly idle. */
  quiet(): Promise<void>;
  /** A private temporary directory for this run; the runner removes it at the end, however it ends. */
  workDir: string;
  /** Aborted on Ctrl-C or SIGTERM: give it to spawn() so child processes end with the run. */
  signal: AbortSignal;
  /** Prints one result line (and keeps it for the summary table). */
  report(result: Result): void;
  /** Progress for people, on stderr (stdout carries only results). */
  log(line: string): void;
}

export interface Benchmark {
  /** Short id, as in BENCHMARKS.md: b1, b9. */
  id: string;
  /** The name to select it by: producer-ceilings, startup. */
  name: string;
  needsKafka: boolean;
  run(ctx: BenchContext): Promise<void>;
}
