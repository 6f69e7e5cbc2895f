/**
 * The test broker itself: does every listener the tests rely on work end to end?
 *
 * Through each listener (PLAINTEXT, SASL_PLAINTEXT with SCRAM-SHA-256 / SCRAM-SHA-512 / PLAIN, SASL_SSL
 * with SCRAM, SSL with a client certificate) a transactional producer commits messages to a fresh
 * topic and a read_committed consumer reads exactly those back; aborted transactions must stay
 * invisible, and wrong credentials or a missing client certificate must be refused. When one of these
 * fails, the problem is the test infrastructure, not sluice.
 */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { afterEach, describe, test } from 'node:test';
import { Kafka, type KafkaConfig, logLevel, Partitioners, type SASLOptions } from 'kafkajs';
import { testEnv } from '../support/test-env.ts';

const broker = testEnv().kafka;

/** Per test (not per file): a consumer group join and a few transactions take seconds, not minutes. */
const slow = { timeout: 60_000 };
/** How long to wait for the expected messages before failing with what did arrive. */
const CONSUME_TIMEOUT_MS = 30_000;
/** After the expected count, keep reading this long so a duplicate or stray message would show. */
const EXTRA_READ_MS = 1_000;

type Connection = Omit<KafkaConfig, 'clientId' | 'logLevel'>;

/** One way in: a listener and the settings (TLS, SASL) a client needs to use it. */
const listeners: Array<{ name: string; connection: Connection }> = [
  { name: 'PLAINTEXT', connection: { brokers: [broker.listeners.plaintext] } },
  {
    name: 'SCRAM-SHA-256 over SASL_PLAINTEXT',
    connection: {
      brokers: [broker.listeners.saslPlaintext],
      sasl: { mechanism: 'scram-sha-256', ...broker.users.scramSha256 },
    },
  },
  {
    name: 'SCRAM-SHA-512 over SASL_PLAINTEXT',
    connection: {
      brokers: [broker.listeners.saslPlaintext],
      sasl: { mechanism: 'scram-sha-512', ...broker.users.scramSha512 },
    },
  },
  {
    name: 'PLAIN over SASL_PLAINTEXT',
    connection: {
      brokers: [broker.listeners.saslPlaintext],
      sasl: { mechanism: 'plain', ...broker.users.plain },
    },
  },
  {
    name: 'SCRAM-SHA-256 over SASL_SSL',
    connection: {
      brokers: [broker.listeners.saslSsl],
      // Node verifies the broker certificate (chain and 127.0.0.1 SAN) against the test CA only.
      ssl: { ca: [broker.tls.caPem], rejectUnauthorized: true },
      sasl: { mechanism: 'scram-sha-256', ...broker.users.scramSha256 },
    },
  },
  {
    name: 'mTLS over SSL',
    connection: {
      brokers: [broker.listeners.ssl],
      ssl: {
        ca: [broker.tls.caPem],
        rejectUnauthorized: true,
        cert: broker.tls.clientCertPem,
        key: broker.tls.clientKeyPem,
      },
    },
  },
];

/** Every client a test opens; disconnected after each test, whether it passed or not. */
const openClients: Array<{ disconnect(): Promise<void> }> = [];

afterEach(async () => {
  await Promise.allSettled(openClients.splice(0).map((c) => c.disconnect()));
});

function unique(prefix: string): string {
  return `${prefix}-${randomUUID()}`;
}

function client(connection: Connection): Kafka {
  return new Kafka({
    clientId: 'sluice-smoke',
    logLevel: logLevel.NOTHING,
    connectionTimeout: 5_000, // loopback; TLS handshakes included, this is generous
    ...connection,
  });
}

async function createTopic(kafka: Kafka, topic: string): Promise<void> {
  const admin = kafka.admin();
  openClients.push(admin);
  await admin.connect();
  const created = await admin.createTopics({
    topics: [{ topic, numPartitions: 1, replicationFactor: 1 }],
    waitForLeaders: true,
  });
  assert.equal(created, true, `topic ${topic} was not created`);
  await admin.disconnect();
}

/** Sends `values` to `topic` in one transaction, then commits or aborts it. */
async function produceInTransaction(
  kafka: Kafka,
  topic: string,
  values: string[],
  outcome: 'commit' | 'abort',
): Promise<void> {
  const producer = kafka.producer({
    transactionalId: unique('sluice-smoke-tx'),
    idempotent: true,
    maxInFlightRequests: 1,
    createPartitioner: Partitioners.DefaultPartitioner,
  });
  openClients.push(producer);
  await producer.connect();
  const transaction = await producer.transaction();
  await transaction.send({ topic, messages: values.map((value, i) => ({ key: String(i), value })) });
  if (outcome === 'commit') await transaction.commit();
  else await transaction.abort();
  await producer.disconnect();
}

/**
 * Reads `topic` from the beginning with a new consumer group until `expected` messages arrived, then
 * for EXTRA_READ_MS more, and returns every value read (so extra messages fail the comparison).
 */
async function consume(
  kafka: Kafka,
  topic: string,
  expected: number,
  isolation: 'read_committed' | 'read_uncommitted',
): Promise<string[]> {
  const consumer = kafka.consumer({
    groupId: unique('sluice-smoke-group'),
    readUncommitted: isolation === 'read_uncommitted',
    maxWaitTimeInMs: 200, // an empty fetch returns quickly, so the extra read and disconnect are short
  });
  openClients.push(consumer);
  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning: true });
  const values: string[] = [];
  await new Promise<void>((resolve, reject) => {
    const timeout = setTimeout(
      () => reject(new Error(`expected ${expected} messages from ${topic}, got ${JSON.stringify(values)}`)),
      CONSUME_TIMEOUT_MS,
    );
    let settling = false;
    consumer
      .run({
        eachMessage: async ({ message }) => {
          values.push(message.value?.toString('utf8') ?? '<null>');
          if (values.length >= expected && !settling) {
            settling = true;
            clearTimeout(timeout);
            setTimeout(resolve, EXTRA_READ_MS);
          }
        },
      })
      .catch(reject);
  });
  await consumer.disconnect();
  return values;
}

describe('the test Kafka broker', () => {
  for (const { name, connection } of listeners) {
    test(`a committed transaction is read back exactly once through ${name}`, slow, async () => {
      const kafka = client(connection);
      const topic = unique('smoke-listener');
      const values = Array.from({ length: 5 }, (_, i) => `${name} #${i}`);
      await createTopic(kafka, topic);
      await produceInTransaction(kafka, topic, values, 'commit');
      assert.deepEqual(await consume(kafka, topic, values.length, 'read_committed'), values);
    });
  }

  test('an aborted transaction is invisible to read_committed consumers', slow, async () => {
    const kafka = client({ brokers: [broker.listeners.plaintext] });
    const topic = unique('smoke-abort');
    const aborted = ['aborted #0', 'aborted #1', 'aborted #2'];
    const committed = ['committed #0', 'committed #1'];
    await createTopic(kafka, topic);
    await produceInTransaction(kafka, topic, aborted, 'abort');
    await produceInTransaction(kafka, topic, committed, 'commit');

    assert.deepEqual(await consume(kafka, topic, committed.length, 'read_committed'), committed);
    // The control: the aborted messages really are in the log, a read_uncommitted consumer sees them.
    assert.deepEqual(await consume(kafka, topic, aborted.length + committed.length, 'read_uncommitted'), [
      ...aborted,
      ...committed,
    ]);
  });

  // The right users and mechanisms; only the passwords are off.
  const wrongScramLogins: SASLOptions[] = [
    {
      mechanism: 'scram-sha-256',
      ...broker.users.scramSha256,
      password: `${broker.users.scramSha256.password}x`,
    },
    {
      mechanism: 'scram-sha-512',
      ...broker.users.scramSha512,
      password: `${broker.users.scramSha512.password}x`,
    },
  ];
  for (const sasl of wrongScramLogins) {
    test(`a wrong ${sasl.mechanism.toUpperCase()} password is refused`, slow, async () => {
      const kafka = client({
        brokers: [broker.listeners.saslPlaintext],
        sasl,
        retry: { retries: 0 }, // an authentication failure is final; fail on the first attempt
      });
      const admin = kafka.admin();
      openClients.push(admin);
      await assert.rejects(admin.connect(), (err: Error) => {
        assert.equal(err.name, 'KafkaJSSASLAuthenticationError');
        assert.match(err.message, /authentication failed/i);
        return true;
      });
    });
  }

  test('the mTLS listener refuses a client without a certificate', slow, async () => {
    const kafka = client({
      brokers: [broker.listeners.ssl],
      ssl: { ca: [broker.tls.caPem], rejectUnauthorized: true },
      retry: { retries: 0 },
    });
    const admin = kafka.admin();
    openClients.push(admin);
    // The broker ends the TLS handshake with a "bad certificate" alert (Java's answer to a missing one).
    await assert.rejects(async () => {
      await admin.connect();
      await admin.listTopics();
    }, /bad certificate|certificate required/i);
  });

  test('a SASL_SSL client without the test CA refuses the broker certificate', slow, async () => {
    const kafka = client({
      brokers: [broker.listeners.saslSsl],
      ssl: { rejectUnauthorized: true }, // the system CAs only, which never signed the test broker
      sasl: { mechanism: 'scram-sha-256', ...broker.users.scramSha256 },
      retry: { retries: 0 },
    });
    const admin = kafka.admin();
    openClients.push(admin);
    await assert.rejects(admin.connect(), /self[- ]signed certificate|unable to (get|verify)/i);
  });
});
