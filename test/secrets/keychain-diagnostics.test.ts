/**
 * explainKeychainError() against the messages keytar 7.9 really rejects with on Linux (libsecret
 * 0.20, gnome-keyring 42, dbus 1.14). Each quoted message was observed by calling keytar in the
 * situation the test name describes.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { explainKeychainError } from '../../src/secrets/keychain-diagnostics.ts';

const DESKTOP_ENV: NodeJS.ProcessEnv = { DBUS_SESSION_BUS_ADDRESS: 'unix:path=/run/user/1000/bus' };

/** keytar rejects with plain Error objects that carry nothing but the message. */
function keytarError(message: string): Error {
  return new Error(message);
}

describe('explainKeychainError', () => {
  test('no session bus at all (DBUS_SESSION_BUS_ADDRESS unset, no DISPLAY)', () => {
    const e = explainKeychainError(keytarError('Cannot autolaunch D-Bus without X11 $DISPLAY'), {});
    assert.match(e.message, /no D-Bus session bus: DBUS_SESSION_BUS_ADDRESS is not set/);
    assert.match(e.hint, /dbus-run-session -- bash/);
    assert.match(e.hint, /gnome-keyring-daemon --unlock --components=secrets/);
    assert.doesNotMatch(e.hint, /SSH/);
  });

  test('no session bus over SSH mentions SSH', () => {
    const e = explainKeychainError(keytarError('Cannot autolaunch D-Bus without X11 $DISPLAY'), {
      SSH_CONNECTION: '192.0.2.1 50000 192.0.2.2 22',
    });
    assert.match(e.hint, /SSH login usually has no session bus/);
  });

  test('no session bus, DISPLAY set but dbus-launch not installed', () => {
    const e = explainKeychainError(
      keytarError('Failed to execute child process “dbus-launch” (No such file or directory)'),
      { DISPLAY: ':0' },
    );
    assert.match(e.message, /DBUS_SESSION_BUS_ADDRESS is not set/);
  });

  test('a stale bus address: socket missing, socket refusing, TCP refusing', () => {
    for (const message of [
      'Could not connect: No such file or directory',
      'Could not connect: Connection refused',
      'Could not connect to 127.0.0.1: Connection refused',
    ]) {
      const e = explainKeychainError(keytarError(message), {
        DBUS_SESSION_BUS_ADDRESS: 'unix:path=/tmp/gone',
      });
      assert.equal(
        e.message,
        `the D-Bus session bus in DBUS_SESSION_BUS_ADDRESS (unix:path=/tmp/gone) cannot be reached: ${message}`,
      );
      assert.match(e.hint, /no longer exists/);
    }
  });

  test('a stale $XDG_RUNTIME_DIR/bus when DBUS_SESSION_BUS_ADDRESS is unset', () => {
    const e = explainKeychainError(keytarError('Could not connect: Connection refused'), {
      XDG_RUNTIME_DIR: '/run/user/1000',
    });
    assert.match(e.message, /^the D-Bus session bus at \/run\/user\/1000\/bus cannot be reached/);
  });

  test('a malformed or empty bus address', () => {
    const cases: Array<[string, string]> = [
      ['garbage', 'Address element “garbage” does not contain a colon (:)'],
      ['foo:bar', 'Key/Value pair 0, “bar”, in address element “foo:bar” does not contain an equal sign'],
      ['foo:bar=1', 'Unknown or unsupported transport “foo” for address “foo:bar=1”'],
      ['', 'The given address is empty'],
    ];
    for (const [address, message] of cases) {
      const e = explainKeychainError(keytarError(message), { DBUS_SESSION_BUS_ADDRESS: address });
      assert.match(e.message, /cannot be reached/, message);
      assert.ok(e.message.includes(`(${address || 'empty'})`), e.message);
    }
  });

  test('a bus without a Secret Service (as from set/get/delete, and the GDBus form from findCredentials)', () => {
    for (const message of [
      'The name org.freedesktop.secrets was not provided by any .service files',
      'GDBus.Error:org.freedesktop.DBus.Error.ServiceUnknown: The name org.freedesktop.secrets was not provided by any .service files',
    ]) {
      const e = explainKeychainError(keytarError(message), DESKTOP_ENV);
      assert.equal(
        e.message,
        'no Secret Service on the D-Bus session bus (nothing provides org.freedesktop.secrets)',
      );
      assert.match(e.hint, /install and start gnome-keyring/);
      assert.match(e.hint, /apt-get install gnome-keyring/);
    }
  });

  test('the Secret Service exited while in use', () => {
    const e = explainKeychainError(
      keytarError('The name :1.2 was not provided by any .service files'),
      DESKTOP_ENV,
    );
    assert.match(e.message, /went away while sluice was using it/);
  });

  test('the bus itself went away while in use', () => {
    const e = explainKeychainError(keytarError('The connection is closed'), DESKTOP_ENV);
    assert.match(e.message, /session bus closed/);
  });

  test('no default keyring and no prompter to create one', () => {
    const e = explainKeychainError(
      keytarError('Object does not exist at path “/org/freedesktop/secrets/collection/login”'),
      DESKTOP_ENV,
    );
    assert.match(e.message, /no default keyring/);
    assert.match(e.hint, /--replace --unlock/);
  });

  test('a locked default keyring that could not be unlocked', () => {
    const e = explainKeychainError(keytarError('Cannot create an item in a locked collection'), DESKTOP_ENV);
    assert.match(e.message, /is locked/);
    assert.match(e.hint, /Unlock it/);
  });

  test('anything else is quoted, whatever was thrown', () => {
    assert.equal(
      explainKeychainError(keytarError('Service is required.'), DESKTOP_ENV).message,
      'the OS keychain failed: Service is required.',
    );
    assert.equal(explainKeychainError('a string', DESKTOP_ENV).message, 'the OS keychain failed: a string');
    assert.equal(explainKeychainError(undefined, DESKTOP_ENV).message, 'the OS keychain failed: undefined');
    assert.match(explainKeychainError(new Error(''), DESKTOP_ENV).message, /unknown error$/);
  });
});
