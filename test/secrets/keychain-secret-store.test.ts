/**
 * The keytar backend against the real OS keychain. `npm test` runs every test inside a private
 * D-Bus session with an unlocked gnome-keyring (see test/run.ts).
 */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { test } from 'node:test';
import keytar from 'keytar';
import { KEYCHAIN_SERVICE, KeychainSecretStore } from '../../src/secrets/keychain-secret-store.ts';

/** A store for a fresh instance id whose entries are removed after the test. */
function freshStore(t: import('node:test').TestContext): KeychainSecretStore {
  const instanceId = randomUUID();
  t.after(async () => {
    for (const c of await keytar.findCredentials(KEYCHAIN_SERVICE)) {
      if (c.account.startsWith(`${instanceId}/`)) await keytar.deletePassword(KEYCHAIN_SERVICE, c.account);
    }
  });
  return new KeychainSecretStore({ instanceId });
}

test('a secret set can be read back, listed, replaced and deleted', async (t) => {
  const store = freshStore(t);
  await store.set('kafka_password', 'hunter2');
  assert.equal(await store.get('kafka_password'), 'hunter2');
  await store.set('kafka_password', 'correct horse battery staple ✓');
  assert.equal(await store.get('kafka_password'), 'correct horse battery staple ✓');
  await store.set('csr_password', 'x');
  assert.deepEqual(await store.list(), ['csr_password', 'kafka_password']);
  assert.equal(await store.delete('kafka_password'), true);
  assert.equal(await store.get('kafka_password'), undefined);
  assert.deepEqual(await store.list(), ['csr_password']);
});

test('entries are filed under service sluice, account <instance id>/<name>', async (t) => {
  const instanceId = randomUUID();
  t.after(async () => {
    await keytar.deletePassword(KEYCHAIN_SERVICE, `${instanceId}/s`);
  });
  await new KeychainSecretStore({ instanceId }).set('s', 'v');
  assert.equal(await keytar.getPassword(KEYCHAIN_SERVICE, `${instanceId}/s`), 'v');
});

test('two instance ids do not see each other’s secrets', async (t) => {
  const a = freshStore(t);
  const b = freshStore(t);
  await a.set('shared_name', 'from a');
  assert.equal(await b.get('shared_name'), undefined);
  assert.deepEqual(await b.list(), []);
  await b.set('shared_name', 'from b');
  assert.equal(await a.get('shared_name'), 'from a');
  assert.equal(await b.delete('shared_name'), true);
  assert.equal(await a.get('shared_name'), 'from a');
});

test('get of a missing secret is undefined and delete of one is false', async (t) => {
  const store = freshStore(t);
  assert.equal(await store.get('never_set'), undefined);
  assert.equal(await store.delete('never_set'), false);
});
