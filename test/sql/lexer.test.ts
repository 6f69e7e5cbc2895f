import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { describeToken } from '../../src/sql/describe-token.ts';
import { SqlError } from '../../src/sql/errors.ts';
import { lex, lexTolerant, type Token } from '../../src/sql/lexer.ts';

function kinds(input: string): string[] {
  return lex(input)
    .filter((t) => t.kind !== 'eof')
    .map((t) => `${t.kind}:${t.value}`);
}

function lexError(input: string): SqlError {
  try {
    lex(input);
  } catch (err) {
    assert.ok(err instanceof SqlError);
    return err;
  }
  assert.fail(`expected a lexical error for ${JSON.stringify(input)}`);
}

describe('lexer', () => {
  test('words fold to lower case (ASCII only) and keep an upper-case keyword form', () => {
    const [word, nonAscii] = lex('SeLeCt ÉTÉ');
    assert.equal(word!.value, 'select');
    assert.equal(word!.keyword, 'SELECT');
    assert.equal(nonAscii!.value, 'ÉtÉ', 'non-ASCII letters are not folded, as in PostgreSQL');
  });

  test('identifiers may contain digits, underscores and dollar signs', () => {
    assert.deepEqual(kinds('a$b_1 _x'), ['word:a$b_1', 'word:_x']);
  });

  test('quoted identifiers keep case and unescape doubled quotes', () => {
    assert.deepEqual(kinds('"Mixed ""Case"""'), ['quoted_ident:Mixed "Case"']);
    assert.deepEqual(kinds('U&"d\\0061t\\+000061"'), ['quoted_ident:data']);
  });

  test('string literals: doubled quotes, E-escapes, dollar quotes, continuation over a newline', () => {
    assert.deepEqual(kinds("'it''s'"), ["string:it's"]);
    assert.deepEqual(kinds("E'\\x41\\101\\u0042\\U00000043\\q'"), ['string:AABCq']);
    assert.deepEqual(kinds("e'tab\\there'"), ['string:tab\there']);
    assert.deepEqual(kinds('$a$ x $b$ y $a$'), ['string: x $b$ y ']);
    assert.deepEqual(kinds("'a'\n'b' 'c'"), ['string:ab', 'string:c']);
    assert.deepEqual(kinds("U&'\\0041\\\\'"), ['string:A\\']);
    assert.equal(lex("B'101'")[0]!.stringStyle, 'bit');
    assert.equal(lex("X'ff'")[0]!.stringStyle, 'hex');
  });

  test('numbers, parameters, operators and punctuation', () => {
    assert.deepEqual(kinds('1 1.5 .5 1e10 1_000 0x1F $1'), [
      'number:1',
      'number:1.5',
      'number:.5',
      'number:1e10',
      'number:1_000',
      'number:0x1F',
      'param:$1',
    ]);
    assert.deepEqual(kinds('a<>b a>=-1 x::int (a,b);'), [
      'word:a',
      'op:<>',
      'word:b',
      'word:a',
      'op:>=',
      'op:-',
      'number:1',
      'word:x',
      'punct:::',
      'word:int',
      'punct:(',
      'word:a',
      'punct:,',
      'word:b',
      'punct:)',
      'punct:;',
    ]);
  });

  test('comments produce no tokens, nest, and end operators', () => {
    assert.deepEqual(kinds('a /* x /* y */ z */ b -- c\nd'), ['word:a', 'word:b', 'word:d']);
    assert.deepEqual(kinds('1+--comment\n2'), ['number:1', 'op:+', 'number:2']);
  });

  test('every token knows its offset, line and column (columns count code points)', () => {
    const tokens = lex("SELECT '😀'\n  , x");
    const at = (t: Token) => [t.start, t.end, t.line, t.column];
    assert.deepEqual(tokens.map(at), [
      [0, 6, 1, 1],
      [7, 11, 1, 8],
      [14, 15, 2, 3],
      [16, 17, 2, 5],
      [17, 17, 2, 6],
    ]);
  });

  test('the eof token sits just after the last real token', () => {
    const tokens = lex('a  -- trailing\n\n');
    assert.deepEqual(tokens.at(-1), {
      kind: 'eof',
      value: '',
      keyword: '',
      start: 1,
      end: 1,
      line: 1,
      column: 2,
    });
  });

  test('unterminated constructs are errors at their start', () => {
    for (const [input, message, offset] of [
      ["x 'abc", 'unterminated quoted string', 2],
      ["x E'ab\\'", 'unterminated quoted string', 2],
      ['x "abc', 'unterminated quoted identifier', 2],
      ['x /* a /* b */', 'unterminated multiline comment', 2],
      ['x $q$ abc', 'unterminated dollar-quoted string', 2],
    ] as const) {
      const err = lexError(input);
      assert.equal(err.code, 'unterminated', input);
      assert.equal(err.message, message, input);
      assert.equal(err.offset, offset, input);
    }
  });

  test('malformed tokens are errors', () => {
    assert.equal(lexError('a\u0000b').message, 'null character in input');
    assert.equal(lexError("E'\\x00'").message, 'null character not permitted in string');
    assert.equal(lexError('""').message, 'zero-length delimited identifier');
    assert.equal(lexError('12abc').code, 'invalid_token');
    assert.equal(lexError('$1x').message, 'trailing junk after parameter');
    assert.equal(lexError("E'\\uDE00'").message, 'invalid Unicode surrogate pair');
    assert.equal(lexError("U&'\\zz'").code, 'invalid_token');
  });

  test('characters that start no token become "other" tokens', () => {
    assert.deepEqual(kinds('a { $ \\'), ['word:a', 'other:{', 'other:$', 'other:\\']);
  });

  test('lexTolerant returns the tokens before an error', () => {
    const { tokens, error } = lexTolerant("CREATE SECRET s AS 'open");
    assert.equal(error?.code, 'unterminated');
    assert.deepEqual(
      tokens.map((t) => t.kind),
      ['word', 'word', 'word', 'word', 'eof'],
    );
  });

  test('tokens are described as in Materialize, string contents never shown', () => {
    const describe = (input: string) => describeToken(lex(input)[0]!);
    assert.equal(describe('select'), 'SELECT');
    assert.equal(describe('tabel'), 'identifier "tabel"');
    assert.equal(describe('"Q""x"'), 'identifier "Q""x"');
    assert.equal(describe("'hunter2'"), 'string literal');
    assert.equal(describe('42'), 'number "42"');
    assert.equal(describe('='), 'equals sign');
    assert.equal(describe('('), 'left parenthesis');
    assert.equal(describe(''), 'EOF');
  });
});
