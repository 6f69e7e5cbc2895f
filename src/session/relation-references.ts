/**
 * The relations a query reads: every RangeVar in a PostgreSQL parse tree that is not the name of a
 * CTE in scope, with its location, so a view's dependencies can be catalogued and an unknown name
 * reported where it was written.
 */

export interface RelationReference {
  schema?: string;
  name: string;
  /** Offset into the whole input. */
  location: number;
}

export function relationReferences(node: unknown): RelationReference[] {
  const found: RelationReference[] = [];
  walk(node, new Set(), found);
  return found;
}

function walk(node: unknown, ctes: ReadonlySet<string>, found: RelationReference[]): void {
  if (Array.isArray(node)) {
    for (const child of node) walk(child, ctes, found);
    return;
  }
  if (!node || typeof node !== 'object') return;
  const record = node as Record<string, unknown>;
  let scope = ctes;
  const withClause = record.withClause as { ctes?: unknown[] } | undefined;
  if (withClause?.ctes) {
    const names = new Set(ctes);
    for (const cte of withClause.ctes) {
      const name = (cte as { CommonTableExpr?: { ctename?: string } }).CommonTableExpr?.ctename;
      if (name) names.add(name);
    }
    scope = names;
  }
  const rangeVar = record.RangeVar as
    | { relname?: string; schemaname?: string; location?: number }
    | undefined;
  if (rangeVar?.relname && !(rangeVar.schemaname === undefined && scope.has(rangeVar.relname))) {
    found.push({
      name: rangeVar.relname,
      location: rangeVar.location ?? 0,
      ...(rangeVar.schemaname !== undefined && { schema: rangeVar.schemaname }),
    });
  }
  for (const value of Object.values(record)) walk(value, scope, found);
}
