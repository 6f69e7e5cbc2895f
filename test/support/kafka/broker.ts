/**
 * A real, single-node Apache Kafka broker for the tests (and for `npm run kafka`).
 *
 * `startKafka()` fetches the broker jars with Maven (once; see jars.ts), makes a throwaway CA and
 * certificates (tls.ts), writes a KRaft configuration with one listener per way sluice can connect
 * (PLAINTEXT, SASL_PLAINTEXT with SCRAM and PLAIN, SASL_SSL with SCRAM, SSL with client certificates),
 * formats the storage with the SCRAM users in it, starts `kafka.Kafka` and waits until every listener
 * answers. It resolves to the `TestKafka` description the tests read (test/support/test-env.ts).
 *
 * The JVM runs under the lifeline wrapper of ../service-process.ts: when this process goes away,
 * however it dies (even SIGKILL), the broker stops and its data is removed. Nothing has to be cleaned
 * up after a crashed run.
 */
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { appendFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { promisify } from 'node:util';
import { Kafka, type KafkaConfig, logLevel } from 'kafkajs';
import { freePorts } from '../free-port.ts';
import { javaCommand } from '../maven-cache.ts';
import { logTail, type ServiceProcess, spawnService } from '../service-process.ts';
import type { TestKafka } from '../test-env.ts';
import { defaultKafkaVersion, ensureKafkaJars } from './jars.ts';
import { makeTestPki, type TestPki } from './tls.ts';

const execFileAsync = promisify(execFile);

export interface StartKafkaOptions {
  /** Apache Kafka version; default: $KAFKA_VERSION, else the `kafka.version` of pom.xml. */
  version?: string;
  /** Where the broker's output goes; default: `kafka.log` in the broker's temporary directory. */
  logFile?: string;
}

export interface KafkaBroker {
  info: TestKafka;
  /** The PEM text of `info.tls` as files (in the broker's directory), for tools that want paths. */
  tlsFiles: { ca: string; clientCert: string; clientKey: string };
  /** Resolves, with how it ended, when the broker process ends (by stop() or on its own). */
  exited: Promise<string>;
  /** Stops the broker and removes its data (not a `logFile` given to startKafka). Idempotent. */
  stop(): Promise<void>;
}

/** A cold JVM plus KRaft start takes seconds; two minutes covers a slow, busy CI machine. */
const START_TIMEOUT_MS = 120_000;
/** How long Kafka gets to shut down cleanly before it is killed (it needs ~0.5 s). */
const STOP_GRACE_MS = 15_000;
/** Between readiness probes: short, since the broker is usually up within a few seconds. */
const PROBE_INTERVAL_MS = 250;
/** Lines of the broker log put into a start-up error: enough to show the exception and its cause. */
const LOG_TAIL_LINES = 40;

/**
 * JVM options. The heap is capped so a test run stays small (the broker needs far less for test
 * traffic), G1 is Kafka's own default collector and keeps its throughput (benchmarks run against this
 * broker too), and the JIT is left alone: -XX:TieredStopAtLevel=1 (C1 only) was measured to save about
 * 0.5 s of a ~3 s start, not worth the lower peak throughput. SerialGC made no measurable difference.
 */
const JVM_OPTIONS = [
  '-Xms128m', // a small initial heap: the broker starts without committing memory it may never use
  '-Xmx768m', // ample for test traffic, and it leaves room for the log cleaner and socket buffers
  '-XX:+UseG1GC',
  '-XX:MaxGCPauseMillis=20', // what Kafka's start script sets: short pauses keep request latency low
  '-XX:+ExitOnOutOfMemoryError', // a dead broker fails the tests clearly; a thrashing one only slows them
  '-XX:-UsePerfData', // no hsperfdata file in /tmp for a process nobody attaches a profiler to
  '-Djava.awt.headless=true',
  // Logging: slf4j-simple (see pom.xml) writes to stderr, which goes to the log file.
  '-Dorg.slf4j.simpleLogger.defaultLogLevel=info',
  '-Dorg.slf4j.simpleLogger.showDateTime=true',
  "-Dorg.slf4j.simpleLogger.dateTimeFormat=yyyy-MM-dd'T'HH:mm:ss.SSS",
  '-Dorg.slf4j.simpleLogger.log.kafka.request.logger=warn', // as Kafka's own log4j configuration
];

/** The broker's TCP ports, all on 127.0.0.1 (free ones, picked at every start). */
const PORT_NAMES = ['plaintext', 'saslPlaintext', 'saslSsl', 'ssl', 'controller'] as const;
type Ports = Record<(typeof PORT_NAMES)[number], number>;

/** A random KRaft cluster id: 16 bytes, URL-safe base64 without padding (Kafka's Uuid format). */
function clusterId(): string {
  for (;;) {
    const id = randomBytes(16).toString('base64url');
    if (!id.startsWith('-')) return id; // Kafka never generates ids starting with '-'; avoid them too
  }
}

function secret(): string {
  return randomBytes(16).toString('hex');
}

/** One java.util.Properties value on one line: backslashes and line breaks escaped. */
function propertyValue(value: string): string {
  return value.replace(/\\/g, '\\\\').replace(/\r?\n/g, '\\n');
}

function serverProperties(params: {
  dataDir: string;
  ports: Ports;
  pki: TestPki;
  plain: { username: string; password: string };
}): string {
  const { dataDir, ports, pki, plain } = params;
  const scramModule = 'org.apache.kafka.common.security.scram.ScramLoginModule required;';
  const entries: Array<[string, string]> = [
    // One process that is both the KRaft controller and the broker.
    ['process.roles', 'broker,controller'],
    ['node.id', '1'],
    ['controller.quorum.voters', `1@127.0.0.1:${ports.controller}`],
    ['controller.listener.names', 'CONTROLLER'],
    ['log.dirs', dataDir],

    // Listeners: every one on loopback only. The listener names equal their security protocols.
    [
      'listeners',
      `PLAINTEXT://127.0.0.1:${ports.plaintext},SASL_PLAINTEXT://127.0.0.1:${ports.saslPlaintext},` +
        `SASL_SSL://127.0.0.1:${ports.saslSsl},SSL://127.0.0.1:${ports.ssl},CONTROLLER://127.0.0.1:${ports.controller}`,
    ],
    [
      'advertised.listeners',
      `PLAINTEXT://127.0.0.1:${ports.plaintext},SASL_PLAINTEXT://127.0.0.1:${ports.saslPlaintext},` +
        `SASL_SSL://127.0.0.1:${ports.saslSsl},SSL://127.0.0.1:${ports.ssl}`,
    ],
    [
      'listener.security.protocol.map',
      'PLAINTEXT:PLAINTEXT,SASL_PLAINTEXT:SASL_PLAINTEXT,SASL_SSL:SASL_SSL,SSL:SSL,CONTROLLER:PLAINTEXT',
    ],
    ['inter.broker.listener.name', 'PLAINTEXT'],

    // SASL_PLAINTEXT: SCRAM-SHA-256, SCRAM-SHA-512 (users stored in the metadata log by the storage
    // format, see formatStorage) and PLAIN (its one user lives in the JAAS configuration).
    ['listener.name.sasl_plaintext.sasl.enabled.mechanisms', 'SCRAM-SHA-256,SCRAM-SHA-512,PLAIN'],
    ['listener.name.sasl_plaintext.scram-sha-256.sasl.jaas.config', scramModule],
    ['listener.name.sasl_plaintext.scram-sha-512.sasl.jaas.config', scramModule],
    [
      'listener.name.sasl_plaintext.plain.sasl.jaas.config',
      `org.apache.kafka.common.security.plain.PlainLoginModule required user_${plain.username}="${plain.password}";`,
    ],
    // SASL_SSL: SCRAM over TLS, what managed Kafka services offer.
    ['listener.name.sasl_ssl.sasl.enabled.mechanisms', 'SCRAM-SHA-256,SCRAM-SHA-512'],
    ['listener.name.sasl_ssl.scram-sha-256.sasl.jaas.config', scramModule],
    ['listener.name.sasl_ssl.scram-sha-512.sasl.jaas.config', scramModule],

    // TLS for SASL_SSL and SSL, from PEM text (no keytool, no key store passwords).
    ['ssl.keystore.type', 'PEM'],
    ['ssl.keystore.certificate.chain', pki.brokerChainPem],
    ['ssl.keystore.key', pki.brokerKeyPem],
    ['ssl.truststore.type', 'PEM'],
    ['ssl.truststore.certificates', pki.caPem],
    // Only the SSL listener demands client certificates (mTLS); SASL_SSL authenticates with SCRAM.
    ['listener.name.ssl.ssl.client.auth', 'required'],

    // A single node: every internal topic has one replica, and one in-sync replica is enough, or
    // transactions and consumer groups would wait forever for replicas that do not exist.
    ['offsets.topic.replication.factor', '1'],
    ['transaction.state.log.replication.factor', '1'],
    ['transaction.state.log.min.isr', '1'],
    ['share.coordinator.state.topic.replication.factor', '1'], // Kafka 4.x; ignored (warned about) by 3.x
    ['share.coordinator.state.topic.min.isr', '1'],
    ['default.replication.factor', '1'],
    ['min.insync.replicas', '1'],
    // 4 instead of 50 partitions: the first consumer group or transaction creates these topics, and
    // a few partitions are created and loaded in a fraction of the time on one broker.
    ['offsets.topic.num.partitions', '4'],
    ['transaction.state.log.num.partitions', '4'],
    // Consumers in tests join alone: no point waiting 3 s for others before the first rebalance.
    ['group.initial.rebalance.delay.ms', '0'],
    // sluice creates its topics (data and progress topics) explicitly. With auto-creation off, a
    // code path that forgets to create a topic fails in the tests as it would on managed services
    // that disable it, instead of silently getting a topic with broker defaults.
    ['auto.create.topics.enable', 'false'],
    // The log cleaner (compacted topics) preallocates this buffer; 32 MiB instead of 128 MiB keeps
    // the heap small and still compacts far more keys than any test writes.
    ['log.cleaner.dedupe.buffer.size', String(32 * 1024 * 1024)],
  ];
  const lines = entries.map(([key, value]) => `${key}=${propertyValue(value)}`);
  return `# Written by test/support/kafka/broker.ts for one test run.\n${lines.join('\n')}\n`;
}

/**
 * Formats the KRaft storage. The SCRAM users go in here: `--add-scram` writes their credentials into
 * the first metadata records, so they exist from the broker's first moment (kafkajs cannot create
 * SCRAM users, and this needs no extra start-and-wait round trip).
 */
async function formatStorage(params: {
  libs: string;
  configFile: string;
  logFile: string;
  users: TestKafka['users'];
}): Promise<void> {
  const { libs, configFile, logFile, users } = params;
  const args = [
    '-Xmx256m', // the tool only writes a few files
    '-XX:TieredStopAtLevel=1', // C1 only: a short-lived tool starts ~0.2 s faster; throughput is irrelevant
    '-XX:-UsePerfData',
    ...JVM_OPTIONS.filter((o) => o.startsWith('-Dorg.slf4j')),
    '-cp',
    join(libs, '*'),
    'kafka.tools.StorageTool',
    'format',
    '--config',
    configFile,
    '--cluster-id',
    clusterId(),
    '--add-scram',
    `SCRAM-SHA-256=[name=${users.scramSha256.username},password=${users.scramSha256.password}]`,
    '--add-scram',
    `SCRAM-SHA-512=[name=${users.scramSha512.username},password=${users.scramSha512.password}]`,
  ];
  try {
    const { stdout, stderr } = await execFileAsync(javaCommand(), args, { timeout: 60_000 });
    appendFileSync(logFile, `${stdout}${stderr}`);
  } catch (err) {
    const e = err as NodeJS.ErrnoException & { stdout?: string; stderr?: string };
    if (e.code === 'ENOENT') {
      throw new Error(`\`${javaCommand()}\` was not found: the test broker needs Java 17+`);
    }
    const output = `${e.stdout ?? ''}${e.stderr ?? ''}`;
    appendFileSync(logFile, output);
    throw new Error(
      `formatting the Kafka storage failed:\n${output.trim().split('\n').slice(-20).join('\n')}`,
    );
  }
}

/** kafkajs settings that reach one listener of the broker as the given user. */
function probeConfig(info: TestKafka, listener: keyof TestKafka['listeners']): Omit<KafkaConfig, 'brokers'> {
  const tls = { ca: [info.tls.caPem] };
  switch (listener) {
    case 'plaintext':
      return {};
    case 'saslPlaintext':
      return { sasl: { mechanism: 'scram-sha-256', ...info.users.scramSha256 } };
    case 'saslSsl':
      return { ssl: tls, sasl: { mechanism: 'scram-sha-512', ...info.users.scramSha512 } };
    case 'ssl':
      return { ssl: { ...tls, cert: info.tls.clientCertPem, key: info.tls.clientKeyPem } };
  }
}

/** Connects an admin client to one listener and asks for the cluster; throws if anything fails. */
async function probe(info: TestKafka, listener: keyof TestKafka['listeners']): Promise<void> {
  const kafka = new Kafka({
    clientId: 'sluice-test-harness',
    brokers: [info.listeners[listener]],
    logLevel: logLevel.NOTHING,
    connectionTimeout: 2_000, // loopback: a refused or hanging connection shows up well within this
    requestTimeout: 10_000,
    retry: { retries: 0 }, // the readiness loop retries; kafkajs' own backoff would only slow it down
    ...probeConfig(info, listener),
  });
  const admin = kafka.admin();
  try {
    await admin.connect();
    await admin.describeCluster();
  } catch (err) {
    throw new Error(`${listener} (${info.listeners[listener]}): ${err instanceof Error ? err.message : err}`);
  } finally {
    await admin.disconnect().catch(() => {});
  }
}

// --- Stopping brokers when this process is told to stop -------------------------------------------
//
// The lifeline already stops a broker whenever this process exits. The signal listener below only
// matters when nothing else listens: registering a listener disables Node's default "exit on SIGINT",
// so when ours is the only one it stops the brokers and then re-raises the signal to get that default
// behaviour back. When the embedding program has its own listener (the test runner, scripts/kafka.ts),
// that program decides, and is expected to call stop().

const running = new Set<() => Promise<void>>();
const SIGNALS: NodeJS.Signals[] = ['SIGINT', 'SIGTERM'];

function onSignal(signal: NodeJS.Signals): void {
  if (process.listenerCount(signal) > 1) return;
  const stops = [...running].map((stop) => stop());
  void Promise.allSettled(stops).then(() => {
    for (const s of SIGNALS) process.off(s, onSignal);
    process.kill(process.pid, signal);
  });
}

function track(stop: () => Promise<void>): void {
  if (running.size === 0) for (const s of SIGNALS) process.on(s, onSignal);
  running.add(stop);
}

function untrack(stop: () => Promise<void>): void {
  running.delete(stop);
  if (running.size === 0) for (const s of SIGNALS) process.off(s, onSignal);
}

// --- Starting ------------------------------------------------------------------------------------

export async function startKafka(options: StartKafkaOptions = {}): Promise<KafkaBroker> {
  const version = options.version || process.env.KAFKA_VERSION || defaultKafkaVersion();
  const dir = mkdtempSync(join(tmpdir(), 'sluice-kafka-'));
  const logFile = options.logFile ?? join(dir, 'kafka.log');

  let broker: ServiceProcess | undefined;
  let javaRan = false; // from here on the log file has something worth showing in an error

  let stopping: Promise<void> | undefined;
  const stop = (): Promise<void> => {
    stopping ??= (async () => {
      untrack(stop);
      await broker?.stop();
      rmSync(dir, { recursive: true, force: true, maxRetries: 3 });
    })();
    return stopping;
  };
  track(stop);

  try {
    const [libs, ports, pki] = await Promise.all([
      ensureKafkaJars(version),
      freePorts(PORT_NAMES),
      makeTestPki(join(dir, 'tls')),
    ]);
    const info: TestKafka = {
      version,
      listeners: {
        plaintext: `127.0.0.1:${ports.plaintext}`,
        saslPlaintext: `127.0.0.1:${ports.saslPlaintext}`,
        saslSsl: `127.0.0.1:${ports.saslSsl}`,
        ssl: `127.0.0.1:${ports.ssl}`,
      },
      users: {
        scramSha256: { username: 'sluice-scram256', password: secret() },
        scramSha512: { username: 'sluice-scram512', password: secret() },
        plain: { username: 'sluice-plain', password: secret() },
      },
      tls: { caPem: pki.caPem, clientCertPem: pki.clientCertPem, clientKeyPem: pki.clientKeyPem },
      logFile,
    };

    const configFile = join(dir, 'server.properties');
    writeFileSync(
      configFile,
      serverProperties({ dataDir: join(dir, 'data'), ports, pki, plain: info.users.plain }),
      { mode: 0o600 }, // it holds the broker's private key and the PLAIN password
    );
    writeFileSync(logFile, `# Apache Kafka ${version}, started by test/support/kafka/broker.ts\n`, {
      flag: 'a',
    });
    javaRan = true;
    await formatStorage({ libs, configFile, logFile, users: info.users });

    const java = [javaCommand(), ...JVM_OPTIONS, '-cp', join(libs, '*'), 'kafka.Kafka', configFile];
    broker = spawnService({
      name: 'sluice-kafka',
      command: java,
      dir,
      cwd: dir,
      logFile,
      graceMs: STOP_GRACE_MS,
    });

    const deadline = Date.now() + START_TIMEOUT_MS;
    for (;;) {
      if (broker.exit !== undefined)
        throw new Error(`the Kafka broker ended during start-up (${broker.exit})`);
      try {
        // PLAINTEXT first: until it answers, the others cannot either.
        await probe(info, 'plaintext');
        await Promise.all((['saslPlaintext', 'saslSsl', 'ssl'] as const).map((l) => probe(info, l)));
        break;
      } catch (err) {
        if (Date.now() >= deadline) {
          throw new Error(
            `the Kafka broker did not answer within ${START_TIMEOUT_MS / 1000} s: ${err instanceof Error ? err.message : err}`,
          );
        }
      }
      await sleep(PROBE_INTERVAL_MS);
    }
    return { info, tlsFiles: pki.files, exited: broker.exited, stop };
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    const tail = javaRan
      ? `\n--- last lines of the broker log (${logFile}) ---\n${logTail(logFile, LOG_TAIL_LINES)}`
      : '';
    await stop();
    throw new Error(`could not start Apache Kafka ${version}: ${message}${tail}`);
  }
}
