/**
 * Mutations for the property tests of the parser (test/sql/fuzz.test.ts) and of the parser plus
 * planner (test/cli/fuzz-parser-planner.test.ts): the golden corpus as seed inputs, and one random
 * mutation at a time — a token dropped, repeated, swapped or inserted, truncation, or raw junk.
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { readGoldenFile } from './golden-file.ts';

/** Every input of the golden files in test/golden/sql/. */
export const goldenInputs: readonly string[] = (() => {
  const dir = join(import.meta.dirname, '..', 'golden', 'sql');
  return readdirSync(dir)
    .filter((f) => f.endsWith('.txt'))
    .flatMap((f) => readGoldenFile(join(dir, f)).cases.map((c) => c.input));
})();

/** Tokens a mutation may insert: keywords, punctuation, quotes and comment openers, odd characters. */
export const MUTATION_VOCABULARY: readonly string[] = [
  'CREATE',
  'DROP',
  'SHOW',
  'TABLE',
  'VIEW',
  'MATERIALIZED',
  'SINK',
  'SOURCE',
  'SECRET',
  'CONNECTION',
  'CLUSTER',
  'CASCADE',
  'FROM',
  'INTO',
  'KAFKA',
  'FORMAT',
  'AVRO',
  'JSON',
  'ENVELOPE',
  'WITH',
  'KEY',
  'SELECT',
  'AS',
  'IF',
  'NOT',
  'EXISTS',
  'SASL',
  'PASSWORD',
  'TOPIC',
  '(',
  ')',
  ',',
  ';',
  '=',
  '.',
  "'",
  '"',
  '$$',
  '/*',
  '*/',
  '--',
  "E'\\",
  "'x'",
  '1',
  '-',
  '-1',
  '$1',
  '\u0000',
  '\t',
  '\n',
  '\r\n',
  '😀',
  'é',
  '\ud800',
  '\u202e',
  '{',
  '\\',
];

/** `base` with one random mutation; `extraVocabulary` adds tokens (e.g. names a catalog holds). */
export function mutated(
  base: fc.Arbitrary<string>,
  extraVocabulary: readonly string[] = [],
): fc.Arbitrary<string> {
  return fc
    .tuple(
      base,
      fc.nat(),
      fc.nat(),
      fc.integer({ min: 0, max: 6 }),
      fc.constantFrom(...MUTATION_VOCABULARY, ...extraVocabulary),
      fc.string({ unit: 'binary', maxLength: 6 }),
    )
    .map(([text, a, b, op, token, junk]) => {
      const pieces = text.split(/(\s+)/);
      const i = a % pieces.length;
      const j = b % pieces.length;
      const at = a % (text.length + 1);
      switch (op) {
        case 0: // drop a token
          return [...pieces.slice(0, i), ...pieces.slice(i + 1)].join('');
        case 1: // repeat a token
          return [...pieces.slice(0, i + 1), ' ', ...pieces.slice(i)].join('');
        case 2: {
          // swap two tokens
          const copy = [...pieces];
          [copy[i], copy[j]] = [copy[j]!, copy[i]!];
          return copy.join('');
        }
        case 3: // insert a token
          return `${text.slice(0, at)} ${token} ${text.slice(at)}`;
        case 4: // truncate
          return text.slice(0, at);
        case 5: // insert random bytes or unicode
          return text.slice(0, at) + junk + text.slice(at);
        default: // glue a token without spaces
          return text.slice(0, at) + token + text.slice(at);
      }
    });
}
