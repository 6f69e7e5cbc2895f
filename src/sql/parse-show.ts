/**
 * SHOW statements:
 *
 *   SHOW SOURCES | TABLES | VIEWS | MATERIALIZED VIEWS | SINKS | CLUSTERS | CONNECTIONS | SECRETS | OBJECTS
 *        [LIKE 'pattern']
 *   SHOW CREATE TABLE | VIEW | MATERIALIZED VIEW | SOURCE | SINK | CONNECTION name
 *   SHOW COLUMNS FROM name [LIKE 'pattern']
 *
 * Materialize also filters with WHERE and by schema or cluster; sluice has LIKE only.
 */
import type {
  ShowColumnsStatement,
  ShowCreateStatement,
  ShowObjectsStatement,
  ShowObjectsType,
  Span,
} from './ast.ts';
import type { Cursor } from './cursor.ts';

const SHOW_OBJECTS: Record<string, ShowObjectsType> = {
  SOURCES: 'sources',
  TABLES: 'tables',
  VIEWS: 'views',
  'MATERIALIZED VIEWS': 'materialized_views',
  SINKS: 'sinks',
  CLUSTERS: 'clusters',
  CONNECTIONS: 'connections',
  SECRETS: 'secrets',
  OBJECTS: 'objects',
};

const SHOW_CREATE: Record<string, ShowCreateStatement['objectType']> = {
  TABLE: 'table',
  VIEW: 'view',
  'MATERIALIZED VIEW': 'materialized_view',
  SOURCE: 'source',
  SINK: 'sink',
  CONNECTION: 'connection',
};

/** What sluice cannot show, for an "is not supported" error rather than "Expected ...". */
export const UNSUPPORTED_SHOW = new Set([
  'INDEXES',
  'SCHEMAS',
  'DATABASES',
  'ROLES',
  'TYPES',
  'SUBSOURCES',
  'PRIVILEGES',
]);

/** After SHOW. */
export function parseShow(
  c: Cursor,
  span: Span,
): ShowObjectsStatement | ShowCreateStatement | ShowColumnsStatement {
  if (c.eatKeyword('CREATE')) {
    const objectType = SHOW_CREATE[parseObjectKeywords(c, Object.keys(SHOW_CREATE))]!;
    const name = c.parseObjectName();
    c.expectEnd();
    return { kind: 'show_create', span, objectType, name };
  }
  if (c.eatKeyword('COLUMNS')) {
    c.expectKeyword('FROM');
    const table = c.parseObjectName();
    const like = parseLike(c);
    c.expectEnd();
    return { kind: 'show_columns', span, table, ...(like ? { like } : {}) };
  }
  const objectType = SHOW_OBJECTS[parseObjectKeywords(c, Object.keys(SHOW_OBJECTS))]!;
  const like = parseLike(c);
  c.expectEnd();
  return { kind: 'show_objects', span, objectType, ...(like ? { like } : {}) };
}

function parseLike(c: Cursor) {
  return c.eatKeyword('LIKE') ? c.parseString() : undefined;
}

/**
 * One of `labels`, each one or two keywords (`MATERIALIZED VIEW`); returns the label. Shared by
 * SHOW and DROP.
 */
export function parseObjectKeywords(c: Cursor, labels: readonly string[]): string {
  for (const label of labels) {
    const words = label.split(' ');
    if (words.every((w, i) => c.isKeyword(w, i))) {
      for (const _ of words) c.next();
      return label;
    }
  }
  // A partial two-word match (MATERIALIZED without VIEW) fails at the second word.
  const partial = labels.filter((l) => l.includes(' ') && c.isKeyword(l.split(' ')[0]!));
  if (partial.length > 0) {
    c.next();
    for (const label of partial) c.record(label.split(' ')[1]!);
    return c.failExpected();
  }
  for (const label of labels) c.record(label);
  return c.failExpected();
}
