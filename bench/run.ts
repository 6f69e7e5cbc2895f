/**
 * `npm run bench`: the benchmark suite of shared/BENCHMARKS.md.
 *
 *   npm run bench                       every benchmark
 *   npm run bench -- b1 startup         a subset, by id or name
 *   npm run bench -- --quick            a short smoke run of the harness (fewer messages, one
 *                                       measured run): checks the harness, its figures mean little
 *
 * stdout carries one JSON line per result, then a summary table whose lines start with `#`; progress
 * goes to stderr. The Kafka broker (test/support/kafka/broker.ts) is started once, only if a selected
 * benchmark needs it, and stopped at the end, on failure, and on Ctrl-C or SIGTERM (child processes
 * get the abort signal). Benchmarks report, they don't assert; the exit code is 1 only when one of
 * them could not run at all.
 */

import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { type KafkaBroker, startKafka } from '../test/support/kafka/broker.ts';
import { b1 } from './b1-producer-ceilings.ts';
import { b9 } from './b9-startup.ts';
import type { BenchContext, Benchmark } from './lib/benchmark.ts';
import { envInfo } from './lib/env.ts';
import { findJavaProcess } from './lib/proc-cpu.ts';
import { waitForQuiet } from './lib/quiet.ts';
import { type Result, resultLine, summaryTable } from './lib/report.ts';

/** In BENCHMARKS.md order; a subset runs in this order too. */
const BENCHMARKS: readonly Benchmark[] = [b1, b9];

const log = (line: string) => process.stderr.write(`${line}\n`);

function parseArgs(argv: string[]): { quick: boolean; selected: Benchmark[] } {
  const quick = argv.includes('--quick');
  const unknownFlag = argv.find((a) => a.startsWith('-') && a !== '--quick');
  if (unknownFlag) throw new Error(`unknown option ${unknownFlag} (only --quick)`);
  const names = argv.filter((a) => !a.startsWith('-')).map((a) => a.toLowerCase());
  for (const name of names) {
    if (!BENCHMARKS.some((b) => b.id === name || b.name === name)) {
      const known = BENCHMARKS.map((b) => `${b.id} (${b.name})`).join(', ');
      throw new Error(`no benchmark ${name}; there are: ${known}`);
    }
  }
  const selected =
    names.length === 0
      ? [...BENCHMARKS]
      : BENCHMARKS.filter((b) => names.includes(b.id) || names.includes(b.name));
  return { quick, selected };
}

async function main(): Promise<number> {
  let args: ReturnType<typeof parseArgs>;
  try {
    args = parseArgs(process.argv.slice(2));
  } catch (err) {
    log(`npm run bench: ${err instanceof Error ? err.message : err}`);
    return 2;
  }
  const { quick, selected } = args;

  const abort = new AbortController();
  const workDir = mkdtempSync(join(tmpdir(), 'sluice-bench-'));
  const removeWorkDir = () => rmSync(workDir, { recursive: true, force: true });
  let starting: Promise<KafkaBroker> | undefined;
  let stopping = false;
  const onSignal = (signal: NodeJS.Signals) => {
    if (stopping) process.exit(130); // a second Ctrl-C: leave now (the broker's lifeline still stops it)
    stopping = true;
    log(`\n${signal}: stopping the benchmarks and the broker`);
    abort.abort();
    void (starting ?? Promise.resolve(undefined))
      .then(
        (broker) => broker?.stop(),
        () => {},
      )
      .finally(() => {
        removeWorkDir();
        process.exit(130);
      });
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);

  let broker: KafkaBroker | undefined;
  try {
    if (selected.some((b) => b.needsKafka)) {
      log('starting Apache Kafka (the first run downloads it with Maven)...');
      starting = startKafka();
      broker = await starting;
      log(`Kafka ${broker.info.version} on ${broker.info.listeners.plaintext}`);
    }
    const env = envInfo(broker?.info.version ?? null);
    // Its java process (Linux), found by the config file on its command line: its CPU is not noise.
    const brokerPid = broker && findJavaProcess(join(dirname(broker.info.logFile), 'server.properties'));
    log(`env: ${JSON.stringify(env)}${quick ? '; --quick: a smoke run, not figures' : ''}`);

    const results: Result[] = [];
    let failed = 0;
    for (const bench of selected) {
      const ctx: BenchContext = {
        quick,
        kafka: bench.needsKafka ? broker?.info : undefined,
        brokerPid,
        quiet: () => waitForQuiet(brokerPid, log),
        workDir: mkdtempSync(join(workDir, `${bench.id}-`)),
        signal: abort.signal,
        report(result) {
          results.push(result);
          process.stdout.write(`${resultLine(result, env)}\n`);
        },
        log,
      };
      // Figures are only as good as the machine is quiet: say how busy it was going in.
      log(`${bench.id} (${bench.name}): load average ${loadavg()[0]!.toFixed(2)} on ${env.cores} cores`);
      try {
        await bench.run(ctx);
      } catch (err) {
        if (abort.signal.aborted) return 130;
        failed++;
        log(
          `${bench.id} (${bench.name}) could not run: ${err instanceof Error ? (err.stack ?? err.message) : err}`,
        );
      }
    }
    const table = summaryTable(results).split('\n');
    process.stdout.write(`#\n${table.map((l) => `# ${l}`).join('\n')}\n`);
    return failed > 0 ? 1 : 0;
  } catch (err) {
    log(`npm run bench: ${err instanceof Error ? err.message : err}`);
    return 1;
  } finally {
    await broker?.stop();
    removeWorkDir();
  }
}

process.exitCode = await main();
