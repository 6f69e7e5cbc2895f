/**
 * DROP for every kind of object sluice has:
 *
 *   DROP TABLE | VIEW | MATERIALIZED VIEW | SOURCE | SINK | CONNECTION | SECRET | CLUSTER
 *        [IF EXISTS] name [, name ...] [CASCADE | RESTRICT]
 *
 * Whether CASCADE is needed (dependents exist) is the catalog's business.
 */
import type { DropObjectsStatement, ObjectName, ObjectType, Span } from './ast.ts';
import type { Cursor } from './cursor.ts';
import { parseObjectKeywords } from './parse-show.ts';

export const DROP_OBJECT_TYPES: Record<string, ObjectType> = {
  TABLE: 'table',
  VIEW: 'view',
  'MATERIALIZED VIEW': 'materialized_view',
  SOURCE: 'source',
  SINK: 'sink',
  CONNECTION: 'connection',
  SECRET: 'secret',
  CLUSTER: 'cluster',
};

/** After DROP. */
export function parseDrop(c: Cursor, span: Span): DropObjectsStatement {
  const objectType = DROP_OBJECT_TYPES[parseObjectKeywords(c, Object.keys(DROP_OBJECT_TYPES))]!;
  const ifExists = c.parseIfExists();
  const parseName = (): ObjectName => {
    if (objectType !== 'cluster') return c.parseObjectName();
    const ident = c.parseIdent();
    return { parts: [ident], span: ident.span };
  };
  const names = [parseName()];
  while (c.eatPunct(',')) names.push(parseName());
  let behavior: DropObjectsStatement['behavior'];
  const start = c.peek().start;
  if (c.eatKeyword('CASCADE')) behavior = { kind: 'cascade', span: c.spanFrom(start) };
  else if (c.eatKeyword('RESTRICT')) behavior = { kind: 'restrict', span: c.spanFrom(start) };
  c.expectEnd();
  return { kind: 'drop_objects', span, objectType, ifExists, names, ...(behavior ? { behavior } : {}) };
}
