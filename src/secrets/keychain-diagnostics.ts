/**
 * Turns keytar's failures on Linux into something a person at the prompt can act on.
 *
 * On Linux keytar goes through libsecret to the Secret Service (gnome-keyring, KeePassXC, KWallet)
 * on the D-Bus session bus, and when that fails it rejects with a bare GLib message such as "The
 * name org.freedesktop.secrets was not provided by any .service files". `explainKeychainError()`
 * recognizes those messages (the patterns below were taken from keytar 7.9 with libsecret 0.20 and
 * gnome-keyring 42) and says what is wrong and what to do about it. It is pure: the caller passes
 * the environment, so the answer can mention the bus address that was tried.
 *
 * Not every keychain problem reaches here as an error. With a locked default keyring (no unlock
 * prompt possible), keytar's getPassword and findPassword resolve null and deletePassword resolves
 * false as if nothing were stored; only setPassword rejects ("Cannot create an item in a locked
 * collection").
 */

export interface KeychainExplanation {
  /** What is wrong, in one sentence, for the person at the prompt. */
  message: string;
  /** What to do about it. */
  hint: string;
}

/** How to get a Secret Service, used by several hints. */
const INSTALL_HINT =
  'install and start gnome-keyring (Debian/Ubuntu: `sudo apt-get install gnome-keyring`, then ' +
  '`gnome-keyring-daemon --start --components=secrets`), or turn on the Secret Service integration ' +
  'of KeePassXC or KWallet';

/** How to unlock (or create) the "login" keyring without a desktop, used by several hints. */
const HEADLESS_UNLOCK =
  '`gnome-keyring-daemon --replace --unlock --components=secrets`, type the keyring password and ' +
  'press Ctrl-D';

/** The text of whatever was thrown, without GDBus' "GDBus.Error:<error name>: " prefix. */
function errorText(err: unknown): string {
  const text = err instanceof Error ? err.message : typeof err === 'string' ? err : String(err);
  return text.replace(/^GDBus\.Error:[\w.]+:\s*/, '').trim();
}

/** Which bus GLib tried: the one in DBUS_SESSION_BUS_ADDRESS, or else $XDG_RUNTIME_DIR/bus. */
function busDescription(env: NodeJS.ProcessEnv): string {
  const address = env.DBUS_SESSION_BUS_ADDRESS;
  if (address === undefined)
    return `the D-Bus session bus at ${env.XDG_RUNTIME_DIR ?? '$XDG_RUNTIME_DIR'}/bus`;
  return `the D-Bus session bus in DBUS_SESSION_BUS_ADDRESS (${address === '' ? 'empty' : address})`;
}

interface Rule {
  /** Matched against the error text (prefix removed). */
  pattern: RegExp;
  explain(env: NodeJS.ProcessEnv, text: string): KeychainExplanation;
}

const RULES: Rule[] = [
  {
    // No DBUS_SESSION_BUS_ADDRESS: GLib tries to "autolaunch" a bus, which needs X11 and dbus-launch.
    pattern: /Cannot autolaunch D-Bus|Failed to execute child process .dbus-launch./,
    explain: (env) => ({
      message: env.DBUS_SESSION_BUS_ADDRESS
        ? 'no D-Bus session bus could be found for the OS keychain'
        : 'no D-Bus session bus: DBUS_SESSION_BUS_ADDRESS is not set, so sluice cannot reach the OS keychain',
      hint:
        'sluice keeps passwords in the Secret Service on the D-Bus session bus. ' +
        (env.SSH_CONNECTION ? 'An SSH login usually has no session bus: run' : 'Run') +
        ' sluice in a desktop session, or start a bus and a keyring for it: `dbus-run-session -- bash`, ' +
        `then in that shell ${HEADLESS_UNLOCK.replace('--replace ', '')}, then run sluice.`,
    }),
  },
  {
    // The bus address names a socket that is gone or refuses connections, or it is malformed.
    pattern:
      /^Could not connect|does not contain (?:a colon|an equal sign)|^Unknown or unsupported transport|^The given address is empty/,
    explain: (env, text) => ({
      message: `${busDescription(env)} cannot be reached: ${text}`,
      hint:
        'That bus no longer exists (an address left over from an earlier login, or a tmux/screen session ' +
        'that outlived it?). Start sluice from a current session, or start a new bus with ' +
        '`dbus-run-session -- bash`.',
    }),
  },
  {
    // A bus, but nobody owns org.freedesktop.secrets and nothing can be started for it.
    pattern: /org\.freedesktop\.secrets was not provided by any \.service files/,
    explain: () => ({
      message: 'no Secret Service on the D-Bus session bus (nothing provides org.freedesktop.secrets)',
      hint: `To keep passwords in the OS keychain, ${INSTALL_HINT}.`,
    }),
  },
  {
    // The Secret Service sluice was talking to (a unique name like :1.2) left the bus.
    pattern: /The name :[\d.]+ was not provided by any \.service files/,
    explain: () => ({
      message: 'the Secret Service went away while sluice was using it (the keyring daemon exited)',
      hint: 'Start it again (`gnome-keyring-daemon --start --components=secrets`) and repeat the command.',
    }),
  },
  {
    pattern: /^The connection is closed$/,
    explain: () => ({
      message: 'the D-Bus session bus closed while sluice was using the OS keychain',
      hint: 'The desktop session (or dbus-run-session) that sluice ran in has ended: start sluice again in a live one.',
    }),
  },
  {
    // gnome-keyring with no default keyring ("login"), and no prompter to ask for a new one.
    pattern: /^Object does not exist at path .\/org\/freedesktop\/secrets\/collection\//,
    explain: () => ({
      message:
        'the OS keychain has no default keyring to store passwords in, and could not ask you to create one',
      hint:
        'Create one: in a desktop session, in "Passwords and Keys" (seahorse) make a new keyring and set it ' +
        `as the default; without a desktop, run ${HEADLESS_UNLOCK} (this creates a keyring named "login").`,
    }),
  },
  {
    // The default keyring exists but is locked, and no unlock prompt could be shown (or it was dismissed).
    pattern: /^Cannot create an item in a locked collection$/,
    explain: () => ({
      message: 'the default keyring of the OS keychain is locked, and it could not be unlocked',
      hint:
        'Unlock it: in a desktop session, unlock the "login" keyring in "Passwords and Keys" (seahorse); ' +
        `without a desktop, run ${HEADLESS_UNLOCK}. Then repeat the command.`,
    }),
  },
];

/**
 * Maps an error thrown by keytar to what is wrong and what to do. Errors it does not recognize get a
 * generic explanation that quotes them.
 */
export function explainKeychainError(err: unknown, env: NodeJS.ProcessEnv): KeychainExplanation {
  const text = errorText(err);
  for (const rule of RULES) {
    if (rule.pattern.test(text)) return rule.explain(env, text);
  }
  return {
    message: `the OS keychain failed: ${text || 'unknown error'}`,
    hint:
      'Check that a Secret Service (gnome-keyring, KeePassXC or KWallet) is running on this session’s ' +
      'D-Bus bus and that its default keyring is unlocked.',
  };
}
