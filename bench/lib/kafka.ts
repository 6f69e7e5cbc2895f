/**
 * The Kafka pieces benchmarks share: a client on the broker's PLAINTEXT listener, fresh topics, and
 * a count of what landed in a topic, read from high watermarks rather than by consuming it.
 *
 * PLAINTEXT because the benchmarks measure the client and the broker, not TLS or SASL. kafkajs's own
 * log is not printed (it would interleave with results) but tallied: retries show up as ERROR entries
 * ("Failed to send messages: ..."), and their count says whether a figure includes back-off sleeps.
 */
import { type Admin, Kafka, type logCreator, logLevel } from 'kafkajs';
import type { TestKafka } from '../../test/support/test-env.ts';

/** kafkajs's ERROR and WARN log entries, counted by message and error (request details dropped). */
export class KafkaLogTally {
  readonly counts = new Map<string, number>();

  readonly logCreator: logCreator = () => (entry) => {
    if (entry.level > logLevel.WARN) return;
    const { message, error } = entry.log as { message: string; error?: unknown };
    // "Response AddPartitionsToTxn(key: 24, version: 1)" + its error: one key per API and error.
    const what = message.replace(/\(key: \d+, version: \d+\)/, '');
    const key = typeof error === 'string' && !what.includes(error) ? `${what}: ${error}` : what;
    this.counts.set(key, (this.counts.get(key) ?? 0) + 1);
  };

  total(): number {
    let sum = 0;
    for (const n of this.counts.values()) sum += n;
    return sum;
  }

  reset(): void {
    this.counts.clear();
  }
}

export function kafkaClient(info: TestKafka, clientId: string, tally: KafkaLogTally): Kafka {
  return new Kafka({
    clientId,
    brokers: [info.listeners.plaintext],
    logLevel: logLevel.WARN,
    logCreator: tally.logCreator,
  });
}

export async function createTopic(admin: Admin, topic: string, partitions: number): Promise<void> {
  const created = await admin.createTopics({
    topics: [{ topic, numPartitions: partitions, replicationFactor: 1 }],
    waitForLeaders: true, // producing right after must not race the partition leaders' election
  });
  if (!created) throw new Error(`topic ${topic} already exists: benchmark topics must be fresh`);
}

/** The sum of the partitions' high watermarks: records plus, for transactions, their markers. */
export async function highWatermark(admin: Admin, topic: string): Promise<number> {
  const offsets = await admin.fetchTopicOffsets(topic);
  return offsets.reduce((sum, p) => sum + Number(p.high), 0);
}

/** How long the broker gets to write the last commit markers, which follow EndTxn asynchronously. */
const MARKER_WAIT_MS = 10_000;

/**
 * Waits until the topic's high watermark reaches `expected` (or the wait ends) and returns the last
 * value seen. EndTxn returns once the commit is decided; the markers are appended right after, so
 * the last one can be a few milliseconds behind the resolved `commit()`.
 */
export async function awaitHighWatermark(admin: Admin, topic: string, expected: number): Promise<number> {
  const deadline = Date.now() + MARKER_WAIT_MS;
  for (;;) {
    const seen = await highWatermark(admin, topic);
    if (seen >= expected || Date.now() >= deadline) return seen;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
