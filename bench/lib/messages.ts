/**
 * Pre-encoded Kafka messages of `orders` rows, and their grouping into sends sized in bytes.
 *
 * kafkajs keeps one request in flight per broker for an idempotent or transactional producer and
 * has no linger: each `send` is one produce request, so a send's size decides how full that one
 * request is. Batches are therefore cut by bytes, not by message count (BENCHMARKS.md).
 */
import { generateOrders, orderJson, orderKeyJson } from './orders.ts';

export interface EncodedMessage {
  key: Buffer;
  value: Buffer;
}

export interface EncodedBatches {
  batches: EncodedMessage[][];
  messages: number;
  /** Key and value bytes of all messages: the payload MB/s figures count. */
  payloadBytes: number;
}

/**
 * Per-record overhead in a v2 record batch: length, attributes, timestamp and offset deltas, key and
 * value lengths and header count, all varints; ≤ 16 bytes for records of a few hundred bytes.
 */
const RECORD_OVERHEAD = 16;

/**
 * Encodes `count` rows (key `{"id":N}`, value the row's JSON) and cuts them into batches of at most
 * `batchBytes` encoded bytes each (payload plus record overhead).
 */
export function encodeOrderBatches(count: number, batchBytes: number, seed = 1): EncodedBatches {
  const batches: EncodedMessage[][] = [];
  let current: EncodedMessage[] = [];
  let currentBytes = 0;
  let payloadBytes = 0;
  for (const row of generateOrders(count, seed)) {
    const message = { key: Buffer.from(orderKeyJson(row)), value: Buffer.from(orderJson(row)) };
    const size = message.key.length + message.value.length;
    if (current.length > 0 && currentBytes + size + RECORD_OVERHEAD > batchBytes) {
      batches.push(current);
      current = [];
      currentBytes = 0;
    }
    current.push(message);
    currentBytes += size + RECORD_OVERHEAD;
    payloadBytes += size;
  }
  if (current.length > 0) batches.push(current);
  return { batches, messages: count, payloadBytes };
}
