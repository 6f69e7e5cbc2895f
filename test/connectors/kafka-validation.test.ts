/**
 * VALIDATE CONNECTION against the real broker: a good connection on each secured listener, and the
 * specific, actionable error for each way a connection can be wrong.
 */
import assert from 'node:assert/strict';
import { type AddressInfo, createServer, type Socket } from 'node:net';
import { test } from 'node:test';
import { KafkaConnectionError } from '../../src/connectors/kafka/connection-error.ts';
import type { KafkaConnectionSpec } from '../../src/connectors/kafka/connection-spec.ts';
import { validateKafkaConnection } from '../../src/connectors/kafka/validate-connection.ts';
import { otherCaPem } from '../support/other-ca.ts';
import { testEnv } from '../support/test-env.ts';

const { kafka } = testEnv();

function scram256(overrides: Partial<KafkaConnectionSpec> = {}): KafkaConnectionSpec {
  return {
    brokers: [kafka.listeners.saslSsl],
    sasl: { mechanism: 'SCRAM-SHA-256', ...kafka.users.scramSha256 },
    ssl: { ca: kafka.tls.caPem },
    ...overrides,
  };
}

async function failure(spec: KafkaConnectionSpec, timeoutMs?: number): Promise<KafkaConnectionError> {
  const err = await validateKafkaConnection(spec, timeoutMs).then(
    () => assert.fail('the connection validated'),
    (e: unknown) => e,
  );
  assert.ok(err instanceof KafkaConnectionError, `not a KafkaConnectionError: ${err}`);
  assert.ok(err.hint && err.hint.length > 10, 'no hint');
  return err;
}

test('SCRAM-SHA-256 over SASL_SSL (inferred from SASL without SECURITY PROTOCOL) validates', async () => {
  const summary = await validateKafkaConnection(scram256());
  assert.equal(summary.brokers.length, 1);
  assert.equal(typeof summary.clusterId, 'string');
});

test('mTLS with a client key and certificate validates', async () => {
  const summary = await validateKafkaConnection({
    brokers: [kafka.listeners.ssl],
    ssl: { ca: kafka.tls.caPem, cert: kafka.tls.clientCertPem, key: kafka.tls.clientKeyPem },
  });
  assert.equal(summary.brokers.length, 1);
});

test('a wrong password is a SASL authentication failure', async () => {
  const err = await failure(
    scram256({
      sasl: { mechanism: 'SCRAM-SHA-256', username: kafka.users.scramSha256.username, password: 'wrong' },
    }),
  );
  assert.equal(err.code, 'kafka-sasl-authentication-failed');
  assert.match(err.message, /SASL authentication failed/);
});

test('a mechanism the listener does not enable is named as such', async () => {
  const err = await failure(scram256({ sasl: { mechanism: 'PLAIN', ...kafka.users.plain } }));
  assert.equal(err.code, 'kafka-sasl-mechanism-unsupported');
  assert.match(err.message, /PLAIN/);
});

test('a wrong port is connection refused', async () => {
  // Port 1 on loopback: nothing listens there and nothing may (it is privileged).
  const err = await failure(scram256({ brokers: ['127.0.0.1:1'] }));
  assert.equal(err.code, 'kafka-connection-refused');
  assert.match(err.message, /127\.0\.0\.1:1/);
});

test('a CA that did not sign the broker certificate is a certificate error', async () => {
  const err = await failure(scram256({ ssl: { ca: otherCaPem() } }));
  assert.equal(err.code, 'kafka-certificate-rejected');
  assert.match(err.hint ?? '', /SSL CERTIFICATE AUTHORITY/);
});

test('mTLS without a client certificate is refused by the broker', async () => {
  const err = await failure({ brokers: [kafka.listeners.ssl], ssl: { ca: kafka.tls.caPem } });
  assert.equal(err.code, 'kafka-client-certificate-required');
  assert.match(err.hint ?? '', /SSL KEY and SSL CERTIFICATE/);
});

test('an unknown host is host not found', async () => {
  // .invalid never resolves (RFC 6761).
  const err = await failure(scram256({ brokers: ['broker.sluice-test.invalid:9092'] }));
  assert.equal(err.code, 'kafka-host-not-found');
});

test('a plaintext client on a TLS listener is told the listener closed the connection, within the bound', async () => {
  const started = performance.now();
  const err = await failure({ brokers: [kafka.listeners.saslSsl], securityProtocol: 'PLAINTEXT' }, 2_000);
  assert.ok(performance.now() - started < 5_000, 'validation overran its bound');
  assert.equal(err.code, 'kafka-connection-closed');
  assert.match(err.hint ?? '', /SECURITY PROTOCOL/);
});

test('a TLS client on a plaintext listener is a TLS handshake failure', async () => {
  const err = await failure({
    brokers: [kafka.listeners.plaintext],
    securityProtocol: 'SSL',
    ssl: { ca: kafka.tls.caPem },
  });
  assert.equal(err.code, 'kafka-tls-handshake-failed');
});

test('a broker that accepts but never answers times out within the bound', async (t) => {
  const sockets = new Set<Socket>();
  const silent = createServer((socket) => sockets.add(socket));
  await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
  t.after(() => {
    for (const s of sockets) s.destroy();
    silent.close();
  });
  const { port } = silent.address() as AddressInfo;
  const started = performance.now();
  const err = await failure({ brokers: [`127.0.0.1:${port}`] }, 1_500);
  assert.equal(err.code, 'kafka-timeout');
  assert.ok(performance.now() - started < 4_000, 'validation overran its bound');
});
