/**
 * What an option table is. Every option list of the dialect (a Kafka connection's options, a
 * sink's WITH options, ...) is declared once as a table of specs: name, value kind, default,
 * allowed values, description. The option-list parser reads names and values from the table; the
 * error messages name the table's options and kinds; `\h`-style help and the planner's defaults
 * read the same table.
 *
 * Where checks live:
 * - at parse time (parse-options.ts): the option exists, appears once, has a value of its kind,
 *   and, where `allowed` is given, the value is one of a short fixed list (case-insensitive);
 * - in the planner: everything that depends on other options or on the catalog (BROKER or
 *   BROKERS present, SASL settings consistent, SIZE names a known size, secrets exist).
 */
import type { ParsedOption } from './ast.ts';

export type OptionValueKind =
  | 'string'
  | 'secret'
  | 'text_or_secret'
  | 'string_list'
  | 'boolean'
  | 'integer'
  | 'integer_list'
  | 'word';

/** How each value kind is written, for hints: "SASL PASSWORD takes SECRET <name>". */
export const VALUE_KIND_SYNTAX: Readonly<Record<OptionValueKind, string>> = {
  string: "a string literal ('...')",
  secret: 'SECRET <name>',
  text_or_secret: "a string literal ('...') or SECRET <name>",
  string_list: "a parenthesized list of string literals ('...', '...')",
  boolean: 'TRUE or FALSE (or nothing, meaning TRUE)',
  integer: 'an integer',
  integer_list: 'a parenthesized list of integers (0, 10, ...)',
  word: 'a name or a string literal',
};

export interface OptionSpec<N extends string = string> {
  /** Canonical name, upper-case words separated by single spaces: `SASL MECHANISMS`. */
  readonly name: N;
  readonly kind: OptionValueKind;
  /** The value when the option is absent, if there is a fixed one. */
  readonly default?: string | number | boolean;
  /** Values accepted (compared case-insensitively); checked at parse time. */
  readonly allowed?: readonly string[];
  readonly description: string;
}

export interface OptionTable<N extends string = string> {
  /** What the options belong to, for messages: "Kafka connection". */
  readonly title: string;
  readonly options: readonly OptionSpec<N>[];
  /** Each option's name split into words, for the name matcher. */
  readonly words: ReadonlyMap<N, readonly string[]>;
}

export function defineOptionTable<const T extends readonly OptionSpec[]>(
  title: string,
  options: T,
): OptionTable<T[number]['name']> {
  type N = T[number]['name'];
  const words = new Map<N, readonly string[]>();
  for (const spec of options) {
    if (!/^[A-Z]+( [A-Z]+)*$/.test(spec.name)) throw new Error(`bad option name ${spec.name}`);
    if (words.has(spec.name)) throw new Error(`option ${spec.name} declared twice in ${title}`);
    words.set(spec.name, spec.name.split(' '));
  }
  return { title, options: options as readonly OptionSpec<N>[], words };
}

/** The option's name type of a table. */
export type OptionName<T> = T extends OptionTable<infer N> ? N : never;

export function optionSpec<N extends string>(table: OptionTable<N>, name: N): OptionSpec<N> {
  const spec = table.options.find((o) => o.name === name);
  if (!spec) throw new Error(`no option ${name} in ${table.title}`);
  return spec;
}

/** The option as written, if it was. */
export function findOption<N extends string>(
  options: readonly ParsedOption<N>[],
  name: N,
): ParsedOption<N> | undefined {
  return options.find((o) => o.name === name);
}
