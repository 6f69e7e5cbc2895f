/**
 * Parsing an option list against its option table (option-tables.ts):
 *
 *   ( NAME [=] value, NAME [=] value, ... )     parenthesized, the usual form
 *   NAME [=] value, NAME [=] value, ...         bare, for the legacy CREATE CONNECTION ... FOR
 *
 * Names are one or more keywords (`SSL CERTIFICATE AUTHORITY`), matched longest-first against the
 * table. The `=` is optional everywhere; a boolean option without a value (`WITH (SNAPSHOT)`)
 * means TRUE. Unknown names, repeated names, values of the wrong kind and values outside an
 * option's `allowed` list are positioned errors that name the valid choices.
 */
import type { OptionValue, ParsedOption, StringLiteral } from './ast.ts';
import { type Cursor, listAlternatives } from './cursor.ts';
import { didYouMean } from './did-you-mean.ts';
import { type OptionSpec, type OptionTable, VALUE_KIND_SYNTAX } from './option-spec.ts';
import { lineColumnAt } from './position.ts';

export function parseOptionList<N extends string>(
  c: Cursor,
  table: OptionTable<N>,
  form: 'parenthesized' | 'bare' = 'parenthesized',
): ParsedOption<N>[] {
  const options: ParsedOption<N>[] = [];
  if (form === 'parenthesized') c.expectPunct('(');
  for (;;) {
    const option = parseOption(c, table);
    const first = options.find((o) => o.name === option.name);
    if (first) {
      const at = lineColumnAt(c.input, first.nameSpan.start);
      c.fail(
        'duplicate_option',
        `${option.name} specified more than once`,
        option.nameSpan.start,
        `the first ${option.name} is at line ${at.line}:${at.column}; keep one`,
      );
    }
    options.push(option);
    if (!c.eatPunct(',')) break;
  }
  if (form === 'parenthesized') c.expectPunct(')');
  return options;
}

function parseOption<N extends string>(c: Cursor, table: OptionTable<N>): ParsedOption<N> {
  const start = c.peek().start;
  const spec = parseOptionName(c, table);
  const nameSpan = c.spanFrom(start);
  const value = parseOptionValue(c, spec, nameSpan);
  return { name: spec.name, nameSpan, value, span: { start, end: value.span.end } };
}

/** The longest option name of the table that the next words spell. */
function parseOptionName<N extends string>(c: Cursor, table: OptionTable<N>): OptionSpec<N> {
  let candidates = table.options;
  let matched: OptionSpec<N> | undefined;
  let matchedIndex = c.index;
  const startIndex = c.index;
  for (let depth = 0; ; depth++) {
    const token = c.peek(depth);
    const next =
      token.kind === 'word'
        ? candidates.filter((o) => table.words.get(o.name)![depth] === token.keyword)
        : [];
    if (next.length === 0) {
      if (matched) {
        c.reset(matchedIndex);
        return matched;
      }
      c.reset(startIndex + depth);
      const names = candidates.map((o) => o.name);
      for (const name of names) c.record(name);
      // Past the first word the alternatives are the continuations: suggest among those.
      const isName = token.kind === 'word' || token.kind === 'quoted_ident';
      const prefix = table.words.get(candidates[0]!.name)!.slice(0, depth);
      const rests = names.map((n) => table.words.get(n)!.slice(depth).join(' '));
      const suggestion = isName ? didYouMean(token.value, rests) : undefined;
      c.failExpected({
        code: isName ? 'unknown_option' : 'syntax_error',
        ...(suggestion ? { hint: `did you mean ${[...prefix, suggestion].join(' ')}?` } : {}),
      });
    }
    candidates = next;
    const complete = candidates.find((o) => table.words.get(o.name)!.length === depth + 1);
    if (complete) {
      matched = complete;
      matchedIndex = startIndex + depth + 1;
    }
  }
}

function parseOptionValue<N extends string>(
  c: Cursor,
  spec: OptionSpec<N>,
  nameSpan: { start: number; end: number },
): OptionValue {
  const hadEquals = c.isPunct('=');
  if (hadEquals) c.next();
  const start = c.peek().start;
  const wrongKind = (): never =>
    c.failExpected({
      code: 'invalid_option_value',
      hint: `${spec.name} takes ${VALUE_KIND_SYNTAX[spec.kind]}`,
    });

  switch (spec.kind) {
    case 'boolean': {
      if (c.isKeyword('TRUE') || c.isKeyword('FALSE')) {
        const token = c.next();
        return { kind: 'boolean', value: token.keyword === 'TRUE', implicit: false, span: c.spanFrom(start) };
      }
      const ends = c.isPunct(',') || c.isPunct(')') || c.atEnd();
      if (!hadEquals && ends) return { kind: 'boolean', value: true, implicit: true, span: nameSpan };
      c.record('TRUE');
      c.record('FALSE');
      return wrongKind();
    }
    case 'string': {
      if (!c.isString()) {
        c.record('string literal');
        wrongKind();
      }
      const literal = c.parseString();
      checkAllowed(c, spec, literal.value, literal.span.start);
      return { kind: 'string', value: literal.value, span: literal.span };
    }
    case 'word': {
      let value: string;
      if (c.isString()) value = c.parseString().value;
      else if (c.isIdent()) value = c.parseIdent().value;
      else {
        c.record('identifier');
        c.record('string literal');
        return wrongKind();
      }
      checkAllowed(c, spec, value, start);
      return { kind: 'word', value, span: c.spanFrom(start) };
    }
    case 'secret':
    case 'text_or_secret': {
      if (spec.kind === 'text_or_secret' && c.isString()) {
        const literal = c.parseString();
        return { kind: 'string', value: literal.value, span: literal.span };
      }
      if (!c.isKeyword('SECRET')) {
        if (spec.kind === 'text_or_secret') c.record('string literal');
        c.record('SECRET');
        if (spec.kind === 'secret') {
          c.failExpected({
            code: 'invalid_option_value',
            hint: `${spec.name} must name a secret: ${spec.name} = SECRET <name> (create one with CREATE SECRET <name> AS '...')`,
          });
        }
        wrongKind();
      }
      c.next();
      const name = c.parseObjectName();
      return { kind: 'secret', name, span: c.spanFrom(start) };
    }
    case 'string_list': {
      if (!c.isPunct('(')) {
        c.record('left parenthesis');
        wrongKind();
      }
      c.next();
      const values: StringLiteral[] = [];
      do values.push(c.parseString());
      while (c.eatPunct(','));
      c.expectPunct(')');
      return { kind: 'string_list', values, span: c.spanFrom(start) };
    }
    case 'integer': {
      if (c.peek().kind !== 'number' && !c.isPunct('-')) {
        c.record('integer');
        wrongKind();
      }
      const integer = c.parseInteger();
      return { kind: 'integer', value: integer.value, span: integer.span };
    }
    case 'integer_list': {
      if (!c.isPunct('(')) {
        c.record('left parenthesis');
        wrongKind();
      }
      c.next();
      const values = [c.parseInteger()];
      while (c.eatPunct(',')) values.push(c.parseInteger());
      c.expectPunct(')');
      return { kind: 'integer_list', values, span: c.spanFrom(start) };
    }
  }
  throw new Error(`unhandled option kind ${spec.kind satisfies never}`);
}

function checkAllowed(c: Cursor, spec: OptionSpec, value: string, offset: number): void {
  if (!spec.allowed) return;
  const upper = value.toUpperCase();
  if (spec.allowed.some((a) => a.toUpperCase() === upper)) return;
  const suggestion = didYouMean(
    value,
    spec.allowed.map((a) => a.toUpperCase()),
  );
  const match = suggestion && spec.allowed.find((a) => a.toUpperCase() === suggestion);
  c.fail(
    'invalid_option_value',
    `invalid value for ${spec.name}: expected ${listAlternatives(spec.allowed)}`,
    offset,
    match ? `did you mean '${match}'?` : undefined,
  );
}
