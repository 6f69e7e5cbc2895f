/**
 * What the catalog stores: named items, their kinds, and the namespaces names live in.
 *
 * Like Materialize, tables, views, materialized views, sources, sinks, connections, secrets and
 * indexes share one namespace (so `CREATE TABLE k` fails while a connection `k` exists), and
 * clusters have their own. sluice has a single database and schema, so a name is one identifier,
 * already normalized by the parser (unquoted identifiers lower-cased); the catalog compares names
 * exactly.
 */

export const ITEM_KINDS = [
  'table',
  'view',
  'materialized-view',
  'source',
  'sink',
  'connection',
  'secret',
  'index',
  'cluster',
] as const;

export type ItemKind = (typeof ITEM_KINDS)[number];

/** `item`: everything in the schema; `cluster`: clusters, which Materialize keeps apart. */
export type Namespace = 'item' | 'cluster';

export function namespaceOf(kind: ItemKind): Namespace {
  return kind === 'cluster' ? 'cluster' : 'item';
}

export function isItemKind(value: string): value is ItemKind {
  return (ITEM_KINDS as readonly string[]).includes(value);
}

/** The kind as SQL spells it in messages: `materialized view`, `index`. */
export function kindDisplay(kind: ItemKind): string {
  return kind === 'materialized-view' ? 'materialized view' : kind;
}

/** `a view`, `an index`: for messages such as `v is a view not a table`. */
export function kindWithArticle(kind: ItemKind): string {
  return `${kind === 'index' ? 'an' : 'a'} ${kindDisplay(kind)}`;
}

export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };
export type JsonObject = { [key: string]: JsonValue };

/** What a caller hands to `Catalog.create`. */
export interface NewItem {
  name: string;
  kind: ItemKind;
  /**
   * The statement that created the item, as SHOW CREATE should print it. Secret values must
   * already be redacted by the caller (e.g. `CREATE SECRET s AS '********'`): the catalog file is
   * not a secret store.
   */
  createSql: string;
  /** Non-secret facts about the item (a connection's kind, a sink's topic), as JSON. */
  options?: JsonObject;
  /** Ids (`u3`) of the items this one uses; each must exist. A sink `IN CLUSTER c` uses `c`. */
  dependsOn?: readonly string[];
}

/** An item as stored. */
export interface CatalogItem {
  /** `u1`, `u2`, …: allocated in creation order, never reused after a drop. */
  id: string;
  name: string;
  kind: ItemKind;
  createSql: string;
  options: JsonObject;
  createdAt: Date;
  /** Ids of the items this one uses, ascending. */
  dependsOn: string[];
}

const USER_ID = /^u([1-9][0-9]*)$/;

export function formatItemId(seq: number): string {
  return `u${seq}`;
}

/** The sequence number inside an id, or undefined if `id` is not a user id. */
export function parseItemId(id: string): number | undefined {
  const match = USER_ID.exec(id);
  return match ? Number(match[1]) : undefined;
}
