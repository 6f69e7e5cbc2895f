/**
 * Acceptance: the shell is SIGKILLed between statements of a script, and on restart the catalog is
 * intact.
 *
 * Each round runs a long script (tables, views over them, DROP VIEW, DROP TABLE ... CASCADE) through
 * the real CLI, from a -f file or from stdin, reads the command tags as they stream out, and
 * SIGKILLs the process once it has printed a number of them chosen by a seeded random generator.
 * A tag is printed only after its statement committed, so afterwards, read through the CLI again:
 *
 * - every statement whose tag was printed is in the catalog,
 * - the statement in flight at the kill is there entirely or not at all (a DROP ... CASCADE takes
 *   its table and its views together or neither), and nothing after it is,
 * - every view still depends on its table (DROP TABLE without CASCADE fails naming the view),
 * - the SQLite file passes its integrity and foreign-key checks, and new statements work.
 *
 * Rounds share one data directory, so each restart also reads what earlier kills left. KILL_SEED
 * fixes the seed (printed on failure).
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import path from 'node:path';
import { test } from 'node:test';
import Database from 'better-sqlite3';
import { CATALOG_FILE } from '../../src/catalog/data-dir.ts';
import { mulberry32 } from '../support/prng.ts';
import { cliArgs, cliWorkspace, REPO, runCli, STACK_LINE } from './cli-process.ts';

const SEED = process.env.KILL_SEED === undefined ? 7_312_024 : Number(process.env.KILL_SEED);
const ROUNDS = 4;
/** Tables per script; with their views and drops about 2.5 statements each. */
const TABLES_PER_SCRIPT = 1_500;

type Kind = 'table' | 'view';
/** Catalog objects by name, with the table each view reads. */
type State = Map<string, { kind: Kind; uses?: string }>;

interface Statement {
  sql: string;
  tag: string;
  apply(state: State): void;
}

/** The script of one round: every statement succeeds when run in order on top of earlier rounds. */
function script(prefix: string): Statement[] {
  const statements: Statement[] = [];
  const t = (i: number) => `${prefix}_t${i}`;
  const v = (i: number) => `${prefix}_v${i}`;
  for (let i = 0; i < TABLES_PER_SCRIPT; i++) {
    const table = t(i);
    const view = v(i);
    statements.push({
      sql: `CREATE TABLE ${table} (a int, b text);`,
      tag: 'CREATE TABLE',
      apply: (s) => s.set(table, { kind: 'table' }),
    });
    statements.push({
      sql: `CREATE VIEW ${view} AS SELECT a FROM ${table} WHERE a > ${i};`,
      tag: 'CREATE VIEW',
      apply: (s) => s.set(view, { kind: 'view', uses: table }),
    });
    if (i % 3 === 2) {
      const dropped = v(i - 1);
      statements.push({
        sql: `DROP VIEW ${dropped};`,
        tag: 'DROP VIEW',
        apply: (s) => s.delete(dropped),
      });
    }
    if (i % 5 === 4) {
      // The view of this table may still exist: CASCADE drops both in one statement.
      const dropped = t(i - 2);
      statements.push({
        sql: `DROP TABLE ${dropped} CASCADE;`,
        tag: 'DROP TABLE',
        apply: (s) => {
          s.delete(dropped);
          for (const [name, item] of s) if (item.uses === dropped) s.delete(name);
        },
      });
    }
  }
  return statements;
}

function stateAfter(start: State, statements: readonly Statement[], count: number): State {
  const state: State = new Map([...start].map(([k, item]) => [k, { ...item }]));
  for (const statement of statements.slice(0, count)) statement.apply(state);
  return state;
}

/** Runs the script in a CLI process and SIGKILLs it after `killAfter` tags; returns the tags printed. */
async function runUntilKilled(
  dataDir: string,
  file: string | undefined,
  text: string,
  killAfter: number,
): Promise<{ tags: string[]; stderr: string }> {
  // With a file: -f FILE. Without: the script on stdin (read to its end, then run one by one).
  const args = ['--data-dir', dataDir, ...(file ? ['-f', file] : [])];
  const child = spawn(process.execPath, cliArgs(args), { cwd: REPO, stdio: ['pipe', 'pipe', 'pipe'] });
  let out = '';
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (d: string) => {
    stderr += d;
  });
  const closed = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.on('close', (code, signal) => resolve({ code, signal })),
  );
  child.stdout.setEncoding('utf8').on('data', (d: string) => {
    out += d;
    if (!child.killed && out.split('\n').length > killAfter) child.kill('SIGKILL');
  });
  child.stdin.on('error', () => {}); // EPIPE if it is killed before reading everything
  child.stdin.end(file ? '' : text);
  // 'close' comes after stdout reached its end: every tag written before the kill has been read.
  const { code, signal } = await closed;
  assert.equal(
    signal,
    'SIGKILL',
    `the script ended by itself (exit code ${code}) before the kill:\n${stderr}`,
  );
  const lines = out.split('\n');
  lines.pop(); // '' after the last newline, or a line the kill cut short
  return { tags: lines, stderr };
}

/** The catalog's tables and views as the CLI shows them after a restart. */
async function catalogObjects(dataDir: string): Promise<Map<string, string>> {
  const run = await runCli(['--data-dir', dataDir, '--format', 'json', '-c', 'SHOW OBJECTS']);
  assert.equal(run.code, 0, run.stderr);
  const { rows } = JSON.parse(run.stdout) as { rows: { name: string; type: string }[] };
  return new Map(rows.map((r) => [r.name, r.type]));
}

function describeState(state: State): Map<string, string> {
  return new Map([...state].map(([name, item]) => [name, item.kind]));
}

function sameObjects(a: Map<string, string>, b: Map<string, string>): boolean {
  return a.size === b.size && [...a].every(([name, kind]) => b.get(name) === kind);
}

test('SIGKILL between statements leaves the catalog as the printed tags say, intact and usable', async (t) => {
  const ws = cliWorkspace(t);
  const next = mulberry32(SEED);
  const failHint = `(KILL_SEED=${SEED})`;
  let expected: State = new Map();

  for (let round = 0; round < ROUNDS; round++) {
    const statements = script(`r${round}`);
    const text = `${statements.map((s) => s.sql).join('\n')}\n`;
    const viaFile = round % 2 === 0;
    const file = viaFile ? ws.file(`round${round}.sql`, text) : undefined;
    // Early, middle or late in the script, never at its very end.
    const killAfter = 1 + Math.floor(next() * statements.length * 0.6);
    const { tags, stderr } = await runUntilKilled(ws.dataDir, file, text, killAfter);
    const where = `round ${round} (${viaFile ? '-f' : 'stdin'}, kill after ${killAfter} tags) ${failHint}`;
    assert.equal(stderr, '', `${where}: no statement failed`);
    assert.ok(tags.length >= killAfter, `${where}: only ${tags.length} tags`);
    assert.ok(tags.length < statements.length, `${where}: every statement ran before the kill`);
    assert.deepEqual(
      tags,
      statements.slice(0, tags.length).map((s) => s.tag),
      `${where}: tags in script order`,
    );

    // Restart: what the catalog holds is what the printed tags say, give or take the one in flight.
    const objects = await catalogObjects(ws.dataDir);
    const done = stateAfter(expected, statements, tags.length);
    const withInFlight = stateAfter(expected, statements, tags.length + 1);
    const inFlight = statements[tags.length]!.sql;
    const committedInFlight = sameObjects(objects, describeState(withInFlight));
    t.diagnostic(
      `${where}: ${tags.length} tags printed; in flight: ${inFlight} (${committedInFlight ? 'committed' : 'not committed'}); ` +
        `${objects.size} objects after the restart`,
    );
    if (committedInFlight) {
      expected = withInFlight;
    } else {
      assert.deepEqual(
        [...objects].sort(),
        [...describeState(done)].sort(),
        `${where}: the catalog after the kill; in flight was ${inFlight}`,
      );
      expected = done;
    }

    const db = new Database(path.join(ws.dataDir, CATALOG_FILE), { readonly: true });
    assert.equal(db.pragma('integrity_check', { simple: true }), 'ok', where);
    assert.deepEqual(db.pragma('foreign_key_check'), [], where);
    db.close();

    // Every view still depends on its table: DROP TABLE without CASCADE refuses, naming the view.
    const guarded = [...expected].filter(([, item]) => item.kind === 'view');
    assert.ok(guarded.length > 0 || tags.length < 3, `${where}: no views to check`);
    if (guarded.length > 0) {
      const drops = ws.file(
        `drops${round}.sql`,
        guarded.map(([, view]) => `DROP TABLE ${view.uses};`).join('\n'),
      );
      const run = await runCli(['--data-dir', ws.dataDir, '--continue-on-error', '-f', drops]);
      assert.equal(run.code, 1, where);
      assert.equal(run.stdout, '', `${where}: no DROP TABLE succeeded`);
      assert.doesNotMatch(run.stderr, STACK_LINE);
      for (const [name, view] of guarded) {
        assert.ok(
          run.stderr.includes(
            `ERROR: cannot drop table "${view.uses}": still depended upon by view "${name}"\n`,
          ),
          `${where}: DROP TABLE ${view.uses} did not name view ${name}`,
        );
      }
      assert.ok(sameObjects(await catalogObjects(ws.dataDir), describeState(expected)), where);
    }

    // And the catalog takes new statements, the item ids carrying on after the crash.
    const probe = `probe${round}`;
    const run = await runCli([
      '--data-dir',
      ws.dataDir,
      '-c',
      `CREATE TABLE ${probe} (a int); CREATE VIEW ${probe}_v AS SELECT a FROM ${probe}`,
      '-c',
      `SHOW OBJECTS LIKE '${probe}%'`,
      '-c',
      `DROP TABLE ${probe} CASCADE`,
    ]);
    assert.equal(run.code, 0, `${where}: ${run.stderr}`);
    assert.equal(
      run.stdout,
      'CREATE TABLE\nCREATE VIEW\n' +
        '   name   | type\n' +
        '----------+-------\n' +
        ` ${probe}   | table\n` +
        ` ${probe}_v | view\n` +
        '(2 rows)\n\n' +
        'DROP TABLE\n',
    );
  }
});
