/**
 * CREATE SOURCE for Kafka, in Materialize's syntax:
 *
 *   CREATE SOURCE [IF NOT EXISTS] name [IN CLUSTER c]
 *     FROM KAFKA CONNECTION conn (TOPIC 't' [, START OFFSET (n, ...)] [, START TIMESTAMP n] ...)
 *     [KEY FORMAT f VALUE FORMAT f | FORMAT f]
 *     [INCLUDE KEY [AS name], PARTITION [AS name], OFFSET [AS name], TIMESTAMP [AS name], HEADERS [AS name]]
 *     [ENVELOPE NONE | UPSERT | DEBEZIUM]
 *     [WITH (SIZE = '...')]
 */
import type { CreateSourceStatement, Ident, IncludeKind, IncludeMetadata, Span } from './ast.ts';
import type { Cursor } from './cursor.ts';
import { KAFKA_SOURCE_OPTIONS, SOURCE_WITH_OPTIONS } from './option-tables.ts';
import { parseFormatSpec, parseSourceFormat } from './parse-format.ts';
import { parseOptionList } from './parse-options.ts';

const INCLUDE_KINDS = ['KEY', 'PARTITION', 'OFFSET', 'TIMESTAMP', 'HEADERS'] as const;

/** After CREATE SOURCE. */
export function parseCreateSource(c: Cursor, span: Span): CreateSourceStatement {
  const ifNotExists = c.parseIfNotExists();
  const name = c.parseObjectName();
  const inCluster = parseInCluster(c);
  c.expectKeyword('FROM');
  c.expectKeyword('KAFKA');
  c.expectKeyword('CONNECTION');
  const connection = c.parseObjectName();
  const connectionOptions = parseOptionList(c, KAFKA_SOURCE_OPTIONS);
  const format = parseFormatSpec(c, parseSourceFormat);
  const include = c.eatKeyword('INCLUDE') ? parseInclude(c) : [];
  let envelope: CreateSourceStatement['envelope'];
  if (c.eatKeyword('ENVELOPE')) {
    const start = c.peek().start;
    const kind = c.expectOneOf(['NONE', 'UPSERT', 'DEBEZIUM']);
    envelope = {
      kind: kind === 'NONE' ? 'none' : kind === 'UPSERT' ? 'upsert' : 'debezium',
      span: c.spanFrom(start),
    };
  }
  const withOptions = c.eatKeyword('WITH') ? parseOptionList(c, SOURCE_WITH_OPTIONS) : [];
  c.expectEnd();
  return {
    kind: 'create_source',
    span,
    ifNotExists,
    name,
    ...(inCluster ? { inCluster } : {}),
    connection,
    connectionOptions,
    ...(format ? { format } : {}),
    include,
    ...(envelope ? { envelope } : {}),
    withOptions,
  };
}

/** `IN CLUSTER name`, if present (sources, sinks, views). */
export function parseInCluster(c: Cursor): Ident | undefined {
  if (!c.eatKeywords(['IN', 'CLUSTER'])) return undefined;
  return c.parseIdent();
}

function parseInclude(c: Cursor): IncludeMetadata[] {
  const items: IncludeMetadata[] = [];
  do {
    const start = c.peek().start;
    const kind = c.expectOneOf(INCLUDE_KINDS).toLowerCase() as IncludeKind;
    if (items.some((i) => i.kind === kind))
      c.fail('duplicate_option', `INCLUDE ${kind.toUpperCase()} specified more than once`, start);
    const alias = c.eatKeyword('AS') ? c.parseIdent() : undefined;
    items.push({ kind, ...(alias ? { alias } : {}), span: c.spanFrom(start) });
  } while (c.eatPunct(','));
  return items;
}
