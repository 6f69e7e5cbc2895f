/**
 * The catalog's errors, worded like Materialize's so a user who knows one knows the other.
 *
 * Wording taken from MaterializeInc/materialize:
 *   - `catalog item 'k' already exists` / `cluster 'c' already exists` (src/catalog, CatalogError)
 *   - `unknown catalog item 'k'` / `unknown cluster 'c'`
 *   - `cannot drop connection "k": still depended upon by sink "s"` with the hint
 *     `Use DROP ... CASCADE to drop the dependent objects too.` (src/sql/src/plan/error.rs,
 *     PlanError::DependentObjectsStillExist)
 *   - `v is a view not a table` (PlanError::MismatchedObjectType) and, for DROP VIEW on a
 *     materialized view, `mv is not a view` + `Use DROP MATERIALIZED VIEW to remove a
 *     materialized view.` (PlanError::DropViewOnMaterializedView)
 *   - notices `connection "k" already exists, skipping` / `table "t" does not exist, skipping`
 *     (src/adapter/src/notice.rs)
 */
import { UserError, type UserErrorOptions } from '../errors/user-error.ts';
import { type CatalogItem, type ItemKind, kindDisplay, kindWithArticle, namespaceOf } from './item.ts';

export type CatalogErrorCode =
  | 'item-already-exists'
  | 'unknown-item'
  | 'wrong-object-type'
  | 'dependent-objects-still-exist'
  | 'unknown-dependency'
  | 'secret-value-in-catalog'
  | 'catalog-corrupt'
  | 'catalog-too-new'
  | 'catalog-unavailable';

export class CatalogError extends UserError {
  readonly code: CatalogErrorCode;

  constructor(code: CatalogErrorCode, message: string, options: UserErrorOptions = {}) {
    super(message, options);
    this.code = code;
  }
}

/** Postgres-style double quoting, as Materialize's `.quoted()` does. */
export function quoteIdent(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

export function itemAlreadyExists(requested: ItemKind, existing: CatalogItem): CatalogError {
  const isCluster = namespaceOf(existing.kind) === 'cluster';
  const message = isCluster
    ? `cluster '${existing.name}' already exists`
    : `catalog item '${existing.name}' already exists`;
  const hint =
    existing.kind === requested
      ? undefined
      : `The name is taken by the ${kindDisplay(existing.kind)} ${quoteIdent(existing.name)}: tables, views, ` +
        'sources, sinks, connections, secrets and indexes share one namespace. Choose another name.';
  return new CatalogError('item-already-exists', message, { hint, sqlState: '42710' });
}

export function unknownItem(kind: ItemKind, name: string): CatalogError {
  return namespaceOf(kind) === 'cluster'
    ? new CatalogError('unknown-item', `unknown cluster '${name}'`, { sqlState: '42704' })
    : new CatalogError('unknown-item', `unknown catalog item '${name}'`, { sqlState: '42P01' });
}

export function wrongObjectType(name: string, actual: ItemKind, expected: ItemKind): CatalogError {
  if (expected === 'view' && actual === 'materialized-view') {
    return new CatalogError('wrong-object-type', `${name} is not a view`, {
      hint: 'Use DROP MATERIALIZED VIEW to remove a materialized view.',
      sqlState: '42809',
    });
  }
  return new CatalogError(
    'wrong-object-type',
    `${name} is ${kindWithArticle(actual)} not ${kindWithArticle(expected)}`,
    { sqlState: '42809' },
  );
}

export function dependentObjectsStillExist(
  item: CatalogItem,
  dependents: readonly CatalogItem[],
): CatalogError {
  const list = dependents.map((d) => `${kindDisplay(d.kind)} ${quoteIdent(d.name)}`).join(', ');
  return new CatalogError(
    'dependent-objects-still-exist',
    `cannot drop ${kindDisplay(item.kind)} ${quoteIdent(item.name)}: still depended upon by ${list}`,
    { hint: 'Use DROP ... CASCADE to drop the dependent objects too.', sqlState: '2BP01' },
  );
}

export function alreadyExistsNotice(kind: ItemKind, name: string): string {
  return `${kindDisplay(kind)} ${quoteIdent(name)} already exists, skipping`;
}

export function doesNotExistNotice(kind: ItemKind, name: string): string {
  return `${kindDisplay(kind)} ${quoteIdent(name)} does not exist, skipping`;
}
