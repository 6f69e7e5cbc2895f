/**
 * FORMAT clauses of CREATE SOURCE and CREATE SINK: either one format for key and value, or a
 * KEY FORMAT and a VALUE FORMAT.
 *
 *   source format:  BYTES | TEXT | JSON
 *                 | CSV WITH n COLUMNS [DELIMITED BY 'c'] | CSV WITH HEADER [(col, ...)]
 *                 | AVRO USING CONFLUENT SCHEMA REGISTRY CONNECTION csr
 *   sink format:    JSON | TEXT | BYTES
 *                 | AVRO USING CONFLUENT SCHEMA REGISTRY CONNECTION csr [(AVRO KEY FULLNAME '...', ...)]
 */
import type { FormatSpec, Ident, ObjectName, SinkFormat, SourceFormat } from './ast.ts';
import type { Cursor } from './cursor.ts';
import { CSR_SINK_FORMAT_OPTIONS } from './option-tables.ts';
import { parseOptionList } from './parse-options.ts';

/** `KEY FORMAT f VALUE FORMAT f` or `FORMAT f`, if present. */
export function parseFormatSpec<F>(c: Cursor, parseFormat: (c: Cursor) => F): FormatSpec<F> | undefined {
  const start = c.peek().start;
  if (c.isKeyword('KEY') && c.isKeyword('FORMAT', 1)) {
    c.next();
    c.next();
    const key = parseFormat(c);
    c.expectKeyword('VALUE');
    c.expectKeyword('FORMAT');
    const value = parseFormat(c);
    return { kind: 'key_value', key, value, span: c.spanFrom(start) };
  }
  c.record('KEY FORMAT');
  if (!c.eatKeyword('FORMAT')) return undefined;
  const format = parseFormat(c);
  return { kind: 'bare', format, span: c.spanFrom(start) };
}

export function parseSourceFormat(c: Cursor): SourceFormat {
  const start = c.peek().start;
  const type = c.expectOneOf(['BYTES', 'TEXT', 'JSON', 'CSV', 'AVRO']);
  switch (type) {
    case 'BYTES':
    case 'TEXT':
    case 'JSON':
      return {
        type: type === 'BYTES' ? 'bytes' : type === 'TEXT' ? 'text' : 'json',
        span: c.spanFrom(start),
      };
    case 'AVRO':
      return { type: 'avro', csrConnection: parseCsrConnection(c), span: c.spanFrom(start) };
    case 'CSV': {
      c.expectKeyword('WITH');
      if (c.eatKeyword('HEADER')) {
        const names: Ident[] = [];
        if (c.eatPunct('(')) {
          do names.push(c.parseIdent());
          while (c.eatPunct(','));
          c.expectPunct(')');
        }
        const delimiter = parseDelimiter(c);
        return { type: 'csv', columns: { kind: 'header', names }, ...delimiter, span: c.spanFrom(start) };
      }
      if (c.peek().kind !== 'number') c.record('integer');
      const count = c.parseInteger();
      c.expectKeyword('COLUMNS');
      const delimiter = parseDelimiter(c);
      return { type: 'csv', columns: { kind: 'count', count }, ...delimiter, span: c.spanFrom(start) };
    }
  }
}

function parseDelimiter(c: Cursor): { delimiter?: ReturnType<Cursor['parseString']> } {
  if (!c.eatKeywords(['DELIMITED', 'BY'])) return {};
  return { delimiter: c.parseString() };
}

export function parseSinkFormat(c: Cursor): SinkFormat {
  const start = c.peek().start;
  const type = c.expectOneOf(['JSON', 'AVRO', 'TEXT', 'BYTES']);
  if (type !== 'AVRO')
    return { type: type === 'JSON' ? 'json' : type === 'TEXT' ? 'text' : 'bytes', span: c.spanFrom(start) };
  const csrConnection = parseCsrConnection(c);
  const options = c.isPunct('(') ? parseOptionList(c, CSR_SINK_FORMAT_OPTIONS) : [];
  return { type: 'avro', csrConnection, options, span: c.spanFrom(start) };
}

/** `USING CONFLUENT SCHEMA REGISTRY CONNECTION name`, after AVRO. */
function parseCsrConnection(c: Cursor): ObjectName {
  for (const keyword of ['USING', 'CONFLUENT', 'SCHEMA', 'REGISTRY', 'CONNECTION']) c.expectKeyword(keyword);
  return c.parseObjectName();
}
