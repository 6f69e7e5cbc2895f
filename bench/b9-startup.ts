/**
 * B9 — start-up (shared/BENCHMARKS.md): wall time from spawn to exit of
 *
 *   node bin/sluice.js --version                              (module loading, argv, exit)
 *   node bin/sluice.js -c "SHOW TABLES" --data-dir <tmp>      (+ opening the catalog, one statement)
 *
 * against `node -e ''` (Node's own start-up) in the same run; ratio = sluice / node. `-c 'SELECT 1'`
 * is what BENCHMARKS.md names, but there is no query engine yet: SHOW TABLES stands in for it (the
 * results say so). "Shell to prompt" needs a pseudo-terminal and is not measured here yet.
 *
 * The children run the compiled dist/ as users do (no tsx); `npm run build` runs first if dist/ is
 * missing. The data directory is created once: the warm-up creates the catalog and the measured runs
 * open an existing one, as every start after the first does.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { BenchContext, Benchmark } from './lib/benchmark.ts';
import { measured } from './lib/report.ts';
import { type Plan, runRounds } from './lib/rounds.ts';
import { summarize } from './lib/stats.ts';

const root = resolve(import.meta.dirname, '..');
const bin = join(root, 'bin', 'sluice.js');
const distMain = join(root, 'dist', 'cli', 'main.js');

/** Ten runs, not five: a start-up takes ~0.1 s, and ten cost little while steadying the median. */
const PLAN: Plan = { warmups: 1, runs: 10 };
const QUICK_PLAN: Plan = { warmups: 1, runs: 1 };
/** BENCHMARKS.md's B9 target and ambitious figure, in ms, printed next to the result. */
const TARGET_MS = 400;
const AMBITIOUS_MS = 250;

const BASELINE = "node -e ''";
const SHOW_TABLES_NOTE = `stands in for -c 'SELECT 1' (not supported yet: no engine)`;

/** ms from spawn until the child exits; rejects when it fails (a broken build is not a figure). */
function timeSpawn(args: string[], signal: AbortSignal): Promise<number> {
  return new Promise((resolvePromise, reject) => {
    const t0 = process.hrtime.bigint();
    const child = spawn(process.execPath, args, { cwd: root, stdio: ['ignore', 'ignore', 'pipe'], signal });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    child.once('error', reject);
    child.once('exit', (code, sig) => {
      const ms = Number(process.hrtime.bigint() - t0) / 1e6;
      if (code === 0) resolvePromise(ms);
      else
        reject(
          new Error(`node ${args.join(' ')} ended with ${sig ?? `exit code ${code}`}: ${stderr.trim()}`),
        );
    });
  });
}

function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { recursive: true, encoding: 'utf8' })) {
    newest = Math.max(newest, statSync(join(dir, entry)).mtimeMs);
  }
  return newest;
}

/** Builds dist/ when it is missing; says so when it is older than src/ (the figures would be stale). */
function ensureBuilt(ctx: BenchContext): void {
  if (!existsSync(distMain)) {
    ctx.log('B9: dist/cli/main.js is missing: running npm run build');
    // The build's output goes to stderr: stdout carries only results.
    const build = spawnSync('npm', ['run', 'build'], { cwd: root, stdio: ['ignore', 2, 2] });
    if (build.status !== 0) throw new Error(`npm run build failed (${build.status ?? build.signal})`);
  } else if (newestMtime(join(root, 'src')) > statSync(distMain).mtimeMs) {
    ctx.log('B9: note: dist/ is older than src/; run `npm run build` to measure the current code');
  }
}

async function run(ctx: BenchContext): Promise<void> {
  ensureBuilt(ctx);
  const dataDir = join(ctx.workDir, 'data');
  const variants = [
    { name: BASELINE, args: ['-e', ''] },
    { name: 'sluice --version', args: [bin, '--version'] },
    { name: 'sluice -c "SHOW TABLES"', args: [bin, '-c', 'SHOW TABLES', '--data-dir', dataDir] },
  ];
  const samples = await runRounds(
    variants.map((v) => ({ name: v.name, run: () => timeSpawn(v.args, ctx.signal) })),
    {
      plan: ctx.quick ? QUICK_PLAN : PLAN,
      log: (line) => ctx.log(`B9 ${line}`),
      describe: (ms) => `${ms.toFixed(1)} ms`,
      beforeRun: () => ctx.quiet(),
    },
  );
  const baseline = summarize(samples.get(BASELINE)!);
  for (const { name } of variants) {
    const own = summarize(samples.get(name)!);
    const isBaseline = name === BASELINE;
    const m = measured(own, isBaseline ? undefined : baseline);
    const overMs = own.median - baseline.median;
    const target = `target < ${TARGET_MS} ms (ambitious < ${AMBITIOUS_MS})`;
    const note = isBaseline
      ? "Node's own start-up"
      : `${overMs.toFixed(0)} ms over node; ${target}${name.includes('SHOW TABLES') ? `; ${SHOW_TABLES_NOTE}` : ''}`;
    ctx.report({
      bench: 'B9',
      variant: name,
      unit: 'ms',
      ...m,
      note,
      ...(!isBaseline && { detail: { overNodeMs: overMs } }),
    });
  }
}

export const b9: Benchmark = { id: 'b9', name: 'startup', needsKafka: false, run };
