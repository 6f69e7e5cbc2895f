/**
 * The relations a query reads: every RangeVar in a PostgreSQL parse tree that is not the name of a
 * CTE in scope, with its location, so a view's dependencies can be catalogued and an unknown name
 * reported where it was written.
 */

export interface RelationReference {
  database?: string;
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
  const withClause = record.withClause as { ctes?: unknown[]; recursive?: boolean } | undefined;
  if (withClause?.ctes) {
    const cteName = (cte: unknown) =>
      (cte as { CommonTableExpr?: { ctename?: string } }).CommonTableExpr?.ctename;
    const names = new Set(ctes);
    if (withClause.recursive) for (const cte of withClause.ctes) names.add(cteName(cte) ?? '');
    // Without RECURSIVE a CTE's body sees only the CTEs before it, not itself or later ones:
    // in `WITH t AS (SELECT * FROM t)` the inner t is the table t.
    for (const cte of withClause.ctes) {
      walk(cte, new Set(names), found);
      const name = cteName(cte);
      if (name) names.add(name);
    }
    scope = names;
  }
  const rangeVar = record.RangeVar as
    | { relname?: string; schemaname?: string; catalogname?: string; location?: number }
    | undefined;
  if (rangeVar?.relname && !(rangeVar.schemaname === undefined && scope.has(rangeVar.relname))) {
    found.push({
      name: rangeVar.relname,
      location: rangeVar.location ?? 0,
      ...(rangeVar.schemaname !== undefined && { schema: rangeVar.schemaname }),
      ...(rangeVar.catalogname !== undefined && { database: rangeVar.catalogname }),
    });
  }
  for (const [key, value] of Object.entries(record)) if (key !== 'withClause') walk(value, scope, found);
}
