/**
 * The order in which a set of items can be dropped: every item after all the items that use it.
 *
 * Pure, so CASCADE's ordering is tested without a database. Ties are broken by the newest item
 * first, which also reads naturally ("sink s, then connection k").
 */

export interface DependencyNode {
  /** Sequence number of the item (the 7 in `u7`). */
  seq: number;
  /** Sequence numbers of the items this one uses. */
  uses: readonly number[];
}

/**
 * Returns the sequence numbers of `nodes` so that a node comes before every node it uses. Edges
 * to nodes outside the set are ignored. Throws on a cycle, which the catalog cannot contain
 * (an item can only use items that already exist) and would mean a corrupt file.
 */
export function dropOrder(nodes: readonly DependencyNode[]): number[] {
  const inSet = new Set(nodes.map((n) => n.seq));
  // usedBy-count: how many nodes in the set still use each node; a node is ready at zero.
  const remainingUsers = new Map<number, number>(nodes.map((n) => [n.seq, 0]));
  for (const n of nodes) {
    for (const u of new Set(n.uses)) {
      if (inSet.has(u) && u !== n.seq) remainingUsers.set(u, (remainingUsers.get(u) ?? 0) + 1);
    }
  }
  const bySeq = new Map(nodes.map((n) => [n.seq, n]));
  const ready = nodes.filter((n) => remainingUsers.get(n.seq) === 0).map((n) => n.seq);
  const order: number[] = [];
  while (ready.length > 0) {
    ready.sort((a, b) => b - a);
    const seq = ready.shift()!;
    order.push(seq);
    for (const u of new Set(bySeq.get(seq)!.uses)) {
      if (!inSet.has(u) || u === seq) continue;
      const left = remainingUsers.get(u)! - 1;
      remainingUsers.set(u, left);
      if (left === 0) ready.push(u);
    }
  }
  if (order.length !== nodes.length) {
    throw new Error(
      `dependency cycle among catalog items ${[...inSet].filter((s) => !order.includes(s)).join(', ')}`,
    );
  }
  return order;
}
