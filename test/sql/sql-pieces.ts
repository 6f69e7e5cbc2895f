/**
 * The building blocks of generated SQL for property tests: a statement is a list of pieces
 * (keywords and unquoted names, whose case may vary; exact text such as literals, quoted names and
 * punctuation), rendered with a chosen keyword case and separators (whitespace and comments).
 * Option lists are generated from the option tables, so every declared option and value kind is
 * exercised.
 */
import fc from 'fast-check';
import type { OptionSpec, OptionTable } from '../../src/sql/option-spec.ts';

/** A keyword or unquoted identifier (case-insensitive) or a piece written exactly. */
export type Piece = { readonly word: string } | { readonly raw: string };

export const w = (text: string): Piece[] => text.split(' ').map((word) => ({ word }));
export const raw = (text: string): Piece => ({ raw: text });

const unquoted = fc.constantFrom('a', 'orders', 'my_view', 'x1', 'kafka_conn', 'source', 'sink', 'ünï');
const quoted = fc.constantFrom('"Mixed Case"', '"a""b"', '"😀 emoji"', '"select"', '"tab\there"');
export const ident: fc.Arbitrary<Piece[]> = fc.oneof(
  { weight: 4, arbitrary: unquoted.map((name) => [{ word: name }]) },
  { weight: 1, arbitrary: quoted.map((name) => [raw(name)]) },
);
export const objectName: fc.Arbitrary<Piece[]> = fc
  .array(ident, { minLength: 1, maxLength: 3 })
  .map((parts) => parts.flatMap((p, i) => (i === 0 ? p : [raw('.'), ...p])));
export const stringLiteral = fc
  .constantFrom(
    "'x'",
    "'it''s'",
    "E'a\\nb\\u00e9'",
    '$$dollar ; $$',
    '$t$ -- not a comment $t$',
    "'é€😀'",
    "''",
  )
  .map(raw);
export const integer = fc.integer({ min: 0, max: 1_000_000 }).map((n) => raw(String(n)));
const signedInteger = fc
  .integer({ min: -1_000_000, max: 1_000_000 })
  .map((n) => (n < 0 ? [raw('-'), raw(String(-n))] : [raw(String(n))]));

export function listOf(items: fc.Arbitrary<Piece[]>): fc.Arbitrary<Piece[]> {
  return fc
    .array(items, { minLength: 1, maxLength: 3 })
    .map((xs) => [raw('('), ...xs.flatMap((x, i) => (i === 0 ? x : [raw(','), ...x])), raw(')')]);
}

function optionValue(spec: OptionSpec): fc.Arbitrary<Piece[]> {
  switch (spec.kind) {
    case 'string':
      return spec.allowed
        ? fc.constantFrom(...spec.allowed).map((v) => [raw(`'${v}'`)])
        : stringLiteral.map((s) => [s]);
    case 'secret':
      return objectName.map((n) => [{ word: 'SECRET' }, ...n]);
    case 'text_or_secret':
      return fc.oneof(
        stringLiteral.map((s) => [s]),
        objectName.map((n) => [{ word: 'SECRET' }, ...n]),
      );
    case 'string_list':
      return listOf(stringLiteral.map((s) => [s]));
    case 'boolean':
      return fc.constantFrom([{ word: 'TRUE' }], [{ word: 'FALSE' }], []);
    case 'integer':
      return signedInteger;
    case 'integer_list':
      return listOf(integer.map((i) => [i]));
    case 'word':
      return spec.allowed
        ? fc.constantFrom(...spec.allowed).chain((v) => fc.constantFrom([{ word: v }], [raw(`'${v}'`)]))
        : ident;
  }
}

export function optionList(
  table: OptionTable,
  form: 'parenthesized' | 'bare' = 'parenthesized',
): fc.Arbitrary<Piece[]> {
  return fc
    .shuffledSubarray([...table.options], { minLength: 1 })
    .chain((specs) =>
      fc.tuple(
        ...specs.map((spec) =>
          fc.tuple(optionValue(spec), fc.boolean()).map(([value, equals]) => ({ spec, value, equals })),
        ),
      ),
    )
    .map((options) => {
      const pieces = options.flatMap(({ spec, value, equals }, i) => [
        ...(i > 0 ? [raw(',')] : []),
        ...w(spec.name),
        ...(equals && value.length > 0 ? [raw('=')] : []),
        ...value,
      ]);
      return form === 'parenthesized' ? [raw('('), ...pieces, raw(')')] : pieces;
    });
}

export const optional = (pieces: fc.Arbitrary<Piece[]>): fc.Arbitrary<Piece[]> =>
  fc.option(pieces, { nil: undefined }).map((p) => p ?? []);
export const ifNotExists = optional(fc.constant(w('IF NOT EXISTS')));
export const ifExists = optional(fc.constant(w('IF EXISTS')));
export const inCluster = optional(ident.map((i) => [...w('IN CLUSTER'), ...i]));

/** How to write the pieces: keyword case and what separates pieces. */
export interface Rendering {
  readonly cases: readonly ('upper' | 'lower' | 'mixed')[];
  readonly separators: readonly string[];
}

export const renderingArbitrary: fc.Arbitrary<Rendering> = fc.record({
  cases: fc.array(fc.constantFrom('upper', 'lower', 'mixed'), { minLength: 1, maxLength: 8 }),
  separators: fc.array(
    fc.constantFrom(' ', '\n', '\t', '   ', ' /* c; */ ', ' -- c; \n', '\r\n', ' /* /* nested */ */ '),
    {
      minLength: 1,
      maxLength: 8,
    },
  ),
});

export function render(pieces: readonly Piece[], rendering: Rendering): string {
  return pieces
    .map((piece, i) => {
      const separator = i === 0 ? '' : rendering.separators[i % rendering.separators.length]!;
      if ('raw' in piece) return separator + piece.raw;
      // Only ASCII letters change case: the parser (like PostgreSQL) folds only those.
      const style = rendering.cases[i % rendering.cases.length]!;
      const word = [...piece.word]
        .map((ch, k) => {
          if (!/[a-zA-Z]/.test(ch)) return ch;
          const upper = style === 'upper' || (style === 'mixed' && k % 2 === 0);
          return upper ? ch.toUpperCase() : ch.toLowerCase();
        })
        .join('');
      return separator + word;
    })
    .join('');
}
