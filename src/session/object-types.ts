/** The SQL object types as the parser names them, mapped to the catalog's item kinds. */
import type { ItemKind } from '../catalog/item.ts';
import type { ObjectType } from '../sql/index.ts';

export function catalogKind(type: ObjectType): ItemKind {
  return type === 'materialized_view' ? 'materialized-view' : type;
}

export function objectTypeKeyword(type: ObjectType): string {
  return type === 'materialized_view' ? 'MATERIALIZED VIEW' : type.toUpperCase();
}
