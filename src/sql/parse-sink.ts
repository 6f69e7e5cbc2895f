/**
 * CREATE SINK, ALTER SINK and the EXPLAIN statements about a sink.
 *
 *   CREATE SINK [IF NOT EXISTS] name <definition>
 *   <definition> := [IN CLUSTER c] FROM item
 *       INTO KAFKA CONNECTION conn (TOPIC 'topic' [, option ...])
 *       [KEY (col, ...) [NOT ENFORCED]] [HEADERS col]
 *       FORMAT f | KEY FORMAT f VALUE FORMAT f
 *       ENVELOPE DEBEZIUM | UPSERT
 *       [WITH (SNAPSHOT [= bool], SIZE = '...')]
 *   ALTER SINK [IF EXISTS] name SET (SIZE = '...')
 *   EXPLAIN KEY SCHEMA | VALUE SCHEMA [AS JSON] FOR CREATE SINK [name] <definition>
 *   EXPLAIN MESSAGES FOR CREATE SINK [name] <definition>      (sluice: a dry run of the first messages)
 *
 * FORMAT and ENVELOPE are required here although Materialize's grammar makes them optional:
 * sluice has no default encoding, and saying so at the right place beats a planner error.
 */
import type {
  AlterSinkStatement,
  CreateSinkStatement,
  ExplainSinkStatement,
  Ident,
  SinkDefinition,
  SinkKey,
  Span,
} from './ast.ts';
import type { Cursor } from './cursor.ts';
import { ALTER_SINK_OPTIONS, KAFKA_SINK_OPTIONS, SINK_WITH_OPTIONS } from './option-tables.ts';
import { parseFormatSpec, parseSinkFormat } from './parse-format.ts';
import { parseOptionList } from './parse-options.ts';
import { parseInCluster } from './parse-source.ts';

/** After CREATE SINK. */
export function parseCreateSink(c: Cursor, span: Span): CreateSinkStatement {
  const ifNotExists = c.parseIfNotExists();
  const name = c.parseObjectName();
  const definition = parseSinkDefinition(c);
  c.expectEnd();
  return { kind: 'create_sink', span, ifNotExists, name, ...definition };
}

/** After ALTER SINK. */
export function parseAlterSink(c: Cursor, span: Span): AlterSinkStatement {
  const ifExists = c.parseIfExists();
  const name = c.parseObjectName();
  c.expectKeyword('SET');
  const options = parseOptionList(c, ALTER_SINK_OPTIONS);
  c.expectEnd();
  return { kind: 'alter_sink', span, ifExists, name, options };
}

/** After EXPLAIN. */
export function parseExplainSink(c: Cursor, span: Span): ExplainSinkStatement {
  const what = c.expectOneOf(['KEY', 'VALUE', 'MESSAGES']);
  let mode: ExplainSinkStatement['mode'] = 'messages';
  let asJson = false;
  if (what !== 'MESSAGES') {
    c.expectKeyword('SCHEMA');
    mode = what === 'KEY' ? 'key_schema' : 'value_schema';
    asJson = c.eatKeywords(['AS', 'JSON']);
  }
  c.expectKeyword('FOR');
  c.expectKeyword('CREATE');
  c.expectKeyword('SINK');
  // The name is optional: FROM and IN are reserved, so they cannot be a sink's name.
  const sinkName = c.isKeyword('FROM') || c.isKeyword('IN') ? undefined : c.parseObjectName();
  const sink = parseSinkDefinition(c);
  c.expectEnd();
  return { kind: 'explain_sink', span, mode, asJson, ...(sinkName ? { sinkName } : {}), sink };
}

function parseSinkDefinition(c: Cursor): SinkDefinition {
  const inCluster = parseInCluster(c);
  c.expectKeyword('FROM');
  const from = c.parseObjectName();
  c.expectKeyword('INTO');
  c.expectKeyword('KAFKA');
  c.expectKeyword('CONNECTION');
  const connection = c.parseObjectName();
  const connectionOptions = parseOptionList(c, KAFKA_SINK_OPTIONS);
  const key = parseSinkKey(c);
  let headers: Ident | undefined;
  if (c.eatKeyword('HEADERS')) headers = c.parseIdent();
  const format = parseFormatSpec(c, parseSinkFormat) ?? c.failExpected();
  c.expectKeyword('ENVELOPE');
  const envelopeStart = c.peek().start;
  const envelopeKind = c.expectOneOf(['DEBEZIUM', 'UPSERT']);
  const envelope = {
    kind: envelopeKind === 'DEBEZIUM' ? 'debezium' : 'upsert',
    span: c.spanFrom(envelopeStart),
  } as const;
  const withOptions = c.eatKeyword('WITH') ? parseOptionList(c, SINK_WITH_OPTIONS) : [];
  return {
    ...(inCluster ? { inCluster } : {}),
    from,
    connection,
    connectionOptions,
    ...(key ? { key } : {}),
    ...(headers ? { headers } : {}),
    format,
    envelope,
    withOptions,
  };
}

/** `KEY (col, ...) [NOT ENFORCED]`, if present (and not the start of KEY FORMAT). */
function parseSinkKey(c: Cursor): SinkKey | undefined {
  if (!(c.isKeyword('KEY') && c.isPunct('(', 1))) {
    if (!c.isKeyword('KEY')) c.record('KEY');
    return undefined;
  }
  const start = c.next().start;
  c.next();
  const columns = [c.parseIdent()];
  while (c.eatPunct(',')) columns.push(c.parseIdent());
  c.expectPunct(')');
  const notEnforced = c.eatKeywords(['NOT', 'ENFORCED']);
  return { columns, notEnforced, span: c.spanFrom(start) };
}
