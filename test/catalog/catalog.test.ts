import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import Database from 'better-sqlite3';
import { Catalog } from '../../src/catalog/catalog.ts';
import { CatalogError } from '../../src/catalog/catalog-error.ts';
import { CATALOG_FILE } from '../../src/catalog/data-dir.ts';
import type { ItemKind } from '../../src/catalog/item.ts';
import { tempDir } from './temp-dir.ts';

function openIn(dir: string, now = () => new Date('2026-01-02T03:04:05Z')): Catalog {
  return Catalog.open({ dataDir: path.join(dir, 'data'), now });
}

function make(t: import('node:test').TestContext): Catalog {
  const catalog = openIn(tempDir(t));
  t.after(() => catalog.close());
  return catalog;
}

function add(catalog: Catalog, kind: ItemKind, name: string, dependsOn: string[] = []) {
  const result = catalog.create({ name, kind, createSql: `CREATE ${kind} ${name}`, dependsOn });
  assert.equal(result.status, 'created');
  return result.item;
}

function catalogError(code: string, message?: string | RegExp) {
  return (err: unknown) => {
    assert.ok(err instanceof CatalogError, `expected a CatalogError, got ${String(err)}`);
    assert.equal(err.code, code);
    if (typeof message === 'string') assert.equal(err.message, message);
    else if (message) assert.match(err.message, message);
    return true;
  };
}

test('a created item can be read back by name, by id and in the list', (t) => {
  const catalog = make(t);
  const result = catalog.create({
    name: 'k',
    kind: 'connection',
    createSql: "CREATE CONNECTION k TO KAFKA (BROKER 'b:9092')",
    options: { connectionType: 'kafka' },
  });
  assert.equal(result.status, 'created');
  const expected = {
    id: 'u1',
    name: 'k',
    kind: 'connection',
    createSql: "CREATE CONNECTION k TO KAFKA (BROKER 'b:9092')",
    options: { connectionType: 'kafka' },
    createdAt: new Date('2026-01-02T03:04:05Z'),
    dependsOn: [],
  };
  assert.deepEqual(result.item, expected);
  assert.deepEqual(catalog.get('k'), expected);
  assert.deepEqual(catalog.getById('u1'), expected);
  assert.deepEqual(catalog.list(), [expected]);
  assert.deepEqual(catalog.list('connection'), [expected]);
  assert.deepEqual(catalog.list('table'), []);
  assert.equal(catalog.get('missing'), undefined);
  assert.equal(catalog.getById('u99'), undefined);
  assert.equal(catalog.getById('not-an-id'), undefined);
});

test('ids are u1, u2, … in creation order and dependencies are recorded', (t) => {
  const catalog = make(t);
  const k = add(catalog, 'connection', 'k');
  const tbl = add(catalog, 'table', 't');
  const s = add(catalog, 'sink', 's', [tbl.id, k.id]);
  assert.deepEqual([k.id, tbl.id, s.id], ['u1', 'u2', 'u3']);
  assert.deepEqual(s.dependsOn, ['u1', 'u2']);
});

test('IF NOT EXISTS on a taken name returns a Materialize-worded notice and changes nothing', (t) => {
  const catalog = make(t);
  add(catalog, 'connection', 'k');
  const again = catalog.create({ name: 'k', kind: 'connection', createSql: 'other' }, { ifNotExists: true });
  assert.equal(again.status, 'skipped');
  assert.equal(again.status === 'skipped' && again.notice, 'connection "k" already exists, skipping');
  assert.equal(catalog.get('k')?.createSql, 'CREATE connection k');
  assert.equal(catalog.list().length, 1);
});

test('a duplicate name fails, across kinds that share the namespace, with a hint naming the owner', (t) => {
  const catalog = make(t);
  add(catalog, 'connection', 'k');
  assert.throws(
    () => catalog.create({ name: 'k', kind: 'connection', createSql: '' }),
    catalogError('item-already-exists', "catalog item 'k' already exists"),
  );
  assert.throws(
    () => catalog.create({ name: 'k', kind: 'table', createSql: '' }),
    (err: unknown) => {
      assert.ok(err instanceof CatalogError);
      assert.equal(err.message, "catalog item 'k' already exists");
      assert.equal(err.sqlState, '42710');
      assert.match(err.hint ?? '', /taken by the connection "k"/);
      return true;
    },
  );
});

test('clusters have their own namespace', (t) => {
  const catalog = make(t);
  add(catalog, 'connection', 'c');
  const cluster = add(catalog, 'cluster', 'c');
  assert.equal(catalog.get('c')?.kind, 'connection');
  assert.deepEqual(catalog.get('c', 'cluster'), cluster);
  assert.throws(
    () => catalog.create({ name: 'c', kind: 'cluster', createSql: '' }),
    catalogError('item-already-exists', "cluster 'c' already exists"),
  );
});

test('DROP without CASCADE fails naming the dependents and suggesting CASCADE', (t) => {
  const catalog = make(t);
  const k = add(catalog, 'connection', 'k');
  const tbl = add(catalog, 'table', 't');
  add(catalog, 'sink', 's', [tbl.id, k.id]);
  add(catalog, 'source', 'src', [k.id]);
  assert.throws(
    () => catalog.drop(['k'], 'connection'),
    (err: unknown) => {
      assert.ok(err instanceof CatalogError);
      assert.equal(err.code, 'dependent-objects-still-exist');
      assert.equal(err.message, 'cannot drop connection "k": still depended upon by sink "s", source "src"');
      assert.equal(err.hint, 'Use DROP ... CASCADE to drop the dependent objects too.');
      assert.equal(err.sqlState, '2BP01');
      return true;
    },
  );
  assert.equal(catalog.list().length, 4);
});

test('DROP … CASCADE drops transitive dependents first and returns them in that order', (t) => {
  const catalog = make(t);
  const k = add(catalog, 'connection', 'k');
  const src = add(catalog, 'source', 'src', [k.id]);
  const v = add(catalog, 'view', 'v', [src.id]);
  add(catalog, 'table', 'unrelated');
  const mv = add(catalog, 'materialized-view', 'mv', [v.id]);
  add(catalog, 'sink', 's', [mv.id, k.id]);
  assert.deepEqual(
    catalog.dependents(k.id).map((i) => i.name),
    ['s', 'mv', 'v', 'src'],
  );
  const result = catalog.drop(['k'], 'connection', { cascade: true });
  assert.deepEqual(
    result.dropped.map((i) => `${i.kind} ${i.name}`),
    ['sink s', 'materialized-view mv', 'view v', 'source src', 'connection k'],
  );
  assert.deepEqual(
    catalog.list().map((i) => i.name),
    ['unrelated'],
  );
});

test('dropping several items of one kind at once ignores dependencies among them', (t) => {
  const catalog = make(t);
  const a = add(catalog, 'view', 'a');
  add(catalog, 'view', 'b', [a.id]);
  const { dropped } = catalog.drop(['a', 'b'], 'view');
  assert.deepEqual(
    dropped.map((i) => i.name),
    ['b', 'a'],
  );
  assert.deepEqual(catalog.list(), []);
});

test('indexes do not block a RESTRICT drop and go with what they index', (t) => {
  const catalog = make(t);
  const tbl = add(catalog, 'table', 't');
  add(catalog, 'index', 't_idx', [tbl.id]);
  const { dropped } = catalog.drop(['t'], 'table');
  assert.deepEqual(
    dropped.map((i) => i.name),
    ['t_idx', 't'],
  );
});

test('DROP of the wrong kind fails like Materialize', (t) => {
  const catalog = make(t);
  add(catalog, 'view', 'myview');
  add(catalog, 'materialized-view', 'mv');
  add(catalog, 'table', 't');
  assert.throws(
    () => catalog.drop(['myview'], 'table'),
    catalogError('wrong-object-type', 'myview is a view not a table'),
  );
  assert.throws(
    () => catalog.drop(['t'], 'index'),
    catalogError('wrong-object-type', 't is a table not an index'),
  );
  assert.throws(
    () => catalog.drop(['mv'], 'view'),
    (err: unknown) => {
      assert.ok(err instanceof CatalogError);
      assert.equal(err.message, 'mv is not a view');
      assert.equal(err.hint, 'Use DROP MATERIALIZED VIEW to remove a materialized view.');
      return true;
    },
  );
  assert.equal(catalog.list().length, 3);
});

test('DROP of a missing name fails, or with IF EXISTS skips it with a notice', (t) => {
  const catalog = make(t);
  add(catalog, 'table', 't');
  assert.throws(
    () => catalog.drop(['nope'], 'table'),
    catalogError('unknown-item', "unknown catalog item 'nope'"),
  );
  assert.throws(
    () => catalog.drop(['nope'], 'cluster'),
    catalogError('unknown-item', "unknown cluster 'nope'"),
  );
  const result = catalog.drop(['nope', 't'], 'table', { ifExists: true });
  assert.deepEqual(result.notices, ['table "nope" does not exist, skipping']);
  assert.deepEqual(
    result.dropped.map((i) => i.name),
    ['t'],
  );
});

test('a failed multi-name DROP drops nothing', (t) => {
  const catalog = make(t);
  add(catalog, 'table', 'a');
  add(catalog, 'table', 'b');
  assert.throws(() => catalog.drop(['a', 'missing', 'b'], 'table'), catalogError('unknown-item'));
  assert.deepEqual(
    catalog.list().map((i) => i.name),
    ['a', 'b'],
  );
});

test('an exception inside transaction() leaves nothing behind', (t) => {
  const catalog = make(t);
  add(catalog, 'table', 'kept');
  assert.throws(
    () =>
      catalog.transaction(() => {
        add(catalog, 'secret', 's');
        add(catalog, 'connection', 'k');
        catalog.drop(['kept'], 'table');
        throw new Error('keychain write failed');
      }),
    /keychain write failed/,
  );
  assert.deepEqual(
    catalog.list().map((i) => i.name),
    ['kept'],
  );
  // The id counter rolled back too: ids of items that never committed were never seen by anyone.
  assert.equal(add(catalog, 'table', 'next').id, 'u2');
});

test('transaction() refuses an async function and commits nothing', (t) => {
  const catalog = make(t);
  assert.throws(
    () =>
      catalog.transaction(async () => {
        add(catalog, 'table', 't');
      }),
    /must be synchronous|cannot return a promise/,
  );
  assert.deepEqual(catalog.list(), []);
});

test('reopening the same data directory restores items, instance id, and ids never repeat', (t) => {
  const dir = tempDir(t);
  const first = openIn(dir);
  const k = add(first, 'connection', 'k');
  add(first, 'sink', 's', [k.id]);
  const last = add(first, 'table', 'last');
  first.drop(['last'], 'table');
  const before = first.list();
  const instanceId = first.instanceId;
  first.close();

  const second = openIn(dir);
  t.after(() => second.close());
  assert.match(instanceId, /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  assert.equal(second.instanceId, instanceId);
  assert.deepEqual(second.list(), before);
  const next = add(second, 'table', 'last');
  assert.equal(last.id, 'u3');
  assert.equal(next.id, 'u4');
});

test('two data directories have different instance ids', (t) => {
  const a = make(t);
  const b = make(t);
  assert.notEqual(a.instanceId, b.instanceId);
});

test('an item may only use items that exist', (t) => {
  const catalog = make(t);
  assert.throws(
    () => catalog.create({ name: 's', kind: 'sink', createSql: '', dependsOn: ['u42'] }),
    catalogError('unknown-dependency'),
  );
  assert.deepEqual(catalog.list(), []);
});

test('a definition that contains a secret value is refused without echoing the value', (t) => {
  const catalog = make(t);
  assert.throws(
    () =>
      catalog.create(
        { name: 's', kind: 'secret', createSql: "CREATE SECRET s AS 'hunter2'" },
        { secretValues: ['hunter2'] },
      ),
    (err: unknown) => {
      assert.ok(err instanceof CatalogError);
      assert.equal(err.code, 'secret-value-in-catalog');
      assert.ok(!err.message.includes('hunter2'));
      return true;
    },
  );
  assert.throws(
    () =>
      catalog.create(
        { name: 'k', kind: 'connection', createSql: 'CREATE CONNECTION k', options: { note: 'pa"ss' } },
        { secretValues: ['pa"ss'] },
      ),
    catalogError('secret-value-in-catalog'),
  );
  const ok = catalog.create(
    { name: 's', kind: 'secret', createSql: "CREATE SECRET s AS '********'" },
    { secretValues: ['hunter2'] },
  );
  assert.equal(ok.status, 'created');
});

test('a file that is not a SQLite database is reported as a corrupt catalog', (t) => {
  const dir = tempDir(t);
  writeFileSync(
    path.join(dir, CATALOG_FILE),
    'this is not sqlite, just some text that is long enough '.repeat(20),
  );
  assert.throws(() => Catalog.open({ dataDir: dir }), catalogError('catalog-corrupt'));
});

test('a catalog written by a newer sluice is refused', (t) => {
  const dir = tempDir(t);
  Catalog.open({ dataDir: dir }).close();
  const db = new Database(path.join(dir, CATALOG_FILE));
  db.pragma('user_version = 999');
  db.close();
  assert.throws(() => Catalog.open({ dataDir: dir }), catalogError('catalog-too-new', /schema version 999/));
});

test('the catalog file is in WAL mode', (t) => {
  const dir = tempDir(t);
  const catalog = Catalog.open({ dataDir: dir });
  t.after(() => catalog.close());
  const db = new Database(path.join(dir, CATALOG_FILE), { readonly: true });
  t.after(() => db.close());
  assert.equal(db.pragma('journal_mode', { simple: true }), 'wal');
});
