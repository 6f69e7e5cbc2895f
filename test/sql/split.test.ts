import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { isInputComplete, splitStatements } from '../../src/sql/split.ts';

describe('splitStatements', () => {
  test('splits at semicolons outside strings, identifiers, comments and dollar quotes', () => {
    const input = `SELECT ';'; SELECT ";"; -- ;\nSELECT $$;$$ /* ; */; SELECT E'\\';'`;
    const texts = splitStatements(input).map((s) => input.slice(s.start, s.end));
    assert.deepEqual(texts, ["SELECT ';'", 'SELECT ";"', 'SELECT $$;$$', "SELECT E'\\';'"]);
  });

  test('keeps offsets into the whole input and drops empty statements', () => {
    const input = ';;\n  SELECT 1 ;  ;\nSELECT 2';
    const slices = splitStatements(input);
    assert.deepEqual(
      slices.map((s) => [s.start, s.end, s.terminator.kind]),
      [
        [5, 13, 'punct'],
        [19, 27, 'eof'],
      ],
    );
    assert.equal(slices[1]!.tokens[0]!.line, 3);
  });

  test('leading and trailing comments are outside the statement span', () => {
    const input = '/* a */ SELECT 1 -- b\n;';
    const [slice] = splitStatements(input);
    assert.equal(input.slice(slice!.start, slice!.end), 'SELECT 1');
  });
});

describe('isInputComplete', () => {
  test('is true once a statement ends with a semicolon', () => {
    assert.equal(isInputComplete('SELECT 1;'), true);
    assert.equal(isInputComplete('SELECT 1; -- done'), true);
    assert.equal(isInputComplete('SELECT 1'), false);
    assert.equal(isInputComplete(''), false);
  });

  test('is false inside an unterminated string, identifier, comment or dollar quote', () => {
    for (const input of ["SELECT ';", 'SELECT ";', 'SELECT 1; /* ;', 'SELECT $x$ ;']) {
      assert.equal(isInputComplete(input), false, input);
    }
  });

  test('is true for a lexical error more input cannot fix', () => {
    assert.equal(isInputComplete('SELECT 12abc'), true);
  });
});
