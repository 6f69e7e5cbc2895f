/**
 * The sluice command line as a process: -c, -f and stdin (script mode), the output formats, exit
 * codes, where errors and notices go, the flags, and the prompt a terminal gets.
 *
 * Every run gets its own --data-dir (see cli-process.ts), so runs see only what the test made.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { FLAGS } from '../../src/cli/options.ts';
import { cliArgs, cliWorkspace, REPO, runCli, STACK_LINE } from './cli-process.ts';

const VERSION = (JSON.parse(readFileSync(path.join(REPO, 'package.json'), 'utf8')) as { version: string })
  .version;

/** What `SHOW TABLES` prints for these names, as psql would. */
function tablesOutput(...names: string[]): string {
  const width = Math.max(4, ...names.map((n) => n.length));
  const rows = names.map((n) => ` ${n}\n`).join('');
  const header = ` ${' '.repeat(Math.floor((width - 4) / 2))}name`;
  const count = names.length === 1 ? '(1 row)' : `(${names.length} rows)`;
  return `${header}\n${'-'.repeat(width + 2)}\n${rows}${count}\n\n`;
}

/** The tables of a data directory, by a second run of the CLI. */
async function showTables(dataDir: string): Promise<string[]> {
  const run = await runCli(['--data-dir', dataDir, '--format', 'json', '-c', 'SHOW TABLES']);
  assert.equal(run.code, 0, run.stderr);
  const line = JSON.parse(run.stdout) as { rows: { name: string }[] };
  return line.rows.map((r) => r.name);
}

/** The line of `stderr` starting with `LINE `, and the caret line under it. */
function sourceAndCaret(stderr: string): { source: string; caret: string } {
  const lines = stderr.split('\n');
  const at = lines.findIndex((l) => l.startsWith('LINE '));
  assert.ok(at >= 0, `no LINE in ${JSON.stringify(stderr)}`);
  return { source: lines[at]!, caret: lines[at + 1]! };
}

test('-c prints command tags and psql-style aligned tables with row counts', async (t) => {
  const { dataDir } = cliWorkspace(t);
  const run = await runCli([
    '--data-dir',
    dataDir,
    '-c',
    'CREATE TABLE t (a int, b text NOT NULL)',
    '-c',
    'SHOW TABLES',
    '-c',
    'SHOW COLUMNS FROM t',
  ]);
  assert.equal(run.stderr, '');
  assert.equal(run.code, 0);
  assert.equal(
    run.stdout,
    'CREATE TABLE\n' +
      ' name\n' +
      '------\n' +
      ' t\n' +
      '(1 row)\n' +
      '\n' +
      ' name | nullable |  type\n' +
      '------+----------+---------\n' +
      ' a    | true     | integer\n' +
      ' b    | false    | text\n' +
      '(2 rows)\n' +
      '\n',
  );
});

test('a table with no rows says (0 rows), and wide cells widen their column', async (t) => {
  const { dataDir } = cliWorkspace(t);
  const empty = await runCli(['--data-dir', dataDir, '-c', 'SHOW TABLES']);
  assert.equal(empty.code, 0, empty.stderr);
  assert.equal(empty.stdout, ' name\n------\n(0 rows)\n\n');

  const run = await runCli([
    '--data-dir',
    dataDir,
    '-c',
    'CREATE TABLE a_rather_long_table_name (x int); CREATE TABLE b (x int)',
    '-c',
    'SHOW TABLES',
  ]);
  assert.equal(run.code, 0, run.stderr);
  assert.equal(run.stdout, `CREATE TABLE\nCREATE TABLE\n${tablesOutput('a_rather_long_table_name', 'b')}`);
  assert.ok(run.stdout.includes(`${' '.repeat(11)}name\n${'-'.repeat(26)}\n`), 'the header is centred');
});

test('several -c run in order, each statement of each printing its tag', async (t) => {
  const { dataDir } = cliWorkspace(t);
  const run = await runCli([
    '--data-dir',
    dataDir,
    '-c',
    'CREATE TABLE one (x int); CREATE VIEW one_v AS SELECT x FROM one',
    '-c',
    'CREATE TABLE two (x int)',
    '-c',
    'DROP VIEW one_v',
    '-c',
    'SHOW TABLES',
  ]);
  assert.equal(run.code, 0, run.stderr);
  assert.equal(
    run.stdout,
    `CREATE TABLE\nCREATE VIEW\nCREATE TABLE\nDROP VIEW\n${tablesOutput('one', 'two')}`,
  );
});

test('-f runs the statements of a file', async (t) => {
  const ws = cliWorkspace(t);
  const file = ws.file(
    'script.sql',
    '-- a comment\nCREATE TABLE orders (id bigint);\n\nCREATE VIEW big AS\n  SELECT id FROM orders WHERE id > 10;\nSHOW TABLES;\n',
  );
  const run = await runCli(['--data-dir', ws.dataDir, '-f', file]);
  assert.equal(run.code, 0, run.stderr);
  assert.equal(run.stderr, '');
  assert.equal(run.stdout, `CREATE TABLE\nCREATE VIEW\n${tablesOutput('orders')}`);
});

test('SQL on stdin runs when stdin is not a terminal, and so does -f -', async (t) => {
  const { dataDir } = cliWorkspace(t);
  const piped = await runCli(['--data-dir', dataDir], {
    stdin: 'CREATE TABLE from_stdin (x int);\nSHOW TABLES;\n',
  });
  assert.equal(piped.code, 0, piped.stderr);
  assert.equal(piped.stdout, `CREATE TABLE\n${tablesOutput('from_stdin')}`);

  const dash = await runCli(['--data-dir', dataDir, '-f', '-'], { stdin: 'DROP TABLE from_stdin;' });
  assert.equal(dash.code, 0, dash.stderr);
  assert.equal(dash.stdout, 'DROP TABLE\n');
  assert.deepEqual(await showTables(dataDir), []);
});

test('--format json prints one JSON line per statement: its tag, and rows for a query', async (t) => {
  const { dataDir } = cliWorkspace(t);
  const run = await runCli([
    '--data-dir',
    dataDir,
    '--format',
    'json',
    '-c',
    'CREATE TABLE t (a int, b text NOT NULL)',
    '-c',
    'SHOW TABLES; SHOW COLUMNS FROM t; DROP TABLE t',
  ]);
  assert.equal(run.code, 0, run.stderr);
  assert.ok(run.stdout.endsWith('\n'));
  const lines = run.stdout.trimEnd().split('\n');
  assert.deepEqual(
    lines.map((l) => JSON.parse(l)),
    [
      { tag: 'CREATE TABLE' },
      { tag: 'SELECT 1', rows: [{ name: 't' }] },
      {
        tag: 'SELECT 2',
        rows: [
          { name: 'a', nullable: 'true', type: 'integer' },
          { name: 'b', nullable: 'false', type: 'text' },
        ],
      },
      { tag: 'DROP TABLE' },
    ],
  );
});

test('--format csv quotes fields with commas, quotes and newlines, and prints NULL as nothing', async (t) => {
  const { dataDir } = cliWorkspace(t);
  const run = await runCli([
    '--data-dir',
    dataDir,
    '--format',
    'csv',
    '-c',
    'CREATE TABLE "a,b" (x int); CREATE TABLE "say ""hi""" (x int); CREATE TABLE "line\nbreak" (x int); CREATE TABLE plain (x int)',
    '-c',
    'SHOW TABLES',
    '-c',
    'CREATE CLUSTER c (REPLICATION FACTOR 1)',
    '-c',
    'SHOW CLUSTERS',
    '-c',
    'SHOW CREATE TABLE "a,b"',
  ]);
  assert.equal(run.code, 0, run.stderr);
  assert.equal(
    run.stdout,
    'name\n"a,b"\n"line\nbreak"\nplain\n"say ""hi"""\n' +
      'name,size\nc,\n' +
      'name,create_sql\n"materialize.public.a,b","CREATE TABLE ""a,b"" (x int)"\n',
  );
});

test('the first failing -c statement stops the run: exit 1, ERROR on stderr, later statements not run', async (t) => {
  const { dataDir } = cliWorkspace(t);
  const run = await runCli([
    '--data-dir',
    dataDir,
    '-c',
    'CREATE TABLE a (x int)',
    '-c',
    'CREATE VIEW v AS SELECT x FROM nope',
    '-c',
    'CREATE TABLE b (x int)',
  ]);
  assert.equal(run.code, 1);
  assert.equal(run.stdout, 'CREATE TABLE\n');
  assert.doesNotMatch(run.stderr, STACK_LINE);
  assert.equal(
    run.stderr,
    "ERROR: unknown catalog item 'nope'\n" +
      'LINE 1:32: CREATE VIEW v AS SELECT x FROM nope\n' +
      `${' '.repeat('LINE 1:32: '.length + 31)}^\n`,
  );
  assert.deepEqual(await showTables(dataDir), ['a']);
});

test('in a -f file the error names the line in the file, with the caret under the column', async (t) => {
  const ws = cliWorkspace(t);
  const file = ws.file(
    'views.sql',
    'CREATE TABLE t (a int);\n\n  CREATE VIEW v AS\n    SELECT a FROM nope;\nCREATE TABLE u (a int);\n',
  );
  const run = await runCli(['--data-dir', ws.dataDir, '-f', file]);
  assert.equal(run.code, 1);
  assert.equal(run.stdout, 'CREATE TABLE\n');
  assert.doesNotMatch(run.stderr, STACK_LINE);
  assert.ok(run.stderr.startsWith("ERROR: unknown catalog item 'nope'\n"), run.stderr);
  const { source, caret } = sourceAndCaret(run.stderr);
  assert.equal(source, 'LINE 4:19:     SELECT a FROM nope;');
  assert.equal(caret.trimEnd(), `${' '.repeat(caret.indexOf('^'))}^`);
  assert.equal(caret.indexOf('^'), source.indexOf('nope'), 'the caret is under the unknown name');
  assert.deepEqual(await showTables(ws.dataDir), ['t'], 'the statement after the error did not run');
});

test('--continue-on-error runs the statements after a failure and still exits 1', async (t) => {
  const ws = cliWorkspace(t);
  const file = ws.file(
    'script.sql',
    'CREATE TABLE a (x int);\nDROP TABLE missing;\nCREATE TABLE b (x int);\nCREATE TABEL c (x int);\nCREATE TABLE d (x int);\n',
  );
  const run = await runCli([
    '--data-dir',
    ws.dataDir,
    '--continue-on-error',
    '-f',
    file,
    '-c',
    'CREATE TABLE a (x int)',
    '-c',
    'CREATE TABLE e (x int)',
  ]);
  assert.equal(run.code, 1);
  assert.equal(run.stdout, 'CREATE TABLE\nCREATE TABLE\nCREATE TABLE\nCREATE TABLE\n');
  assert.doesNotMatch(run.stderr, STACK_LINE);
  const errors = run.stderr.split('\n').filter((l) => l.startsWith('ERROR: '));
  assert.deepEqual(errors, [
    "ERROR: unknown catalog item 'missing'",
    'ERROR: Expected one of TABLE, VIEW, MATERIALIZED VIEW, SOURCE, SINK, CONNECTION, SECRET or CLUSTER, found identifier "tabel"',
    "ERROR: catalog item 'a' already exists",
  ]);
  assert.match(run.stderr, /\nLINE 4:8: CREATE TABEL c \(x int\);\n {17}\^\n/);
  assert.deepEqual(await showTables(ws.dataDir), ['a', 'b', 'd', 'e']);
});

test('a -c string with a syntax error in its second statement runs none of it', async (t) => {
  const { dataDir } = cliWorkspace(t);
  const run = await runCli([
    '--data-dir',
    dataDir,
    '-c',
    'CREATE TABLE a (x int); CREATE TABEL b (x int); CREATE TABLE c (x int)',
  ]);
  assert.equal(run.code, 1);
  assert.equal(run.stdout, '');
  assert.doesNotMatch(run.stderr, STACK_LINE);
  const { source, caret } = sourceAndCaret(run.stderr);
  assert.equal(source, 'LINE 1:32: CREATE TABLE a (x int); CREATE TABEL b (x int); CREATE TABLE c (x int)');
  assert.equal(caret.indexOf('^'), source.indexOf('TABEL'));
  assert.deepEqual(await showTables(dataDir), []);
});

test('a -f file with a syntax error in its third statement has run the first two', async (t) => {
  const ws = cliWorkspace(t);
  const file = ws.file(
    'script.sql',
    'CREATE TABLE a (x int);\nCREATE TABLE b (x int);\nCREATE TABLE c (x int, y);\nCREATE TABLE d (x int);\n',
  );
  const run = await runCli(['--data-dir', ws.dataDir, '-f', file]);
  assert.equal(run.code, 1);
  assert.equal(run.stdout, 'CREATE TABLE\nCREATE TABLE\n');
  assert.doesNotMatch(run.stderr, STACK_LINE);
  assert.match(run.stderr, /^ERROR: syntax error at or near "\)"\n/);
  const { source, caret } = sourceAndCaret(run.stderr);
  assert.equal(source, 'LINE 3:25: CREATE TABLE c (x int, y);');
  assert.equal(caret.indexOf('^'), source.lastIndexOf(')'));
  assert.deepEqual(await showTables(ws.dataDir), ['a', 'b']);
});

test('a -f file with an unterminated quote in its third statement has run the first two', async (t) => {
  const ws = cliWorkspace(t);
  const file = ws.file(
    'script.sql',
    'CREATE TABLE a (x int);\nCREATE TABLE b (x int);\nCREATE TABLE "c (x int);\nCREATE TABLE d (x int);\n',
  );
  const run = await runCli(['--data-dir', ws.dataDir, '-f', file]);
  assert.equal(run.code, 1);
  assert.equal(run.stdout, 'CREATE TABLE\nCREATE TABLE\n');
  assert.doesNotMatch(run.stderr, STACK_LINE);
  assert.match(run.stderr, /^ERROR: unterminated quoted identifier\n/);
  const { source, caret } = sourceAndCaret(run.stderr);
  assert.equal(source, 'LINE 3:14: CREATE TABLE "c (x int);');
  assert.equal(caret.indexOf('^'), source.indexOf('"'));
  assert.deepEqual(await showTables(ws.dataDir), ['a', 'b']);
});

test('NOTICEs go to stderr, results to stdout', async (t) => {
  const { dataDir } = cliWorkspace(t);
  const run = await runCli([
    '--data-dir',
    dataDir,
    '-c',
    'CREATE TABLE t (a int)',
    '-c',
    'CREATE TABLE IF NOT EXISTS t (a int)',
    '-c',
    'DROP VIEW IF EXISTS nope',
  ]);
  assert.equal(run.code, 0, run.stderr);
  assert.equal(run.stdout, 'CREATE TABLE\nCREATE TABLE\nDROP VIEW\n');
  assert.equal(
    run.stderr,
    'NOTICE: table "t" already exists, skipping\nNOTICE: view "nope" does not exist, skipping\n',
  );

  const json = await runCli([
    '--data-dir',
    dataDir,
    '--format',
    'json',
    '-c',
    'CREATE TABLE IF NOT EXISTS t (a int)',
  ]);
  assert.equal(json.code, 0, json.stderr);
  assert.deepEqual(JSON.parse(json.stdout), { tag: 'CREATE TABLE' });
  assert.equal(json.stderr, 'NOTICE: table "t" already exists, skipping\n');
});

test('a secret value never appears in an error, even on the source line', async (t) => {
  const { dataDir } = cliWorkspace(t);
  const run = await runCli(['--data-dir', dataDir, '-c', "CREATE SECRET s AS 'hunter2' oops"]);
  assert.equal(run.code, 1);
  assert.doesNotMatch(run.stderr, STACK_LINE);
  assert.ok(!run.stderr.includes('hunter2'), run.stderr);
  const { source, caret } = sourceAndCaret(run.stderr);
  assert.match(source, /^LINE 1:30: CREATE SECRET s AS \*+ oops$/);
  assert.equal(caret.indexOf('^'), source.indexOf('oops'));
});

test('an empty secret is refused at the value, not blamed on the keychain', async (t) => {
  const { dataDir } = cliWorkspace(t);
  const run = await runCli(['--data-dir', dataDir, '-c', "CREATE SECRET s AS ''"]);
  assert.equal(run.code, 1);
  assert.doesNotMatch(run.stderr, STACK_LINE);
  assert.match(run.stderr, /^ERROR: a secret cannot be empty\n/);
  assert.doesNotMatch(run.stderr, /keychain failed/);
  const { source, caret } = sourceAndCaret(run.stderr);
  const before = 'LINE 1:20: CREATE SECRET s AS ';
  assert.ok(source.startsWith(before), source);
  assert.equal(caret.indexOf('^'), before.length, 'the caret is under the (masked) value');
  const secrets = await runCli(['--data-dir', dataDir, '--format', 'csv', '-c', 'SHOW SECRETS']);
  assert.equal(secrets.stdout, 'name\n');
});

test('--help exits 0 and lists every flag', async () => {
  for (const flag of ['--help', '-h']) {
    const run = await runCli([flag]);
    assert.equal(run.code, 0);
    assert.equal(run.stderr, '');
    assert.ok(run.stdout.startsWith(`sluice ${VERSION}`), run.stdout);
    for (const [name, spec] of Object.entries(FLAGS)) {
      const short = 'short' in spec ? `-${spec.short}, ` : '';
      assert.ok(run.stdout.includes(`${short}--${name}`), `--help does not list ${short}--${name}`);
    }
  }
});

test("--version prints package.json's version", async () => {
  for (const flag of ['--version', '-V']) {
    const run = await runCli([flag]);
    assert.equal(run.code, 0);
    assert.equal(run.stdout, `${VERSION}\n`);
    assert.equal(run.stderr, '');
  }
});

test("usage errors exit 2 with 'sluice: ...' and a pointer to --help", async (t) => {
  const { dataDir } = cliWorkspace(t);
  const cases: [string[], RegExp][] = [
    [['--bogus'], /--bogus/],
    [['--format', 'xml', '-c', 'SHOW TABLES'], /table, json, csv.*'xml'/],
    [['-c'], /argument missing/],
    [['SHOW TABLES'], /unexpected argument 'SHOW TABLES'/],
  ];
  for (const [args, message] of cases) {
    const run = await runCli(['--data-dir', dataDir, ...args]);
    assert.equal(run.code, 2, `${args.join(' ')}: ${run.stderr}`);
    assert.equal(run.stdout, '');
    assert.match(run.stderr, /^sluice: /);
    assert.match(run.stderr.split('\n')[0]!, message);
    assert.ok(run.stderr.endsWith("Try 'sluice --help'.\n"), run.stderr);
    assert.doesNotMatch(run.stderr, STACK_LINE);
  }
  assert.ok(!existsSync(dataDir), 'a usage error does not create the data directory');
});

test('SLUICE_DATA_DIR is the data directory when there is no --data-dir; --data-dir wins over it', async (t) => {
  const fromEnv = cliWorkspace(t).dataDir;
  const fromFlag = cliWorkspace(t).dataDir;
  const env = { ...process.env, SLUICE_DATA_DIR: fromEnv };
  const run = await runCli(['-c', 'CREATE TABLE in_env (x int)'], { env });
  assert.equal(run.code, 0, run.stderr);
  assert.deepEqual(await showTables(fromEnv), ['in_env']);

  const flagged = await runCli(['--data-dir', fromFlag, '-c', 'CREATE TABLE in_flag (x int)'], { env });
  assert.equal(flagged.code, 0, flagged.stderr);
  assert.deepEqual(await showTables(fromFlag), ['in_flag']);
  assert.deepEqual(await showTables(fromEnv), ['in_env']);
});

test('a data directory or a file that cannot be used is an error without a stack trace', async (t) => {
  const ws = cliWorkspace(t);
  const notADir = ws.file('not-a-dir', 'x');
  const badDir = await runCli(['--data-dir', notADir, '-c', 'SHOW TABLES']);
  assert.equal(badDir.code, 1);
  assert.equal(badDir.stdout, '');
  assert.match(badDir.stderr, /^ERROR: data directory .*not-a-dir is not a directory\nHINT: /);
  assert.doesNotMatch(badDir.stderr, STACK_LINE);

  const missing = await runCli(['--data-dir', ws.dataDir, '-f', path.join(ws.dataDir, 'missing.sql')]);
  assert.equal(missing.code, 1);
  assert.match(missing.stderr, /^sluice: cannot read .*missing\.sql: ENOENT\n$/);
  assert.doesNotMatch(missing.stderr, STACK_LINE);
});

test('on a terminal sluice prompts, survives an error, continues an unfinished statement, and leaves on \\q', async (t) => {
  const { dataDir } = cliWorkspace(t);
  // `script` gives the CLI a pseudo-terminal as stdin and stdout; -e passes on its exit code.
  const command = [process.execPath, ...cliArgs(['--data-dir', dataDir])]
    .map((a) => `'${a.replaceAll("'", "'\\''")}'`)
    .join(' ');
  const child = spawn('script', ['-qfec', command, '/dev/null'], {
    cwd: REPO,
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout.setEncoding('utf8').on('data', (d: string) => {
    out += d;
  });
  child.stderr.setEncoding('utf8').on('data', (d: string) => {
    out += d;
  });
  const exited = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
  // Type once the prompt is there, as a person would.
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no prompt: ${JSON.stringify(out)}`)), 30_000);
    child.stdout.on('data', () => {
      if (out.includes('sluice=> ')) {
        clearTimeout(timer);
        resolve();
      }
    });
  });
  child.stdin.write('CREATE TABLE 1x (a int);\n'); // a lexical error: reported, and the prompt goes on
  child.stdin.write('CREATE TABLE t\n');
  child.stdin.write('(a int);\n');
  child.stdin.write('SHOW TABLES;\n');
  child.stdin.write('\\q\n');
  assert.equal(await exited, 0, out);
  assert.ok(out.includes(`sluice ${VERSION}.`), out);
  assert.ok(out.includes('sluice-> '), `no continuation prompt in ${JSON.stringify(out)}`);
  const text = out.replaceAll('\r', '');
  assert.ok(text.includes('ERROR: trailing junk after numeric literal at or near "1x"\nLINE 1:14: '), text);
  assert.ok(text.includes('CREATE TABLE\n'), text);
  assert.ok(text.includes(' name\n------\n t\n(1 row)\n'), text);
  assert.deepEqual(await showTables(dataDir), ['t']);
});
