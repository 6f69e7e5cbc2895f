/**
 * One statement: dispatch on its first keywords to the hand-written Materialize parsers, or hand
 * it to libpg-query (queries, DML, CREATE TABLE), or reject it as unsupported.
 *
 *   SELECT WITH VALUES TABLE ( INSERT UPDATE DELETE, CREATE TABLE      → libpg-query
 *   CREATE ALTER DROP SHOW VALIDATE SUBSCRIBE EXPLAIN BEGIN START COMMIT ROLLBACK → by hand
 *   GRANT, COPY, CREATE FUNCTION, ... (known to PostgreSQL or Materialize) → "X is not supported"
 *   anything else → "Expected a keyword at the beginning of a statement" (with did-you-mean)
 */
import type { Ident, ObjectName, Span, Statement } from './ast.ts';
import { Cursor } from './cursor.ts';
import { SqlError } from './errors.ts';
import type { Token } from './lexer.ts';
import { parseCreateCluster } from './parse-cluster.ts';
import { parseCreateConnection, parseValidateConnection } from './parse-connection.ts';
import { DROP_OBJECT_TYPES, parseDrop } from './parse-drop.ts';
import { parseAlterSecret, parseCreateSecret } from './parse-secret.ts';
import { parseObjectKeywords, parseShow, UNSUPPORTED_SHOW } from './parse-show.ts';
import { parseAlterSink, parseCreateSink, parseExplainSink } from './parse-sink.ts';
import { parseCreateSource } from './parse-source.ts';
import { parseSubscribe } from './parse-subscribe.ts';
import { parseTransaction } from './parse-transaction.ts';
import { parseCreateView } from './parse-view.ts';
import { parsePgStatement, statementName } from './pg-query.ts';
import type { StatementSlice } from './split.ts';

/** What sluice runs, for "not supported" hints. */
export const SUPPORTED_STATEMENTS =
  'SELECT, INSERT, UPDATE, DELETE, CREATE TABLE | VIEW | MATERIALIZED VIEW | SOURCE | SINK | CONNECTION | ' +
  'SECRET | CLUSTER, ALTER SECRET | SINK, DROP, SHOW, SUBSCRIBE, EXPLAIN ... FOR CREATE SINK, ' +
  'VALIDATE CONNECTION, BEGIN, COMMIT, ROLLBACK';

const STARTERS = [
  'SELECT',
  'INSERT',
  'UPDATE',
  'DELETE',
  'WITH',
  'VALUES',
  'TABLE',
  'CREATE',
  'ALTER',
  'DROP',
  'SHOW',
  'SUBSCRIBE',
  'EXPLAIN',
  'VALIDATE',
  'BEGIN',
  'START',
  'COMMIT',
  'ROLLBACK',
];
const PG_STARTERS = new Set(['SELECT', 'INSERT', 'UPDATE', 'DELETE', 'WITH', 'VALUES', 'TABLE']);

/** Statements PostgreSQL or Materialize have and sluice does not. */
const UNSUPPORTED_STARTERS = new Set(
  `ABORT ANALYSE ANALYZE CALL CHECKPOINT CLOSE CLUSTER COMMENT COPY DEALLOCATE DECLARE DISCARD DO END EXECUTE
  FETCH GRANT IMPORT LISTEN LOAD LOCK MERGE MOVE NOTIFY PREPARE REASSIGN REFRESH REINDEX RELEASE RESET REVOKE
  SAVEPOINT SECURITY SET TRUNCATE UNLISTEN VACUUM`.split(/\s+/),
);

/** Object kinds after CREATE / ALTER / DROP that exist elsewhere but not in sluice. */
const UNSUPPORTED_OBJECTS = new Set(
  `ACCESS AGGREGATE CAST COLLATION CONVERSION DATABASE DEFAULT DOMAIN EVENT EXTENSION FOREIGN FUNCTION GLOBAL
  GROUP INDEX LANGUAGE LOCAL NETWORK OPERATOR OWNED POLICY PROCEDURAL PROCEDURE PUBLICATION RECURSIVE ROLE
  RULE SCHEMA SEQUENCE SERVER STATISTICS SUBSCRIPTION SYSTEM TABLESPACE TEMP TEMPORARY TRANSFORM TRIGGER
  TRUSTED TYPE UNIQUE UNLOGGED USER WEBHOOK`.split(/\s+/),
);
/** Words that modify the object kind that follows (CREATE TEMP TABLE, CREATE UNIQUE INDEX). */
const MODIFIERS = new Set([
  'DEFAULT',
  'GLOBAL',
  'LOCAL',
  'TEMP',
  'TEMPORARY',
  'UNLOGGED',
  'UNIQUE',
  'TRUSTED',
  'PROCEDURAL',
  'RECURSIVE',
]);

const CREATE_KINDS = [
  'TABLE',
  'VIEW',
  'MATERIALIZED VIEW',
  'SOURCE',
  'SINK',
  'CONNECTION',
  'SECRET',
  'CLUSTER',
];

export function parseStatement(input: string, slice: StatementSlice): Statement {
  const c = new Cursor(input, slice);
  const span: Span = { start: slice.start, end: slice.end };
  const first = c.peek();
  if (first.kind === 'punct' && first.value === '(') return parsePostgres(c, span);
  const keyword = first.kind === 'word' ? first.keyword : '';
  if (PG_STARTERS.has(keyword)) return parsePostgres(c, span);
  switch (keyword) {
    case 'CREATE':
      c.next();
      return parseCreate(c, span);
    case 'ALTER': {
      c.next();
      rejectUnsupportedObject(c, span, 'ALTER', ['SECRET', 'SINK']);
      const kind = parseObjectKeywords(c, ['SECRET', 'SINK']);
      return kind === 'SECRET' ? parseAlterSecret(c, span) : parseAlterSink(c, span);
    }
    case 'DROP':
      c.next();
      rejectUnsupportedObject(c, span, 'DROP', []);
      if (isClusterReplica(c)) unsupported(c, span, 'DROP CLUSTER REPLICA');
      return parseDrop(c, span);
    case 'SHOW':
      c.next();
      if (c.peek().kind === 'word' && UNSUPPORTED_SHOW.has(c.peek().keyword))
        unsupported(c, span, `SHOW ${c.peek().keyword}`);
      return parseShow(c, span);
    case 'VALIDATE':
      c.next();
      c.expectKeyword('CONNECTION');
      return parseValidateConnection(c, span);
    case 'SUBSCRIBE':
      c.next();
      return parseSubscribe(c, span);
    case 'EXPLAIN':
      c.next();
      return parseExplainSink(c, span);
    case 'BEGIN':
    case 'START':
    case 'COMMIT':
    case 'ROLLBACK':
      c.next();
      return parseTransaction(c, span, keyword);
  }
  if (UNSUPPORTED_STARTERS.has(keyword)) unsupported(c, span, keyword);
  for (const starter of STARTERS) c.record(starter);
  return c.failExpected({ what: 'a keyword at the beginning of a statement' });
}

function parseCreate(c: Cursor, span: Span): Statement {
  const orReplace = c.isKeyword('OR');
  if (orReplace) {
    c.next();
    c.expectKeyword('REPLACE');
    rejectUnsupportedObject(c, span, 'CREATE', ['VIEW', 'MATERIALIZED']);
    const kind = parseObjectKeywords(c, ['VIEW', 'MATERIALIZED VIEW']);
    return parseCreateView(c, span, kind === 'MATERIALIZED VIEW', true);
  }
  rejectUnsupportedObject(c, span, 'CREATE', []);
  if (isClusterReplica(c)) unsupported(c, span, 'CREATE CLUSTER REPLICA');
  if (c.isKeyword('TABLE')) return parsePostgres(c, span);
  switch (parseObjectKeywords(c, CREATE_KINDS)) {
    case 'VIEW':
      return parseCreateView(c, span, false, false);
    case 'MATERIALIZED VIEW':
      return parseCreateView(c, span, true, false);
    case 'SOURCE':
      return parseCreateSource(c, span);
    case 'SINK':
      return parseCreateSink(c, span);
    case 'CONNECTION':
      return parseCreateConnection(c, span);
    case 'SECRET':
      return parseCreateSecret(c, span);
    default:
      return parseCreateCluster(c, span);
  }
}

/** Fails with "CREATE FUNCTION is not supported" when the next word is such an object kind. */
function rejectUnsupportedObject(c: Cursor, span: Span, verb: string, supported: readonly string[]): void {
  const token = c.peek();
  if (token.kind !== 'word' || supported.includes(token.keyword)) return;
  if (!UNSUPPORTED_OBJECTS.has(token.keyword) && !(verb === 'ALTER' && isDropKind(token.keyword))) return;
  const words = [verb, token.keyword];
  const after = c.peek(1);
  if (MODIFIERS.has(token.keyword) && after.kind === 'word') words.push(after.keyword);
  unsupported(c, span, words.join(' '));
}

/** CLUSTER REPLICA c.r, as opposed to a cluster named "replica". */
function isClusterReplica(c: Cursor): boolean {
  return c.isKeyword('CLUSTER') && c.isKeyword('REPLICA', 1) && c.isIdent(2) && c.isPunct('.', 3);
}

function isDropKind(word: string): boolean {
  return Object.keys(DROP_OBJECT_TYPES).some((k) => k.split(' ')[0] === word);
}

function unsupported(c: Cursor, span: Span, what: string): never {
  return c.fail(
    'unsupported_statement',
    `${what} is not supported`,
    span.start,
    `sluice supports ${SUPPORTED_STATEMENTS}`,
  );
}

/** Queries, DML and CREATE TABLE: the whole statement goes to libpg-query. */
function parsePostgres(c: Cursor, span: Span): Statement {
  const { type, node } = parsePgStatement(c.input, span);
  switch (type) {
    case 'SelectStmt':
      if (node.intoClause !== undefined) unsupported(c, span, 'SELECT INTO');
      return { kind: 'select', span, node };
    case 'InsertStmt':
      return { kind: 'insert', span, table: nameOfRelation(c, node.relation), node };
    case 'UpdateStmt':
      return { kind: 'update', span, table: nameOfRelation(c, node.relation), node };
    case 'DeleteStmt':
      return { kind: 'delete', span, table: nameOfRelation(c, node.relation), node };
    case 'CreateStmt': {
      const elements = (node.tableElts ?? []) as { ColumnDef?: { colname?: string; location?: number } }[];
      const columns = elements.flatMap((e) =>
        e.ColumnDef ? [identAt(c, e.ColumnDef.location ?? -1, e.ColumnDef.colname ?? '')] : [],
      );
      return {
        kind: 'create_table',
        span,
        ifNotExists: node.if_not_exists === true,
        name: nameOfRelation(c, node.relation),
        columns,
        node,
      };
    }
    default:
      return unsupported(c, span, statementName(type));
  }
}

interface RangeVarLike {
  catalogname?: string;
  schemaname?: string;
  relname?: string;
  location?: number;
}

/** The name of a libpg-query RangeVar, with spans taken from our own tokens. */
function nameOfRelation(c: Cursor, relation: unknown): ObjectName {
  const rv = (relation ?? {}) as RangeVarLike;
  const index = tokenIndexAt(c.slice.tokens, rv.location ?? -1);
  if (index !== -1) {
    c.reset(index);
    try {
      return c.parseObjectName();
    } catch (err) {
      if (!(err instanceof SqlError)) throw err;
    }
  }
  const at = rv.location ?? c.slice.start;
  const parts = [rv.catalogname, rv.schemaname, rv.relname]
    .filter((p): p is string => p !== undefined)
    .map((value): Ident => ({ value, quoted: false, span: { start: at, end: at } }));
  return { parts, span: { start: at, end: at } };
}

function identAt(c: Cursor, offset: number, fallback: string): Ident {
  const index = tokenIndexAt(c.slice.tokens, offset);
  const token = index === -1 ? undefined : c.slice.tokens[index]!;
  if (token && (token.kind === 'word' || token.kind === 'quoted_ident') && token.value === fallback)
    return {
      value: token.value,
      quoted: token.kind === 'quoted_ident',
      span: { start: token.start, end: token.end },
    };
  return { value: fallback, quoted: false, span: { start: Math.max(offset, 0), end: Math.max(offset, 0) } };
}

/** Binary search for the token starting exactly at `offset`; -1 if none does. */
function tokenIndexAt(tokens: readonly Token[], offset: number): number {
  let lo = 0;
  let hi = tokens.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const start = tokens[mid]!.start;
    if (start === offset) return mid;
    if (start < offset) lo = mid + 1;
    else hi = mid - 1;
  }
  return -1;
}
