/**
 * The statements the Session catalogues (tables, views, materialized views, clusters, sources,
 * sinks), the SHOWs that list them, DROP with RESTRICT and CASCADE, name resolution, the statements
 * it does not run yet, restarts, and that a failing statement changes nothing.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Session } from '../../src/session/session.ts';
import {
  catalogSnapshot,
  expectSqlError,
  expectUserError,
  openSession,
  rows,
  run,
  type SessionFixture,
} from './support.ts';

const NOTHING_LISTENS = '127.0.0.1:1';
const CONNECTION = `CREATE CONNECTION k TO KAFKA (BROKER '${NOTHING_LISTENS}') WITH (VALIDATE = false)`;
const NOT_RUNNING_SINK = (name: string) =>
  `sink "${name}" is defined but not running: this version of sluice catalogues sinks without running them yet`;
const NOT_RUNNING_SOURCE = (name: string) =>
  `source "${name}" is defined but not running: this version of sluice catalogues sources without running them yet`;

/** A table t, a view v and a materialized view mv over it, a connection k and a sink s from mv. */
async function pipeline(session: Session): Promise<void> {
  await session.execute(`
    CREATE TABLE t (id bigint NOT NULL, name text);
    CREATE VIEW v AS SELECT id FROM t WHERE name IS NOT NULL;
    CREATE MATERIALIZED VIEW mv AS SELECT id, count(*) AS n FROM t GROUP BY id;
    ${CONNECTION};
    CREATE SINK s FROM mv INTO KAFKA CONNECTION k (TOPIC 'x') FORMAT JSON ENVELOPE DEBEZIUM WITH (SIZE = '3xsmall');
  `);
}

function names(session: Session): string[] {
  return session.catalog.list().map((item) => item.name);
}

test('CREATE TABLE is listed by SHOW TABLES, with its columns (types, nullability) and its statement', async (t) => {
  const { session } = openSession(t);
  const sql =
    'CREATE TABLE orders (id bigint NOT NULL, customer text, total numeric(10,2), placed timestamptz NOT NULL, ok bool)';
  assert.deepEqual(await run(session, sql), { tag: 'CREATE TABLE', notices: [] });
  await run(session, 'CREATE TABLE a_first (x int)');
  assert.deepEqual(await run(session, 'SHOW TABLES'), {
    tag: 'SELECT 2',
    notices: [],
    table: { columns: ['name'], rows: [['a_first'], ['orders']] },
  });
  assert.deepEqual(await run(session, 'SHOW COLUMNS FROM orders'), {
    tag: 'SELECT 5',
    notices: [],
    table: {
      columns: ['name', 'nullable', 'type'],
      rows: [
        ['id', 'false', 'bigint'],
        ['customer', 'true', 'text'],
        ['total', 'true', 'numeric(10,2)'],
        ['placed', 'false', 'timestamp with time zone'],
        ['ok', 'true', 'boolean'],
      ],
    },
  });
  assert.deepEqual(await rows(session, "SHOW COLUMNS FROM orders LIKE 'p%'"), [
    ['placed', 'false', 'timestamp with time zone'],
  ]);
  assert.deepEqual(await rows(session, 'SHOW CREATE TABLE orders'), [['materialize.public.orders', sql]]);
});

test('SHOW COLUMNS shows array, precision and interval types as they are written', async (t) => {
  const { session } = openSession(t);
  await session.execute(
    'CREATE TABLE t (a int4[], b interval day to second, c timestamp(3) with time zone, d varchar(5) NOT NULL)',
  );
  assert.deepEqual(await rows(session, 'SHOW COLUMNS FROM t'), [
    ['a', 'true', 'integer[]'],
    ['b', 'true', 'interval'],
    ['c', 'true', 'timestamp(3) with time zone'],
    ['d', 'false', 'varchar(5)'],
  ]);
});

test('CREATE TABLE with a column named twice is refused at the second one', async (t) => {
  const { session } = openSession(t);
  const sql = 'CREATE TABLE t (a int, b text, a bigint)';
  await expectSqlError(session, sql, {
    code: 'invalid_name',
    message: 'column "a" specified more than once',
    at: 'a bigint',
  });
  assert.deepEqual(await rows(session, 'SHOW TABLES'), []);
});

test('SHOW COLUMNS of a view is not supported yet, at the name, with a hint', async (t) => {
  const { session } = openSession(t);
  await session.execute('CREATE TABLE t (a int); CREATE VIEW v AS SELECT a FROM t');
  await expectSqlError(session, 'SHOW COLUMNS FROM v', {
    code: 'not_supported',
    message: 'the columns of view v are not known yet',
    at: 'v',
    hint: /columns of tables/,
  });
  await expectSqlError(session, 'SHOW COLUMNS FROM nope', {
    code: 'unknown_item',
    message: "unknown catalog item 'nope'",
    at: 'nope',
  });
});

test('CREATE VIEW and CREATE MATERIALIZED VIEW over a table are catalogued with the table as dependency', async (t) => {
  const { session } = openSession(t);
  await run(session, 'CREATE TABLE t (a int)');
  assert.deepEqual(await run(session, 'CREATE VIEW v AS SELECT a FROM t'), {
    tag: 'CREATE VIEW',
    notices: [],
  });
  assert.deepEqual(
    await run(session, 'CREATE MATERIALIZED VIEW mv AS SELECT a FROM v JOIN public.t USING (a)'),
    {
      tag: 'CREATE MATERIALIZED VIEW',
      notices: [],
    },
  );
  const id = (name: string) => session.catalog.get(name)!.id;
  assert.deepEqual(session.catalog.get('v')?.dependsOn, [id('t')]);
  assert.deepEqual(session.catalog.get('mv')?.dependsOn, [id('t'), id('v')]);
  assert.deepEqual(await rows(session, 'SHOW VIEWS'), [['v']]);
  assert.deepEqual(await rows(session, 'SHOW MATERIALIZED VIEWS'), [['mv', null]]);
  assert.deepEqual(await rows(session, 'SHOW CREATE MATERIALIZED VIEW mv'), [
    ['materialize.public.mv', 'CREATE MATERIALIZED VIEW mv AS SELECT a FROM v JOIN public.t USING (a)'],
  ]);
});

test('CREATE VIEW over an unknown table fails at the table name, even on a later line', async (t) => {
  const { session } = openSession(t);
  await run(session, 'CREATE TABLE t (a int)');
  const sql = "SHOW TABLES;\nCREATE VIEW v AS\n  SELECT 'é' AS e, a\n  FROM t JOIN missing_table ON true";
  await expectSqlError(session, sql, {
    code: 'unknown_item',
    message: "unknown catalog item 'missing_table'",
    at: 'missing_table',
  });
  assert.equal(session.catalog.get('v'), undefined);
});

test('CREATE VIEW over a connection is the wrong kind, at its name', async (t) => {
  const { session } = openSession(t);
  await run(session, CONNECTION);
  await expectSqlError(session, 'CREATE VIEW v AS SELECT * FROM k', {
    code: 'wrong_object_type',
    message: 'k is a connection, not a relation',
    at: 'k',
    occurrence: 1,
  });
});

test('a CTE name is not a dependency, but a table the CTE body reads is', async (t) => {
  const { session } = openSession(t);
  // No item named recent exists: the CTE is not looked up.
  await run(session, 'CREATE VIEW only_cte AS WITH recent AS (SELECT 1 AS x) SELECT x FROM recent');
  assert.deepEqual(session.catalog.get('only_cte')?.dependsOn, []);

  await run(session, 'CREATE TABLE t (a int)');
  // The CTE named t shadows the table t in the outer query, but its own body reads the table t.
  await run(session, 'CREATE VIEW shadow AS WITH t AS (SELECT a FROM t WHERE a > 0) SELECT a FROM t');
  assert.deepEqual(session.catalog.get('shadow')?.dependsOn, [session.catalog.get('t')!.id]);
  await expectUserError(session, 'DROP TABLE t', {
    code: 'dependent-objects-still-exist',
    message: 'cannot drop table "t": still depended upon by view "shadow"',
  });
});

test('CREATE CLUSTER is listed by SHOW CLUSTERS; clusters have their own namespace', async (t) => {
  const { session } = openSession(t);
  assert.deepEqual(await run(session, "CREATE CLUSTER c (SIZE = '3xsmall')"), {
    tag: 'CREATE CLUSTER',
    notices: [],
  });
  assert.deepEqual(await run(session, 'SHOW CLUSTERS'), {
    tag: 'SELECT 1',
    notices: [],
    table: { columns: ['name', 'size'], rows: [['c', '3xsmall']] },
  });
  await expectUserError(session, "CREATE CLUSTER c (SIZE = 'small')", {
    code: 'item-already-exists',
    message: "cluster 'c' already exists",
  });
  await run(session, 'CREATE TABLE c (a int)');
  assert.equal(session.catalog.get('c')?.kind, 'table');
  assert.equal(session.catalog.get('c', 'cluster')?.kind, 'cluster');
});

test('a materialized view IN CLUSTER shows its cluster, and the cluster cannot be dropped under it', async (t) => {
  const { session } = openSession(t);
  await session.execute(`CREATE CLUSTER c (SIZE = '3xsmall'); CREATE TABLE t (a int);
    CREATE MATERIALIZED VIEW mv IN CLUSTER c AS SELECT a FROM t`);
  assert.deepEqual(await rows(session, 'SHOW MATERIALIZED VIEWS'), [['mv', 'c']]);
  await expectUserError(session, 'DROP CLUSTER c', {
    code: 'dependent-objects-still-exist',
    message: 'cannot drop cluster "c": still depended upon by materialized view "mv"',
  });
  await expectSqlError(session, 'CREATE MATERIALIZED VIEW mv2 IN CLUSTER nope AS SELECT a FROM t', {
    code: 'unknown_item',
    message: "unknown cluster 'nope'",
    at: 'nope',
  });
});

test('CREATE SOURCE on a connection is catalogued with a notice that it is not running', async (t) => {
  const { session } = openSession(t);
  await run(session, CONNECTION);
  const result = await run(
    session,
    "CREATE SOURCE src FROM KAFKA CONNECTION k (TOPIC 't') FORMAT BYTES WITH (SIZE = '3xsmall')",
  );
  assert.deepEqual(result, { tag: 'CREATE SOURCE', notices: [NOT_RUNNING_SOURCE('src')] });
  assert.deepEqual(await run(session, 'SHOW SOURCES'), {
    tag: 'SELECT 1',
    notices: [],
    table: { columns: ['name', 'type', 'cluster'], rows: [['src', 'kafka', null]] },
  });
  assert.deepEqual(session.catalog.get('src')?.dependsOn, [session.catalog.get('k')!.id]);
});

test('CREATE SOURCE on a missing connection or on a secret fails at the connection name', async (t) => {
  const { session } = openSession(t);
  await run(session, "CREATE SECRET pw AS 'x'");
  await expectSqlError(session, "CREATE SOURCE src\n  FROM KAFKA CONNECTION nope (TOPIC 't') FORMAT BYTES", {
    code: 'unknown_item',
    message: "unknown catalog item 'nope'",
    at: 'nope',
  });
  await expectSqlError(session, "CREATE SOURCE src FROM KAFKA CONNECTION pw (TOPIC 't') FORMAT BYTES", {
    code: 'wrong_object_type',
    message: 'pw is a secret not a connection',
    at: 'pw',
  });
  assert.deepEqual(names(session), ['pw']);
});

test('CREATE SINK from a materialized view is catalogued with a notice that it is not running', async (t) => {
  const { session } = openSession(t);
  await session.execute(
    `CREATE TABLE t (a int); CREATE MATERIALIZED VIEW mv AS SELECT a FROM t; ${CONNECTION}`,
  );
  const result = await run(
    session,
    "CREATE SINK s FROM mv INTO KAFKA CONNECTION k (TOPIC 'x') FORMAT JSON ENVELOPE DEBEZIUM WITH (SIZE = '3xsmall')",
  );
  assert.deepEqual(result, { tag: 'CREATE SINK', notices: [NOT_RUNNING_SINK('s')] });
  assert.deepEqual(await run(session, 'SHOW SINKS'), {
    tag: 'SELECT 1',
    notices: [],
    table: { columns: ['name', 'type', 'cluster'], rows: [['s', 'kafka', null]] },
  });
  const id = (name: string) => session.catalog.get(name)!.id;
  assert.deepEqual(session.catalog.get('s')?.dependsOn, [id('mv'), id('k')]);
});

test('CREATE SINK from a (non-materialized) view is refused at the view, with the reason and a hint', async (t) => {
  const { session } = openSession(t);
  await session.execute(`CREATE TABLE t (a int); CREATE VIEW v AS SELECT a FROM t; ${CONNECTION}`);
  const before = catalogSnapshot(session);
  await expectSqlError(
    session,
    "CREATE SINK s\n  FROM v INTO KAFKA CONNECTION k (TOPIC 'x') FORMAT JSON ENVELOPE DEBEZIUM",
    {
      code: 'wrong_object_type',
      message: 'materialize.public.v is a view, which cannot be exported as a sink',
      at: 'v INTO',
      hint: 'Create a MATERIALIZED VIEW with the same query and sink that instead.',
    },
  );
  assert.deepEqual(catalogSnapshot(session), before);
});

test('CREATE SINK from a connection is refused at its name', async (t) => {
  const { session } = openSession(t);
  await run(session, CONNECTION);
  await expectSqlError(
    session,
    "CREATE SINK s FROM k INTO KAFKA CONNECTION k (TOPIC 'x') FORMAT JSON ENVELOPE DEBEZIUM",
    {
      code: 'wrong_object_type',
      message: 'k is a connection, which cannot be exported as a sink',
      at: 'k INTO',
    },
  );
});

test('SHOW OBJECTS lists every item with its type, and LIKE filters by name', async (t) => {
  const { session } = openSession(t);
  await pipeline(session);
  await run(session, "CREATE SECRET s_pw AS 'x'");
  await run(session, "CREATE CLUSTER c (SIZE = '3xsmall')");
  assert.deepEqual(await run(session, 'SHOW OBJECTS'), {
    tag: 'SELECT 6',
    notices: [],
    table: {
      columns: ['name', 'type'],
      rows: [
        ['k', 'connection'],
        ['mv', 'materialized-view'],
        ['s', 'sink'],
        ['s_pw', 'secret'],
        ['t', 'table'],
        ['v', 'view'],
      ],
    },
  });
  assert.deepEqual(await rows(session, "SHOW OBJECTS LIKE 's%'"), [
    ['s', 'sink'],
    ['s_pw', 'secret'],
  ]);
  assert.deepEqual(await rows(session, "SHOW OBJECTS LIKE 's\\_%'"), [['s_pw', 'secret']]);
  assert.deepEqual(await rows(session, "SHOW VIEWS LIKE 'nothing%'"), []);
});

test('DROP TABLE (RESTRICT) with dependents is refused naming them, and drops nothing', async (t) => {
  const { session } = openSession(t);
  await pipeline(session);
  const before = catalogSnapshot(session);
  for (const sql of ['DROP TABLE t', 'DROP TABLE t RESTRICT']) {
    await expectUserError(session, sql, {
      code: 'dependent-objects-still-exist',
      message: 'cannot drop table "t": still depended upon by view "v", materialized view "mv"',
      hint: 'Use DROP ... CASCADE to drop the dependent objects too.',
    });
  }
  await expectUserError(session, 'DROP MATERIALIZED VIEW mv', {
    code: 'dependent-objects-still-exist',
    message: 'cannot drop materialized view "mv": still depended upon by sink "s"',
  });
  assert.deepEqual(catalogSnapshot(session), before);
});

test('DROP TABLE ... CASCADE drops the view, the materialized view and the sink, and nothing else', async (t) => {
  const { session } = openSession(t);
  await pipeline(session);
  await run(session, 'CREATE TABLE other (a int)');
  assert.deepEqual(await run(session, 'DROP TABLE t CASCADE'), { tag: 'DROP TABLE', notices: [] });
  assert.deepEqual(await rows(session, 'SHOW OBJECTS'), [
    ['k', 'connection'],
    ['other', 'table'],
  ]);
  assert.deepEqual(await rows(session, 'SHOW SINKS'), []);
});

test('DROP ... IF EXISTS of a missing name is a notice for each kind; without IF EXISTS an error', async (t) => {
  const { session } = openSession(t);
  const kinds = [
    ['TABLE', 'table'],
    ['VIEW', 'view'],
    ['MATERIALIZED VIEW', 'materialized view'],
    ['SOURCE', 'source'],
    ['SINK', 'sink'],
    ['CONNECTION', 'connection'],
    ['SECRET', 'secret'],
  ] as const;
  for (const [keyword, display] of kinds) {
    assert.deepEqual(await run(session, `DROP ${keyword} IF EXISTS nope`), {
      tag: `DROP ${keyword}`,
      notices: [`${display} "nope" does not exist, skipping`],
    });
    await expectUserError(session, `DROP ${keyword} nope`, {
      code: 'unknown-item',
      message: "unknown catalog item 'nope'",
    });
  }
  assert.deepEqual(await run(session, 'DROP CLUSTER IF EXISTS nope'), {
    tag: 'DROP CLUSTER',
    notices: ['cluster "nope" does not exist, skipping'],
  });
  await expectUserError(session, 'DROP CLUSTER nope', {
    code: 'unknown-item',
    message: "unknown cluster 'nope'",
  });
});

test('DROP of several names where one is missing drops none of them', async (t) => {
  const { session } = openSession(t);
  await session.execute('CREATE TABLE a (x int); CREATE TABLE b (x int)');
  await expectUserError(session, 'DROP TABLE a, nope, b', {
    code: 'unknown-item',
    message: "unknown catalog item 'nope'",
  });
  assert.deepEqual(names(session), ['a', 'b']);
  assert.deepEqual(await run(session, 'DROP TABLE IF EXISTS a, nope, b'), {
    tag: 'DROP TABLE',
    notices: ['table "nope" does not exist, skipping'],
  });
  assert.deepEqual(names(session), []);
});

test('DROP VIEW on a table or a materialized view is the wrong-kind error', async (t) => {
  const { session } = openSession(t);
  await pipeline(session);
  const before = catalogSnapshot(session);
  await expectUserError(session, 'DROP VIEW t', {
    code: 'wrong-object-type',
    message: 't is a table not a view',
  });
  await expectUserError(session, 'DROP VIEW mv', {
    code: 'wrong-object-type',
    message: 'mv is not a view',
    hint: 'Use DROP MATERIALIZED VIEW to remove a materialized view.',
  });
  await expectUserError(session, 'DROP TABLE IF EXISTS k', {
    code: 'wrong-object-type',
    message: 'k is a connection not a table',
  });
  await expectSqlError(session, 'SHOW CREATE VIEW t', {
    code: 'wrong_object_type',
    message: 't is a table not a view',
    at: 't',
  });
  assert.deepEqual(catalogSnapshot(session), before);
});

test('a name taken by another kind cannot be reused: tables, views, connections and secrets share one namespace', async (t) => {
  const { session } = openSession(t);
  await run(session, CONNECTION);
  await run(session, "CREATE SECRET pw AS 'x'");
  const cases = [
    ['CREATE TABLE k (a int)', 'k', 'connection'],
    ['CREATE VIEW pw AS SELECT 1', 'pw', 'secret'],
    ['CREATE MATERIALIZED VIEW k AS SELECT 1', 'k', 'connection'],
    [`CREATE CONNECTION pw TO KAFKA (BROKER '${NOTHING_LISTENS}') WITH (VALIDATE = false)`, 'pw', 'secret'],
  ] as const;
  for (const [sql, name, kind] of cases) {
    await expectUserError(session, sql, {
      code: 'item-already-exists',
      message: `catalog item '${name}' already exists`,
      hint: new RegExp(`The name is taken by the ${kind} "${name}"`),
    });
  }
  assert.deepEqual(names(session), ['k', 'pw']);
  const result = await run(session, 'CREATE TABLE IF NOT EXISTS k (a int)');
  assert.equal(result.notices.length, 1, 'IF NOT EXISTS skips with a notice');
  assert.equal(session.catalog.get('k')?.kind, 'connection');
});

test('public.t and materialize.public.t name t; another schema or database fails at the qualifier', async (t) => {
  const { session } = openSession(t);
  await run(session, 'CREATE TABLE public.t (a int)');
  await run(session, 'CREATE VIEW materialize.public.v AS SELECT a FROM materialize.public.t');
  assert.deepEqual(names(session), ['t', 'v']);
  assert.deepEqual(await rows(session, 'SHOW CREATE TABLE materialize.public.t'), [
    ['materialize.public.t', 'CREATE TABLE public.t (a int)'],
  ]);
  assert.equal((await rows(session, 'SHOW COLUMNS FROM public.t')).length, 1);

  await expectSqlError(session, 'SHOW CREATE TABLE other.t', {
    code: 'unknown_schema',
    message: "unknown schema 'other'",
    at: 'other',
    hint: /one schema, public/,
  });
  await expectSqlError(session, 'CREATE TABLE other.t2 (a int)', {
    code: 'unknown_schema',
    message: "unknown schema 'other'",
    at: 'other',
  });
  await expectSqlError(session, 'CREATE VIEW w AS\n  SELECT a FROM other.t', {
    code: 'unknown_schema',
    message: "unknown schema 'other'",
    at: 'other',
  });
  await expectSqlError(session, 'DROP TABLE somedb.public.t', {
    code: 'unknown_database',
    message: "unknown database 'somedb'",
    at: 'somedb',
    hint: /one database, materialize/,
  });
  assert.deepEqual(await run(session, 'DROP VIEW public.v'), { tag: 'DROP VIEW', notices: [] });
  assert.deepEqual(await run(session, 'DROP TABLE materialize.public.t'), { tag: 'DROP TABLE', notices: [] });
  assert.deepEqual(names(session), []);
});

test('SELECT, INSERT and SUBSCRIBE are not supported yet: an error at the statement, with a hint', async (t) => {
  const { session } = openSession(t);
  await run(session, 'CREATE TABLE t (a int)');
  const before = catalogSnapshot(session);
  const cases = [
    ['SELECT a FROM t', 'SELECT'],
    ['SHOW TABLES;\n  INSERT INTO t VALUES (1)', 'INSERT'],
    ['SUBSCRIBE TO t', 'SUBSCRIBE'],
    ['UPDATE t SET a = 2', 'UPDATE'],
  ] as const;
  for (const [sql, word] of cases) {
    await expectSqlError(session, sql, {
      code: 'not_supported',
      message: `${word} is not supported yet`,
      at: word,
      hint: `This version of sluice catalogues definitions; ${word} arrives with the streaming engine.`,
    });
  }
  await expectSqlError(session, "ALTER SINK s SET (SIZE = 'small')", {
    code: 'not_supported',
    message: 'ALTER SINK is not supported yet',
    at: 'ALTER',
    hint: /the sink runtime/,
  });
  assert.deepEqual(catalogSnapshot(session), before);
});

test('a syntax error anywhere in the input runs none of it', async (t) => {
  const { session } = openSession(t);
  await expectSqlError(session, 'CREATE TABLE a (x int);\nCREATE TABEL b (x int)', {
    code: 'syntax_error',
    message: /found identifier "tabel"/i,
    at: 'TABEL',
  });
  assert.deepEqual(names(session), []);
});

async function populate(fixture: SessionFixture): Promise<void> {
  const { session } = fixture;
  await run(session, "CREATE CLUSTER c (SIZE = '3xsmall')");
  await pipeline(session);
  await run(session, "CREATE SECRET pw AS 'restart-secret'");
  await run(session, "CREATE SOURCE src IN CLUSTER c FROM KAFKA CONNECTION k (TOPIC 't') FORMAT BYTES");
}

test('restarting (close and reopen the data directory) restores every item, statement and dependency', async (t) => {
  const fixture = openSession(t);
  await populate(fixture);
  const before = catalogSnapshot(fixture.session);
  const shows = ['SHOW OBJECTS', 'SHOW CLUSTERS', 'SHOW SOURCES', 'SHOW SINKS', 'SHOW COLUMNS FROM t'];
  const shown = await Promise.all(shows.map((sql) => rows(fixture.session, sql)));

  const session = fixture.reopen();
  assert.deepEqual(catalogSnapshot(session), before);
  for (const [i, sql] of shows.entries()) assert.deepEqual(await rows(session, sql), shown[i], sql);
  assert.equal(session.catalog.instanceId, fixture.instanceId);
  assert.deepEqual(await rows(session, 'SHOW CREATE SINK s'), [
    [
      'materialize.public.s',
      "CREATE SINK s FROM mv INTO KAFKA CONNECTION k (TOPIC 'x') FORMAT JSON ENVELOPE DEBEZIUM WITH (SIZE = '3xsmall')",
    ],
  ]);
  await expectUserError(session, 'DROP TABLE t', {
    code: 'dependent-objects-still-exist',
    message: 'cannot drop table "t": still depended upon by view "v", materialized view "mv"',
  });
  // Ids are never reused: a new item after the restart gets a fresh one.
  await run(session, 'CREATE TABLE after_restart (a int)');
  const ids = session.catalog.list().map((item) => Number(item.id.slice(1)));
  assert.equal(new Set(ids).size, ids.length);
  assert.ok(ids.at(-1)! > Math.max(...before.map((item) => Number(item.id.slice(1)))));
});

test('a CREATE CONNECTION that fails validation leaves the catalog unchanged', async (t) => {
  const { session } = openSession(t);
  await run(session, 'CREATE TABLE t (a int)');
  const before = catalogSnapshot(session);
  await expectUserError(session, `CREATE CONNECTION k TO KAFKA (BROKER '${NOTHING_LISTENS}')`, {
    code: 'kafka-connection-refused',
    message: `connection refused by ${NOTHING_LISTENS}`,
  });
  assert.deepEqual(catalogSnapshot(session), before);
  // The name is free: the same connection, unvalidated, can be created now.
  assert.equal((await run(session, CONNECTION)).tag, 'CREATE CONNECTION');
});

test('a CREATE SINK with an unknown connection fails at the connection name and leaves the catalog unchanged', async (t) => {
  const { session } = openSession(t);
  await session.execute('CREATE TABLE t (a int); CREATE MATERIALIZED VIEW mv AS SELECT a FROM t');
  const before = catalogSnapshot(session);
  await expectSqlError(
    session,
    "CREATE SINK s FROM mv\n  INTO KAFKA CONNECTION nope (TOPIC 'x')\n  FORMAT JSON ENVELOPE DEBEZIUM",
    { code: 'unknown_item', message: "unknown catalog item 'nope'", at: 'nope' },
  );
  await expectSqlError(
    session,
    "CREATE SINK s FROM missing INTO KAFKA CONNECTION nope (TOPIC 'x') FORMAT JSON ENVELOPE DEBEZIUM",
    {
      code: 'unknown_item',
      message: "unknown catalog item 'missing'",
      at: 'missing',
    },
  );
  assert.deepEqual(catalogSnapshot(session), before);
});

test('in a multi-statement input, the statements before a failing one stay done and the rest do not run', async (t) => {
  const { session } = openSession(t);
  await expectSqlError(
    session,
    'CREATE TABLE a (x int);\nCREATE VIEW v AS SELECT * FROM nope;\nCREATE TABLE b (x int)',
    {
      code: 'unknown_item',
      message: "unknown catalog item 'nope'",
      at: 'nope',
    },
  );
  assert.deepEqual(names(session), ['a']);
});

test('a sink or source INTO a schema registry connection, or FORMAT AVRO with a Kafka connection as registry, is refused at the name', async (t) => {
  const { session } = openSession(t);
  await session.execute(`CREATE TABLE t (a int); ${CONNECTION};
    CREATE CONNECTION csr TO CONFLUENT SCHEMA REGISTRY (URL 'http://${NOTHING_LISTENS}') WITH (VALIDATE = false)`);
  const before = catalogSnapshot(session);
  await expectSqlError(
    session,
    "CREATE SINK s FROM t INTO KAFKA CONNECTION csr (TOPIC 'x') FORMAT JSON ENVELOPE DEBEZIUM",
    {
      code: 'wrong_object_type',
      message: 'materialize.public.csr is not a kafka connection',
      at: 'csr',
    },
  );
  await expectSqlError(session, "CREATE SOURCE src FROM KAFKA CONNECTION csr (TOPIC 'x') FORMAT BYTES", {
    code: 'wrong_object_type',
    message: 'materialize.public.csr is not a kafka connection',
    at: 'csr',
  });
  const avroWithKafka =
    "CREATE SINK s FROM t INTO KAFKA CONNECTION k (TOPIC 'x')\n  FORMAT AVRO USING CONFLUENT SCHEMA REGISTRY CONNECTION k ENVELOPE DEBEZIUM";
  await expectSqlError(session, avroWithKafka, {
    code: 'wrong_object_type',
    message: 'materialize.public.k is not a schema registry connection',
    at: 'k ENVELOPE',
  });
  assert.deepEqual(catalogSnapshot(session), before);
});

test('a sink with FORMAT AVRO depends on the Kafka and the schema registry connections', async (t) => {
  const { session } = openSession(t);
  await session.execute(`CREATE TABLE t (a int); ${CONNECTION};
    CREATE CONNECTION csr TO CONFLUENT SCHEMA REGISTRY (URL 'http://${NOTHING_LISTENS}') WITH (VALIDATE = false)`);
  const result = await run(
    session,
    "CREATE SINK s FROM t INTO KAFKA CONNECTION k (TOPIC 'x') FORMAT AVRO USING CONFLUENT SCHEMA REGISTRY CONNECTION csr ENVELOPE DEBEZIUM",
  );
  assert.deepEqual(result.notices, [NOT_RUNNING_SINK('s')]);
  await expectUserError(session, 'DROP CONNECTION csr', {
    code: 'dependent-objects-still-exist',
    message: 'cannot drop connection "csr": still depended upon by sink "s"',
  });
  await run(session, 'DROP CONNECTION csr CASCADE');
  assert.deepEqual(names(session), ['t', 'k']);
});

test('CREATE OR REPLACE VIEW replaces the definition and its dependencies', async (t) => {
  const { session } = openSession(t);
  await session.execute('CREATE TABLE a (x int); CREATE TABLE b (y int); CREATE VIEW v AS SELECT x FROM a');
  assert.deepEqual(await run(session, 'CREATE OR REPLACE VIEW v AS SELECT y FROM b'), {
    tag: 'CREATE VIEW',
    notices: [],
  });
  assert.deepEqual(await rows(session, 'SHOW CREATE VIEW v'), [
    ['materialize.public.v', 'CREATE OR REPLACE VIEW v AS SELECT y FROM b'],
  ]);
  assert.deepEqual(session.catalog.get('v')?.dependsOn, [session.catalog.get('b')!.id]);
  assert.equal((await run(session, 'DROP TABLE a')).tag, 'DROP TABLE', 'a is no longer used');
  await expectUserError(session, 'DROP TABLE b', {
    code: 'dependent-objects-still-exist',
    message: 'cannot drop table "b": still depended upon by view "v"',
  });
  // Without an existing item it simply creates.
  assert.equal(
    (await run(session, 'CREATE OR REPLACE MATERIALIZED VIEW mv AS SELECT y FROM b')).tag,
    'CREATE MATERIALIZED VIEW',
  );
  assert.equal(
    (await run(session, 'CREATE OR REPLACE MATERIALIZED VIEW mv AS SELECT 1')).tag,
    'CREATE MATERIALIZED VIEW',
  );
  assert.deepEqual(session.catalog.get('mv')?.dependsOn, []);
});

test('CREATE OR REPLACE VIEW is refused when others use the view, when it would use itself, or for another kind', async (t) => {
  const { session } = openSession(t);
  await session.execute(
    'CREATE TABLE t (a int); CREATE VIEW v AS SELECT a FROM t; CREATE VIEW w AS SELECT a FROM v',
  );
  const before = catalogSnapshot(session);
  await expectUserError(session, 'CREATE OR REPLACE VIEW v AS SELECT 1 AS a', {
    code: 'dependent-objects-still-exist',
    message: 'cannot drop view "v": still depended upon by view "w"',
  });
  await expectUserError(session, 'CREATE OR REPLACE VIEW w AS SELECT a FROM w', {
    code: 'dependent-objects-still-exist',
    message: 'cannot replace view materialize.public.w: depended upon by new materialize.public.w definition',
  });
  await expectUserError(session, 'CREATE OR REPLACE VIEW t AS SELECT 1', {
    code: 'wrong-object-type',
    message: 't is a table not a view',
  });
  await expectUserError(session, 'CREATE OR REPLACE MATERIALIZED VIEW w AS SELECT 1', {
    code: 'wrong-object-type',
    message: 'w is a view not a materialized view',
  });
  assert.deepEqual(catalogSnapshot(session), before);
});

test('a view reading another database fails at the qualified name', async (t) => {
  const { session } = openSession(t);
  await run(session, 'CREATE TABLE t (a int)');
  await expectSqlError(session, 'CREATE VIEW w AS SELECT a FROM somedb.public.t', {
    code: 'unknown_database',
    message: "unknown database 'somedb'",
    at: 'somedb',
  });
  await run(session, 'CREATE VIEW w AS SELECT a FROM materialize.public.t');
  assert.deepEqual(session.catalog.get('w')?.dependsOn, [session.catalog.get('t')!.id]);
});
