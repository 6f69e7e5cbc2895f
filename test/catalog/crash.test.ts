import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import path from 'node:path';
import { test } from 'node:test';
import Database from 'better-sqlite3';
import { Catalog } from '../../src/catalog/catalog.ts';
import { CATALOG_FILE } from '../../src/catalog/data-dir.ts';
import { parseItemId } from '../../src/catalog/item.ts';
import { tempDir } from './temp-dir.ts';

const FIXTURE = path.join(import.meta.dirname, 'fixtures', 'create-loop.ts');
/** Enough committed statements that the kill lands in the middle of steady writing. */
const LINES_BEFORE_KILL = 150;
const ROUNDS = 3;

interface Round {
  instanceId: string;
  /** Changes (`+name`, `-name`) of the statements that reported `ok`, in order. */
  committed: string[];
  /** Changes of the statement in flight when the kill landed, if any. */
  inFlight: string[];
}

function applyChanges(names: Set<string>, changes: readonly string[]): Set<string> {
  const next = new Set(names);
  for (const c of changes) {
    if (c.startsWith('+')) next.add(c.slice(1));
    else next.delete(c.slice(1));
  }
  return next;
}

/** Starts the writer, lets it commit for a while, SIGKILLs it and returns what it reported. */
async function writeUntilKilled(dataDir: string, prefix: string): Promise<Round> {
  const child = spawn(process.execPath, ['--import', 'tsx', FIXTURE, dataDir, prefix], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stderr.on('data', (d: Buffer) => {
    err += d.toString();
  });
  const exited = new Promise<NodeJS.Signals | null>((resolve) =>
    child.on('exit', (_code, signal) => resolve(signal)),
  );
  const drained = new Promise((resolve) => child.stdout.on('close', resolve));
  await new Promise<void>((resolve, reject) => {
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      if (!child.killed && out.split('\n').length > LINES_BEFORE_KILL) {
        child.kill('SIGKILL');
        resolve();
      }
    });
    child.on('exit', () => reject(new Error(`writer exited before it was killed:\n${err}`)));
  });
  assert.equal(await exited, 'SIGKILL');
  // Read to the end of the pipe: lines written before the kill landed are complete commits.
  await drained;
  const lines = out.split('\n');
  lines.pop(); // the last element is '' or a line cut off by the kill
  const [ready, ...rest] = lines;
  const instanceId = /^ready (.+)$/.exec(ready ?? '')?.[1];
  assert.ok(instanceId, `no ready line in ${JSON.stringify(out.slice(0, 200))}`);
  const committed: string[] = [];
  let inFlight: string[] = [];
  for (const line of rest) {
    if (line.startsWith('> ')) inFlight = line.slice(2).split(' ');
    else if (line === 'ok') {
      committed.push(...inFlight);
      inFlight = [];
    } else assert.fail(`unexpected output line ${JSON.stringify(line)}`);
  }
  return { instanceId, committed, inFlight };
}

test('every statement committed before a SIGKILL is in the catalog after reopening, and the file is intact', async (t) => {
  const dataDir = tempDir(t);
  let expected = new Set<string>();
  let instanceId: string | undefined;
  for (let round = 0; round < ROUNDS; round++) {
    const result = await writeUntilKilled(dataDir, `r${round}`);
    instanceId ??= result.instanceId;
    assert.equal(result.instanceId, instanceId, 'the instance id survives restarts');
    expected = applyChanges(expected, result.committed);

    const db = new Database(path.join(dataDir, CATALOG_FILE));
    assert.equal(db.pragma('integrity_check', { simple: true }), 'ok');
    assert.deepEqual(db.pragma('foreign_key_check'), []);
    db.close();

    const catalog = Catalog.open({ dataDir });
    const names = new Set(catalog.list().map((i) => i.name));
    // The statement in flight when the kill landed committed entirely or not at all.
    const withInFlight = applyChanges(expected, result.inFlight);
    if (names.size === withInFlight.size && [...names].every((n) => withInFlight.has(n)))
      expected = withInFlight;
    assert.deepEqual([...names].sort(), [...expected].sort());
    // Ids keep increasing across the crash.
    const maxSeq = Math.max(...catalog.list().map((i) => parseItemId(i.id)!));
    const probe = catalog.create({ name: `probe${round}`, kind: 'table', createSql: '' });
    assert.ok(probe.status === 'created' && parseItemId(probe.item.id)! > maxSeq);
    catalog.drop([`probe${round}`], 'table');
    catalog.close();
  }
});
