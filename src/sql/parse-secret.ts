/**
 * CREATE SECRET and ALTER SECRET. The value must be a string literal (any form: '...', E'...',
 * $$...$$); its span is kept so that `redactSecrets` can blank it out of anything that echoes the
 * statement (history, logs).
 *
 *   CREATE SECRET [IF NOT EXISTS] name AS 'value'
 *   ALTER SECRET [IF EXISTS] name AS 'value'
 */
import type { AlterSecretStatement, CreateSecretStatement, Span } from './ast.ts';
import type { Cursor } from './cursor.ts';

/** After CREATE SECRET. */
export function parseCreateSecret(c: Cursor, span: Span): CreateSecretStatement {
  const ifNotExists = c.parseIfNotExists();
  const name = c.parseObjectName();
  c.expectKeyword('AS');
  const value = c.parseString();
  c.expectEnd();
  return { kind: 'create_secret', span, ifNotExists, name, value };
}

/** After ALTER SECRET. */
export function parseAlterSecret(c: Cursor, span: Span): AlterSecretStatement {
  const ifExists = c.parseIfExists();
  const name = c.parseObjectName();
  c.expectKeyword('AS');
  const value = c.parseString();
  c.expectEnd();
  return { kind: 'alter_secret', span, ifExists, name, value };
}
