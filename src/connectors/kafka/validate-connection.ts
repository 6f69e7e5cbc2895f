/**
 * VALIDATE CONNECTION for Kafka: connect with the resolved secrets and fetch cluster metadata,
 * within a bounded time, and explain any failure (see connection-error.ts).
 */
import { kafkaClientConfig } from './client-config.ts';
import { diagnoseKafkaError, KafkaConnectionError } from './connection-error.ts';
import type { KafkaConnectionSpec } from './connection-spec.ts';

export interface ClusterSummary {
  clusterId: string;
  brokers: { nodeId: number; host: string; port: number }[];
  controller: number | null;
}

/** Long enough for a TLS + SCRAM handshake across an ocean, short enough to wait for at a prompt. */
export const DEFAULT_VALIDATION_TIMEOUT_MS = 15_000;

export async function validateKafkaConnection(
  spec: KafkaConnectionSpec,
  timeoutMs = DEFAULT_VALIDATION_TIMEOUT_MS,
): Promise<ClusterSummary> {
  // One retry at most: a wrong password or host does not get better, and the time bound is the user's.
  // kafkajs is loaded when first needed: most statements never connect, and it costs ~50 ms to load.
  const { Kafka } = await import('kafkajs');
  const kafka = new Kafka(
    kafkaClientConfig(spec, {
      clientId: 'sluice-validate',
      connectionTimeoutMs: Math.min(timeoutMs, 10_000),
      requestTimeoutMs: timeoutMs,
      retries: 1,
    }),
  );
  const admin = kafka.admin();
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(Object.assign(new Error('validation timeout'), { code: 'ETIMEDOUT' })),
      timeoutMs,
    );
  });
  try {
    return await Promise.race([
      (async () => {
        await admin.connect();
        const cluster = await admin.describeCluster();
        return { clusterId: cluster.clusterId, brokers: cluster.brokers, controller: cluster.controller };
      })(),
      deadline,
    ]);
  } catch (err) {
    if (err instanceof KafkaConnectionError) throw err;
    throw diagnoseKafkaError(err, spec);
  } finally {
    clearTimeout(timer);
    await admin.disconnect().catch(() => {});
  }
}
