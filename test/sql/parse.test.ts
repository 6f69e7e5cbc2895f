import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { SqlError } from '../../src/sql/errors.ts';
import { findOption } from '../../src/sql/option-spec.ts';
import { parseStatements, statementText, tryParseStatements } from '../../src/sql/parse.ts';
import { REDACTED, redactSecrets, redactSecretsInText } from '../../src/sql/redact.ts';

describe('parseStatements', () => {
  test('returns every statement with its text span', () => {
    const input = "CREATE SECRET s AS 'x';\nSELECT 1;\nSHOW SINKS";
    const { statements } = parseStatements(input);
    assert.deepEqual(
      statements.map((s) => [s.kind, statementText(input, s)]),
      [
        ['create_secret', "CREATE SECRET s AS 'x'"],
        ['select', 'SELECT 1'],
        ['show_objects', 'SHOW SINKS'],
      ],
    );
  });

  test('is all or nothing: an error in any statement fails the whole input', () => {
    const outcome = tryParseStatements('SELECT 1; SELEC 2; SELECT 3');
    assert.equal(outcome.ok, false);
    if (!outcome.ok) assert.equal(outcome.error.offset, 10);
  });

  test('options are found by their canonical name', () => {
    const { statements } = parseStatements(
      "CREATE CONNECTION k TO KAFKA (sasl   mechanisms = 'plain', broker 'b')",
    );
    const statement = statements[0]!;
    assert.equal(statement.kind, 'create_connection');
    if (statement.kind === 'create_connection' && statement.connection.type === 'kafka') {
      const mechanisms = findOption(statement.connection.options, 'SASL MECHANISMS');
      assert.deepEqual(mechanisms?.value, { kind: 'string', value: 'plain', span: { start: 50, end: 57 } });
      assert.deepEqual(mechanisms?.nameSpan, { start: 30, end: 47 });
    }
  });

  test('error messages never contain the contents of string literals', () => {
    for (const input of [
      "CREATE SECRET s 'hunter2'",
      "CREATE SECRET s AS 'x' 'hunter2'",
      "CREATE CONNECTION k TO KAFKA (SASL PASSWORD = 'hunter2')",
      "CREATE CONNECTION k TO KAFKA (BROKER 'b' 'hunter2')",
    ]) {
      const outcome = tryParseStatements(input);
      assert.equal(outcome.ok, false);
      if (!outcome.ok) {
        assert.ok(!outcome.error.message.includes('hunter2'), outcome.error.message);
        assert.ok(!(outcome.error.hint ?? '').includes('hunter2'));
      }
    }
  });

  test('throws only SqlError', () => {
    assert.throws(() => parseStatements('CREATE SECRET'), SqlError);
  });
});

describe('redactSecrets', () => {
  test('replaces the secret literals of parsed statements, keeping everything else', () => {
    const input = "SELECT 'keep'; CREATE SECRET a AS E'hun\\ter2';\nALTER SECRET b AS $$x$$";
    const { statements } = parseStatements(input);
    assert.equal(
      redactSecrets(input, statements),
      `SELECT 'keep'; CREATE SECRET a AS ${REDACTED};\nALTER SECRET b AS ${REDACTED}`,
    );
  });

  test('falls back to a token scan when the text does not parse', () => {
    assert.equal(
      redactSecretsInText("CREATE SECRET a AS 'x'; CREATE SECRET b AS 'hunter2' oops"),
      `CREATE SECRET a AS ${REDACTED}; CREATE SECRET b AS ${REDACTED} oops`,
    );
    assert.equal(
      redactSecretsInText(
        "CREATE CONNECTION c TO CONFLUENT SCHEMA REGISTRY (URL 'u', PASSWORD 'pw', SSL KEY = 'k')",
      ),
      `CREATE CONNECTION c TO CONFLUENT SCHEMA REGISTRY (URL 'u', PASSWORD ${REDACTED}, SSL KEY = ${REDACTED})`,
    );
  });

  test('redacts an unterminated secret to the end of the text', () => {
    assert.equal(redactSecretsInText("ALTER SECRET s AS E'abc\\' def"), `ALTER SECRET s AS ${REDACTED}`);
  });
});
