import assert from 'node:assert/strict';
import { chmodSync, existsSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { Catalog } from '../../src/catalog/catalog.ts';
import { CATALOG_FILE, DataDirError, prepareDataDir, resolveDataDir } from '../../src/catalog/data-dir.ts';
import { tempDir } from './temp-dir.ts';

const linux = { home: '/home/ada', platform: 'linux' as const, cwd: '/srv/project' };

test('--data-dir wins over SLUICE_DATA_DIR, which wins over the XDG default', () => {
  const env = { SLUICE_DATA_DIR: '/from/env', XDG_DATA_HOME: '/xdg' };
  assert.deepEqual(resolveDataDir({ ...linux, env, flag: '/from/flag' }), {
    path: '/from/flag',
    source: 'flag',
  });
  assert.deepEqual(resolveDataDir({ ...linux, env }), { path: '/from/env', source: 'env' });
  assert.deepEqual(resolveDataDir({ ...linux, env: { XDG_DATA_HOME: '/xdg' } }), {
    path: '/xdg/sluice',
    source: 'default',
  });
});

test('without XDG_DATA_HOME (or with a relative one) the default is ~/.local/share/sluice', () => {
  assert.equal(resolveDataDir({ ...linux, env: {} }).path, '/home/ada/.local/share/sluice');
  assert.equal(
    resolveDataDir({ ...linux, env: { XDG_DATA_HOME: 'relative' } }).path,
    '/home/ada/.local/share/sluice',
  );
});

test('empty flag and env values count as not given', () => {
  assert.equal(resolveDataDir({ ...linux, env: { SLUICE_DATA_DIR: '' }, flag: '' }).source, 'default');
});

test('relative and ~ paths are resolved against the working directory and home', () => {
  assert.equal(resolveDataDir({ ...linux, env: {}, flag: 'data' }).path, '/srv/project/data');
  assert.equal(resolveDataDir({ ...linux, env: { SLUICE_DATA_DIR: '~/sl' } }).path, '/home/ada/sl');
});

test('macOS uses Application Support and Windows uses %APPDATA%', () => {
  assert.equal(
    resolveDataDir({ env: { XDG_DATA_HOME: '/xdg' }, home: '/Users/ada', platform: 'darwin', cwd: '/' }).path,
    '/Users/ada/Library/Application Support/sluice',
  );
  assert.equal(
    resolveDataDir({
      env: { APPDATA: 'C:\\Users\\ada\\AppData\\Roaming' },
      home: 'C:\\Users\\ada',
      platform: 'win32',
      cwd: 'C:\\',
    }).path,
    'C:\\Users\\ada\\AppData\\Roaming\\sluice',
  );
  assert.equal(
    resolveDataDir({ env: {}, home: 'C:\\Users\\ada', platform: 'win32', cwd: 'C:\\' }).path,
    'C:\\Users\\ada\\AppData\\Roaming\\sluice',
  );
});

function mode(file: string): number {
  return statSync(file).mode & 0o777;
}

test('the data directory is 0700 and every catalog file 0600, whatever the umask', (t) => {
  const dir = path.join(tempDir(t), 'nested', 'data');
  const previous = process.umask(0);
  try {
    const catalog = Catalog.open({ dataDir: dir });
    catalog.create({ name: 't', kind: 'table', createSql: 'CREATE TABLE t ()' });
    assert.equal(mode(dir), 0o700);
    const files = readdirSync(dir).sort();
    assert.deepEqual(files, [CATALOG_FILE, `${CATALOG_FILE}-shm`, `${CATALOG_FILE}-wal`]);
    for (const f of files) assert.equal(mode(path.join(dir, f)), 0o600, f);
    catalog.close();
  } finally {
    process.umask(previous);
  }
});

test('an existing sluice data directory with loose modes is tightened on open', (t) => {
  const dir = tempDir(t);
  Catalog.open({ dataDir: dir }).close();
  chmodSync(dir, 0o755);
  chmodSync(path.join(dir, CATALOG_FILE), 0o644);
  Catalog.open({ dataDir: dir }).close();
  assert.equal(mode(dir), 0o700);
  assert.equal(mode(path.join(dir, CATALOG_FILE)), 0o600);
});

test('an empty existing directory is adopted', (t) => {
  const dir = tempDir(t);
  chmodSync(dir, 0o755);
  prepareDataDir(dir);
  assert.equal(mode(dir), 0o700);
});

test('a non-empty directory without a catalog is refused and left untouched', (t) => {
  const dir = tempDir(t);
  writeFileSync(path.join(dir, 'notes.txt'), 'mine');
  chmodSync(dir, 0o755);
  assert.throws(
    () => Catalog.open({ dataDir: dir }),
    (err: unknown) =>
      err instanceof DataDirError && err.code === 'data-dir-not-empty' && /--data-dir/.test(err.hint ?? ''),
  );
  assert.equal(mode(dir), 0o755);
  assert.equal(existsSync(path.join(dir, CATALOG_FILE)), false);
});

test('a data directory path that is a file is refused', (t) => {
  const file = path.join(tempDir(t), 'file');
  writeFileSync(file, '');
  assert.throws(
    () => prepareDataDir(file),
    (err: unknown) => err instanceof DataDirError && err.code === 'data-dir-not-a-directory',
  );
});

test('a data directory that cannot be created is reported with what to do', (t) => {
  const parent = tempDir(t);
  const blocker = path.join(parent, 'blocker');
  writeFileSync(blocker, '');
  assert.throws(
    () => prepareDataDir(path.join(blocker, 'data')),
    (err: unknown) =>
      err instanceof DataDirError && err.code === 'data-dir-inaccessible' && err.hint !== undefined,
  );
});
