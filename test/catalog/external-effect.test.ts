import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Catalog } from '../../src/catalog/catalog.ts';
import { CatalogError } from '../../src/catalog/catalog-error.ts';
import { commitThenEffect, effectThenCommit } from '../../src/catalog/external-effect.ts';
import { tempDir } from './temp-dir.ts';

/** Stands in for the keychain: what matters here is the order of effects, not where values go. */
function fakeKeychain() {
  const values = new Map<string, string>();
  return {
    values,
    async set(name: string, value: string) {
      values.set(name, value);
    },
    async delete(name: string) {
      return values.delete(name);
    },
  };
}

test('CREATE SECRET: a failing catalog commit undoes the keychain write', async (t) => {
  const catalog = Catalog.open({ dataDir: tempDir(t) });
  t.after(() => catalog.close());
  const keychain = fakeKeychain();
  catalog.create({ name: 's', kind: 'connection', createSql: 'CREATE CONNECTION s' });
  const createSecret = () =>
    effectThenCommit({
      effect: () => keychain.set('s', 'hunter2'),
      commit: () => catalog.create({ name: 's', kind: 'secret', createSql: "CREATE SECRET s AS '********'" }),
      undo: async () => {
        await keychain.delete('s');
      },
    });
  await assert.rejects(
    createSecret,
    (err: unknown) => err instanceof CatalogError && err.code === 'item-already-exists',
  );
  assert.equal(keychain.values.size, 0);
  assert.equal(catalog.get('s')?.kind, 'connection');
});

test('CREATE SECRET: a failing keychain write leaves the catalog untouched', async (t) => {
  const catalog = Catalog.open({ dataDir: tempDir(t) });
  t.after(() => catalog.close());
  await assert.rejects(
    effectThenCommit({
      effect: async () => {
        throw new Error('keychain unavailable');
      },
      commit: () => catalog.create({ name: 's', kind: 'secret', createSql: '' }),
      undo: async () => {},
    }),
    /keychain unavailable/,
  );
  assert.deepEqual(catalog.list(), []);
});

test('an undo that fails is attached to the commit error, not swallowed', async () => {
  await assert.rejects(
    effectThenCommit({
      effect: async () => {},
      commit: () => {
        throw new Error('commit failed');
      },
      undo: async () => {
        throw new Error('undo failed');
      },
    }),
    (err: unknown) =>
      err instanceof Error && /undo failed/.test(String((err as { undoError?: Error }).undoError)),
  );
});

test('DROP SECRET: the drop commits first and a failing keychain delete is reported, not undone', async (t) => {
  const catalog = Catalog.open({ dataDir: tempDir(t) });
  t.after(() => catalog.close());
  catalog.create({ name: 's', kind: 'secret', createSql: '' });
  const result = await commitThenEffect({
    commit: () => catalog.drop(['s'], 'secret'),
    effect: async () => {
      throw new Error('keychain locked');
    },
  });
  assert.deepEqual(
    result.committed.dropped.map((i) => i.name),
    ['s'],
  );
  assert.match(String(result.effectError), /keychain locked/);
  assert.equal(catalog.get('s'), undefined);
});
