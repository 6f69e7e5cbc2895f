/**
 * What the session tests share: a Session on a fresh data directory whose keychain entries are
 * removed when the test ends, the real keychain read back through keytar, and assertions for the
 * errors a statement can fail with (a positioned SqlError, or a UserError with a code).
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestContext } from 'node:test';
import keytar from 'keytar';
import type { CatalogItem } from '../../src/catalog/item.ts';
import { UserError } from '../../src/errors/user-error.ts';
import { KEYCHAIN_SERVICE } from '../../src/secrets/keychain-secret-store.ts';
import { Session, type SessionOptions } from '../../src/session/session.ts';
import type { StatementResult } from '../../src/session/statement-result.ts';
import { SqlError } from '../../src/sql/index.ts';
import { testEnv } from '../support/test-env.ts';

/** A Session on its own data directory; `reopen()` restarts it on the same directory. */
export interface SessionFixture {
  readonly dir: string;
  readonly session: Session;
  readonly instanceId: string;
  /** Closes the session and opens a new one on the same data directory (a restart). */
  reopen(): Session;
}

/**
 * Opens a Session on a new temp data directory. When the test ends the session is closed, every
 * keychain entry of the directory's instance id is deleted and the directory is removed.
 */
export function openSession(t: TestContext, options: Partial<SessionOptions> = {}): SessionFixture {
  assert.equal(
    process.env.DBUS_SESSION_BUS_ADDRESS,
    testEnv().keychain.dbusAddress,
    'the session tests must run on the private bus of the test runner (npm test)',
  );
  const dir = mkdtempSync(join(tmpdir(), 'sluice-session-'));
  const open = () => Session.open({ dataDir: dir, validateTimeoutMs: 10_000, ...options });
  let session = open();
  const instanceId = session.catalog.instanceId;
  t.after(async () => {
    session.close();
    await deleteKeychainEntries(instanceId);
    rmSync(dir, { recursive: true, force: true });
  });
  return {
    dir,
    instanceId,
    get session() {
      return session;
    },
    reopen() {
      session.close();
      session = open();
      return session;
    },
  };
}

/** Every keychain entry of a data directory (instance id), by secret name. */
export async function keychainEntries(instanceId: string): Promise<Map<string, string>> {
  const prefix = `${instanceId}/`;
  const all = await keytar.findCredentials(KEYCHAIN_SERVICE);
  return new Map(
    all.filter((c) => c.account.startsWith(prefix)).map((c) => [c.account.slice(prefix.length), c.password]),
  );
}

/** The value the keychain holds for secret `name` of a data directory, or null. */
export function keychainValue(instanceId: string, name: string): Promise<string | null> {
  return keytar.getPassword(KEYCHAIN_SERVICE, `${instanceId}/${name}`);
}

export async function deleteKeychainEntries(instanceId: string): Promise<void> {
  for (const name of (await keychainEntries(instanceId)).keys()) {
    await keytar.deletePassword(KEYCHAIN_SERVICE, `${instanceId}/${name}`);
  }
}

/** The one result of a single statement. */
export async function run(session: Session, sql: string): Promise<StatementResult> {
  const results = await session.execute(sql);
  assert.equal(results.length, 1, `expected one result for ${sql}`);
  return results[0]!;
}

/** The rows of a SHOW. */
export async function rows(session: Session, sql: string): Promise<(string | null)[][]> {
  const result = await run(session, sql);
  assert.ok(result.table, `${sql} returned no table`);
  return result.table.rows;
}

/** Where `needle` (its `occurrence`-th appearance) starts in `sql`: 1-based line and code-point column. */
export function positionOf(sql: string, needle: string, occurrence = 1): { line: number; column: number } {
  let at = -1;
  for (let i = 0; i < occurrence; i++) {
    at = sql.indexOf(needle, at + 1);
    assert.notEqual(at, -1, `${JSON.stringify(needle)} (occurrence ${occurrence}) is not in the SQL`);
  }
  const before = sql.slice(0, at);
  const lineStart = before.lastIndexOf('\n') + 1;
  return { line: before.split('\n').length, column: [...before.slice(lineStart)].length + 1 };
}

export interface ExpectedSqlError {
  code: SqlError['code'];
  message: string | RegExp;
  /** The text the error must point at (its first occurrence, or the `occurrence`-th). */
  at: string;
  occurrence?: number;
  hint?: string | RegExp;
}

/** Runs `sql`, which must fail with a SqlError with this code and message at this position. */
export async function expectSqlError(
  session: Session,
  sql: string,
  expected: ExpectedSqlError,
): Promise<SqlError> {
  const err = await session.execute(sql).then(
    (results) => assert.fail(`expected an error, got ${JSON.stringify(results)}`),
    (e: unknown) => e,
  );
  assert.ok(err instanceof SqlError, `not a SqlError: ${err instanceof Error ? err.stack : String(err)}`);
  assert.equal(err.code, expected.code, `code of: ${err.message}`);
  if (typeof expected.message === 'string') assert.equal(err.message, expected.message);
  else assert.match(err.message, expected.message);
  const want = positionOf(sql, expected.at, expected.occurrence);
  assert.deepEqual({ line: err.line, column: err.column }, want, `position of: ${err.message}`);
  if (expected.hint !== undefined) {
    assert.ok(err.hint, `no hint on: ${err.message}`);
    if (typeof expected.hint === 'string') assert.equal(err.hint, expected.hint);
    else assert.match(err.hint, expected.hint);
  }
  return err;
}

export interface ExpectedUserError {
  code: string;
  message: string | RegExp;
  hint?: string | RegExp;
}

/** Runs `sql`, which must fail with a UserError (not a SqlError) with this code and message. */
export async function expectUserError(
  session: Session,
  sql: string,
  expected: ExpectedUserError,
): Promise<UserError> {
  const err = await session.execute(sql).then(
    (results) => assert.fail(`expected an error, got ${JSON.stringify(results)}`),
    (e: unknown) => e,
  );
  assert.ok(err instanceof UserError, `not a UserError: ${err instanceof Error ? err.stack : String(err)}`);
  assert.equal(err.code, expected.code, `code of: ${err.message}`);
  if (typeof expected.message === 'string') assert.equal(err.message, expected.message);
  else assert.match(err.message, expected.message);
  if (expected.hint !== undefined) {
    assert.ok(err.hint, `no hint on: ${err.message}`);
    if (typeof expected.hint === 'string') assert.equal(err.hint, expected.hint);
    else assert.match(err.hint, expected.hint);
  }
  return err;
}

/** The catalog as comparable data (ids, names, kinds, statements, options, dependencies). */
export function catalogSnapshot(session: Session): Omit<CatalogItem, 'createdAt'>[] {
  return session.catalog.list().map(({ createdAt: _, ...item }) => item);
}

/** An SQL string literal of `text`. */
export { otherCaPem } from '../support/other-ca.ts';

export function literal(text: string): string {
  return `'${text.replaceAll("'", "''")}'`;
}
