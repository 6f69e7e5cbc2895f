/**
 * fast-check arbitraries for valid statements of every kind sluice parses, built from the pieces
 * of sql-pieces.ts. Each result says which statement kind it must parse to.
 */
import fc from 'fast-check';
import type { OptionTable } from '../../src/sql/option-spec.ts';
import {
  ALTER_SINK_OPTIONS,
  CLUSTER_OPTIONS,
  CONNECTION_WITH_OPTIONS,
  CSR_CONNECTION_OPTIONS,
  CSR_SINK_FORMAT_OPTIONS,
  KAFKA_CONNECTION_OPTIONS,
  KAFKA_SINK_OPTIONS,
  KAFKA_SOURCE_OPTIONS,
  SINK_WITH_OPTIONS,
  SOURCE_WITH_OPTIONS,
  SUBSCRIBE_OPTIONS,
} from '../../src/sql/option-tables.ts';
import {
  ident,
  ifExists,
  ifNotExists,
  inCluster,
  integer,
  listOf,
  objectName,
  optional,
  optionList,
  type Piece,
  raw,
  stringLiteral,
  w,
} from './sql-pieces.ts';

export type { Piece, Rendering } from './sql-pieces.ts';
export { render, renderingArbitrary } from './sql-pieces.ts';

export interface GeneratedStatement {
  readonly kind: string;
  readonly pieces: readonly Piece[];
}

const query = fc
  .constantFrom(
    'SELECT 1',
    "SELECT a, count(*) FROM t WHERE b = ';' GROUP BY a",
    'VALUES (1, 2)',
    'WITH x AS (SELECT 1 AS a) SELECT a FROM x',
    "SELECT 'é😀' AS e UNION ALL SELECT 'b'",
    'TABLE orders',
  )
  .map((q) => [raw(q)]);

const csr = objectName.map((n) => [...w('USING CONFLUENT SCHEMA REGISTRY CONNECTION'), ...n]);
const sourceFormat = fc.oneof(
  fc.constantFrom(w('BYTES'), w('TEXT'), w('JSON')),
  fc
    .tuple(integer, optional(stringLiteral.map((s) => [...w('DELIMITED BY'), s])))
    .map(([n, d]) => [...w('CSV WITH'), n, ...w('COLUMNS'), ...d]),
  optional(listOf(ident)).map((cols) => [...w('CSV WITH HEADER'), ...cols]),
  csr.map((c) => [{ word: 'AVRO' }, ...c]),
);
const sinkFormat = fc.oneof(
  fc.constantFrom(w('JSON'), w('TEXT'), w('BYTES')),
  fc
    .tuple(csr, optional(optionList(CSR_SINK_FORMAT_OPTIONS)))
    .map(([c, o]) => [{ word: 'AVRO' }, ...c, ...o]),
);
function formatSpec(format: fc.Arbitrary<Piece[]>): fc.Arbitrary<Piece[]> {
  return fc.oneof(
    format.map((f) => [{ word: 'FORMAT' }, ...f]),
    fc.tuple(format, format).map(([k, v]) => [...w('KEY FORMAT'), ...k, ...w('VALUE FORMAT'), ...v]),
  );
}
const withOptions = (table: OptionTable) => optional(optionList(table).map((o) => [{ word: 'WITH' }, ...o]));

const include = fc
  .shuffledSubarray(['KEY', 'PARTITION', 'OFFSET', 'TIMESTAMP', 'HEADERS'], { minLength: 1 })
  .chain((kinds) =>
    fc.tuple(
      ...kinds.map((k) =>
        optional(ident.map((i) => [{ word: 'AS' }, ...i])).map((alias) => [{ word: k }, ...alias]),
      ),
    ),
  )
  .map((items) => [
    { word: 'INCLUDE' },
    ...items.flatMap((item, i) => (i === 0 ? item : [raw(','), ...item])),
  ]);

const sinkDefinition = fc
  .tuple(
    inCluster,
    objectName,
    objectName,
    optionList(KAFKA_SINK_OPTIONS),
    optional(
      fc
        .tuple(listOf(ident), fc.boolean())
        .map(([cols, ne]) => [{ word: 'KEY' }, ...cols, ...(ne ? w('NOT ENFORCED') : [])]),
    ),
    optional(ident.map((i) => [{ word: 'HEADERS' }, ...i])),
    formatSpec(sinkFormat),
    fc.constantFrom(w('ENVELOPE DEBEZIUM'), w('ENVELOPE UPSERT')),
    withOptions(SINK_WITH_OPTIONS),
  )
  .map(([cluster, from, conn, opts, key, headers, format, envelope, withs]) => [
    ...cluster,
    { word: 'FROM' },
    ...from,
    ...w('INTO KAFKA CONNECTION'),
    ...conn,
    ...opts,
    ...key,
    ...headers,
    ...format,
    ...envelope,
    ...withs,
  ]);

const stmt = (kind: string, pieces: fc.Arbitrary<Piece[]>): fc.Arbitrary<GeneratedStatement> =>
  pieces.map((p) => ({ kind, pieces: p }));

const objectTypes = [
  'TABLE',
  'VIEW',
  'MATERIALIZED VIEW',
  'SOURCE',
  'SINK',
  'CONNECTION',
  'SECRET',
  'CLUSTER',
];

export const statementArbitrary: fc.Arbitrary<GeneratedStatement> = fc.oneof(
  stmt(
    'create_secret',
    fc
      .tuple(ifNotExists, objectName, stringLiteral)
      .map(([i, n, v]) => [...w('CREATE SECRET'), ...i, ...n, { word: 'AS' }, v]),
  ),
  stmt(
    'alter_secret',
    fc
      .tuple(ifExists, objectName, stringLiteral)
      .map(([i, n, v]) => [...w('ALTER SECRET'), ...i, ...n, { word: 'AS' }, v]),
  ),
  stmt(
    'create_connection',
    fc
      .tuple(ifNotExists, objectName, fc.boolean(), fc.boolean(), withOptions(CONNECTION_WITH_OPTIONS))
      .chain(([i, n, kafka, legacy, withs]) =>
        optionList(
          kafka ? KAFKA_CONNECTION_OPTIONS : CSR_CONNECTION_OPTIONS,
          legacy ? 'bare' : 'parenthesized',
        ).map((opts) => [
          ...w('CREATE CONNECTION'),
          ...i,
          ...n,
          { word: legacy ? 'FOR' : 'TO' },
          ...w(kafka ? 'KAFKA' : 'CONFLUENT SCHEMA REGISTRY'),
          ...opts,
          ...withs,
        ]),
      ),
  ),
  stmt(
    'validate_connection',
    objectName.map((n) => [...w('VALIDATE CONNECTION'), ...n]),
  ),
  stmt(
    'create_source',
    fc
      .tuple(
        ifNotExists,
        objectName,
        inCluster,
        objectName,
        optionList(KAFKA_SOURCE_OPTIONS),
        optional(formatSpec(sourceFormat)),
        optional(include),
        optional(fc.constantFrom(w('ENVELOPE NONE'), w('ENVELOPE UPSERT'), w('ENVELOPE DEBEZIUM'))),
        withOptions(SOURCE_WITH_OPTIONS),
      )
      .map(([i, n, c, conn, opts, f, inc, env, withs]) => [
        ...w('CREATE SOURCE'),
        ...i,
        ...n,
        ...c,
        ...w('FROM KAFKA CONNECTION'),
        ...conn,
        ...opts,
        ...f,
        ...inc,
        ...env,
        ...withs,
      ]),
  ),
  stmt(
    'create_sink',
    fc
      .tuple(ifNotExists, objectName, sinkDefinition)
      .map(([i, n, d]) => [...w('CREATE SINK'), ...i, ...n, ...d]),
  ),
  stmt(
    'alter_sink',
    fc
      .tuple(ifExists, objectName, optionList(ALTER_SINK_OPTIONS))
      .map(([i, n, o]) => [...w('ALTER SINK'), ...i, ...n, { word: 'SET' }, ...o]),
  ),
  stmt(
    'explain_sink',
    fc
      .tuple(
        fc.constantFrom(w('KEY SCHEMA'), w('VALUE SCHEMA AS JSON'), w('MESSAGES')),
        optional(objectName),
        sinkDefinition,
      )
      .map(([m, n, d]) => [{ word: 'EXPLAIN' }, ...m, ...w('FOR CREATE SINK'), ...n, ...d]),
  ),
  stmt(
    'create_cluster',
    fc
      .tuple(ifNotExists, ident, optionList(CLUSTER_OPTIONS))
      .map(([i, n, o]) => [...w('CREATE CLUSTER'), ...i, ...n, ...o]),
  ),
  stmt(
    'create_view',
    fc
      .tuple(fc.boolean(), fc.boolean(), objectName, inCluster, query)
      .chain(([orReplace, materialized, n, c, q]) =>
        (orReplace ? fc.constant([]) : ifNotExists).map((i) => [
          { word: 'CREATE' },
          ...(orReplace ? w('OR REPLACE') : []),
          ...(materialized ? w('MATERIALIZED VIEW') : w('VIEW')),
          ...i,
          ...n,
          ...(materialized ? c : []),
          { word: 'AS' },
          ...q,
        ]),
      ),
  ),
  stmt(
    'subscribe',
    fc
      .tuple(
        fc.boolean(),
        fc.oneof(
          objectName,
          query.map((q) => [raw('('), ...q, raw(')')]),
        ),
        withOptions(SUBSCRIBE_OPTIONS),
        optional(
          fc
            .tuple(fc.boolean(), integer)
            .map(([least, n]) => [...w('AS OF'), ...(least ? w('AT LEAST') : []), n]),
        ),
        optional(integer.map((n) => [...w('UP TO'), n])),
      )
      .map(([to, target, withs, asOf, upTo]) => [
        { word: 'SUBSCRIBE' },
        ...(to ? [{ word: 'TO' }] : []),
        ...target,
        ...withs,
        ...asOf,
        ...upTo,
      ]),
  ),
  stmt(
    'show_objects',
    fc
      .tuple(
        fc.constantFrom(
          'SOURCES',
          'TABLES',
          'VIEWS',
          'MATERIALIZED VIEWS',
          'SINKS',
          'CLUSTERS',
          'CONNECTIONS',
          'SECRETS',
          'OBJECTS',
        ),
        optional(stringLiteral.map((s) => [{ word: 'LIKE' }, s])),
      )
      .map(([what, like]) => [{ word: 'SHOW' }, ...w(what), ...like]),
  ),
  stmt(
    'show_create',
    fc
      .tuple(
        fc.constantFrom('TABLE', 'VIEW', 'MATERIALIZED VIEW', 'SOURCE', 'SINK', 'CONNECTION'),
        objectName,
      )
      .map(([what, n]) => [...w('SHOW CREATE'), ...w(what), ...n]),
  ),
  stmt(
    'show_columns',
    objectName.map((n) => [...w('SHOW COLUMNS FROM'), ...n]),
  ),
  stmt(
    'drop_objects',
    fc
      .tuple(
        fc.constantFrom(...objectTypes),
        ifExists,
        fc.array(fc.constant(0), { minLength: 1, maxLength: 3 }),
        optional(fc.constantFrom(w('CASCADE'), w('RESTRICT'))),
      )
      .chain(([type, i, names, behavior]) =>
        fc
          .tuple(...names.map(() => (type === 'CLUSTER' ? ident : objectName)))
          .map((ns) => [
            { word: 'DROP' },
            ...w(type),
            ...i,
            ...ns.flatMap((n, k) => (k === 0 ? n : [raw(','), ...n])),
            ...behavior,
          ]),
      ),
  ),
  stmt('begin', fc.constantFrom(w('BEGIN'), w('BEGIN WORK'), w('START TRANSACTION'))),
  stmt('commit', fc.constantFrom(w('COMMIT'), w('COMMIT TRANSACTION'))),
  stmt('rollback', fc.constantFrom(w('ROLLBACK'), w('ROLLBACK WORK'))),
  stmt('select', query),
  stmt(
    'insert',
    fc
      .constantFrom("INSERT INTO orders VALUES (1, 'a')", 'INSERT INTO s.t (a) SELECT 1')
      .map((q) => [raw(q)]),
  ),
  stmt('update', fc.constant([raw("UPDATE orders SET status = 'paid' WHERE id = 1")])),
  stmt('delete', fc.constant([raw('DELETE FROM orders WHERE id = 1')])),
  stmt('create_table', fc.constant([raw('CREATE TABLE IF NOT EXISTS "T" (id bigint, note text)')])),
);
