import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { dropOrder } from '../../src/catalog/drop-order.ts';

test('an item comes before everything it uses, newest first among equals', () => {
  const order = dropOrder([
    { seq: 1, uses: [] },
    { seq: 2, uses: [1] },
    { seq: 3, uses: [] },
    { seq: 4, uses: [2, 3] },
  ]);
  assert.deepEqual(order, [4, 3, 2, 1]);
});

test('edges to items outside the set are ignored', () => {
  assert.deepEqual(dropOrder([{ seq: 5, uses: [1, 2] }]), [5]);
});

test('a cycle is reported instead of looping', () => {
  assert.throws(
    () =>
      dropOrder([
        { seq: 1, uses: [2] },
        { seq: 2, uses: [1] },
      ]),
    /cycle/,
  );
});

test('for any set of items that only use older items, the order is a complete valid drop order', () => {
  const graph = fc
    .integer({ min: 1, max: 30 })
    .chain((n) =>
      fc.tuple(
        ...Array.from({ length: n }, (_, i) =>
          fc.subarray(Array.from({ length: i }, (_, j) => j + 1)).map((uses) => ({ seq: i + 1, uses })),
        ),
      ),
    );
  fc.assert(
    fc.property(graph, (nodes) => {
      const order = dropOrder(nodes);
      assert.deepEqual(
        [...order].sort((a, b) => a - b),
        nodes.map((n) => n.seq),
      );
      const position = new Map(order.map((s, i) => [s, i]));
      for (const n of nodes) for (const u of n.uses) assert.ok(position.get(n.seq)! < position.get(u)!);
    }),
  );
});
