/**
 * What a Kafka connection needs at connect time, with secrets already resolved.
 *
 * The catalog stores a connection's options with secrets as references (`SECRET name`); the session
 * resolves them from the keychain into this shape right before a client is built, and nothing keeps
 * it longer than the client does.
 */

export const SECURITY_PROTOCOLS = ['PLAINTEXT', 'SSL', 'SASL_PLAINTEXT', 'SASL_SSL'] as const;
export type SecurityProtocol = (typeof SECURITY_PROTOCOLS)[number];

export const SASL_MECHANISMS = ['PLAIN', 'SCRAM-SHA-256', 'SCRAM-SHA-512'] as const;
export type SaslMechanism = (typeof SASL_MECHANISMS)[number];

export interface KafkaConnectionSpec {
  /** `host:port` of one or more bootstrap brokers. */
  brokers: string[];
  /** As written with SECURITY PROTOCOL; when absent, `effectiveSecurityProtocol` infers it. */
  securityProtocol?: SecurityProtocol;
  sasl?: { mechanism: SaslMechanism; username: string; password: string };
  /** PEM text. `cert` and `key` together authenticate the client (mTLS). */
  ssl?: { ca?: string; cert?: string; key?: string };
}

/**
 * The protocol a connection uses, as Materialize decides it:
 * an explicit SECURITY PROTOCOL wins; otherwise SASL options mean SASL_SSL (managed services such as
 * Upstash, Redpanda Cloud and Confluent Cloud only accept SASL over TLS, so SASL without TLS must be
 * asked for); otherwise any SSL option means SSL; otherwise PLAINTEXT.
 */
export function effectiveSecurityProtocol(spec: KafkaConnectionSpec): SecurityProtocol {
  if (spec.securityProtocol) return spec.securityProtocol;
  if (spec.sasl) return 'SASL_SSL';
  if (spec.ssl && (spec.ssl.ca || spec.ssl.cert || spec.ssl.key)) return 'SSL';
  return 'PLAINTEXT';
}

export function usesTls(protocol: SecurityProtocol): boolean {
  return protocol === 'SSL' || protocol === 'SASL_SSL';
}

export function usesSasl(protocol: SecurityProtocol): boolean {
  return protocol === 'SASL_PLAINTEXT' || protocol === 'SASL_SSL';
}
