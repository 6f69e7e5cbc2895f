/**
 * CREATE / VALIDATE / SHOW / DROP CONNECTION through the Session against the real broker and schema
 * registry the test runner starts, with secrets in the real keychain: a connection that exists is
 * one that connected when it was made, a failure says what is wrong and catalogues nothing, and
 * the planner's errors point at the option that is wrong.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import keytar from 'keytar';
import { KEYCHAIN_SERVICE } from '../../src/secrets/keychain-secret-store.ts';
import type { Session } from '../../src/session/session.ts';
import { testEnv } from '../support/test-env.ts';
import {
  catalogSnapshot,
  expectSqlError,
  expectUserError,
  keychainValue,
  literal,
  openSession,
  otherCaPem,
  rows,
  run,
} from './support.ts';

const { kafka, registry } = testEnv();
const scram = kafka.users.scramSha256;
/** Loopback port 1: nothing listens there and nothing may (it is privileged). */
const NOTHING_LISTENS = '127.0.0.1:1';

/** CREATE SECRET for each name → value, in one execute. */
async function createSecrets(session: Session, secrets: Record<string, string>): Promise<void> {
  const sql = Object.entries(secrets)
    .map(([name, value]) => `CREATE SECRET ${name} AS ${literal(value)};`)
    .join('\n');
  await session.execute(sql);
}

/** The SCRAM-SHA-256 connection to the SASL_SSL listener, with the password and CA as secrets. */
function saslSslConnection(name = 'k', broker = kafka.listeners.saslSsl): string {
  return `CREATE CONNECTION ${name} TO KAFKA (
    BROKER '${broker}',
    SASL MECHANISMS = 'SCRAM-SHA-256',
    SASL USERNAME = '${scram.username}',
    SASL PASSWORD = SECRET pw,
    SSL CERTIFICATE AUTHORITY = SECRET ca
)`;
}

async function withSaslSecrets(session: Session, password = scram.password): Promise<void> {
  await createSecrets(session, { pw: password, ca: kafka.tls.caPem });
}

test('CREATE CONNECTION to the SASL_SSL listener (SCRAM-SHA-256, password and CA as secrets) validates and is catalogued', async (t) => {
  const { session } = openSession(t);
  await withSaslSecrets(session);
  assert.deepEqual(await run(session, saslSslConnection()), { tag: 'CREATE CONNECTION', notices: [] });
  assert.deepEqual(await rows(session, 'SHOW CONNECTIONS'), [['k', 'kafka']]);
  const item = session.catalog.get('k');
  assert.ok(item);
  assert.deepEqual(item.options, {
    type: 'kafka',
    brokers: [kafka.listeners.saslSsl],
    saslMechanism: 'SCRAM-SHA-256',
    saslUsername: { text: scram.username },
    saslPassword: { secret: 'pw' },
    sslCertificateAuthority: { secret: 'ca' },
  });
  const uses = item.dependsOn.map((id) => session.catalog.getById(id)?.name).sort();
  assert.deepEqual(uses, ['ca', 'pw'], 'the connection depends on the secrets it names');
  assert.ok(!JSON.stringify(item).includes(scram.password), 'the catalog holds the password');
});

test('CREATE CONNECTION with SASL USERNAME = SECRET and the CA as a PEM literal validates', async (t) => {
  const { session } = openSession(t);
  await createSecrets(session, { u: scram.username, pw: scram.password });
  const sql = `CREATE CONNECTION k TO KAFKA (
    BROKER '${kafka.listeners.saslSsl}',
    SECURITY PROTOCOL = 'SASL_SSL',
    SASL MECHANISMS = 'SCRAM-SHA-256',
    SASL USERNAME = SECRET u,
    SASL PASSWORD = SECRET pw,
    SSL CERTIFICATE AUTHORITY = ${literal(kafka.tls.caPem)}
)`;
  assert.deepEqual(await run(session, sql), { tag: 'CREATE CONNECTION', notices: [] });
  assert.deepEqual(session.catalog.get('k')?.options.saslUsername, { secret: 'u' });
});

test('CREATE CONNECTION with SCRAM-SHA-512 to the SASL_SSL listener validates', async (t) => {
  const { session } = openSession(t);
  await createSecrets(session, { pw512: kafka.users.scramSha512.password });
  const sql = `CREATE CONNECTION k512 TO KAFKA (BROKER '${kafka.listeners.saslSsl}',
    SASL MECHANISMS 'SCRAM-SHA-512', SASL USERNAME '${kafka.users.scramSha512.username}',
    SASL PASSWORD SECRET pw512, SSL CERTIFICATE AUTHORITY ${literal(kafka.tls.caPem)})`;
  assert.equal((await run(session, sql)).tag, 'CREATE CONNECTION');
});

test('CREATE CONNECTION with PLAIN over SASL_PLAINTEXT validates', async (t) => {
  const { session } = openSession(t);
  await createSecrets(session, { plain_pw: kafka.users.plain.password });
  const sql = `CREATE CONNECTION kp TO KAFKA (BROKER '${kafka.listeners.saslPlaintext}',
    SECURITY PROTOCOL 'SASL_PLAINTEXT', SASL MECHANISMS 'PLAIN',
    SASL USERNAME '${kafka.users.plain.username}', SASL PASSWORD SECRET plain_pw)`;
  assert.equal((await run(session, sql)).tag, 'CREATE CONNECTION');
});

test('CREATE CONNECTION to the PLAINTEXT listener with BROKERS validates', async (t) => {
  const { session } = openSession(t);
  const sql = `CREATE CONNECTION plain TO KAFKA (BROKERS ('${kafka.listeners.plaintext}'))`;
  assert.equal((await run(session, sql)).tag, 'CREATE CONNECTION');
  assert.deepEqual(session.catalog.get('plain')?.options, {
    type: 'kafka',
    brokers: [kafka.listeners.plaintext],
  });
});

test('CREATE CONNECTION to the mTLS listener with SSL KEY, SSL CERTIFICATE and CA as secrets validates', async (t) => {
  const { session } = openSession(t);
  await createSecrets(session, {
    k: kafka.tls.clientKeyPem,
    c: kafka.tls.clientCertPem,
    ca: kafka.tls.caPem,
  });
  const sql = `CREATE CONNECTION mtls TO KAFKA (
    BROKER '${kafka.listeners.ssl}',
    SSL KEY = SECRET k,
    SSL CERTIFICATE = SECRET c,
    SSL CERTIFICATE AUTHORITY = SECRET ca
)`;
  assert.deepEqual(await run(session, sql), { tag: 'CREATE CONNECTION', notices: [] });
  const item = session.catalog.get('mtls');
  assert.ok(item);
  assert.ok(!JSON.stringify(item).includes(kafka.tls.clientKeyPem.trim()), 'the catalog holds the key');
  assert.deepEqual(await run(session, 'VALIDATE CONNECTION mtls'), {
    tag: 'VALIDATE CONNECTION',
    notices: [],
  });
});

test('CREATE CONNECTION to the mTLS listener with the certificate and CA as literals validates', async (t) => {
  const { session } = openSession(t);
  await createSecrets(session, { k: kafka.tls.clientKeyPem });
  const sql = `CREATE CONNECTION mtls TO KAFKA (
    BROKER '${kafka.listeners.ssl}',
    SECURITY PROTOCOL 'SSL',
    SSL KEY = SECRET k,
    SSL CERTIFICATE = ${literal(kafka.tls.clientCertPem)},
    SSL CERTIFICATE AUTHORITY = ${literal(kafka.tls.caPem)}
)`;
  assert.equal((await run(session, sql)).tag, 'CREATE CONNECTION');
});

test('CREATE CONNECTION to the mTLS listener without a client certificate fails, and nothing is catalogued', async (t) => {
  const { session } = openSession(t);
  const before = catalogSnapshot(session);
  await expectUserError(
    session,
    `CREATE CONNECTION mtls TO KAFKA (BROKER '${kafka.listeners.ssl}', SSL CERTIFICATE AUTHORITY ${literal(kafka.tls.caPem)})`,
    {
      code: 'kafka-client-certificate-required',
      message: /requires a client certificate/,
      hint: /SSL KEY and SSL CERTIFICATE/,
    },
  );
  assert.deepEqual(catalogSnapshot(session), before);
});

test('CREATE CONNECTION with a wrong password fails with the SASL authentication error, and nothing is catalogued', async (t) => {
  const { session } = openSession(t);
  const wrong = `wrong-${scram.password}`;
  await withSaslSecrets(session, wrong);
  const before = catalogSnapshot(session);
  const err = await expectUserError(session, saslSslConnection(), {
    code: 'kafka-sasl-authentication-failed',
    message: new RegExp(`^SASL authentication failed at ${kafka.listeners.saslSsl.replaceAll('.', '\\.')}`),
    hint: /SASL PASSWORD/,
  });
  assert.ok(!`${err.message} ${err.hint}`.includes(wrong), 'the error shows the password');
  assert.deepEqual(catalogSnapshot(session), before);
  assert.deepEqual(await rows(session, 'SHOW CONNECTIONS'), []);
});

test('CREATE CONNECTION to a port nothing listens on fails with connection refused, and nothing is catalogued', async (t) => {
  const { session } = openSession(t);
  await withSaslSecrets(session);
  const before = catalogSnapshot(session);
  await expectUserError(session, saslSslConnection('k', NOTHING_LISTENS), {
    code: 'kafka-connection-refused',
    message: `connection refused by ${NOTHING_LISTENS}`,
    hint: /port in BROKER/,
  });
  assert.deepEqual(catalogSnapshot(session), before);
});

test('CREATE CONNECTION with a CA that did not sign the broker certificate fails with a certificate error', async (t) => {
  const { session } = openSession(t);
  await createSecrets(session, { pw: scram.password, ca: otherCaPem() });
  const before = catalogSnapshot(session);
  await expectUserError(session, saslSslConnection(), {
    code: 'kafka-certificate-rejected',
    message: /^the broker's TLS certificate was rejected/,
    hint: /SSL CERTIFICATE AUTHORITY/,
  });
  assert.deepEqual(catalogSnapshot(session), before);
});

test('CREATE CONNECTION ... WITH (VALIDATE = false) is catalogued without connecting; VALIDATE CONNECTION then fails', async (t) => {
  const { session } = openSession(t);
  await withSaslSecrets(session);
  const sql = `${saslSslConnection('k', NOTHING_LISTENS)} WITH (VALIDATE = false)`;
  assert.deepEqual(await run(session, sql), { tag: 'CREATE CONNECTION', notices: [] });
  assert.deepEqual(await rows(session, 'SHOW CONNECTIONS'), [['k', 'kafka']]);
  await expectUserError(session, 'VALIDATE CONNECTION k', {
    code: 'kafka-connection-refused',
    message: `connection refused by ${NOTHING_LISTENS}`,
  });
});

test('CREATE CONNECTION IF NOT EXISTS on an existing name is a notice and does not connect', async (t) => {
  const { session } = openSession(t);
  await run(session, `CREATE CONNECTION k TO KAFKA (BROKER '${kafka.listeners.plaintext}')`);
  const before = catalogSnapshot(session);
  // Would be refused if it connected.
  const result = await run(
    session,
    `CREATE CONNECTION IF NOT EXISTS k TO KAFKA (BROKER '${NOTHING_LISTENS}')`,
  );
  assert.deepEqual(result, {
    tag: 'CREATE CONNECTION',
    notices: ['connection "k" already exists, skipping'],
  });
  assert.deepEqual(catalogSnapshot(session), before);
  await expectUserError(session, `CREATE CONNECTION k TO KAFKA (BROKER '${kafka.listeners.plaintext}')`, {
    code: 'item-already-exists',
    message: "catalog item 'k' already exists",
  });
});

test('VALIDATE CONNECTION succeeds for a good connection and, after ALTER SECRET to a wrong password, fails with the SASL error', async (t) => {
  const { session, instanceId } = openSession(t);
  await withSaslSecrets(session);
  await run(session, saslSslConnection());
  assert.deepEqual(await run(session, 'VALIDATE CONNECTION k'), { tag: 'VALIDATE CONNECTION', notices: [] });

  await run(session, "ALTER SECRET pw AS 'wrong'");
  await expectUserError(session, 'VALIDATE CONNECTION k', {
    code: 'kafka-sasl-authentication-failed',
    message: /SASL authentication failed/,
  });
  assert.ok(session.catalog.get('k'), 'a failed VALIDATE drops nothing');

  await run(session, `ALTER SECRET pw AS ${literal(scram.password)}`);
  assert.equal((await run(session, 'VALIDATE CONNECTION k')).tag, 'VALIDATE CONNECTION');
  assert.equal(await keychainValue(instanceId, 'pw'), scram.password);
});

test('VALIDATE CONNECTION of a connection whose secret value is gone from the keychain says so', async (t) => {
  const { session, instanceId } = openSession(t);
  await withSaslSecrets(session);
  await run(session, saslSslConnection());
  await keytar.deletePassword(KEYCHAIN_SERVICE, `${instanceId}/pw`);
  await expectUserError(session, 'VALIDATE CONNECTION k', {
    code: 'secret-value-missing',
    message: 'the value of secret "pw" is not in the OS keychain',
    hint: /ALTER SECRET pw AS/,
  });
});

test('VALIDATE CONNECTION of a missing name or of a secret fails at the name', async (t) => {
  const { session } = openSession(t);
  await createSecrets(session, { pw: 'x' });
  await expectSqlError(session, 'VALIDATE CONNECTION nope', {
    code: 'unknown_item',
    message: "unknown catalog item 'nope'",
    at: 'nope',
  });
  await expectSqlError(session, 'VALIDATE CONNECTION\n  pw', {
    code: 'wrong_object_type',
    message: 'pw is a secret not a connection',
    at: 'pw',
  });
});

test('SHOW CREATE CONNECTION shows SECRET pw as written and never the password', async (t) => {
  const { session } = openSession(t);
  await withSaslSecrets(session);
  const sql = saslSslConnection();
  await run(session, `${sql};`);
  const result = await run(session, 'SHOW CREATE CONNECTION k');
  assert.deepEqual(result.table, {
    columns: ['name', 'create_sql'],
    rows: [['materialize.public.k', sql]],
  });
  assert.match(result.table?.rows[0]?.[1] ?? '', /SASL PASSWORD = SECRET pw/);
  assert.ok(!JSON.stringify(result).includes(scram.password), 'SHOW CREATE shows the password');
  await expectSqlError(session, 'SHOW CREATE CONNECTION pw', {
    code: 'wrong_object_type',
    message: 'pw is a secret not a connection',
    at: 'pw',
  });
});

test('SHOW CONNECTIONS lists name and type, sorted, with LIKE', async (t) => {
  const { session } = openSession(t);
  await session.execute(`
    CREATE CONNECTION kb TO KAFKA (BROKER '${NOTHING_LISTENS}') WITH (VALIDATE = false);
    CREATE CONNECTION csr TO CONFLUENT SCHEMA REGISTRY (URL 'http://${NOTHING_LISTENS}') WITH (VALIDATE = false);
    CREATE CONNECTION ka TO KAFKA (BROKER '${NOTHING_LISTENS}') WITH (VALIDATE = false);
  `);
  assert.deepEqual(await run(session, 'SHOW CONNECTIONS'), {
    tag: 'SELECT 3',
    notices: [],
    table: {
      columns: ['name', 'type'],
      rows: [
        ['csr', 'confluent-schema-registry'],
        ['ka', 'kafka'],
        ['kb', 'kafka'],
      ],
    },
  });
  assert.deepEqual(await rows(session, "SHOW CONNECTIONS LIKE 'k_'"), [
    ['ka', 'kafka'],
    ['kb', 'kafka'],
  ]);
});

test('DROP CONNECTION removes it and keeps the secrets it used; a connection used by a source is refused', async (t) => {
  const { session, instanceId } = openSession(t);
  await withSaslSecrets(session);
  await run(session, saslSslConnection());
  assert.deepEqual(await run(session, 'DROP CONNECTION k'), { tag: 'DROP CONNECTION', notices: [] });
  assert.deepEqual(await rows(session, 'SHOW CONNECTIONS'), []);
  assert.deepEqual(await rows(session, 'SHOW SECRETS'), [['ca'], ['pw']]);
  assert.equal(await keychainValue(instanceId, 'pw'), scram.password);

  await run(session, `${saslSslConnection('k2', NOTHING_LISTENS)} WITH (VALIDATE = false)`);
  await run(session, "CREATE SOURCE src FROM KAFKA CONNECTION k2 (TOPIC 't') FORMAT BYTES");
  await expectUserError(session, 'DROP CONNECTION k2', {
    code: 'dependent-objects-still-exist',
    message: 'cannot drop connection "k2": still depended upon by source "src"',
  });
  assert.deepEqual(await run(session, 'DROP CONNECTION IF EXISTS k'), {
    tag: 'DROP CONNECTION',
    notices: ['connection "k" does not exist, skipping'],
  });
});

/** A planner error: the statement fails at `at` and nothing is catalogued. */
interface PlannerCase {
  name: string;
  sql: string;
  code: 'invalid_options' | 'unknown_item' | 'wrong_object_type' | 'unknown_schema' | 'invalid_option_value';
  message: string;
  at: string;
  occurrence?: number;
  hint?: RegExp;
}

const PLANNER_CASES: PlannerCase[] = [
  {
    name: 'BROKER and BROKERS both set is an error at BROKERS',
    sql: "CREATE CONNECTION k TO KAFKA (BROKER 'a:9092', BROKERS ('b:9092', 'c:9092'))",
    code: 'invalid_options',
    message: 'cannot set both BROKER and BROKERS',
    at: 'BROKERS',
  },
  {
    name: 'neither BROKER nor BROKERS is an error at KAFKA, with a hint',
    sql: "CREATE CONNECTION k TO KAFKA (\n  SSL CERTIFICATE AUTHORITY = 'pem'\n)",
    code: 'invalid_options',
    message: 'must set one of BROKER or BROKERS',
    at: 'KAFKA',
    hint: /BROKER 'host:port'/,
  },
  {
    name: 'SASL PASSWORD = SECRET of a missing secret is an unknown catalog item at the secret name',
    sql: "CREATE CONNECTION k TO KAFKA (BROKER 'a:9092',\n  SASL MECHANISMS 'PLAIN', SASL USERNAME 'u',\n  SASL PASSWORD = SECRET missing_secret)",
    code: 'unknown_item',
    message: "unknown catalog item 'missing_secret'",
    at: 'missing_secret',
  },
  {
    name: 'SASL PASSWORD = SECRET of a connection is the wrong kind, at the name',
    sql: "CREATE CONNECTION k TO KAFKA (BROKER 'a:9092', SASL MECHANISMS 'PLAIN', SASL USERNAME 'u', SASL PASSWORD = SECRET some_connection)",
    code: 'wrong_object_type',
    message: 'some_connection is not a secret',
    at: 'some_connection',
  },
  {
    name: 'SASL USERNAME = SECRET of a table is the wrong kind, at the name',
    sql: "CREATE CONNECTION k TO KAFKA (BROKER 'a:9092', SASL MECHANISMS 'PLAIN', SASL USERNAME = SECRET t, SASL PASSWORD = SECRET pw)",
    code: 'wrong_object_type',
    message: 't is not a secret',
    at: 't, SASL PASSWORD',
  },
  {
    name: 'SECRET in another schema is an unknown schema at the qualifier',
    sql: "CREATE CONNECTION k TO KAFKA (BROKER 'a:9092', SASL MECHANISMS 'PLAIN', SASL USERNAME 'u', SASL PASSWORD = SECRET other.pw)",
    code: 'unknown_schema',
    message: "unknown schema 'other'",
    at: 'other.pw',
  },
  {
    name: 'SASL MECHANISMS without SASL USERNAME and SASL PASSWORD is an error at SASL MECHANISMS',
    sql: "CREATE CONNECTION k TO KAFKA (BROKER 'a:9092', SASL MECHANISMS = 'SCRAM-SHA-256')",
    code: 'invalid_options',
    message: 'SASL authentication also needs SASL USERNAME and SASL PASSWORD',
    at: 'SASL MECHANISMS',
  },
  {
    name: 'SASL USERNAME and PASSWORD without SASL MECHANISMS is an error at the first SASL option',
    sql: "CREATE CONNECTION k TO KAFKA (BROKER 'a:9092', SASL USERNAME 'u', SASL PASSWORD SECRET pw)",
    code: 'invalid_options',
    message: 'SASL authentication also needs SASL MECHANISMS',
    at: 'SASL USERNAME',
  },
  {
    name: "SECURITY PROTOCOL = 'SASL_SSL' without SASL options is an error at the protocol",
    sql: "CREATE CONNECTION k TO KAFKA (BROKER 'a:9092', SECURITY PROTOCOL = 'SASL_SSL')",
    code: 'invalid_options',
    message: 'SECURITY PROTOCOL SASL_SSL needs SASL MECHANISMS, SASL USERNAME and SASL PASSWORD',
    at: "'SASL_SSL'",
  },
  {
    name: "SASL options with SECURITY PROTOCOL = 'SSL' are an error at the first SASL option",
    sql: "CREATE CONNECTION k TO KAFKA (BROKER 'a:9092', SECURITY PROTOCOL 'SSL', SASL MECHANISMS 'PLAIN', SASL USERNAME 'u', SASL PASSWORD SECRET pw)",
    code: 'invalid_options',
    message: 'SASL options need SECURITY PROTOCOL SASL_PLAINTEXT or SASL_SSL, not SSL',
    at: 'SASL MECHANISMS',
  },
  {
    name: 'SSL KEY without SSL CERTIFICATE is an error at SSL KEY',
    sql: "CREATE CONNECTION k TO KAFKA (BROKER 'a:9092', SSL KEY = SECRET pw)",
    code: 'invalid_options',
    message: 'SSL KEY requires SSL CERTIFICATE',
    at: 'SSL KEY',
  },
  {
    name: 'SSL CERTIFICATE without SSL KEY is an error at SSL CERTIFICATE',
    sql: "CREATE CONNECTION k TO KAFKA (BROKER 'a:9092', SSL CERTIFICATE = 'pem')",
    code: 'invalid_options',
    message: 'SSL CERTIFICATE requires SSL KEY',
    at: 'SSL CERTIFICATE',
  },
  {
    name: 'a broker address without a port is an error at the address, with a hint',
    sql: "CREATE CONNECTION k TO KAFKA (BROKER 'broker.example.com')",
    code: 'invalid_options',
    message: "invalid broker address 'broker.example.com'",
    at: "'broker.example.com'",
    hint: /host:port/,
  },
  {
    name: 'an invalid address in BROKERS is an error at that address',
    sql: "CREATE CONNECTION k TO KAFKA (BROKERS ('a:9092', 'b 9092'))",
    code: 'invalid_options',
    message: "invalid broker address 'b 9092'",
    at: "'b 9092'",
  },
  {
    name: 'SASL PASSWORD written as a literal is refused at the literal, pointing to CREATE SECRET',
    sql: "CREATE CONNECTION k TO KAFKA (BROKER 'a:9092', SASL MECHANISMS 'PLAIN', SASL USERNAME 'u', SASL PASSWORD 'hunter2')",
    code: 'invalid_option_value',
    message: 'Expected SECRET, found string literal',
    at: "'hunter2'",
    hint: /CREATE SECRET/,
  },
  {
    name: 'a registry connection without URL is an error at CONFLUENT SCHEMA REGISTRY, with a hint',
    sql: "CREATE CONNECTION csr TO CONFLUENT SCHEMA REGISTRY (USERNAME 'u', PASSWORD SECRET pw)",
    code: 'invalid_options',
    message: 'must set URL',
    at: 'CONFLUENT',
    hint: /URL 'https:/,
  },
  {
    name: 'a registry URL without a scheme is an error at the URL, with a hint',
    sql: "CREATE CONNECTION csr TO CONFLUENT SCHEMA REGISTRY (URL 'registry.example.com:8081')",
    code: 'invalid_options',
    message: "invalid URL 'registry.example.com:8081'",
    at: "'registry.example.com:8081'",
    hint: /scheme/,
  },
  {
    name: 'a registry URL that is not http(s) is an error at the URL',
    sql: "CREATE CONNECTION csr FOR CONFLUENT SCHEMA REGISTRY\n  URL 'ftp://registry.example.com'",
    code: 'invalid_options',
    message: "invalid URL 'ftp://registry.example.com'",
    at: "'ftp://",
  },
  {
    name: 'a registry PASSWORD without USERNAME is an error at PASSWORD',
    sql: "CREATE CONNECTION csr TO CONFLUENT SCHEMA REGISTRY (URL 'http://r:8081', PASSWORD = SECRET pw)",
    code: 'invalid_options',
    message: 'PASSWORD requires USERNAME',
    at: 'PASSWORD',
  },
];

for (const c of PLANNER_CASES) {
  test(`CREATE CONNECTION: ${c.name}, and nothing is catalogued`, async (t) => {
    const { session } = openSession(t, { validateConnections: false });
    await session.execute(`CREATE SECRET pw AS 'x'; CREATE TABLE t (a int);
      CREATE CONNECTION some_connection TO KAFKA (BROKER '${NOTHING_LISTENS}')`);
    const before = catalogSnapshot(session);
    await expectSqlError(session, c.sql, {
      code: c.code,
      message: c.message,
      at: c.at,
      ...(c.occurrence !== undefined && { occurrence: c.occurrence }),
      ...(c.hint && { hint: c.hint }),
    });
    assert.deepEqual(catalogSnapshot(session), before);
  });
}

test('CREATE CONNECTION to the real schema registry with USERNAME and PASSWORD = SECRET validates', async (t) => {
  const { session } = openSession(t);
  await createSecrets(session, { p: registry.auth.password });
  const sql = `CREATE CONNECTION csr TO CONFLUENT SCHEMA REGISTRY (URL '${registry.url}', USERNAME = '${registry.auth.username}', PASSWORD = SECRET p)`;
  assert.deepEqual(await run(session, sql), { tag: 'CREATE CONNECTION', notices: [] });
  assert.deepEqual(await rows(session, 'SHOW CONNECTIONS'), [['csr', 'confluent-schema-registry']]);
  assert.deepEqual(session.catalog.get('csr')?.options, {
    type: 'confluent-schema-registry',
    url: registry.url,
    username: { text: registry.auth.username },
    password: { secret: 'p' },
  });
  assert.equal((await run(session, 'VALIDATE CONNECTION csr')).tag, 'VALIDATE CONNECTION');
});

test('CREATE CONNECTION ... FOR CONFLUENT SCHEMA REGISTRY (legacy form) with USERNAME and PASSWORD as secrets validates', async (t) => {
  const { session } = openSession(t);
  await createSecrets(session, { a: registry.auth.username, b: registry.auth.password });
  const sql = `CREATE CONNECTION csr2 FOR CONFLUENT SCHEMA REGISTRY URL '${registry.url}', USERNAME = SECRET a, PASSWORD = SECRET b`;
  assert.deepEqual(await run(session, sql), { tag: 'CREATE CONNECTION', notices: [] });
  assert.equal((await run(session, 'VALIDATE CONNECTION csr2')).tag, 'VALIDATE CONNECTION');
  assert.deepEqual(await run(session, 'SHOW CREATE CONNECTION csr2'), {
    tag: 'SELECT 1',
    notices: [],
    table: { columns: ['name', 'create_sql'], rows: [['materialize.public.csr2', sql]] },
  });
});

test('CREATE CONNECTION to the schema registry with a wrong password is HTTP 401, and nothing is catalogued', async (t) => {
  const { session } = openSession(t);
  const wrong = `wrong-${registry.auth.password}`;
  await createSecrets(session, { p: wrong });
  const before = catalogSnapshot(session);
  const err = await expectUserError(
    session,
    `CREATE CONNECTION csr TO CONFLUENT SCHEMA REGISTRY (URL '${registry.url}', USERNAME = '${registry.auth.username}', PASSWORD = SECRET p)`,
    { code: 'registry-unauthorized', message: /rejected the credentials \(HTTP 401\)/, hint: /PASSWORD/ },
  );
  assert.ok(!`${err.message} ${err.hint}`.includes(wrong), 'the error shows the password');
  assert.deepEqual(catalogSnapshot(session), before);
});

test('CREATE CONNECTION to a schema registry port nothing listens on is connection refused', async (t) => {
  const { session } = openSession(t);
  await expectUserError(
    session,
    `CREATE CONNECTION csr TO CONFLUENT SCHEMA REGISTRY (URL 'http://${NOTHING_LISTENS}')`,
    {
      code: 'registry-connection-refused',
      message: `connection refused by the schema registry at http://${NOTHING_LISTENS}`,
    },
  );
  assert.deepEqual(catalogSnapshot(session), []);
});
