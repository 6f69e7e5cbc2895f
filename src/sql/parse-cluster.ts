/**
 * CREATE CLUSTER, for managed clusters only (Materialize's current form):
 *
 *   CREATE CLUSTER [IF NOT EXISTS] name (SIZE = '...' [, REPLICATION FACTOR = n])
 *
 * Materialize's documentation does not show IF NOT EXISTS for clusters; sluice accepts it like
 * every other CREATE. Cluster replicas (CREATE CLUSTER REPLICA) are not supported.
 */
import type { CreateClusterStatement, Span } from './ast.ts';
import type { Cursor } from './cursor.ts';
import { CLUSTER_OPTIONS } from './option-tables.ts';
import { parseOptionList } from './parse-options.ts';

/** After CREATE CLUSTER. */
export function parseCreateCluster(c: Cursor, span: Span): CreateClusterStatement {
  const ifNotExists = c.parseIfNotExists();
  const name = c.parseIdent();
  const options = parseOptionList(c, CLUSTER_OPTIONS);
  c.expectEnd();
  return { kind: 'create_cluster', span, ifNotExists, name, options };
}
