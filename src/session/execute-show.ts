/**
 * SHOW <objects> [LIKE 'pattern'], SHOW CREATE <kind> name and SHOW COLUMNS FROM name, answered from
 * the catalog. Column names follow Materialize's (`name`, `type`, `cluster`, `create_sql`); sluice has
 * no COMMENT ON, so Materialize's `comment` columns are left out.
 */
import type { CatalogItem, ItemKind } from '../catalog/item.ts';
import type { ShowColumnsStatement, ShowCreateStatement, ShowObjectsStatement } from '../sql/index.ts';
import { SqlError } from '../sql/index.ts';
import { DATABASE, SCHEMA } from './object-names.ts';
import { catalogKind } from './object-types.ts';
import { lookupItem, type SessionContext } from './session-context.ts';
import { type StatementResult, tableResult } from './statement-result.ts';

type Row = (string | null)[];

interface Listing {
  kinds: ItemKind[];
  columns: string[];
  row: (item: CatalogItem, context: SessionContext) => Row;
}

const clusterOf = (item: CatalogItem, context: SessionContext): string | null => {
  for (const id of item.dependsOn) {
    const used = context.catalog.getById(id);
    if (used?.kind === 'cluster') return used.name;
  }
  return null;
};

const LISTINGS: Record<ShowObjectsStatement['objectType'], Listing> = {
  tables: { kinds: ['table'], columns: ['name'], row: (i) => [i.name] },
  views: { kinds: ['view'], columns: ['name'], row: (i) => [i.name] },
  materialized_views: {
    kinds: ['materialized-view'],
    columns: ['name', 'cluster'],
    row: (i, c) => [i.name, clusterOf(i, c)],
  },
  sources: {
    kinds: ['source'],
    columns: ['name', 'type', 'cluster'],
    row: (i, c) => [i.name, 'kafka', clusterOf(i, c)],
  },
  sinks: {
    kinds: ['sink'],
    columns: ['name', 'type', 'cluster'],
    row: (i, c) => [i.name, 'kafka', clusterOf(i, c)],
  },
  connections: {
    kinds: ['connection'],
    columns: ['name', 'type'],
    row: (i) => [i.name, String((i.options as { type?: string }).type ?? '')],
  },
  secrets: { kinds: ['secret'], columns: ['name'], row: (i) => [i.name] },
  clusters: {
    kinds: ['cluster'],
    columns: ['name', 'size'],
    row: (i) => [i.name, String(i.options.size ?? '') || null],
  },
  objects: {
    kinds: ['table', 'view', 'materialized-view', 'source', 'sink', 'connection', 'secret'],
    columns: ['name', 'type'],
    row: (i) => [i.name, i.kind === 'materialized-view' ? 'materialized-view' : i.kind],
  },
};

export function showObjects(context: SessionContext, statement: ShowObjectsStatement): StatementResult {
  const listing = LISTINGS[statement.objectType];
  const like = statement.like ? likePattern(statement.like.value) : undefined;
  const items = listing.kinds
    .flatMap((kind) => context.catalog.list(kind))
    .filter((item) => !like || like.test(item.name))
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  return tableResult(
    listing.columns,
    items.map((item) => listing.row(item, context)),
  );
}

export function showCreate(
  context: SessionContext,
  input: string,
  statement: ShowCreateStatement,
): StatementResult {
  const item = lookupItem(context, input, statement.name, catalogKind(statement.objectType));
  return tableResult(['name', 'create_sql'], [[`${DATABASE}.${SCHEMA}.${item.name}`, item.createSql]]);
}

export function showColumns(
  context: SessionContext,
  input: string,
  statement: ShowColumnsStatement,
): StatementResult {
  const item = lookupItem(context, input, statement.table);
  const columns = (item.options as { columns?: { name: string; type: string; nullable: boolean }[] }).columns;
  if (!columns) {
    throw SqlError.at(
      input,
      statement.table.span.start,
      'not_supported',
      `the columns of ${item.kind} ${item.name} are not known yet`,
      {
        hint: 'sluice knows the columns of tables; those of views, sources and sinks arrive with the streaming engine.',
      },
    );
  }
  const like = statement.like ? likePattern(statement.like.value) : undefined;
  return tableResult(
    ['name', 'nullable', 'type'],
    columns.filter((c) => !like || like.test(c.name)).map((c) => [c.name, String(c.nullable), c.type]),
  );
}

/** SQL LIKE (`%`, `_`, backslash escapes) as an anchored regular expression. */
export function likePattern(pattern: string): RegExp {
  let source = '';
  for (let i = 0; i < pattern.length; i++) {
    const ch = pattern[i]!;
    if (ch === '\\' && i + 1 < pattern.length) source += escapeRegExp(pattern[++i]!);
    else if (ch === '%') source += '.*';
    else if (ch === '_') source += '.';
    else source += escapeRegExp(ch);
  }
  return new RegExp(`^${source}$`, 's');
}

function escapeRegExp(ch: string): string {
  return ch.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
