/**
 * B1 — producer ceilings (shared/BENCHMARKS.md). How fast can anything put the `orders` messages into
 * Kafka on this machine? These figures are the baselines the sink benchmarks (B2, B10) divide by.
 *
 *   encode N rows once ─► batches of ~1 MB ─┬─► kafkajs transactional, commit every K sends  (a)
 *   (outside the timing)                    ├─► kafkajs idempotent, no transactions          (b)
 *                                           └─► kcat -P from a file, if installed            (c)
 *
 * The transaction tax is (a) / (b); the JS tax is (b) / (c). Each run produces to a fresh topic and is
 * timed from the first send until the last send or commit resolves, as the sink experiences it; the
 * count that landed is then checked, untimed, from the high watermark (records plus one commit marker
 * per partition per transaction). Set-up (topic, connect, producer id) is outside the timing.
 *
 * One partition by default: on one broker every partition goes into the same produce request, and
 * kafkajs keeps one request in flight per broker, so more partitions split the same bytes into more
 * record batches without adding parallelism; one keeps the figure about the client and the
 * transaction protocol, and each commit adds exactly one marker. BENCH_B1_PARTITIONS=4 measures 4.
 */
import { join } from 'node:path';
import { type Admin, type Kafka, Partitioners } from 'kafkajs';
import type { BenchContext, Benchmark } from './lib/benchmark.ts';
import { awaitHighWatermark, createTopic, KafkaLogTally, kafkaClient } from './lib/kafka.ts';
import { findKcat, runKcat, writeKcatInput } from './lib/kcat.ts';
import { measure, type Timing } from './lib/measure.ts';
import { type EncodedBatches, encodeOrderBatches } from './lib/messages.ts';
import { measured, type Result } from './lib/report.ts';
import { type Plan, runRounds, type Variant } from './lib/rounds.ts';
import { summarize } from './lib/stats.ts';

function positiveInt(name: string, raw: string): number {
  const n = Number(raw);
  if (!Number.isInteger(n) || n <= 0) throw new Error(`${name} must be positive integers, not ${raw}`);
  return n;
}

/** A list of positive integers from the environment (comma-separated), or the fallback. */
function envInts(name: string, fallback: number[]): number[] {
  const raw = process.env[name];
  return raw ? raw.split(',').map((s) => positiveInt(name, s.trim())) : fallback;
}

/** The knobs, each overridable from the environment for a sweep by hand (B10 will sweep them properly). */
const OPTIONS = {
  /** ≈ 43 MB of payload: seconds per run, long enough that set-up noise and timer granularity vanish. */
  messages: envInts('BENCH_B1_MESSAGES', [200_000])[0]!,
  /** --quick: enough for several sends and commits, so every code path runs. */
  quickMessages: 20_000,
  /** Bytes per send: ~1 MB fills kafkajs's one in-flight request and stays under the broker's default
   * message.max.bytes (1,048,588), which caps the one record batch a send to one partition becomes. */
  batchBytes: envInts('BENCH_B1_BATCH_BYTES', [1_000_000])[0]!,
  partitions: envInts('BENCH_B1_PARTITIONS', [1])[0]!,
  /** Commit cadences: every send (the lowest latency a sink can offer) and every 8 sends (~8 MB). */
  commitEvery: envInts('BENCH_B1_COMMIT_EVERY', [1, 8]),
  /** kafkajs's first retry delay (its default: 300 ms); a retried CONCURRENT_TRANSACTIONS waits this long. */
  initialRetryMs: envInts('BENCH_B1_INITIAL_RETRY_MS', [300])[0]!,
};

const PLAN: Plan = { warmups: 1, runs: 5 };
const QUICK_PLAN: Plan = { warmups: 1, runs: 1 };
const IDEMPOTENT = 'idempotent, no transactions';
const KCAT = 'kcat -P';
const transactional = (k: number) => `transactional, commit every ${k} send${k === 1 ? '' : 's'}`;

interface Sample {
  timing: Timing | null; // null for kcat's CPU, which is another process's
  seconds: number;
  transactions: number;
  /** "200000 records + 200 markers = high watermark 200200", or what was found instead. */
  check: string;
  verified: boolean;
  /** kafkajs request time per API during the timed part, in ms (Produce, AddPartitionsToTxn, EndTxn). */
  requestMs: Record<string, number>;
  /** kafkajs ERROR/WARN log entries during the run: retries and what caused them. */
  logged: Record<string, number>;
}

interface Setup {
  /** The broker's java process, to tell its CPU from the noise (undefined off Linux). */
  brokerPid: number | undefined;
  kafka: Kafka;
  admin: Admin;
  tally: KafkaLogTally;
  data: EncodedBatches;
}

let topicSeq = 0;
const freshTopicName = (variant: string) =>
  `bench-b1-${variant.replace(/[^a-z0-9]+/gi, '-').toLowerCase()}-${process.pid}-${++topicSeq}`;

async function verify(admin: Admin, topic: string, records: number, markers: number) {
  const expected = records + markers;
  const seen = await awaitHighWatermark(admin, topic, expected);
  const what = markers > 0 ? `${records} records + ${markers} markers` : `${records} records`;
  return {
    verified: seen === expected,
    check:
      seen === expected
        ? `${what} = high watermark ${seen}`
        : `expected ${what} = ${expected}, high watermark ${seen}`,
  };
}

/** One kafkajs run: transactional with a commit every `commitEvery` sends, or idempotent when null. */
async function runKafkajs(setup: Setup, name: string, commitEvery: number | null): Promise<Sample> {
  const { kafka, admin, tally, data } = setup;
  const topic = freshTopicName(name);
  await createTopic(admin, topic, OPTIONS.partitions);
  const producer = kafka.producer({
    idempotent: true,
    maxInFlightRequests: 1, // what exactly-once needs from kafkajs, and what the sink will use
    // One id per run: no run inherits another's epoch, or waits on another's unfinished transaction.
    transactionalId: commitEvery === null ? undefined : `${topic}-producer`,
    allowAutoTopicCreation: false,
    createPartitioner: Partitioners.DefaultPartitioner,
    // kafkajs's own default for idempotent producers (retry forever), with the first delay made explicit.
    retry: { retries: Number.MAX_SAFE_INTEGER, initialRetryTime: OPTIONS.initialRetryMs },
  });
  const requestMs: Record<string, number> = {};
  const stopListening = producer.on(producer.events.REQUEST, ({ payload }) => {
    requestMs[payload.apiName] = (requestMs[payload.apiName] ?? 0) + payload.duration;
  });
  try {
    await producer.connect();
    if (commitEvery !== null) {
      // Gets the producer id now, not in the timed part. Nothing was sent, so no EndTxn goes out.
      await (await producer.transaction()).commit();
    }
    for (const key of Object.keys(requestMs)) delete requestMs[key];
    tally.reset();
    let transactions = 0;
    let markers = 0;
    const timing = await measure(async () => {
      if (commitEvery === null) {
        for (const messages of data.batches) await producer.send({ topic, messages, acks: -1 });
        return;
      }
      for (let i = 0; i < data.batches.length; i += commitEvery) {
        const txn = await producer.transaction();
        const partitions = new Set<number>(); // each gets one commit marker
        for (const messages of data.batches.slice(i, i + commitEvery)) {
          for (const r of await txn.send({ topic, messages, acks: -1 })) partitions.add(r.partition);
        }
        await txn.commit();
        transactions++;
        markers += partitions.size;
      }
    }, setup.brokerPid);
    const logged = Object.fromEntries(tally.counts);
    return {
      timing,
      seconds: timing.seconds,
      transactions,
      requestMs: { ...requestMs },
      logged,
      ...(await verify(admin, topic, data.messages, markers)),
    };
  } finally {
    stopListening();
    await producer.disconnect();
    await admin.deleteTopics({ topics: [topic] }).catch(() => {}); // keeps the broker's disk small
  }
}

async function runKcatOnce(setup: Setup, ctx: BenchContext, kcat: string, file: string): Promise<Sample> {
  const { admin, data } = setup;
  const topic = freshTopicName('kcat');
  await createTopic(admin, topic, OPTIONS.partitions);
  try {
    const t0 = process.hrtime.bigint();
    await runKcat({ kcat, broker: ctx.kafka!.listeners.plaintext, topic, file, signal: ctx.signal });
    const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
    const check = await verify(admin, topic, data.messages, 0);
    return { timing: null, seconds, transactions: 0, requestMs: {}, logged: {}, ...check };
  } finally {
    await admin.deleteTopics({ topics: [topic] }).catch(() => {});
  }
}

const pct = (ratio: number) => `${((1 - ratio) * 100).toFixed(1)} %`;

function medianOf(samples: Sample[], f: (s: Sample) => number): number {
  return summarize(samples.map(f)).median;
}

/** The median share of one core some CPU figure took during the runs; null when it was not known. */
function percentOfOneCore(samples: Sample[], cpu: (t: Timing) => number | null): number | null {
  if (samples.some((s) => cpu(s.timing!) === null)) return null;
  return Math.round(medianOf(samples, (s) => (cpu(s.timing!)! / s.seconds) * 100));
}

/** The detail every variant's lines carry: where its time went, and whether the count was right. */
function detailOf(samples: Sample[], data: EncodedBatches): Result['detail'] {
  const timed = samples.filter((s) => s.timing !== null);
  const apis = [...new Set(samples.flatMap((s) => Object.keys(s.requestMs)))].sort();
  const logged: Record<string, number> = {};
  for (const s of samples) for (const [k, n] of Object.entries(s.logged)) logged[k] = (logged[k] ?? 0) + n;
  return {
    messages: data.messages,
    sends: data.batches.length,
    meanSendBytes: Math.round(data.payloadBytes / data.batches.length),
    partitions: OPTIONS.partitions,
    transactions: samples[0]?.transactions ?? 0,
    ...(timed.length > 0 && {
      cpuPercentOfOneCore: Math.round(medianOf(timed, (s) => (s.timing!.cpuSeconds / s.seconds) * 100)),
      rssPeakMB: Math.round(Math.max(...timed.map((s) => s.timing!.rssPeak)) / 1e6),
      brokerCpuPercentOfOneCore: percentOfOneCore(timed, (t) => t.watchedCpuSeconds),
      otherCpuPercentOfOneCore: percentOfOneCore(timed, (t) => t.otherCpuSeconds),
    }),
    ...Object.fromEntries(
      apis.map((api) => [`${api}Ms`, Math.round(medianOf(samples, (s) => s.requestMs[api] ?? 0))]),
    ),
    kafkajsErrorsLogged: Object.values(logged).reduce((a, b) => a + b, 0),
    ...(Object.keys(logged).length > 0 && { kafkajsLog: JSON.stringify(logged) }),
    verified: samples.every((s) => s.verified),
    check: samples.find((s) => !s.verified)?.check ?? samples[0]?.check ?? '',
  };
}

async function run(ctx: BenchContext): Promise<void> {
  const messages = ctx.quick ? OPTIONS.quickMessages : OPTIONS.messages;
  const plan = ctx.quick ? QUICK_PLAN : PLAN;
  const tally = new KafkaLogTally();
  const kafka = kafkaClient(ctx.kafka!, 'sluice-bench-b1', tally);
  const admin = kafka.admin();
  const data = encodeOrderBatches(messages, OPTIONS.batchBytes);
  const setup: Setup = { brokerPid: ctx.brokerPid, kafka, admin, tally, data };
  ctx.log(
    `B1: ${data.messages} messages, ${(data.payloadBytes / 1e6).toFixed(1)} MB, ${data.batches.length} sends ` +
      `of ≤ ${OPTIONS.batchBytes} bytes, ${OPTIONS.partitions} partition(s)`,
  );

  const kcat = findKcat();
  const variants: Variant<Sample>[] = [
    ...OPTIONS.commitEvery.map((k) => ({
      name: transactional(k),
      run: () => runKafkajs(setup, transactional(k), k),
    })),
    { name: IDEMPOTENT, run: () => runKafkajs(setup, IDEMPOTENT, null) },
  ];
  try {
    await admin.connect();
    if (kcat) {
      const file = join(ctx.workDir, 'orders.tsv');
      await writeKcatInput(file, data.batches);
      variants.push({ name: KCAT, run: () => runKcatOnce(setup, ctx, kcat, file) });
    }
    const describe = (s: Sample) => {
      const other = s.timing?.otherCpuSeconds;
      return (
        `${Math.round(data.messages / s.seconds)} msg/s, ${(data.payloadBytes / 1e6 / s.seconds).toFixed(1)} MB/s` +
        (typeof other === 'number'
          ? `, other processes ${Math.round((other / s.seconds) * 100)} % of a core`
          : '') +
        (s.verified ? '' : ` (count wrong: ${s.check})`)
      );
    };
    const samples = await runRounds(variants, {
      plan,
      log: (line) => ctx.log(`B1 ${line}`),
      describe,
      beforeRun: () => ctx.quiet(),
    });

    const msgs = (s: Sample) => data.messages / s.seconds;
    const mbs = (s: Sample) => data.payloadBytes / 1e6 / s.seconds;
    const kcatSamples = samples.get(KCAT);
    const baselineOf = (name: string, f: (s: Sample) => number) => {
      const base = name === IDEMPOTENT ? kcatSamples : name === KCAT ? undefined : samples.get(IDEMPOTENT);
      return base ? summarize(base.map(f)) : undefined;
    };
    for (const variant of variants) {
      const own = samples.get(variant.name)!;
      const detail = detailOf(own, data);
      for (const [unit, f] of [
        ['msg/s', msgs],
        ['MB/s', mbs],
      ] as const) {
        const m = measured(summarize(own.map(f)), baselineOf(variant.name, f));
        const note =
          variant.name === KCAT
            ? 'the C ceiling'
            : variant.name === IDEMPOTENT
              ? kcat
                ? `JS tax ${pct(m.ratio!)} (vs kcat)`
                : 'baseline of the transaction tax; JS tax: skipped, kcat not installed'
              : `transaction tax ${pct(m.ratio!)}`;
        ctx.report({ bench: 'B1', variant: variant.name, unit, ...m, note, detail });
      }
    }
    if (!kcat) {
      const note = 'skipped: kcat not installed';
      ctx.log(`B1 ${KCAT}: ${note}`);
      ctx.report({
        bench: 'B1',
        variant: KCAT,
        value: null,
        unit: 'msg/s',
        baseline: null,
        ratio: null,
        note,
      });
    }
  } finally {
    await admin.disconnect();
  }
}

export const b1: Benchmark = { id: 'b1', name: 'producer-ceilings', needsKafka: true, run };
