import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { Statement } from '../../src/sql/ast.ts';
import { SqlError } from '../../src/sql/errors.ts';
import { parseStatements } from '../../src/sql/parse.ts';

function parseError(input: string): SqlError {
  try {
    parseStatements(input);
  } catch (err) {
    assert.ok(err instanceof SqlError, String(err));
    return err;
  }
  assert.fail(`expected an error for ${JSON.stringify(input)}`);
}

/** Every `location` in a libpg-query tree, with the key path for messages. */
function locations(node: unknown, path = ''): [string, number][] {
  if (node === null || typeof node !== 'object') return [];
  return Object.entries(node).flatMap(([key, value]) =>
    key === 'location' && typeof value === 'number'
      ? [[`${path}.${key}`, value]]
      : locations(value, `${path}.${key}`),
  );
}

function only<K extends Statement['kind']>(input: string, kind: K): Extract<Statement, { kind: K }> {
  const { statements } = parseStatements(input);
  assert.equal(statements.length > 0, true);
  const statement = statements.at(-1)!;
  assert.equal(statement.kind, kind);
  return statement as Extract<Statement, { kind: K }>;
}

describe('libpg-query bridge', () => {
  test('locations are rewritten to UTF-16 offsets into the whole input, past non-ASCII text', () => {
    const input = 'SELECT 1;\n-- é€😀\nSELECT \'é€😀😀\' AS smile, ünïcödé, "Tab\tle".x FROM orders';
    const { node } = only(input, 'select');
    const found = locations(node);
    assert.ok(found.length >= 5);
    for (const expected of ["'é€😀😀'", 'ünïcödé', '"Tab\tle"', 'orders']) {
      assert.ok(
        found.some(([, at]) => input.startsWith(expected, at)),
        `a location points at ${expected}`,
      );
    }
    for (const [path, at] of found) assert.ok(at >= 10 && at < input.length, path);
  });

  test('the query of CREATE VIEW and SUBSCRIBE is shifted by its offset in the statement', () => {
    const input = 'SELECT 1; CREATE MATERIALIZED VIEW 😀v AS SELECT ß FROM tbl';
    const view = only(input, 'create_view');
    const tbl = locations(view.query.node).find(([path]) => path.includes('fromClause'))!;
    assert.equal(view.query.span.start, input.indexOf('SELECT ß'));
    assert.equal(tbl[1], input.indexOf('tbl'));
    const sub = only("SUBSCRIBE (SELECT 'ü' AS x FROM 😀)", 'subscribe');
    assert.equal(sub.target.kind, 'query');
    if (sub.target.kind === 'query') {
      const from = locations(sub.target.query.node).find(([path]) => path.includes('fromClause'))!;
      assert.equal(from[1], "SUBSCRIBE (SELECT 'ü' AS x FROM ".length);
    }
  });

  test('syntax error cursors count characters: the error points at the same text with or without emoji', () => {
    for (const prefix of ['', 'é', '😀😀', '\t€']) {
      const input = `SELECT '${prefix}' AS a b c`;
      const err = parseError(input);
      assert.equal(err.code, 'query_syntax_error');
      assert.equal(input.slice(err.offset), 'b c', prefix);
      assert.equal(err.line, 1);
      assert.equal(err.column, [...input.slice(0, err.offset)].length + 1);
    }
  });

  test('syntax errors in a later line report that line and column', () => {
    const err = parseError("SELECT 1;\nSELECT\n  '😀' AS x,\n  y z w");
    assert.deepEqual([err.line, err.column, err.message], [4, 7, 'syntax error at or near "w"']);
  });

  test('the table of INSERT, UPDATE and DELETE is a name with spans from the source', () => {
    const insert = only('INSERT INTO "Sch".t VALUES (1)', 'insert');
    assert.deepEqual(
      insert.table.parts.map((p) => [p.value, p.quoted, p.span.start]),
      [
        ['Sch', true, 12],
        ['t', false, 18],
      ],
    );
    assert.deepEqual(only('UPDATE t SET a = 1', 'update').table.span, { start: 7, end: 8 });
    assert.deepEqual(only('DELETE FROM db.s.t', 'delete').table.span, { start: 12, end: 18 });
  });

  test('expressions too deep for the PostgreSQL parser are a SqlError, and the parser keeps working', () => {
    const deep = `SELECT 1${'+1'.repeat(20000)}`;
    const err = parseError(deep);
    assert.equal(err.code, 'too_complex');
    const nested = `SELECT ${'('.repeat(20000)}1${')'.repeat(20000)}`;
    assert.equal(parseError(nested).code, 'too_complex');
    assert.equal(only('SELECT 1', 'select').kind, 'select');
  });
});
