/**
 * Proves the test keychain: keytar stores, finds and deletes secrets through the real gnome-keyring
 * that the runner starts on its private D-Bus session bus (test/support/keychain.ts).
 *
 * Every service name carries a random suffix, so nothing here depends on what other tests stored.
 * The first check refuses to run anywhere but on the runner's private bus: run directly with
 * `node --test` on a desktop, these tests would write into the developer's own keyring.
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import keytar from 'keytar';
import { testEnv } from '../support/test-env.ts';

const run = randomBytes(4).toString('hex');
const used = new Set<string>();

/** A service name no other test (or earlier run) uses. */
function service(name: string): string {
  const full = `sluice-test-${run}-${name}`;
  used.add(full);
  return full;
}

function byAccount(credentials: Array<{ account: string; password: string }>) {
  return [...credentials].sort((a, b) => a.account.localeCompare(b.account));
}

describe('the test keychain (gnome-keyring through keytar)', () => {
  before(() => {
    assert.equal(
      process.env.DBUS_SESSION_BUS_ADDRESS,
      testEnv().keychain.dbusAddress,
      'these tests must run on the private bus of the test runner (npm test), not on this session’s own',
    );
  });

  after(async () => {
    for (const s of used) {
      for (const { account } of await keytar.findCredentials(s)) await keytar.deletePassword(s, account);
    }
  });

  test('a stored password reads back, and findCredentials lists exactly what was stored', async () => {
    const s = service('roundtrip');
    assert.equal(await keytar.getPassword(s, 'alice'), null, 'nothing stored yet');
    await keytar.setPassword(s, 'alice', 'a-secret');
    await keytar.setPassword(s, 'bob', 'b-secret');
    assert.equal(await keytar.getPassword(s, 'alice'), 'a-secret');
    assert.equal(await keytar.getPassword(s, 'bob'), 'b-secret');
    assert.equal(await keytar.getPassword(s, 'carol'), null, 'an account that was never stored');
    assert.deepEqual(byAccount(await keytar.findCredentials(s)), [
      { account: 'alice', password: 'a-secret' },
      { account: 'bob', password: 'b-secret' },
    ]);
  });

  test('storing again replaces the password instead of adding a second entry', async () => {
    const s = service('replace');
    await keytar.setPassword(s, 'alice', 'first');
    await keytar.setPassword(s, 'alice', 'second');
    assert.equal(await keytar.getPassword(s, 'alice'), 'second');
    assert.deepEqual(await keytar.findCredentials(s), [{ account: 'alice', password: 'second' }]);
  });

  test('a deleted password is gone, and deleting it again reports that nothing was deleted', async () => {
    const s = service('delete');
    await keytar.setPassword(s, 'alice', 'a-secret');
    await keytar.setPassword(s, 'bob', 'b-secret');
    assert.equal(await keytar.deletePassword(s, 'alice'), true);
    assert.equal(await keytar.getPassword(s, 'alice'), null);
    assert.equal(await keytar.deletePassword(s, 'alice'), false);
    assert.deepEqual(
      await keytar.findCredentials(s),
      [{ account: 'bob', password: 'b-secret' }],
      'bob is untouched',
    );
  });

  test('two services do not see each other’s entries, even for the same account', async () => {
    const one = service('one');
    const two = service('two');
    await keytar.setPassword(one, 'shared-account', 'from-one');
    assert.equal(await keytar.getPassword(two, 'shared-account'), null);
    assert.deepEqual(await keytar.findCredentials(two), []);
    await keytar.setPassword(two, 'shared-account', 'from-two');
    assert.equal(await keytar.getPassword(one, 'shared-account'), 'from-one');
    assert.equal(await keytar.getPassword(two, 'shared-account'), 'from-two');
    assert.equal(await keytar.deletePassword(two, 'shared-account'), true);
    assert.equal(
      await keytar.getPassword(one, 'shared-account'),
      'from-one',
      'deleting in two left one alone',
    );
  });

  test('unicode, newlines and long values survive unchanged, in passwords and account names', async () => {
    const s = service('unicode');
    const values = {
      'ünïcødé-アカウント': 'pässwörd 🔑 秘密 — \u00a0non-breaking',
      'multi-line': 'line one\nline two\r\nline three\n',
      'pem-like': `-----BEGIN PRIVATE KEY-----\n${randomBytes(600).toString('base64')}\n-----END PRIVATE KEY-----\n`,
      'json {"quoted"} \'x\'': JSON.stringify({ user: 'u', password: 'p"\\\t' }),
    };
    for (const [account, password] of Object.entries(values)) await keytar.setPassword(s, account, password);
    for (const [account, password] of Object.entries(values)) {
      assert.equal(
        await keytar.getPassword(s, account),
        password,
        `read back for ${JSON.stringify(account)}`,
      );
    }
    assert.deepEqual(
      byAccount(await keytar.findCredentials(s)),
      byAccount(Object.entries(values).map(([account, password]) => ({ account, password }))),
    );
  });
});
