/**
 * CREATE CONNECTION and VALIDATE CONNECTION.
 *
 *   CREATE CONNECTION [IF NOT EXISTS] name TO KAFKA (option, ...) [WITH (VALIDATE [= bool])]
 *   CREATE CONNECTION [IF NOT EXISTS] name TO CONFLUENT SCHEMA REGISTRY (option, ...) [WITH (...)]
 *   CREATE CONNECTION [IF NOT EXISTS] name FOR KAFKA | CONFLUENT SCHEMA REGISTRY option, ...
 *   VALIDATE CONNECTION name
 *
 * The `FOR` form is Materialize's older syntax: the same options, without parentheses.
 */
import type { ConnectionBody, CreateConnectionStatement, Span, ValidateConnectionStatement } from './ast.ts';
import type { Cursor } from './cursor.ts';
import {
  CONNECTION_WITH_OPTIONS,
  CSR_CONNECTION_OPTIONS,
  KAFKA_CONNECTION_OPTIONS,
} from './option-tables.ts';
import { parseOptionList } from './parse-options.ts';

/** After CREATE CONNECTION. */
export function parseCreateConnection(c: Cursor, span: Span): CreateConnectionStatement {
  const ifNotExists = c.parseIfNotExists();
  const name = c.parseObjectName();
  const legacySyntax = c.expectOneOf(['TO', 'FOR']) === 'FOR';
  const form = legacySyntax ? 'bare' : 'parenthesized';
  const typeStart = c.peek().start;
  let connection: ConnectionBody;
  if (c.eatKeyword('KAFKA')) {
    const typeSpan = c.spanFrom(typeStart);
    connection = {
      type: 'kafka',
      options: parseOptionList(c, KAFKA_CONNECTION_OPTIONS, form),
      legacySyntax,
      span: typeSpan,
    };
  } else if (c.eatKeywords(['CONFLUENT', 'SCHEMA', 'REGISTRY'])) {
    const typeSpan = c.spanFrom(typeStart);
    connection = {
      type: 'confluent_schema_registry',
      options: parseOptionList(c, CSR_CONNECTION_OPTIONS, form),
      legacySyntax,
      span: typeSpan,
    };
  } else {
    return c.failExpected();
  }
  const withOptions = c.eatKeyword('WITH') ? parseOptionList(c, CONNECTION_WITH_OPTIONS) : [];
  c.expectEnd();
  return { kind: 'create_connection', span, ifNotExists, name, connection, withOptions };
}

/** After VALIDATE CONNECTION. */
export function parseValidateConnection(c: Cursor, span: Span): ValidateConnectionStatement {
  const name = c.parseObjectName();
  c.expectEnd();
  return { kind: 'validate_connection', span, name };
}
