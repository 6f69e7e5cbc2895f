/**
 * No secret value leaves the keychain: the real CLI, in child processes, creates secrets and
 * connections that use them (validated against the real broker and registry, and unvalidated),
 * runs SHOW, SHOW CREATE and VALIDATE and a series of failing statements; then every byte of the
 * data directory (the SQLite file and its -wal and -shm files) and everything the CLI printed is
 * searched for every value, raw and encoded, and none is found, while the keychain holds them all.
 *
 * Secret values reach the CLI only as SQL text on stdin or in a -f file: never on its command line
 * or in its environment, where `ps` would show them.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { Catalog } from '../../src/catalog/catalog.ts';
import { testEnv } from '../support/test-env.ts';
import { deleteKeychainEntries, keychainEntries, literal } from './support.ts';

const CLI = join(import.meta.dirname, 'fixtures', 'cli.ts');
const { kafka, registry } = testEnv();
const NOTHING_LISTENS = '127.0.0.1:1';

interface CliRun {
  args: string[];
  env: NodeJS.ProcessEnv;
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the CLI with `args`, feeding `stdin` (or nothing) on its standard input. */
function runCli(args: string[], stdin = ''): Promise<CliRun> {
  const env = { ...process.env };
  delete env.SLUICE_DATA_DIR;
  const fullArgs = ['--import', 'tsx', CLI, ...args];
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, fullArgs, {
      env,
      stdio: ['pipe', 'pipe', 'pipe'],
      timeout: 120_000,
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => {
      stdout += d.toString('utf8');
    });
    child.stderr.on('data', (d: Buffer) => {
      stderr += d.toString('utf8');
    });
    child.on('error', reject);
    child.on('close', (code) => resolve({ args: fullArgs, env, code, stdout, stderr }));
    child.stdin.end(stdin);
  });
}

/** Every file under `dir`, recursively. */
function filesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .map((entry) => join(dir, entry))
    .filter((path) => statSync(path).isFile());
}

/** The forms a value could be written in: as is, JSON-escaped, base64, base64url and hex. */
function formsOf(value: string): Buffer[] {
  const raw = Buffer.from(value, 'utf8');
  const forms = [
    value,
    JSON.stringify(value).slice(1, -1),
    raw.toString('base64'),
    raw.toString('base64url'),
    raw.toString('hex'),
  ];
  return [...new Set(forms)].map((form) => Buffer.from(form, 'utf8'));
}

/** Where any form of any named value occurs in `haystack`, as "<what> in <where>". */
function findLeaks(haystack: Buffer, where: string, needles: Map<string, Buffer[]>): string[] {
  const leaks: string[] = [];
  for (const [what, forms] of needles) {
    if (forms.some((form) => haystack.includes(form))) leaks.push(`${what} in ${where}`);
  }
  return leaks;
}

/** The random run of a value: 32 hex digits (the broker's passwords, random() below) or base64url (the registry's). */
function randomPart(value: string): string | undefined {
  return (/[0-9a-f]{32}/.exec(value) ?? /^[A-Za-z0-9_-]{32,}$/.exec(value))?.[0];
}

function random(label: string): string {
  return `${label}-${randomBytes(16).toString('hex')}`;
}

test('secret values never reach the data directory, the CLI output, or its argv and environment, while the keychain holds them', async (t) => {
  const dataDir = mkdtempSync(join(tmpdir(), 'sluice-leaks-'));
  const scriptDir = mkdtempSync(join(tmpdir(), 'sluice-leaks-script-'));
  // Opened here first and held open while the CLI runs: SQLite then keeps the -wal file, with the
  // CLI's writes in it, after the CLI exits (the last connection to close would delete it), so the
  // scan below reads the WAL as well as the database.
  const held = Catalog.open({ dataDir });
  const instanceId = held.instanceId;
  t.after(async () => {
    held.close();
    await deleteKeychainEntries(instanceId);
    rmSync(dataDir, { recursive: true, force: true });
    rmSync(scriptDir, { recursive: true, force: true });
  });

  const scram = kafka.users.scramSha256;
  const stored = {
    kafka_pw: scram.password,
    client_key: kafka.tls.clientKeyPem,
    csr_pw: registry.auth.password,
    offline_pw: random('offline-pw'),
    // Quotes and a backslash: JSON and SQL escaping must not let it through either.
    offline_user: `o'user"\\${random('x')}`,
    rotated: random('rotated-new'),
    wrong_pw: random('wrong-pw'),
  };
  const neverStored = {
    rotatedOld: random('rotated-old'),
    ifNotExists: random('if-not-exists'),
    duplicate: random('duplicate'),
    syntaxError: random('syntax-error'),
    literalPassword: random('literal-password'),
    alterMissing: random('alter-missing'),
    wrongValidate: random('wrong-validate'),
    unterminated: random('unterminated'),
  };

  // Run 1, SQL on stdin: the secrets, the connections, and what shows them.
  const setup = `
CREATE SECRET kafka_pw AS ${literal(stored.kafka_pw)};
CREATE SECRET client_key AS ${literal(stored.client_key)};
CREATE SECRET csr_pw AS ${literal(stored.csr_pw)};
CREATE SECRET offline_pw AS ${literal(stored.offline_pw)};
CREATE SECRET offline_user AS ${literal(stored.offline_user)};
CREATE SECRET rotated AS ${literal(neverStored.rotatedOld)};
ALTER SECRET rotated AS ${literal(stored.rotated)};
CREATE SECRET wrong_pw AS ${literal(stored.wrong_pw)};
CREATE SECRET IF NOT EXISTS kafka_pw AS ${literal(neverStored.ifNotExists)};
CREATE CONNECTION k_sasl TO KAFKA (
  BROKER '${kafka.listeners.saslSsl}',
  SASL MECHANISMS = 'SCRAM-SHA-256',
  SASL USERNAME = '${scram.username}',
  SASL PASSWORD = SECRET kafka_pw,
  SSL CERTIFICATE AUTHORITY = ${literal(kafka.tls.caPem)}
);
CREATE CONNECTION k_mtls TO KAFKA (
  BROKER '${kafka.listeners.ssl}',
  SSL KEY = SECRET client_key,
  SSL CERTIFICATE = ${literal(kafka.tls.clientCertPem)},
  SSL CERTIFICATE AUTHORITY = ${literal(kafka.tls.caPem)}
);
CREATE CONNECTION csr TO CONFLUENT SCHEMA REGISTRY (
  URL '${registry.url}', USERNAME = '${registry.auth.username}', PASSWORD = SECRET csr_pw
);
CREATE CONNECTION k_off TO KAFKA (
  BROKER '${NOTHING_LISTENS}', SASL MECHANISMS 'PLAIN',
  SASL USERNAME SECRET offline_user, SASL PASSWORD SECRET offline_pw
) WITH (VALIDATE = false);
CREATE CONNECTION csr_off FOR CONFLUENT SCHEMA REGISTRY
  URL 'http://${NOTHING_LISTENS}', USERNAME = SECRET offline_user, PASSWORD = SECRET rotated
  WITH (VALIDATE = false);
SHOW SECRETS;
SHOW CONNECTIONS;
SHOW CREATE CONNECTION k_sasl;
SHOW CREATE CONNECTION k_mtls;
SHOW CREATE CONNECTION csr;
SHOW CREATE CONNECTION k_off;
SHOW CREATE CONNECTION csr_off;
SHOW OBJECTS;
VALIDATE CONNECTION k_sasl;
VALIDATE CONNECTION k_mtls;
VALIDATE CONNECTION csr;
`;
  const first = await runCli(['--data-dir', dataDir], setup);
  assert.equal(first.code, 0, `run 1 failed:\n${first.stderr}`);
  assert.equal(first.stdout.match(/^CREATE SECRET$/gm)?.length, 8, first.stdout);
  assert.equal(first.stdout.match(/^CREATE CONNECTION$/gm)?.length, 5, first.stdout);
  assert.equal(first.stdout.match(/^VALIDATE CONNECTION$/gm)?.length, 3, first.stdout);
  assert.match(first.stdout, /SASL PASSWORD = SECRET kafka_pw/);
  assert.match(first.stdout, /SSL KEY = SECRET client_key/);
  assert.match(first.stdout, /PASSWORD = SECRET rotated/);
  assert.match(first.stderr, /NOTICE: secret "kafka_pw" already exists, skipping/);

  // Run 2, a -f file, JSON output, going on after errors: statements that fail.
  const failing = `
VALIDATE CONNECTION k_off;
VALIDATE CONNECTION csr_off;
CREATE SECRET kafka_pw AS ${literal(neverStored.duplicate)};
CREATE CONNECTION k_bad TO KAFKA (BROKER '${kafka.listeners.saslSsl}', SASL MECHANISMS = 'SCRAM-SHA-256',
  SASL USERNAME = '${scram.username}', SASL PASSWORD = SECRET wrong_pw, SSL CERTIFICATE AUTHORITY = ${literal(kafka.tls.caPem)});
CREATE CONNECTION csr_bad TO CONFLUENT SCHEMA REGISTRY (URL '${registry.url}', USERNAME = '${registry.auth.username}', PASSWORD = SECRET wrong_pw);
CREATE SECRET broken AS ${literal(neverStored.syntaxError)} trailing words;
CREATE CONNECTION k_lit TO KAFKA (BROKER 'h:9092', SASL MECHANISMS 'PLAIN', SASL USERNAME 'u', SASL PASSWORD ${literal(neverStored.literalPassword)});
ALTER SECRET nope AS ${literal(neverStored.alterMissing)};
ALTER SECRET kafka_pw AS ${literal(neverStored.wrongValidate)};
VALIDATE CONNECTION k_sasl;
ALTER SECRET kafka_pw AS ${literal(stored.kafka_pw)};
VALIDATE CONNECTION k_sasl;
CREATE SECRET unterminated AS '${neverStored.unterminated}
`;
  const script = join(scriptDir, 'failing.sql');
  writeFileSync(script, failing, { mode: 0o600 });
  const second = await runCli([
    '--data-dir',
    dataDir,
    '--format',
    'json',
    '--continue-on-error',
    '-f',
    script,
  ]);
  assert.equal(second.code, 1, 'failing statements must make the exit code 1');
  const expectedErrors = [
    `connection refused by ${NOTHING_LISTENS}`,
    `connection refused by the schema registry at http://${NOTHING_LISTENS}`,
    "catalog item 'kafka_pw' already exists",
    'SASL authentication failed',
    'rejected the credentials (HTTP 401)',
    'ERROR: Expected',
    'ERROR: Expected SECRET, found string literal',
    "unknown catalog item 'nope'",
    'SASL authentication failed',
    'ERROR: unterminated',
  ];
  for (const expected of expectedErrors)
    assert.ok(second.stderr.includes(expected), `no ${expected} in:\n${second.stderr}`);
  assert.equal(second.stderr.match(/^ERROR: /gm)?.length, 10, second.stderr);
  assert.match(second.stderr, /\*{8}/, 'the source lines under the errors show masked literals');
  assert.equal(second.stdout.match(/"tag":"ALTER SECRET"/g)?.length, 2, second.stdout);
  assert.equal(second.stdout.match(/"tag":"VALIDATE CONNECTION"/g)?.length, 1, second.stdout);

  // Run 3, -c (no secret values on the command line): SHOW and VALIDATE, CSV output.
  const third = await runCli([
    '--data-dir',
    dataDir,
    '--format',
    'csv',
    '-c',
    'SHOW CREATE CONNECTION k_off; SHOW CREATE CONNECTION csr_off; VALIDATE CONNECTION k_mtls',
    '-c',
    'VALIDATE CONNECTION csr_off',
  ]);
  assert.equal(third.code, 1, third.stderr);
  assert.match(third.stdout, /SASL PASSWORD SECRET offline_pw/);
  assert.match(third.stderr, /connection refused by the schema registry/);

  const needles = new Map<string, Buffer[]>();
  for (const [name, value] of [...Object.entries(stored), ...Object.entries(neverStored)]) {
    needles.set(name, formsOf(value));
  }
  // A part of a value is as bad as all of it (an error excerpt may cut a line short): every 16
  // characters of each random value, and each line of the private key's base64 body.
  for (const [name, value] of [...Object.entries(stored), ...Object.entries(neverStored)]) {
    const part = randomPart(value);
    if (!part) continue;
    for (let i = 0; i + 16 <= part.length; i++)
      needles.set(`part ${i} of ${name}`, [Buffer.from(part.slice(i, i + 16))]);
  }
  const keyBody = stored.client_key
    .split('\n')
    .filter((line) => line.length >= 32 && !line.startsWith('-----'));
  assert.ok(keyBody.length > 0, 'the client key has a base64 body');
  for (const [i, line] of keyBody.entries()) needles.set(`client_key line ${i + 1}`, [Buffer.from(line)]);

  const leaks: string[] = [];
  const runs = { setup: first, failing: second, command: third };
  for (const [label, r] of Object.entries(runs)) {
    leaks.push(...findLeaks(Buffer.from(r.stdout), `stdout of the ${label} run`, needles));
    leaks.push(...findLeaks(Buffer.from(r.stderr), `stderr of the ${label} run`, needles));
    leaks.push(...findLeaks(Buffer.from(r.args.join('\0')), `argv of the ${label} run`, needles));
    const env = Object.entries(r.env)
      .map(([k, v]) => `${k}=${v}`)
      .join('\0');
    leaks.push(...findLeaks(Buffer.from(env), `environment of the ${label} run`, needles));
  }

  const scanDataDir = (when: string) => {
    const files = filesUnder(dataDir);
    for (const file of files) leaks.push(...findLeaks(readFileSync(file), `${file} (${when})`, needles));
    return files;
  };
  const whileHeld = scanDataDir('while the catalog was open');
  const wal = whileHeld.find((file) => file.endsWith('catalog.db-wal'));
  assert.ok(wal && statSync(wal).size > 0, `no -wal file with content to scan: ${whileHeld.join(', ')}`);
  assert.ok(
    whileHeld.some((file) => file.endsWith('catalog.db-shm')),
    'no -shm file to scan',
  );
  held.close();
  assert.ok(scanDataDir('after every connection closed').some((file) => file.endsWith('catalog.db')));

  assert.deepEqual(leaks, [], 'secret values leaked');

  // And the secrets are where they belong: every stored value in the keychain, nothing else.
  const inKeychain = await keychainEntries(instanceId);
  assert.deepEqual(
    Object.fromEntries([...inKeychain].sort()),
    Object.fromEntries(Object.entries(stored).sort()),
  );
});
