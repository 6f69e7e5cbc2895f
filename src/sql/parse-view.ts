/**
 * CREATE VIEW and CREATE MATERIALIZED VIEW. Everything up to AS is Materialize syntax, parsed by
 * hand; the query after AS is handed to libpg-query, so any PostgreSQL query is accepted here
 * exactly as it is at the top level.
 *
 *   CREATE [OR REPLACE] VIEW [IF NOT EXISTS] name AS query
 *   CREATE [OR REPLACE] MATERIALIZED VIEW [IF NOT EXISTS] name [IN CLUSTER c] AS query
 */
import type { CreateViewStatement, Span } from './ast.ts';
import type { Cursor } from './cursor.ts';
import { parseInCluster } from './parse-source.ts';
import { parsePgQuery } from './pg-query.ts';

/** After CREATE [OR REPLACE] [MATERIALIZED] VIEW. */
export function parseCreateView(
  c: Cursor,
  span: Span,
  materialized: boolean,
  orReplace: boolean,
): CreateViewStatement {
  const ifStart = c.peek().start;
  const ifNotExists = c.parseIfNotExists();
  if (ifNotExists && orReplace)
    c.fail('syntax_error', 'cannot specify both OR REPLACE and IF NOT EXISTS', ifStart);
  const name = c.parseObjectName();
  const inCluster = materialized ? parseInCluster(c) : undefined;
  c.expectKeyword('AS');
  if (c.atEnd()) {
    c.record('query');
    c.failExpected();
  }
  const what = materialized ? 'CREATE MATERIALIZED VIEW' : 'CREATE VIEW';
  const query = parsePgQuery(c.input, { start: c.peek().start, end: c.slice.end }, what);
  return {
    kind: 'create_view',
    span,
    materialized,
    orReplace,
    ifNotExists,
    name,
    ...(inCluster ? { inCluster } : {}),
    query,
  };
}
