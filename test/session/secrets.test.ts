/**
 * CREATE / ALTER / SHOW / DROP SECRET through the Session, against the real OS keychain the test
 * runner starts (gnome-keyring on a private D-Bus bus): the value goes to the keychain and only
 * there, the catalog keeps the statement with the value redacted, and every way of getting it wrong
 * is an error that says what and where.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { promisify } from 'node:util';
import { Catalog } from '../../src/catalog/catalog.ts';
import {
  catalogSnapshot,
  expectSqlError,
  expectUserError,
  keychainEntries,
  keychainValue,
  openSession,
  rows,
  run,
} from './support.ts';

const FIXTURE = join(import.meta.dirname, 'fixtures', 'exec-sql.ts');

/** A value no other test uses, so a match can only come from this test. */
function secretValue(label: string): string {
  return `${label}-${randomBytes(12).toString('hex')}`;
}

/** A Kafka connection that uses secret `pw`, created without connecting. */
const CONNECTION_USING_PW =
  "CREATE CONNECTION k TO KAFKA (BROKER '127.0.0.1:1', SASL MECHANISMS = 'PLAIN', " +
  "SASL USERNAME = 'u', SASL PASSWORD = SECRET pw) WITH (VALIDATE = false)";

test('CREATE SECRET stores the value in the OS keychain and catalogues the statement with the value redacted', async (t) => {
  const { session, instanceId } = openSession(t);
  const value = secretValue('pw');
  const result = await run(session, `CREATE SECRET pw AS '${value}'`);
  assert.deepEqual(result, { tag: 'CREATE SECRET', notices: [] });

  assert.equal(await keychainValue(instanceId, 'pw'), value);
  const item = session.catalog.get('pw');
  assert.ok(item, 'the secret is catalogued');
  assert.equal(item.kind, 'secret');
  assert.equal(item.createSql, "CREATE SECRET pw AS '<redacted>'");
  assert.ok(!JSON.stringify(item).includes(value), 'the catalog item carries the value');
});

test('CREATE SECRET keeps escapes and line breaks of the value as written (E-string, dollar quotes)', async (t) => {
  const { session, instanceId } = openSession(t);
  await session.execute("CREATE SECRET e AS E'line one\\nit''s \\x41'; CREATE SECRET d AS $$multi\nline$$");
  assert.equal(await keychainValue(instanceId, 'e'), "line one\nit's A");
  assert.equal(await keychainValue(instanceId, 'd'), 'multi\nline');
  assert.equal(session.catalog.get('e')?.createSql, "CREATE SECRET e AS '<redacted>'");
  assert.equal(session.catalog.get('d')?.createSql, "CREATE SECRET d AS '<redacted>'");
});

test('CREATE SECRET accepts a value that also occurs in its own name or in the redacted statement', async (t) => {
  const { session, instanceId } = openSession(t);
  // Local brokers are often admin/admin: the value is part of the name, which is not a leak.
  await run(session, "CREATE SECRET admin_password AS 'admin'");
  await run(session, "CREATE SECRET r AS 'redacted'");
  await run(session, "CREATE SECRET one_char AS 'e'");
  assert.equal(await keychainValue(instanceId, 'admin_password'), 'admin');
  assert.equal(await keychainValue(instanceId, 'r'), 'redacted');
  assert.equal(await keychainValue(instanceId, 'one_char'), 'e');
  assert.equal(
    session.catalog.get('admin_password')?.createSql,
    "CREATE SECRET admin_password AS '<redacted>'",
  );
});

test('CREATE SECRET IF NOT EXISTS on an existing secret is a notice and leaves the value alone', async (t) => {
  const { session, instanceId } = openSession(t);
  const first = secretValue('first');
  await run(session, `CREATE SECRET pw AS '${first}'`);
  const result = await run(session, `CREATE SECRET IF NOT EXISTS pw AS '${secretValue('second')}'`);
  assert.deepEqual(result, { tag: 'CREATE SECRET', notices: ['secret "pw" already exists, skipping'] });
  assert.equal(await keychainValue(instanceId, 'pw'), first);
});

test('CREATE SECRET of an existing name fails and leaves the value alone', async (t) => {
  const { session, instanceId } = openSession(t);
  const first = secretValue('first');
  await run(session, `CREATE SECRET pw AS '${first}'`);
  const before = catalogSnapshot(session);
  const err = await expectUserError(session, `CREATE SECRET pw AS '${secretValue('second')}'`, {
    code: 'item-already-exists',
    message: "catalog item 'pw' already exists",
  });
  assert.equal(err.sqlState, '42710');
  assert.equal(await keychainValue(instanceId, 'pw'), first);
  assert.deepEqual(catalogSnapshot(session), before);
});

test('CREATE SECRET named like a table fails naming the table, and writes nothing to the keychain', async (t) => {
  const { session, instanceId } = openSession(t);
  await run(session, 'CREATE TABLE creds (a int)');
  await expectUserError(session, `CREATE SECRET creds AS '${secretValue('v')}'`, {
    code: 'item-already-exists',
    message: "catalog item 'creds' already exists",
    hint: /table "creds"/,
  });
  assert.equal(await keychainValue(instanceId, 'creds'), null);
  assert.equal(session.catalog.get('creds')?.kind, 'table');
});

test('ALTER SECRET replaces the value in the keychain', async (t) => {
  const { session, instanceId } = openSession(t);
  await run(session, `CREATE SECRET pw AS '${secretValue('old')}'`);
  const before = catalogSnapshot(session);
  const next = secretValue('new');
  assert.deepEqual(await run(session, `ALTER SECRET pw AS '${next}'`), { tag: 'ALTER SECRET', notices: [] });
  assert.equal(await keychainValue(instanceId, 'pw'), next);
  assert.deepEqual(catalogSnapshot(session), before, 'ALTER SECRET changes no catalog item');
});

test('ALTER SECRET of a missing secret fails at the name and stores nothing', async (t) => {
  const { session, instanceId } = openSession(t);
  await expectSqlError(session, "ALTER SECRET   nope AS 'value'", {
    code: 'unknown_item',
    message: "unknown catalog item 'nope'",
    at: 'nope',
  });
  assert.equal(await keychainValue(instanceId, 'nope'), null);
});

test('ALTER SECRET of a table fails at the name with the wrong-kind error', async (t) => {
  const { session, instanceId } = openSession(t);
  await run(session, 'CREATE TABLE t (a int)');
  await expectSqlError(session, "-- rotate\nALTER SECRET public.t AS 'value'", {
    code: 'wrong_object_type',
    message: 't is a table not a secret',
    at: 'public.t',
  });
  assert.equal(await keychainValue(instanceId, 't'), null);
});

test('ALTER SECRET IF EXISTS of a missing secret is a notice and stores nothing', async (t) => {
  const { session, instanceId } = openSession(t);
  const result = await run(session, "ALTER SECRET IF EXISTS nope AS 'value'");
  assert.deepEqual(result, { tag: 'ALTER SECRET', notices: ['secret "nope" does not exist, skipping'] });
  assert.equal(await keychainValue(instanceId, 'nope'), null);
  assert.deepEqual(catalogSnapshot(session), []);
});

test('SHOW SECRETS lists the names only, sorted, and LIKE filters them', async (t) => {
  const { session } = openSession(t);
  const values = [secretValue('b'), secretValue('a'), secretValue('c')];
  await session.execute(
    `CREATE SECRET kafka_pw AS '${values[0]}'; CREATE SECRET csr_pw AS '${values[1]}'; CREATE SECRET kafka_user AS '${values[2]}'`,
  );
  const all = await run(session, 'SHOW SECRETS');
  assert.deepEqual(all, {
    tag: 'SELECT 3',
    notices: [],
    table: { columns: ['name'], rows: [['csr_pw'], ['kafka_pw'], ['kafka_user']] },
  });
  for (const value of values) assert.ok(!JSON.stringify(all).includes(value));
  assert.deepEqual(await rows(session, "SHOW SECRETS LIKE 'kafka%'"), [['kafka_pw'], ['kafka_user']]);
});

test('DROP SECRET removes the catalog item and the keychain entry', async (t) => {
  const { session, instanceId } = openSession(t);
  await run(session, `CREATE SECRET pw AS '${secretValue('pw')}'`);
  await run(session, `CREATE SECRET other AS '${secretValue('other')}'`);
  assert.deepEqual(await run(session, 'DROP SECRET pw'), { tag: 'DROP SECRET', notices: [] });
  assert.equal(session.catalog.get('pw'), undefined);
  assert.equal(await keychainValue(instanceId, 'pw'), null);
  assert.deepEqual([...(await keychainEntries(instanceId)).keys()], ['other'], 'the other secret stays');
  assert.deepEqual(await rows(session, 'SHOW SECRETS'), [['other']]);
});

test('DROP SECRET IF EXISTS of a missing secret is a notice; without IF EXISTS it is an error', async (t) => {
  const { session } = openSession(t);
  assert.deepEqual(await run(session, 'DROP SECRET IF EXISTS nope'), {
    tag: 'DROP SECRET',
    notices: ['secret "nope" does not exist, skipping'],
  });
  await expectUserError(session, 'DROP SECRET nope', {
    code: 'unknown-item',
    message: "unknown catalog item 'nope'",
  });
});

test('DROP SECRET used by a connection is refused (RESTRICT), naming the connection, and keeps the value', async (t) => {
  const { session, instanceId } = openSession(t);
  const value = secretValue('pw');
  await run(session, `CREATE SECRET pw AS '${value}'`);
  await run(session, CONNECTION_USING_PW);
  const before = catalogSnapshot(session);
  for (const sql of ['DROP SECRET pw', 'DROP SECRET pw RESTRICT']) {
    const err = await expectUserError(session, sql, {
      code: 'dependent-objects-still-exist',
      message: 'cannot drop secret "pw": still depended upon by connection "k"',
      hint: 'Use DROP ... CASCADE to drop the dependent objects too.',
    });
    assert.equal(err.sqlState, '2BP01');
  }
  assert.deepEqual(catalogSnapshot(session), before);
  assert.equal(await keychainValue(instanceId, 'pw'), value);
});

test('DROP SECRET ... CASCADE drops the connections that use it and removes the keychain entry', async (t) => {
  const { session, instanceId } = openSession(t);
  await run(session, `CREATE SECRET pw AS '${secretValue('pw')}'`);
  await run(session, `CREATE SECRET unrelated AS '${secretValue('u')}'`);
  await run(session, CONNECTION_USING_PW);
  await run(session, "CREATE SOURCE src FROM KAFKA CONNECTION k (TOPIC 't') FORMAT BYTES");
  assert.deepEqual(await run(session, 'DROP SECRET pw CASCADE'), { tag: 'DROP SECRET', notices: [] });
  assert.equal(session.catalog.get('k'), undefined, 'the connection is dropped');
  assert.equal(session.catalog.get('src'), undefined, 'the source on the connection is dropped');
  assert.equal(await keychainValue(instanceId, 'pw'), null);
  assert.deepEqual(await rows(session, 'SHOW OBJECTS'), [['unrelated', 'secret']]);
  assert.deepEqual([...(await keychainEntries(instanceId)).keys()], ['unrelated']);
});

test('a secret survives a restart: same instance id, still catalogued and still in the keychain', async (t) => {
  const fixture = openSession(t);
  const value = secretValue('pw');
  await run(fixture.session, `CREATE SECRET pw AS '${value}'`);
  const session = fixture.reopen();
  assert.equal(session.catalog.instanceId, fixture.instanceId);
  assert.deepEqual(await rows(session, 'SHOW SECRETS'), [['pw']]);
  assert.equal(await keychainValue(fixture.instanceId, 'pw'), value);
  // Still the same secret to the session: ALTER finds it, a second CREATE does not.
  await run(session, `ALTER SECRET pw AS '${value}-2'`);
  assert.equal(await keychainValue(fixture.instanceId, 'pw'), `${value}-2`);
  await expectUserError(session, "CREATE SECRET pw AS 'x'", {
    code: 'item-already-exists',
    message: "catalog item 'pw' already exists",
  });
});

interface FixtureResult {
  ok: boolean;
  results?: { tag: string; notices: string[] }[];
  isUserError?: boolean;
  code?: string;
  message?: string;
  hint?: string;
  elapsedMs?: number;
}

/** Executes `sql` in a child process with `env`, on `dataDir`. */
async function execInChild(dataDir: string, sql: string, env: NodeJS.ProcessEnv): Promise<FixtureResult> {
  const { stdout } = await promisify(execFile)(process.execPath, ['--import', 'tsx', FIXTURE, dataDir, sql], {
    env,
    timeout: 30_000,
  });
  return JSON.parse(stdout) as FixtureResult;
}

/** Runs CREATE SECRET in a child process with `env`, on a fresh data directory. */
async function createSecretInChild(
  t: import('node:test').TestContext,
  env: NodeJS.ProcessEnv,
): Promise<{ result: FixtureResult; dataDir: string; value: string }> {
  const dataDir = mkdtempSync(join(tmpdir(), 'sluice-no-keychain-'));
  t.after(() => rmSync(dataDir, { recursive: true, force: true }));
  const value = secretValue('unstored');
  const result = await execInChild(dataDir, `CREATE SECRET pw AS '${value}'`, env);
  return { result, dataDir, value };
}

function withoutBus(): NodeJS.ProcessEnv {
  const env = { ...process.env };
  delete env.DBUS_SESSION_BUS_ADDRESS;
  delete env.DISPLAY;
  delete env.WAYLAND_DISPLAY;
  return env;
}

/** The catalog of `dataDir`, reopened here: what the child left behind. */
function itemsLeftIn(dataDir: string): string[] {
  const catalog = Catalog.open({ dataDir });
  try {
    return catalog.list().map((item) => `${item.kind} ${item.name}`);
  } finally {
    catalog.close();
  }
}

test('CREATE SECRET without a D-Bus session fails saying why and what to do, and catalogues nothing', async (t) => {
  const { result, dataDir, value } = await createSecretInChild(t, withoutBus());
  assert.equal(result.ok, false, 'CREATE SECRET succeeded without a keychain');
  assert.equal(result.isUserError, true);
  assert.equal(result.code, 'keychain-unavailable');
  assert.match(result.message ?? '', /D-Bus session bus/);
  assert.match(result.message ?? '', /DBUS_SESSION_BUS_ADDRESS is not set/);
  assert.match(result.hint ?? '', /dbus-run-session/);
  assert.ok(!`${result.message}${result.hint}`.includes(value), 'the error carries the secret value');
  assert.deepEqual(itemsLeftIn(dataDir), [], 'a secret was catalogued without its value');
});

test('CREATE SECRET with a bus address where nothing listens fails saying why, and catalogues nothing', async (t) => {
  const env = { ...withoutBus(), DBUS_SESSION_BUS_ADDRESS: 'unix:path=/nonexistent/sluice-session-test-bus' };
  const { result, dataDir, value } = await createSecretInChild(t, env);
  assert.equal(result.ok, false, 'CREATE SECRET succeeded without a keychain');
  assert.equal(result.code, 'keychain-unavailable');
  assert.match(result.message ?? '', /\/nonexistent\/sluice-session-test-bus.*cannot be reached/);
  assert.match(result.hint ?? '', /dbus-run-session/);
  assert.ok((result.elapsedMs ?? Number.POSITIVE_INFINITY) < 6_000, `took ${result.elapsedMs} ms`);
  assert.ok(!`${result.message}${result.hint}`.includes(value), 'the error carries the secret value');
  assert.deepEqual(itemsLeftIn(dataDir), [], 'a secret was catalogued without its value');
});

test('ALTER SECRET without a reachable keychain fails saying why, and the stored value stays', async (t) => {
  const fixture = openSession(t);
  const value = secretValue('kept');
  await run(fixture.session, `CREATE SECRET pw AS '${value}'`);
  fixture.session.close();
  const result = await execInChild(fixture.dir, `ALTER SECRET pw AS '${secretValue('lost')}'`, withoutBus());
  assert.equal(result.ok, false, 'ALTER SECRET succeeded without a keychain');
  assert.equal(result.code, 'keychain-unavailable');
  assert.match(result.message ?? '', /D-Bus/);
  assert.equal(await keychainValue(fixture.instanceId, 'pw'), value);
  assert.deepEqual(await rows(fixture.reopen(), 'SHOW SECRETS'), [['pw']]);
});

test('DROP SECRET without a reachable keychain drops the secret and warns that its keychain entry is left', async (t) => {
  const fixture = openSession(t);
  await run(fixture.session, `CREATE SECRET pw AS '${secretValue('orphan')}'`);
  fixture.session.close();
  const result = await execInChild(fixture.dir, 'DROP SECRET pw', withoutBus());
  assert.equal(result.ok, true, `DROP SECRET failed: ${result.message}`);
  assert.equal(result.results?.length, 1);
  assert.equal(result.results?.[0]?.tag, 'DROP SECRET');
  const notices = result.results?.[0]?.notices ?? [];
  assert.equal(notices.length, 1, JSON.stringify(notices));
  assert.match(notices[0]!, /^the keychain entries of the dropped secrets could not all be deleted: .*D-Bus/);
  assert.deepEqual(await rows(fixture.reopen(), 'SHOW SECRETS'), [], 'the drop stands');
  // The entry the child could not reach is still there (an orphan; the test removes it).
  assert.ok(await keychainValue(fixture.instanceId, 'pw'));
});

test('two data directories keep separate secrets of the same name in the keychain', async (t) => {
  const one = openSession(t);
  const two = openSession(t);
  assert.notEqual(one.instanceId, two.instanceId);
  const [v1, v2] = [secretValue('one'), secretValue('two')];
  await run(one.session, `CREATE SECRET pw AS '${v1}'`);
  await run(two.session, `CREATE SECRET pw AS '${v2}'`);
  assert.equal(await keychainValue(one.instanceId, 'pw'), v1);
  assert.equal(await keychainValue(two.instanceId, 'pw'), v2);
  await run(one.session, 'DROP SECRET pw');
  assert.equal(await keychainValue(one.instanceId, 'pw'), null);
  assert.equal(
    await keychainValue(two.instanceId, 'pw'),
    v2,
    'dropping in one directory left the other alone',
  );
});

test('unquoted names fold to lower case and quoted names keep their case, each with its own keychain entry', async (t) => {
  const { session, instanceId } = openSession(t);
  const [lower, upper] = [secretValue('lower'), secretValue('upper')];
  await run(session, `CREATE SECRET Api_Key AS '${lower}'`);
  await run(session, `CREATE SECRET "Api_Key" AS '${upper}'`);
  await expectUserError(session, "CREATE SECRET API_KEY AS 'x'", {
    code: 'item-already-exists',
    message: "catalog item 'api_key' already exists",
  });
  assert.deepEqual(await rows(session, 'SHOW SECRETS'), [['Api_Key'], ['api_key']]);
  assert.equal(await keychainValue(instanceId, 'api_key'), lower);
  assert.equal(await keychainValue(instanceId, 'Api_Key'), upper);
});
