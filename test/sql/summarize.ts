/**
 * A compact, readable rendering of parsed statements for golden files: one statement per block,
 * its fields indented below it, and the common leaves shortened so that spans stay visible:
 *
 *   create_secret @0..22
 *     ifNotExists: false
 *     name: s@14..15
 *     value: 'x'@19..22
 *
 * Idents print as `name@start..end` ("Quoted"@.. when quoted), qualified names as `a.b@..`,
 * literals as `'text'@..`, options as `NAME@.. = value`, libpg-query trees as their node type
 * and source text. Offsets are UTF-16 offsets into the whole input.
 */
import type { Statement } from '../../src/sql/ast.ts';

const WIDTH = 100;

export function summarizeStatements(input: string, statements: readonly Statement[]): string {
  return statements.map((s) => summarizeStatement(input, s)).join('\n');
}

function summarizeStatement(input: string, statement: Statement): string {
  const lines = [`${statement.kind} ${at(statement.span)}`];
  for (const [key, value] of Object.entries(statement)) {
    if (key === 'kind' || key === 'span') continue;
    if (key === 'node') {
      lines.push(`  node: <libpg-query ${pgType(statement.kind)}>`);
      continue;
    }
    lines.push(...field(input, key, value, 1));
  }
  return lines.join('\n');
}

function pgType(kind: Statement['kind']): string {
  const types: Record<string, string> = {
    select: 'SelectStmt',
    insert: 'InsertStmt',
    update: 'UpdateStmt',
    delete: 'DeleteStmt',
    create_table: 'CreateStmt',
  };
  return types[kind] ?? '?';
}

function field(input: string, key: string, value: unknown, depth: number): string[] {
  const pad = '  '.repeat(depth);
  if (isObject(value) && hasKeys(value, 'node', 'span')) return [`${pad}${key}: ${render(input, value)}`];
  const inline = render(input, value);
  if (inline !== undefined && pad.length + key.length + 2 + inline.length <= WIDTH)
    return [`${pad}${key}: ${inline}`];
  if (Array.isArray(value)) {
    return [`${pad}${key}:`, ...value.flatMap((item) => field(input, '-', item, depth + 1))];
  }
  if (isObject(value)) {
    return [`${pad}${key}:`, ...Object.entries(value).flatMap(([k, v]) => field(input, k, v, depth + 1))];
  }
  return [`${pad}${key}: ${inline}`];
}

function at(span: { start: number; end: number }): string {
  return `@${span.start}..${span.end}`;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function hasKeys(value: Record<string, unknown>, ...keys: string[]): boolean {
  const own = Object.keys(value);
  return own.length === keys.length && keys.every((k) => k in value);
}

function quote(text: string): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: escaping exactly these.
  const escaped = text.replace(/'/g, "''").replace(/[\u0000-\u001f\u007f]/g, (ch) => {
    return ch === '\n' ? '\\n' : ch === '\t' ? '\\t' : `\\x${ch.charCodeAt(0).toString(16).padStart(2, '0')}`;
  });
  return `'${escaped}'`;
}

function ident(value: Record<string, unknown>): string {
  const name = value.value as string;
  return value.quoted ? `"${name.replace(/"/g, '""')}"` : name;
}

/** A one-line rendering, or undefined when the value has no short form. */
function render(input: string, value: unknown): string | undefined {
  if (value === undefined) return 'undefined';
  if (value === null || typeof value !== 'object') return String(value);
  if (Array.isArray(value)) {
    const items = value.map((v) => render(input, v));
    return items.every((i) => i !== undefined) ? `[${items.join(', ')}]` : undefined;
  }
  const v = value as Record<string, unknown>;
  const span = v.span as { start: number; end: number } | undefined;
  if (hasKeys(v, 'start', 'end')) return at(v as { start: number; end: number });
  if (hasKeys(v, 'value', 'quoted', 'span')) return `${ident(v)}${at(span!)}`;
  if (hasKeys(v, 'parts', 'span'))
    return `${(v.parts as Record<string, unknown>[]).map(ident).join('.')}${at(span!)}`;
  if (hasKeys(v, 'value', 'span') && typeof v.value === 'string') return `${quote(v.value)}${at(span!)}`;
  if (hasKeys(v, 'value', 'span') && typeof v.value === 'number') return `${v.value}${at(span!)}`;
  if (hasKeys(v, 'kind', 'span') && typeof v.kind === 'string') return `${v.kind}${at(span!)}`;
  if (hasKeys(v, 'node', 'span')) {
    const text = input.slice(span!.start, span!.end).replace(/\s+/g, ' ');
    return `<libpg-query SelectStmt ${JSON.stringify(text.length > 50 ? `${text.slice(0, 47)}...` : text)}>${at(span!)}`;
  }
  if (hasKeys(v, 'name', 'nameSpan', 'value', 'span')) {
    return `${v.name}${at(v.nameSpan as { start: number; end: number })} = ${optionValue(input, v.value as Record<string, unknown>)}`;
  }
  const entries = Object.entries(v).map(([k, x]) => [k, render(input, x)] as const);
  if (entries.some(([, r]) => r === undefined)) return undefined;
  return `{${entries.map(([k, r]) => `${k}: ${r}`).join(', ')}}`;
}

function optionValue(input: string, value: Record<string, unknown>): string {
  const span = at(value.span as { start: number; end: number });
  switch (value.kind) {
    case 'string':
      return `${quote(value.value as string)}${span}`;
    case 'secret':
      return `SECRET ${render(input, value.name)}`;
    case 'boolean':
      return `${value.value}${value.implicit ? ' (implicit)' : ''}${span}`;
    case 'integer':
    case 'word':
      return `${value.value}${span}`;
    case 'string_list':
    case 'integer_list':
      return `(${(value.values as unknown[]).map((x) => render(input, x)).join(', ')})${span}`;
    default:
      return JSON.stringify(value);
  }
}
