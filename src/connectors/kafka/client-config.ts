/**
 * Builds a kafkajs client configuration from a resolved connection.
 *
 * One place decides TLS and SASL for every client sluice makes (admin, producer, consumer), so a
 * connection that validates is a connection that produces.
 */

import type { ConnectionOptions } from 'node:tls';
import type { KafkaConfig, SASLOptions } from 'kafkajs';
import { effectiveSecurityProtocol, type KafkaConnectionSpec, usesSasl, usesTls } from './connection-spec.ts';

export interface ClientOptions {
  clientId?: string;
  /** Per-connection TCP + TLS handshake limit, in ms. */
  connectionTimeoutMs?: number;
  /** Per-request limit, in ms. */
  requestTimeoutMs?: number;
  /** How many times kafkajs retries a failed request before giving up. */
  retries?: number;
}

export function kafkaClientConfig(spec: KafkaConnectionSpec, options: ClientOptions = {}): KafkaConfig {
  const protocol = effectiveSecurityProtocol(spec);
  const config: KafkaConfig = {
    clientId: options.clientId ?? 'sluice',
    brokers: spec.brokers,
    // kafkajs logs to the console by default; sluice reports errors itself, in words a user can act on.
    logLevel: 0, // logLevel.NOTHING, written as its value so building a config does not load kafkajs
    connectionTimeout: options.connectionTimeoutMs ?? 10_000,
    requestTimeout: options.requestTimeoutMs ?? 30_000,
    retry: { retries: options.retries ?? 5 },
  };
  if (usesTls(protocol)) config.ssl = tlsOptions(spec);
  if (usesSasl(protocol)) {
    if (!spec.sasl)
      throw new Error(`security protocol ${protocol} needs SASL MECHANISMS, USERNAME and PASSWORD`);
    config.sasl = saslOptions(spec.sasl);
  }
  return config;
}

function tlsOptions(spec: KafkaConnectionSpec): ConnectionOptions | true {
  const ssl = spec.ssl ?? {};
  if (!ssl.ca && !ssl.cert && !ssl.key) return true; // the system's trusted CAs
  const tls: ConnectionOptions = {};
  if (ssl.ca) tls.ca = [ssl.ca];
  if (ssl.cert) tls.cert = ssl.cert;
  if (ssl.key) tls.key = ssl.key;
  return tls;
}

function saslOptions(sasl: NonNullable<KafkaConnectionSpec['sasl']>): SASLOptions {
  const { username, password } = sasl;
  switch (sasl.mechanism) {
    case 'PLAIN':
      return { mechanism: 'plain', username, password };
    case 'SCRAM-SHA-256':
      return { mechanism: 'scram-sha-256', username, password };
    case 'SCRAM-SHA-512':
      return { mechanism: 'scram-sha-512', username, password };
  }
}
