/**
 * `npm test`: the one command that runs every test against real parts.
 *
 *   npm test                       every test file under test/
 *   npm test -- test/smoke         the test files under a folder
 *   npm test -- test/a.test.ts     one file (any number of files or folders)
 *   npm test -- --test-name-pattern=abort test/smoke   node:test flags pass through
 *
 * What it arranges, once per run (not once per test), before node's test runner starts:
 *
 *   dbus-run-session ─┬─ gnome-keyring-daemon   (a private, unlocked OS keychain)
 *                     ├─ Apache Kafka (KRaft)    (PLAINTEXT, SASL_PLAINTEXT, SASL_SSL, mTLS listeners)
 *                     ├─ schema registry         (Confluent-compatible)
 *                     └─ node --test <files>     (reads where they are from SLUICE_TEST_ENV)
 *
 * Everything is stopped and its data removed when the tests end, fail or are interrupted; the
 * broker, registry and keyring also die with this process if it is killed outright (each is
 * started so that it exits when its parent goes away).
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { runUnderPrivateSessionBus } from './support/dbus-session.ts';
import { type KafkaBroker, startKafka } from './support/kafka/broker.ts';
import { startKeychain } from './support/keychain.ts';
import { startSchemaRegistry } from './support/schema-registry/index.ts';
import { logTail } from './support/service-process.ts';
import type { TestEnv } from './support/test-env.ts';

const root = resolve(import.meta.dirname, '..');
/** How much of the broker log to show when a test fails: enough for a stack trace and its context. */
const LOG_TAIL_LINES = 60;

interface Stoppable {
  stop(): Promise<void>;
}

function findTestFiles(paths: string[]): string[] {
  const targets = paths.length > 0 ? paths : ['test'];
  const files: string[] = [];
  for (const target of targets) {
    const full = resolve(target);
    if (statSync(full).isDirectory()) {
      for (const entry of readdirSync(full, { recursive: true, encoding: 'utf8' })) {
        if (entry.endsWith('.test.ts') && !entry.split(/[\\/]/).includes('node_modules'))
          files.push(join(full, entry));
      }
    } else {
      files.push(full);
    }
  }
  return files.sort();
}

function splitArgs(argv: string[]): { flags: string[]; paths: string[] } {
  const flags = argv.filter((a) => a.startsWith('--'));
  const paths = argv.filter((a) => !a.startsWith('--'));
  return { flags, paths };
}

async function main(): Promise<number> {
  const underBus = await runUnderPrivateSessionBus();
  if (underBus !== 'inside') return underBus;

  const { flags, paths } = splitArgs(process.argv.slice(2));
  const files = findTestFiles(paths);
  if (files.length === 0) {
    process.stderr.write(`no test files found under ${paths.join(', ') || 'test/'}\n`);
    return 1;
  }

  const started: Stoppable[] = [];
  const stopAll = async () => {
    const all = started.splice(0).reverse();
    await Promise.allSettled(all.map((s) => s.stop()));
  };
  let interrupted = false;
  const onSignal = (signal: NodeJS.Signals) => {
    interrupted = true;
    process.stderr.write(`\n${signal}: stopping the test services\n`);
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);

  const workDir = mkdtempSync(join(tmpdir(), 'sluice-test-'));
  let kafka: KafkaBroker | undefined;
  try {
    const t0 = performance.now();
    // allSettled, not all: when one service fails, the others must still be tracked (and stopped).
    const results = await Promise.allSettled([startKeychain(), startKafka(), startSchemaRegistry()] as const);
    for (const r of results) if (r.status === 'fulfilled') started.push(r.value);
    const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
    if (failed) throw failed.reason;
    const [keychain, broker, registry] = results.map((r) => (r as PromiseFulfilledResult<unknown>).value) as [
      Awaited<ReturnType<typeof startKeychain>>,
      KafkaBroker,
      Awaited<ReturnType<typeof startSchemaRegistry>>,
    ];
    kafka = broker;
    const seconds = ((performance.now() - t0) / 1000).toFixed(1);
    process.stdout.write(
      `# test services up in ${seconds} s: Kafka ${broker.info.version} (${broker.info.listeners.plaintext}), ` +
        `${registry.info.implementation} (${registry.info.url}), gnome-keyring\n`,
    );
    if (interrupted) return 130;

    const env: TestEnv = {
      kafka: broker.info,
      registry: registry.info,
      keychain: { dbusAddress: keychain.dbusAddress },
    };
    const envFile = join(workDir, 'test-env.json');
    writeFileSync(envFile, JSON.stringify(env, null, 2), { mode: 0o600 });

    const code = await runNodeTest(files, flags, { ...process.env, SLUICE_TEST_ENV: envFile });
    if (code !== 0 && kafka) {
      process.stderr.write(
        `\n# tests failed; the last ${LOG_TAIL_LINES} lines of the broker log (${kafka.info.logFile}):\n` +
          `${logTail(kafka.info.logFile, LOG_TAIL_LINES)}\n`,
      );
    }
    return interrupted ? 130 : code;
  } catch (err) {
    process.stderr.write(`could not start the test services: ${err instanceof Error ? err.message : err}\n`);
    return 1;
  } finally {
    await stopAll();
    rmSync(workDir, { recursive: true, force: true });
  }
}

function runNodeTest(files: string[], flags: string[], env: NodeJS.ProcessEnv): Promise<number> {
  const args = ['--import', 'tsx', '--test', ...flags, ...files.map((f) => relative(root, f))];
  return new Promise((resolveCode) => {
    const child = spawn(process.execPath, args, { cwd: root, env, stdio: 'inherit' });
    const forward = (signal: NodeJS.Signals) => child.kill(signal);
    process.on('SIGINT', forward);
    process.on('SIGTERM', forward);
    child.on('exit', (code, signal) => {
      process.off('SIGINT', forward);
      process.off('SIGTERM', forward);
      resolveCode(code ?? (signal ? 128 + 2 : 1));
    });
  });
}

process.exitCode = await main();
