/**
 * The contract between the test runner (test/run.ts) and the tests.
 *
 * The runner starts one Kafka broker, one schema registry and one OS keychain per test run,
 * writes where they are into a JSON file and passes its path in SLUICE_TEST_ENV. Tests call
 * `testEnv()` to read it. Nothing in here starts anything.
 */
import { readFileSync } from 'node:fs';

export interface Credentials {
  username: string;
  password: string;
}

export interface TestKafka {
  /** The Apache Kafka version the broker runs (from Maven Central). */
  version: string;
  /** host:port of each listener, all bound to 127.0.0.1. */
  listeners: {
    plaintext: string;
    /** SASL_PLAINTEXT: SCRAM-SHA-256, SCRAM-SHA-512 and PLAIN. */
    saslPlaintext: string;
    /** SASL_SSL: SCRAM-SHA-256 and SCRAM-SHA-512 over TLS (what managed services look like). */
    saslSsl: string;
    /** SSL with required client certificates (mTLS). */
    ssl: string;
  };
  users: {
    scramSha256: Credentials;
    scramSha512: Credentials;
    plain: Credentials;
  };
  /** PEM text of the test CA and of a client certificate and key the mTLS listener accepts. */
  tls: {
    caPem: string;
    clientCertPem: string;
    clientKeyPem: string;
  };
  /** The broker's log; the runner prints its tail when a test fails. */
  logFile: string;
}

export interface TestRegistry {
  /** Base URL, e.g. http://127.0.0.1:PORT */
  url: string;
  /** HTTP basic auth the registry requires. */
  auth: Credentials;
  /** What serves it: a real registry or the stand-in in test/support/schema-registry/. */
  implementation: string;
}

export interface TestEnv {
  kafka: TestKafka;
  registry: TestRegistry;
  /** The keychain is a private gnome-keyring on a private D-Bus session bus; tests just use keytar. */
  keychain: { dbusAddress: string };
}

let cached: TestEnv | undefined;

export function testEnv(): TestEnv {
  if (cached) return cached;
  const file = process.env.SLUICE_TEST_ENV;
  if (!file) {
    throw new Error(
      'SLUICE_TEST_ENV is not set: run tests with `npm test` (optionally `npm test -- <file>`)',
    );
  }
  cached = JSON.parse(readFileSync(file, 'utf8')) as TestEnv;
  return cached;
}
