import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { didYouMean, editDistance } from '../../src/sql/did-you-mean.ts';
import { defineOptionTable, optionSpec } from '../../src/sql/option-spec.ts';
import {
  ALL_OPTION_TABLES,
  KAFKA_CONNECTION_OPTIONS,
  SINK_WITH_OPTIONS,
} from '../../src/sql/option-tables.ts';

describe('option tables', () => {
  test('every option has a canonical upper-case name, a description and a valid default', () => {
    for (const table of ALL_OPTION_TABLES) {
      for (const spec of table.options) {
        assert.match(spec.name, /^[A-Z]+( [A-Z]+)*$/);
        assert.ok(spec.description.length > 10, `${table.title} ${spec.name}`);
        if (spec.allowed && spec.default !== undefined)
          assert.ok(spec.allowed.includes(String(spec.default)));
      }
    }
  });

  test('a table refuses malformed or repeated names', () => {
    assert.throws(() => defineOptionTable('t', [{ name: 'lower', kind: 'string', description: 'x' }]));
    assert.throws(() =>
      defineOptionTable('t', [
        { name: 'A', kind: 'string', description: 'x' },
        { name: 'A', kind: 'boolean', description: 'y' },
      ]),
    );
  });

  test('specs are looked up by name, with their defaults', () => {
    assert.equal(optionSpec(SINK_WITH_OPTIONS, 'SNAPSHOT').default, true);
    assert.equal(optionSpec(KAFKA_CONNECTION_OPTIONS, 'SASL PASSWORD').kind, 'secret');
  });
});

describe('did you mean', () => {
  test('edit distance counts a swap of neighbours as one edit', () => {
    assert.equal(editDistance('TABEL', 'TABLE', 3), 1);
    assert.equal(editDistance('BROKR', 'BROKER', 3), 1);
    assert.equal(editDistance('ABC', 'XYZ', 1), 2, 'stops early past the limit');
  });

  test('suggests close keywords and option names, in the form written', () => {
    assert.equal(didYouMean('tabel', ['TABLE', 'VIEW']), 'TABLE');
    assert.equal(didYouMean('sasl_mechanisms', ['SASL MECHANISMS', 'BROKER']), 'SASL MECHANISMS');
    assert.equal(didYouMean('materialised', ['MATERIALIZED VIEW', 'VIEW']), 'MATERIALIZED');
  });

  test('offers nothing when nothing is close', () => {
    assert.equal(didYouMean('frobnicate', ['SELECT', 'INSERT']), undefined);
    assert.equal(didYouMean('x', ['Y']), undefined);
  });
});
