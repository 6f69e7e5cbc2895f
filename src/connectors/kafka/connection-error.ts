/**
 * Why a Kafka connection failed, in words a user can act on.
 *
 * kafkajs reports failures as a chain of errors (a retry wrapper around a connection error around
 * Node's socket or TLS error). `diagnoseKafkaError` walks that chain and picks the most specific
 * cause it recognises; each cause has a stable code, a message naming the broker, and a hint that
 * says what to change. The mapping is pure so it is tested against the errors a real broker gives.
 */
import { UserError } from '../../errors/user-error.ts';
import type { KafkaConnectionSpec } from './connection-spec.ts';

export type KafkaProblem =
  | 'host-not-found'
  | 'connection-refused'
  | 'tls-handshake-failed'
  | 'certificate-rejected'
  | 'client-certificate-required'
  | 'sasl-authentication-failed'
  | 'sasl-mechanism-unsupported'
  | 'connection-closed'
  | 'timeout'
  | 'unreachable';

export class KafkaConnectionError extends UserError {
  readonly code: string;
  constructor(
    readonly problem: KafkaProblem,
    message: string,
    hint: string,
    cause: unknown,
  ) {
    super(message, { hint, cause, retriable: problem === 'timeout' || problem === 'connection-refused' });
    this.code = `kafka-${problem}`;
  }
}

interface ErrorLike {
  name?: string;
  message?: string;
  code?: string;
  cause?: unknown;
  originalError?: unknown;
}

/** The error and everything it wraps, outermost first (bounded: chains can be cyclic). */
function chain(err: unknown): ErrorLike[] {
  const seen: ErrorLike[] = [];
  let current: unknown = err;
  while (current && typeof current === 'object' && seen.length < 10 && !seen.includes(current as ErrorLike)) {
    const e = current as ErrorLike;
    seen.push(e);
    current = e.cause ?? e.originalError;
  }
  return seen;
}

const CERTIFICATE_CODES = new Set([
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'CERT_HAS_EXPIRED',
  'CERT_NOT_YET_VALID',
  'CERT_SIGNATURE_FAILURE',
  'ERR_TLS_CERT_ALTNAME_INVALID',
]);

export function diagnoseKafkaError(
  err: unknown,
  spec: Pick<KafkaConnectionSpec, 'brokers' | 'sasl'>,
): KafkaConnectionError {
  const where = spec.brokers.join(', ');
  const errors = chain(err);
  const has = (test: (e: ErrorLike) => boolean) => errors.find(test);
  const text = (e: ErrorLike) => `${e.message ?? ''}`;

  const notFound = has(
    (e) => e.code === 'ENOTFOUND' || e.code === 'EAI_AGAIN' || /ENOTFOUND|EAI_AGAIN/.test(text(e)),
  );
  if (notFound) {
    return new KafkaConnectionError(
      'host-not-found',
      `could not resolve the broker host: ${where}`,
      'Check the spelling of BROKER; it is the bootstrap address your provider shows (host:port).',
      err,
    );
  }
  const refused = has((e) => e.code === 'ECONNREFUSED' || /ECONNREFUSED/.test(text(e)));
  if (refused) {
    return new KafkaConnectionError(
      'connection-refused',
      `connection refused by ${where}`,
      'Nothing is listening there: check the port in BROKER and that the broker is running.',
      err,
    );
  }
  // The server's TLS alert when it wants a client certificate: 42 (bad certificate), 116 (certificate required).
  const clientCert = has((e) =>
    /alert bad certificate|alert number 42\b|certificate required|alert number 116\b/i.test(text(e)),
  );
  if (clientCert) {
    return new KafkaConnectionError(
      'client-certificate-required',
      `the broker requires a client certificate it trusts: ${clientCert.message}`,
      'Set SSL KEY and SSL CERTIFICATE to a key and certificate signed by a CA the broker trusts.',
      err,
    );
  }
  const cert = has(
    (e) =>
      (e.code !== undefined && CERTIFICATE_CODES.has(e.code)) ||
      /self[- ]signed certificate|unable to (verify|get local issuer)|certificate has expired|altnames/i.test(
        text(e),
      ),
  );
  if (cert) {
    return new KafkaConnectionError(
      'certificate-rejected',
      `the broker's TLS certificate was rejected: ${cert.message}`,
      "Set SSL CERTIFICATE AUTHORITY to the CA that signed the broker's certificate, or check BROKER's host name.",
      err,
    );
  }
  const mechanism = has((e) =>
    /mechanism is not supported|UNSUPPORTED_SASL_MECHANISM|does not support the requested SASL mechanism/i.test(
      text(e),
    ),
  );
  if (mechanism) {
    return new KafkaConnectionError(
      'sasl-mechanism-unsupported',
      `the broker does not accept SASL mechanism ${spec.sasl?.mechanism ?? '(none)'}: ${mechanism.message}`,
      'Set SASL MECHANISMS to one the broker enables (PLAIN, SCRAM-SHA-256 or SCRAM-SHA-512); your provider documents which.',
      err,
    );
  }
  const auth = has(
    (e) => e.name === 'KafkaJSSASLAuthenticationError' || /SASL .*authentication failed/i.test(text(e)),
  );
  if (auth) {
    return new KafkaConnectionError(
      'sasl-authentication-failed',
      `SASL authentication failed at ${where}: ${auth.message}`,
      'Check SASL USERNAME and the secret behind SASL PASSWORD (ALTER SECRET name AS ...), and SASL MECHANISMS.',
      err,
    );
  }
  const tls = has(
    (e) =>
      e.code === 'EPROTO' ||
      e.code === 'ERR_SSL_WRONG_VERSION_NUMBER' ||
      /secure TLS connection|wrong version number|ssl|tls|handshake/i.test(text(e)),
  );
  if (tls) {
    return new KafkaConnectionError(
      'tls-handshake-failed',
      `TLS handshake with ${where} failed: ${tls.message}`,
      'Check SECURITY PROTOCOL: a TLS listener needs SSL or SASL_SSL, a plaintext one PLAINTEXT or SASL_PLAINTEXT.',
      err,
    );
  }
  const closed = has((e) => e.name === 'KafkaJSConnectionClosedError' || /Closed connection/.test(text(e)));
  if (closed) {
    return new KafkaConnectionError(
      'connection-closed',
      `${where} closed the connection before answering`,
      'The listener most likely expects another SECURITY PROTOCOL: a TLS listener needs SSL or SASL_SSL, and a SASL listener needs SASL MECHANISMS, USERNAME and PASSWORD.',
      err,
    );
  }
  const timeout = has((e) =>
    /timeout|timed out|ETIMEDOUT/i.test(`${text(e)} ${e.code ?? ''} ${e.name ?? ''}`),
  );
  if (timeout) {
    return new KafkaConnectionError(
      'timeout',
      `timed out connecting to ${where}`,
      'Check BROKER and SECURITY PROTOCOL (a TLS listener does not answer a plaintext client), and that a firewall lets you through.',
      err,
    );
  }
  const last = errors[errors.length - 1];
  return new KafkaConnectionError(
    'unreachable',
    `could not connect to ${where}: ${last?.message ?? String(err)}`,
    'Check BROKER, SECURITY PROTOCOL and the credentials, then run VALIDATE CONNECTION again.',
    err,
  );
}
