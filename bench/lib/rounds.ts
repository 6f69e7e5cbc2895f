/**
 * One warm-up and N measured runs per variant (BENCHMARKS.md), interleaved: every round runs each
 * variant once, so a slow drift during the suite (JIT, page cache, the broker's log segments, a
 * noisy neighbour) affects all variants alike and their ratios stay fair.
 */

export interface Variant<S> {
  name: string;
  /** One complete run, its own set-up included; returns what was measured. */
  run(): Promise<S>;
}

export interface Plan {
  warmups: number;
  runs: number;
}

export interface RoundsOptions<S> {
  plan: Plan;
  log: (line: string) => void;
  /** What a run's log line says about its sample. */
  describe?: (sample: S) => string;
  /** Awaited before every measured run (not warm-ups): the context's wait for a quiet machine. */
  beforeRun?: () => Promise<void>;
}

/** Runs the plan; returns the measured samples per variant name (warm-ups discarded). */
export async function runRounds<S>(
  variants: readonly Variant<S>[],
  options: RoundsOptions<S>,
): Promise<Map<string, S[]>> {
  const { plan, log, describe = () => 'done', beforeRun } = options;
  const samples = new Map<string, S[]>(variants.map((v) => [v.name, []]));
  const total = plan.warmups + plan.runs;
  for (let round = 0; round < total; round++) {
    const warmup = round < plan.warmups;
    const label = warmup
      ? `warm-up ${round + 1}/${plan.warmups}`
      : `run ${round - plan.warmups + 1}/${plan.runs}`;
    for (const variant of variants) {
      if (!warmup) await beforeRun?.();
      const sample = await variant.run();
      log(`${label}, ${variant.name}: ${describe(sample)}`);
      if (!warmup) samples.get(variant.name)!.push(sample);
    }
  }
  return samples;
}
