/**
 * Property-based test of the parser AND the planner together (fast-check), over well above 10,000
 * inputs a run: every input goes through a real Session (real catalog in a temporary data
 * directory, the real OS keychain of the test run) with `session.execute(input)`, and must end in
 * results or a thrown error that is either a SqlError with a valid position or a UserError with a
 * message: never another exception, never longer than MAX_MS_PER_INPUT, never a crash.
 *
 * The catalog persists from one input to the next, so CREATE, DROP, SHOW and ALTER interact: a
 * name created by one input is dropped, shown or depended upon by a later one. A few tables,
 * secrets, connections and a cluster are created first, and one family of generated statements
 * names only things that may exist, so that many statements get past name resolution and into
 * the rest of the planner.
 *
 * Inputs: generated valid statements (test/sql/sql-arbitraries.ts), several of them in one input,
 * catalog-aware statements, mutations of all of these and of the golden corpus (test/golden/sql/),
 * and random strings. CREATE CONNECTION never connects (validateConnections: false); VALIDATE
 * CONNECTION still does, bounded by VALIDATE_TIMEOUT_MS, against the test broker or an address that
 * refuses at once.
 *
 * FUZZ_SEED fixes the seed (default DEFAULT_SEED; printed on failure), FUZZ_RUNS scales the number
 * of inputs (default 1, as in test/sql/fuzz.test.ts). The counts of inputs that succeeded and
 * failed, the slowest input and the total time are reported as a test diagnostic.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import Database from 'better-sqlite3';
import fc from 'fast-check';
import keytar from 'keytar';
import { CATALOG_FILE } from '../../src/catalog/data-dir.ts';
import { formatError } from '../../src/cli/format-error.ts';
import { isUserError } from '../../src/errors/user-error.ts';
import { KEYCHAIN_SERVICE } from '../../src/secrets/keychain-secret-store.ts';
import { Redactor } from '../../src/secrets/redact.ts';
import { Session } from '../../src/session/session.ts';
import type { StatementResult } from '../../src/session/statement-result.ts';
import { formatSqlError, SqlError } from '../../src/sql/errors.ts';
import { lineColumnAt } from '../../src/sql/position.ts';
import { render, renderingArbitrary, statementArbitrary } from '../sql/sql-arbitraries.ts';
import { goldenInputs, MUTATION_VOCABULARY, mutated } from '../sql/sql-mutations.ts';
import { testEnv } from '../support/test-env.ts';

const DEFAULT_SEED = 20_240_917;
const SEED = process.env.FUZZ_SEED === undefined ? DEFAULT_SEED : Number(process.env.FUZZ_SEED);
const SCALE = Number(process.env.FUZZ_RUNS ?? '1');
/** No input may take longer than this (VALIDATE CONNECTION included: its bound is lower). */
const MAX_MS_PER_INPUT = 2_000;
const VALIDATE_TIMEOUT_MS = 1_000;
/** The whole fuzz has hung somewhere if it has not ended after this (an await that never settles). */
const TEST_TIMEOUT_MS = 600_000;

assert.ok(Number.isInteger(SEED), `FUZZ_SEED must be an integer, not ${process.env.FUZZ_SEED}`);
assert.ok(SCALE > 0, `FUZZ_RUNS must be a positive number, not ${process.env.FUZZ_RUNS}`);

/** Each test block draws from its own seed, derived from SEED, so blocks can be rerun alone. */
const params = (numRuns: number, block: number) => ({
  numRuns: Math.max(1, Math.round(numRuns * SCALE)),
  seed: SEED + block,
  // The catalog persists across inputs, so a shrunk input would run against another catalog:
  // report the input that failed, as generated.
  endOnFailure: true,
});

const stats = {
  inputs: 0,
  succeeded: 0,
  sqlErrors: 0,
  userErrors: 0,
  /** Statements that ran to a result (an input may hold several). */
  statements: 0,
  totalMs: 0,
  maxMs: 0,
  slowest: '',
  errorCodes: new Map<string, number>(),
  resultTags: new Map<string, number>(),
};

let dataDir: string;
let session: Session;
let instanceId: string;
const redactor = new Redactor();

function count(map: Map<string, number>, key: string): void {
  map.set(key, (map.get(key) ?? 0) + 1);
}

function failure(input: string, message: string): Error {
  return new Error(
    `${message}\n  input: ${JSON.stringify(input)}\n  rerun with FUZZ_SEED=${SEED} (FUZZ_RUNS=${SCALE})`,
  );
}

/** Checks a successful input's results have the shape the CLI and UI render. */
function checkResults(input: string, results: StatementResult[]): void {
  for (const result of results) {
    if (typeof result.tag !== 'string' || result.tag === '') throw failure(input, 'a result without a tag');
    if (!Array.isArray(result.notices) || result.notices.some((n) => typeof n !== 'string' || n === ''))
      throw failure(input, `bad notices ${JSON.stringify(result.notices)}`);
    if (result.table) {
      const width = result.table.columns.length;
      for (const row of result.table.rows) {
        if (row.length !== width || row.some((c) => c !== null && typeof c !== 'string'))
          throw failure(input, `a row that does not fit its columns: ${JSON.stringify(row)}`);
      }
      if (result.tag !== `SELECT ${result.table.rows.length}`)
        throw failure(input, `tag ${result.tag} for ${result.table.rows.length} rows`);
    }
    count(stats.resultTags, result.tag.replace(/ \d+$/, ''));
  }
}

/** Checks an error is a well-positioned SqlError or a UserError, as the shell can show it. */
function checkError(input: string, err: unknown): void {
  if (err instanceof SqlError) {
    if (err.code === 'internal_error') throw failure(input, `internal error: ${err.message}`);
    if (!(Number.isInteger(err.offset) && err.offset >= 0 && err.offset <= input.length))
      throw failure(input, `SqlError offset ${err.offset} outside 0..${input.length}: ${err.message}`);
    const { line, column } = lineColumnAt(input, err.offset);
    if (err.line !== line || err.column !== column)
      throw failure(
        input,
        `SqlError at ${err.line}:${err.column}, but offset ${err.offset} is ${line}:${column}`,
      );
    if (!err.message) throw failure(input, `SqlError ${err.code} without a message`);
    if (!formatSqlError(err, input).includes('^')) throw failure(input, 'formatted SqlError has no caret');
    stats.sqlErrors++;
    count(stats.errorCodes, err.code);
  } else if (isUserError(err)) {
    if (!err.message) throw failure(input, `${err.name} (${err.code}) without a message`);
    // The test run's keychain is there and unlocked: saying otherwise sends the user the wrong way.
    if (err.code === 'keychain-unavailable') throw failure(input, `keychain-unavailable: ${err.message}`);
    stats.userErrors++;
    count(stats.errorCodes, err.code);
  } else {
    const detail = err instanceof Error ? (err.stack ?? err.message) : String(err);
    throw failure(input, `neither a SqlError nor a UserError:\n${detail}`);
  }
  // What the shell would print for it: an ERROR line, never an internal error.
  const shown = formatError(err, input, redactor);
  if (!shown.startsWith('ERROR: ') || shown.includes('internal error'))
    throw failure(input, `the shell would print:\n${shown}`);
}

/** Runs one input through the session, timed and bounded, and checks how it ended. */
async function executeChecked(input: string): Promise<void> {
  const t0 = performance.now();
  let timer: NodeJS.Timeout | undefined;
  const hang = new Promise<'hang'>((resolve) => {
    timer = setTimeout(() => resolve('hang'), MAX_MS_PER_INPUT * 2);
  });
  let outcome: { results: StatementResult[] } | { error: unknown } | 'hang';
  try {
    outcome = await Promise.race([
      session.execute(input).then(
        (results) => ({ results }),
        (error: unknown) => ({ error }),
      ),
      hang,
    ]);
  } finally {
    clearTimeout(timer);
  }
  const ms = performance.now() - t0;
  stats.inputs++;
  stats.totalMs += ms;
  if (ms > stats.maxMs) {
    stats.maxMs = ms;
    stats.slowest = input;
  }
  if (outcome === 'hang') throw failure(input, `no result or error after ${MAX_MS_PER_INPUT * 2} ms`);
  if ('results' in outcome) {
    checkResults(input, outcome.results);
    stats.succeeded++;
    stats.statements += outcome.results.length;
  } else {
    checkError(input, outcome.error);
  }
  if (ms > MAX_MS_PER_INPUT) throw failure(input, `took ${ms.toFixed(0)} ms`);
}

// ---------------------------------------------------------------------------------------------
// Inputs

/** Names the seeded catalog holds, as extra tokens for mutations. */
const CATALOG_TOKENS = ['orders', 'kafka_conn', 'pw', 'public.', 'materialize.public.'];

const validText = fc.tuple(statementArbitrary, renderingArbitrary).map(([s, r]) => render(s.pieces, r));

/**
 * Names the catalog-aware statements use: those of the generated statements (sql-pieces.ts) and of
 * the seeded objects, unquoted, quoted and qualified, so that lookups both hit and miss.
 */
const relationName = fc.constantFrom(
  'a',
  'orders',
  'my_view',
  'x1',
  'source',
  'sink',
  'ünï',
  'seed_t',
  'seed_u',
  'seed_v',
  '"Mixed Case"',
  'public.orders',
  'materialize.public.a',
  'other.a',
  'db.public.a',
  'a.b.c.d',
);
const connectionName = fc.constantFrom('kafka_conn', 'csr_conn', 'seed_k', 'seed_csr', 'orders', 'nope');
const secretName = fc.constantFrom('pw', 'seed_pw', 'user_secret', 'a', 'public.pw', 'orders');
const clusterName = fc.constantFrom('seed_c', 'c', 'default', '"Mixed Case"');
const secretValue = fc.constantFrom("'hunter2'", "'it''s'", "E'a\\nb'", '$$dollar$$', "'é€😀'", "''");
const columnType = fc.constantFrom(
  'int',
  'bigint',
  'text',
  'varchar(10)',
  'numeric(10, 2)',
  'timestamptz',
  'boolean',
  'double precision',
  'jsonb',
  'int[]',
  'text NOT NULL',
  'int PRIMARY KEY',
  "text DEFAULT 'x'",
);
const columns = fc
  .uniqueArray(fc.constantFrom('a', 'b', 'id', '"Mixed Case"', 'ünï'), { minLength: 0, maxLength: 4 })
  .chain((names) => fc.tuple(...names.map((n) => columnType.map((t) => `${n} ${t}`))))
  .map((defs) => `(${defs.join(', ')})`);
const query = fc.oneof(
  relationName.map((n) => `SELECT * FROM ${n}`),
  fc.tuple(relationName, relationName).map(([x, y]) => `SELECT a FROM ${x} JOIN ${y} USING (a)`),
  relationName.map((n) => `WITH q AS (SELECT * FROM ${n}) SELECT * FROM q`),
  relationName.map((n) => `SELECT 1 FROM (SELECT * FROM ${n}) AS s WHERE EXISTS (SELECT 1 FROM ${n})`),
  fc.constantFrom('SELECT 1', 'VALUES (1)', 'SELECT now()'),
);
const ifNotExists = fc.constantFrom('', 'IF NOT EXISTS ');
const ifExists = fc.constantFrom('', 'IF EXISTS ');
const inCluster = fc.option(
  clusterName.map((c) => `IN CLUSTER ${c} `),
  { nil: '' },
);
const kafkaOptions = fc.oneof(
  fc.constantFrom(
    "BROKER '127.0.0.1:1'",
    "BROKERS ('127.0.0.1:1', 'localhost:2')",
    "BROKER 'not an address'",
    "BROKER '[::1]:9092', PROGRESS TOPIC 'p'",
    "BROKER 'b:9092', SECURITY PROTOCOL 'PLAINTEXT'",
    "BROKER 'b:9092', SECURITY PROTOCOL 'SASL_SSL'",
    "BROKER 'b:9092', BROKERS ('c:9092')",
    "SECURITY PROTOCOL 'SSL'",
  ),
  fc
    .tuple(secretName, fc.constantFrom('PLAIN', 'SCRAM-SHA-256', 'SCRAM-SHA-512'), fc.boolean())
    .map(
      ([s, m, protocol]) =>
        `BROKER '127.0.0.1:1', SASL MECHANISMS '${m}', SASL USERNAME 'u', SASL PASSWORD SECRET ${s}` +
        (protocol ? ", SECURITY PROTOCOL 'SASL_PLAINTEXT'" : ''),
    ),
  fc
    .tuple(secretName, secretName)
    .map(
      ([k, c]) =>
        `BROKER '127.0.0.1:1', SSL KEY SECRET ${k}, SSL CERTIFICATE SECRET ${c}, SSL CERTIFICATE AUTHORITY 'ca'`,
    ),
  secretName.map((s) => `BROKER '127.0.0.1:1', SSL KEY SECRET ${s}`),
  secretName.map((s) => `BROKER '127.0.0.1:1', SASL USERNAME SECRET ${s}`),
);
const registryOptions = fc.oneof(
  fc.constantFrom(
    "URL 'http://127.0.0.1:1'",
    "URL 'https://registry.example.com:8081/'",
    "URL 'ftp://x'",
    "URL 'not a url'",
    "USERNAME 'u'",
    "URL 'http://127.0.0.1:1', PASSWORD SECRET pw",
  ),
  secretName.map((s) => `URL 'http://127.0.0.1:1', USERNAME 'u', PASSWORD SECRET ${s}`),
  secretName.map((s) => `URL 'http://127.0.0.1:1', USERNAME SECRET ${s}, PASSWORD SECRET ${s}`),
);
const sourceFormat = fc.oneof(
  fc.constantFrom('', 'FORMAT JSON', 'FORMAT TEXT', 'FORMAT BYTES', 'KEY FORMAT TEXT VALUE FORMAT JSON'),
  connectionName.map((c) => `FORMAT AVRO USING CONFLUENT SCHEMA REGISTRY CONNECTION ${c}`),
  fc
    .tuple(connectionName, connectionName)
    .map(
      ([k, v]) =>
        `KEY FORMAT AVRO USING CONFLUENT SCHEMA REGISTRY CONNECTION ${k} VALUE FORMAT AVRO USING CONFLUENT SCHEMA REGISTRY CONNECTION ${v}`,
    ),
);
const sinkFormat = fc.oneof(
  fc.constantFrom('FORMAT JSON', 'FORMAT TEXT', 'KEY FORMAT TEXT VALUE FORMAT JSON'),
  connectionName.map((c) => `FORMAT AVRO USING CONFLUENT SCHEMA REGISTRY CONNECTION ${c}`),
);
const dropType = fc.constantFrom(
  'TABLE',
  'VIEW',
  'MATERIALIZED VIEW',
  'SOURCE',
  'SINK',
  'CONNECTION',
  'SECRET',
  'CLUSTER',
);
const anyName = fc.oneof(relationName, connectionName, secretName);

/** Statements over names that may exist, so that planning gets past name resolution often. */
const catalogAware: fc.Arbitrary<string> = fc.oneof(
  fc.tuple(ifNotExists, relationName, columns).map(([i, n, c]) => `CREATE TABLE ${i}${n} ${c}`),
  fc
    .tuple(fc.boolean(), ifNotExists, relationName, inCluster, query)
    .map(([m, i, n, c, q]) =>
      m ? `CREATE MATERIALIZED VIEW ${i}${n} ${c}AS ${q}` : `CREATE VIEW ${i}${n} AS ${q}`,
    ),
  fc
    .tuple(ifNotExists, relationName, inCluster, connectionName, sourceFormat)
    .map(([i, n, c, k, f]) => `CREATE SOURCE ${i}${n} ${c}FROM KAFKA CONNECTION ${k} (TOPIC 'in') ${f}`),
  fc
    .tuple(ifNotExists, relationName, inCluster, relationName, connectionName, sinkFormat)
    .map(
      ([i, n, c, from, k, f]) =>
        `CREATE SINK ${i}${n} ${c}FROM ${from} INTO KAFKA CONNECTION ${k} (TOPIC 'out') ${f} ENVELOPE DEBEZIUM`,
    ),
  fc.tuple(ifNotExists, secretName, secretValue).map(([i, n, v]) => `CREATE SECRET ${i}${n} AS ${v}`),
  fc.tuple(ifExists, secretName, secretValue).map(([i, n, v]) => `ALTER SECRET ${i}${n} AS ${v}`),
  fc
    .tuple(ifNotExists, connectionName, fc.boolean(), kafkaOptions, registryOptions)
    .map(([i, n, kafka, k, r]) =>
      kafka
        ? `CREATE CONNECTION ${i}${n} TO KAFKA (${k})`
        : `CREATE CONNECTION ${i}${n} TO CONFLUENT SCHEMA REGISTRY (${r})`,
    ),
  fc
    .tuple(ifNotExists, clusterName, fc.constantFrom("'small'", "'3xsmall'", '1'))
    .map(([i, n, s]) => `CREATE CLUSTER ${i}${n} (SIZE ${s})`),
  fc
    .tuple(
      dropType,
      ifExists,
      fc.array(anyName, { minLength: 1, maxLength: 3 }),
      fc.constantFrom('', ' CASCADE', ' RESTRICT'),
    )
    .map(([t, i, ns, b]) => `DROP ${t} ${i}${ns.join(', ')}${b}`),
  fc.tuple(ifExists, clusterName).map(([i, n]) => `DROP CLUSTER ${i}${n} CASCADE`),
  fc
    .tuple(fc.constantFrom('TABLE', 'VIEW', 'MATERIALIZED VIEW', 'SOURCE', 'SINK', 'CONNECTION'), anyName)
    .map(([t, n]) => `SHOW CREATE ${t} ${n}`),
  fc
    .tuple(anyName, fc.constantFrom('', " LIKE 'a%'", " LIKE '\\_%'", " LIKE '%'"))
    .map(([n, l]) => `SHOW COLUMNS FROM ${n}${l}`),
  fc
    .tuple(
      fc.constantFrom('OBJECTS', 'TABLES', 'VIEWS', 'MATERIALIZED VIEWS', 'SOURCES', 'SINKS', 'SECRETS'),
      fc.constantFrom('', " LIKE 'seed%'", " LIKE '%a%'", " LIKE '['"),
    )
    .map(([k, l]) => `SHOW ${k}${l}`),
  fc.constantFrom('SHOW CONNECTIONS', 'SHOW CLUSTERS'),
  // The seeded Kafka connection validates against the test broker; the others fail fast.
  connectionName.map((n) => `VALIDATE CONNECTION ${n}`),
);

const corpusText = fc.constantFrom(...goldenInputs);

// ---------------------------------------------------------------------------------------------

describe('every input to the parser and the planner ends in a result or a positioned ERROR', {
  timeout: TEST_TIMEOUT_MS,
}, () => {
  before(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'sluice-fuzz-'));
    session = Session.open({ dataDir, validateConnections: false, validateTimeoutMs: VALIDATE_TIMEOUT_MS });
    instanceId = session.catalog.instanceId;
  });

  after(async () => {
    session?.close();
    if (instanceId) {
      for (const { account } of await keytar.findCredentials(KEYCHAIN_SERVICE)) {
        if (account.startsWith(`${instanceId}/`)) await keytar.deletePassword(KEYCHAIN_SERVICE, account);
      }
    }
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  test('the seed objects are created', async () => {
    const { kafka } = testEnv();
    const seed = [
      'CREATE TABLE seed_t (a int NOT NULL, b text)',
      'CREATE TABLE seed_u (a int, id bigint)',
      'CREATE TABLE orders (a int, id bigint, status text)',
      'CREATE TABLE a (a int)',
      'CREATE VIEW seed_v AS SELECT a FROM seed_t',
      "CREATE SECRET seed_pw AS 'seed-password'",
      "CREATE SECRET pw AS 'pw-password'",
      `CREATE CONNECTION seed_k TO KAFKA (BROKER '${kafka.listeners.plaintext}')`,
      "CREATE CONNECTION kafka_conn TO KAFKA (BROKER '127.0.0.1:1')",
      "CREATE CONNECTION seed_csr TO CONFLUENT SCHEMA REGISTRY (URL 'http://127.0.0.1:1', USERNAME 'u', PASSWORD SECRET seed_pw)",
      "CREATE CLUSTER seed_c (SIZE 'small')",
      "CREATE SOURCE seed_s IN CLUSTER seed_c FROM KAFKA CONNECTION seed_k (TOPIC 'in') FORMAT JSON",
    ];
    for (const sql of seed) await session.execute(sql);
    const objects = await session.execute('SHOW OBJECTS');
    assert.equal(objects[0]!.table!.rows.length, 11);
  });

  test('inputs the fuzz once found mishandled end in positioned errors', async () => {
    const cases: [string, string, string][] = [
      // keytar refuses an empty password: that is not the keychain being unavailable.
      ["CREATE SECRET empty AS ''", 'invalid_options', "''"],
      ["ALTER SECRET pw AS ''", 'invalid_options', "''"],
      // SQLite and the keychain cannot keep a lone surrogate: two names would become one.
      ["CREATE SECRET kaf\ud800ka_password AS 'x'", 'invalid_name', 'kaf'],
      ['CREATE TABLE public."\udc00" (a int)', 'invalid_name', '"'],
    ];
    for (const [input, code, at] of cases) {
      const err = await session.execute(input).then(
        () => assert.fail(`${JSON.stringify(input)} succeeded`),
        (e: unknown) => e,
      );
      assert.ok(err instanceof SqlError, `${JSON.stringify(input)}: ${err}`);
      assert.equal(err.code, code, input);
      assert.equal(err.offset, input.indexOf(at), input);
    }
  });

  test('generated valid statements', async () => {
    await fc.assert(fc.asyncProperty(validText, executeChecked), params(3000, 1));
  });

  test('several generated statements in one input', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.oneof(validText, catalogAware), { minLength: 2, maxLength: 4 }),
        fc.constantFrom(';', ';\n', ' ; -- x\n', ';;'),
        (texts, sep) => executeChecked(texts.join(sep)),
      ),
      params(1000, 2),
    );
  });

  test('catalog-aware statements', async () => {
    await fc.assert(fc.asyncProperty(catalogAware, executeChecked), params(2500, 3));
  });

  test('mutated generated and catalog-aware statements', async () => {
    const base = fc.oneof(validText, catalogAware);
    await fc.assert(
      fc.asyncProperty(
        mutated(fc.oneof(base, mutated(base, CATALOG_TOKENS)), CATALOG_TOKENS),
        executeChecked,
      ),
      params(2500, 4),
    );
  });

  test('the golden corpus and its mutations', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          corpusText,
          mutated(corpusText, CATALOG_TOKENS),
          mutated(mutated(corpusText, CATALOG_TOKENS), CATALOG_TOKENS),
        ),
        executeChecked,
      ),
      params(1500, 5),
    );
  });

  test('random strings', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          fc.string({ unit: 'binary', maxLength: 60 }),
          fc.string({ unit: fc.constantFrom(...MUTATION_VOCABULARY, ...CATALOG_TOKENS), maxLength: 30 }),
        ),
        executeChecked,
      ),
      params(500, 6),
    );
  });

  test(`at least 10,000 inputs ran, none took more than ${MAX_MS_PER_INPUT} ms`, (t) => {
    const errored = stats.sqlErrors + stats.userErrors;
    const top = (map: Map<string, number>) =>
      [...map.entries()]
        .sort((x, y) => y[1] - x[1])
        .map(([k, n]) => `${k} ${n}`)
        .join(', ');
    t.diagnostic(
      `fuzz (seed ${SEED}): ${stats.inputs} inputs, ${stats.succeeded} succeeded (${stats.statements} statements), ` +
        `${errored} errored (${stats.sqlErrors} SqlError, ${stats.userErrors} UserError); ` +
        `total ${(stats.totalMs / 1000).toFixed(1)} s, avg ${(stats.totalMs / Math.max(1, stats.inputs)).toFixed(2)} ms, ` +
        `max ${stats.maxMs.toFixed(0)} ms on ${JSON.stringify(stats.slowest.slice(0, 60))}`,
    );
    t.diagnostic(`results: ${top(stats.resultTags)}`);
    t.diagnostic(`errors: ${top(stats.errorCodes)}`);
    assert.ok(stats.inputs >= 10_000 * Math.min(1, SCALE), `only ${stats.inputs} inputs`);
    assert.ok(stats.maxMs <= MAX_MS_PER_INPUT, `slowest input took ${stats.maxMs.toFixed(0)} ms`);
    // Both outcomes are exercised in earnest, not just one.
    assert.ok(stats.succeeded >= stats.inputs / 20, `only ${stats.succeeded} inputs succeeded`);
    assert.ok(errored >= stats.inputs / 20, `only ${errored} inputs failed`);
  });

  test('after the fuzz the catalog is intact, its secrets are all in the keychain, and it still works', async () => {
    const db = new Database(join(dataDir, CATALOG_FILE), { readonly: true });
    assert.equal(db.pragma('integrity_check', { simple: true }), 'ok');
    assert.deepEqual(db.pragma('foreign_key_check'), []);
    db.close();

    const items = session.catalog.list();
    const ids = new Set(items.map((i) => i.id));
    for (const item of items) {
      for (const used of item.dependsOn) assert.ok(ids.has(used), `${item.name} uses missing ${used}`);
    }
    const secrets = items.filter((i) => i.kind === 'secret').map((i) => i.name);
    const stored = (await keytar.findCredentials(KEYCHAIN_SERVICE))
      .filter((c) => c.account.startsWith(`${instanceId}/`))
      .map((c) => c.account.slice(instanceId.length + 1));
    assert.deepEqual([...stored].sort(), [...secrets].sort(), 'keychain entries = catalog secrets');

    const results = await session.execute(
      'CREATE TABLE after_fuzz (x int); CREATE VIEW after_fuzz_v AS SELECT x FROM after_fuzz; ' +
        "DROP TABLE after_fuzz CASCADE; SHOW TABLES LIKE 'after%'",
    );
    assert.deepEqual(
      results.map((r) => r.tag),
      ['CREATE TABLE', 'CREATE VIEW', 'DROP TABLE', 'SELECT 0'],
    );
  });
});
