import { mulberry32 } from '../../test/support/prng.ts';
/**
 * The `orders` rows of BENCHMARKS.md, generated deterministically from a seed:
 *
 *   orders(id bigint, customer_id bigint, amount numeric, status text, note text,
 *          created_at timestamptz, flags int, region text)
 *
 * The same seed gives the same rows on every machine and run, so figures are comparable. The note
 * is what brings a JSON row to ≈ 200 bytes (the suite's nominal size); its length varies, as text
 * columns do, so batches sized in bytes hold different numbers of rows.
 */

export interface Order {
  id: bigint;
  customer_id: bigint;
  /** numeric(10,2) as exact decimal text: a JS number would round it. */
  amount: string;
  status: string;
  note: string;
  /** timestamptz as ISO 8601 in UTC. */
  created_at: string;
  flags: number;
  region: string;
}

/** The `customers` table of BENCHMARKS.md has 10,000 rows; customer_id points into it. */
export const CUSTOMERS = 10_000;

const STATUSES = ['pending', 'paid', 'shipped', 'delivered', 'cancelled', 'refunded'];
const REGIONS = ['eu-west-1', 'eu-central-1', 'us-east-1', 'us-west-2', 'ap-southeast-1', 'sa-east-1'];
// biome-ignore format: a word list reads better packed
const WORDS = [
  'please', 'deliver', 'before', 'noon', 'gift', 'wrap', 'fragile', 'leave', 'at', 'the', 'door',
  'call', 'on', 'arrival', 'second', 'floor', 'back', 'entrance', 'no', 'signature', 'needed',
  'customer', 'asked', 'for', 'express', 'shipping', 'invoice', 'to', 'company', 'address',
];
/** Note length in characters: 16..80 (mean 48) gives a mean JSON row of 200.2 bytes over 200,000 rows. */
const NOTE_MIN = 16;
const NOTE_MAX = 80;
/** 2024-01-01T00:00:00Z; rows are ~30 s apart, as a busy shop's orders would be. */
const EPOCH_MS = Date.UTC(2024, 0, 1);

/** Rows with ids 1..count, the same for the same seed. A generator: a million rows need no array. */
export function* generateOrders(count: number, seed = 1): Generator<Order> {
  const rand = mulberry32(seed);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(rand() * list.length)]!;
  for (let i = 1; i <= count; i++) {
    const noteLength = NOTE_MIN + Math.floor(rand() * (NOTE_MAX - NOTE_MIN + 1));
    let note = pick(WORDS);
    while (note.length < noteLength) note += ` ${pick(WORDS)}`;
    const cents = 100 + Math.floor(rand() * 999_900); // 1.00 .. 9999.99
    yield {
      id: BigInt(i),
      customer_id: BigInt(1 + Math.floor(rand() * CUSTOMERS)),
      amount: `${Math.floor(cents / 100)}.${String(cents % 100).padStart(2, '0')}`,
      status: pick(STATUSES),
      note: note.slice(0, noteLength),
      created_at: new Date(EPOCH_MS + i * 30_000 + Math.floor(rand() * 30_000)).toISOString(),
      flags: Math.floor(rand() * 16),
      region: pick(REGIONS),
    };
  }
}

/** One row as a JSON object (bigint columns as JSON numbers: the ids here are far below 2^53). */
export function orderJson(row: Order): string {
  return JSON.stringify({ ...row, id: Number(row.id), customer_id: Number(row.customer_id) });
}

/** The row's key as a sink keyed by `id` writes it: `{"id":N}`. */
export function orderKeyJson(row: Order): string {
  return `{"id":${row.id}}`;
}
