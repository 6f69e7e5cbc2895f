import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { formatSqlError, SqlError } from '../../src/sql/errors.ts';
import { lineColumnAt } from '../../src/sql/position.ts';

function render(input: string, offset: number, options?: { maxWidth?: number }): string[] {
  const err = SqlError.at(input, offset, 'syntax_error', 'boom', { hint: 'try again' });
  return formatSqlError(err, input, options).split('\n');
}

/** The display column of the caret relative to the start of the source excerpt. */
function caretColumn(lines: string[]): number {
  const prefix = lines[1]!.indexOf(': ', lines[1]!.indexOf(':') + 1) + 2;
  return lines[2]!.indexOf('^') - prefix;
}

describe('formatSqlError', () => {
  test('renders the message, the line with line:column, a caret and the hint', () => {
    assert.deepEqual(render('SELECT x', 7), [
      'ERROR: boom',
      'LINE 1:8: SELECT x',
      '                 ^',
      'HINT: try again',
    ]);
  });

  test('shows only the line of the error, numbered in the whole input', () => {
    const lines = render('SELECT 1;\r\nSELECT oops;\nSELECT 3', 18);
    assert.equal(lines[1], 'LINE 2:8: SELECT oops;');
    assert.equal(caretColumn(lines), 7);
  });

  test('expands tabs so the caret stays under the character', () => {
    const lines = render('\tSELECT\tx', 8);
    assert.equal(lines[1], 'LINE 1:9:     SELECT  x');
    assert.equal(caretColumn(lines), 12);
  });

  test('counts wide characters as two columns and combining marks as none', () => {
    const input = '值值 e\u0301 x';
    const lines = render(input, input.indexOf('x'));
    assert.equal(lines[1], `LINE 1:7: ${input}`);
    assert.equal(caretColumn(lines), 7);
    const emoji = "'😀😀' x";
    assert.equal(caretColumn(render(emoji, emoji.indexOf('x'))), 7);
  });

  test('replaces control characters so the excerpt cannot drive the terminal', () => {
    const lines = render('SELECT \u001b[2J x', 12);
    assert.ok(!lines[1]!.includes('\u001b'));
    assert.equal(caretColumn(lines), 12);
  });

  test('shows a window around the caret on long lines', () => {
    const input = `SELECT ${'a, '.repeat(100)}oops, ${'b, '.repeat(100)}c`;
    const offset = input.indexOf('oops');
    const lines = render(input, offset, { maxWidth: 60 });
    const excerpt = lines[1]!.slice(lines[1]!.indexOf(': ', 6) + 2);
    assert.ok(excerpt.startsWith('...') && excerpt.endsWith('...'), excerpt);
    assert.ok(excerpt.length <= 60, `${excerpt.length}`);
    assert.equal(excerpt.slice(caretColumn(lines), caretColumn(lines) + 4), 'oops');
  });

  test('an error at the end of the input puts the caret after the last character', () => {
    const lines = render('SELECT', 6);
    assert.deepEqual(lines.slice(1, 3), ['LINE 1:7: SELECT', '                ^']);
  });

  test('line and column come from the whole input, columns in code points', () => {
    assert.deepEqual(lineColumnAt('a\n😀b', 4), { line: 2, column: 2 });
    assert.deepEqual(lineColumnAt('a\n', 2), { line: 2, column: 1 });
  });
});
