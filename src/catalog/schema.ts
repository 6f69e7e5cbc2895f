/**
 * The catalog's SQLite schema and its migrations, keyed by `PRAGMA user_version`.
 *
 * Each entry of MIGRATIONS moves the file from version i to i+1 and runs in one transaction with
 * the version bump, so a crash mid-migration leaves the old version intact. A file written by a
 * newer sluice (a version we do not know) is refused rather than guessed at.
 *
 * Ids: `items.seq` is INTEGER PRIMARY KEY AUTOINCREMENT, which SQLite guarantees never to reuse,
 * even after the newest row is deleted; ids are `u<seq>`, like Materialize's user ids.
 * Dependencies: `uses_seq` has no ON DELETE action, so with foreign_keys on the database itself
 * refuses to delete an item something still uses — a second line behind the RESTRICT check.
 */
import type Database from 'better-sqlite3';
import { CatalogError } from './catalog-error.ts';

export interface MigrationContext {
  randomUUID: () => string;
}

type Migration = (db: Database.Database, ctx: MigrationContext) => void;

const MIGRATIONS: readonly Migration[] = [
  // 0 → 1: items, dependencies, and the instance id.
  (db, ctx) => {
    db.exec(`
      CREATE TABLE meta (
        key TEXT PRIMARY KEY,
        value TEXT NOT NULL
      ) STRICT;
      CREATE TABLE items (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
        name TEXT NOT NULL,
        namespace TEXT NOT NULL CHECK (namespace IN ('item', 'cluster')),
        kind TEXT NOT NULL,
        create_sql TEXT NOT NULL,
        options TEXT NOT NULL DEFAULT '{}',
        created_at INTEGER NOT NULL,
        UNIQUE (namespace, name)
      ) STRICT;
      CREATE TABLE dependencies (
        item_seq INTEGER NOT NULL REFERENCES items (seq) ON DELETE CASCADE,
        uses_seq INTEGER NOT NULL REFERENCES items (seq),
        PRIMARY KEY (item_seq, uses_seq)
      ) STRICT;
      CREATE INDEX dependencies_by_uses ON dependencies (uses_seq);
    `);
    db.prepare(`INSERT INTO meta (key, value) VALUES ('instance_id', ?)`).run(ctx.randomUUID());
  },
];

export const SCHEMA_VERSION = MIGRATIONS.length;

export function migrate(db: Database.Database, ctx: MigrationContext): void {
  const version = () => db.pragma('user_version', { simple: true }) as number;
  for (;;) {
    // Read the version inside the write transaction: another sluice opening the same fresh
    // directory at the same moment may have migrated while we waited for the lock.
    const done = db
      .transaction(() => {
        const current = version();
        if (current > SCHEMA_VERSION) {
          throw new CatalogError(
            'catalog-too-new',
            `the catalog was written by a newer sluice (schema version ${current}; this sluice knows up to ${SCHEMA_VERSION})`,
            { hint: 'Upgrade sluice, or point --data-dir at another directory.' },
          );
        }
        if (current === SCHEMA_VERSION) return true;
        MIGRATIONS[current]!(db, ctx);
        db.pragma(`user_version = ${current + 1}`);
        return false;
      })
      .immediate();
    if (done) return;
  }
}
