/**
 * The durable catalog: every named thing a user created, what it was created with, and what it
 * uses — in one SQLite file in the data directory, so that restarting sluice restores it all.
 *
 * Durability: WAL journal with `synchronous = FULL`. A SIGKILL alone cannot lose a committed
 * transaction even with NORMAL (the WAL is in the OS page cache), but NORMAL may lose the last
 * commits on power loss or an OS crash. Catalog writes are rare (one per DDL statement) and a
 * statement the user saw succeed may already have created Kafka topics or keychain entries, so
 * the fsync per commit is worth it.
 *
 * The API is synchronous (better-sqlite3): a statement's catalog changes go in one
 * `transaction(fn)`. Work outside SQLite (keychain, Kafka) cannot join that transaction; see
 * external-effect.ts for the order that keeps the two consistent.
 *
 * Contract: the catalog never receives secret values. `createSql` arrives with them redacted;
 * `create(…, { secretValues })` lets a caller that holds a value have it checked.
 */
import { randomUUID as nodeRandomUUID } from 'node:crypto';
import path from 'node:path';
import Database from 'better-sqlite3';
import {
  alreadyExistsNotice,
  CatalogError,
  dependentObjectsStillExist,
  doesNotExistNotice,
  itemAlreadyExists,
  unknownItem,
  wrongObjectType,
} from './catalog-error.ts';
import {
  CATALOG_FILE,
  createPrivateFile,
  DataDirError,
  prepareDataDir,
  securePrivateFile,
} from './data-dir.ts';
import { dropOrder } from './drop-order.ts';
import {
  type CatalogItem,
  formatItemId,
  type ItemKind,
  isItemKind,
  type JsonObject,
  type Namespace,
  type NewItem,
  namespaceOf,
  parseItemId,
} from './item.ts';
import { migrate } from './schema.ts';

/** How long to wait for another sluice holding the write lock on the same data directory. */
const BUSY_TIMEOUT_MS = 5_000;

export interface OpenCatalogOptions {
  /** The data directory (see data-dir.ts); created if missing. */
  dataDir: string;
  /** The clock for `createdAt`. */
  now?: () => Date;
  /** Source of the instance id, drawn once when the catalog is first created. */
  randomUUID?: () => string;
}

export interface CreateOptions {
  /** Return a notice instead of failing when the name is taken (`IF NOT EXISTS`). */
  ifNotExists?: boolean;
  /** Values that must not appear in `createSql` or `options`; a match is a bug and throws. */
  secretValues?: readonly string[];
}

export type CreateResult =
  | { status: 'created'; item: CatalogItem }
  | { status: 'skipped'; notice: string; existing: CatalogItem };

/** What `create` would do, without doing it: lets a caller run an effect first (see external-effect.ts). */
export type CreatePlan = { status: 'create' } | { status: 'skip'; notice: string; existing: CatalogItem };

export interface DropOptions {
  /** Skip missing names with a notice instead of failing (`IF EXISTS`). */
  ifExists?: boolean;
  /** Drop everything that uses the named items too (`CASCADE`); otherwise RESTRICT. */
  cascade?: boolean;
}

export interface DropResult {
  /** Every dropped item, dependents before what they use: stop sinks, delete keychain entries in this order. */
  dropped: CatalogItem[];
  notices: string[];
}

interface ItemRow {
  seq: number;
  name: string;
  kind: string;
  create_sql: string;
  options: string;
  created_at: number;
}

const ITEM_COLUMNS = 'seq, name, kind, create_sql, options, created_at';

export class Catalog {
  /** Stable random id of this data directory: scopes keychain accounts and Kafka names. */
  readonly instanceId: string;
  /** The SQLite file. */
  readonly file: string;
  readonly #db: Database.Database;
  readonly #now: () => Date;

  private constructor(db: Database.Database, file: string, instanceId: string, now: () => Date) {
    this.#db = db;
    this.file = file;
    this.instanceId = instanceId;
    this.#now = now;
  }

  static open(options: OpenCatalogOptions): Catalog {
    prepareDataDir(options.dataDir);
    const file = path.join(options.dataDir, CATALOG_FILE);
    // Created 0600 before SQLite opens it; SQLite gives -wal and -shm the mode of the main file.
    createPrivateFile(file);
    let db: Database.Database | undefined;
    try {
      db = new Database(file);
      db.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
      const mode = db.pragma('journal_mode = WAL', { simple: true });
      if (mode !== 'wal') throw new Error(`SQLite refused WAL mode (journal_mode is ${String(mode)})`);
      db.pragma('synchronous = FULL');
      db.pragma('foreign_keys = ON');
      migrate(db, { randomUUID: options.randomUUID ?? nodeRandomUUID });
      const row = db.prepare(`SELECT value FROM meta WHERE key = 'instance_id'`).get() as
        | { value: string }
        | undefined;
      if (!row) throw new CatalogError('catalog-corrupt', `the catalog ${file} has no instance id`);
      for (const suffix of ['-wal', '-shm']) securePrivateFile(file + suffix);
      return new Catalog(db, file, row.value, options.now ?? (() => new Date()));
    } catch (err) {
      db?.close();
      throw openError(file, err);
    }
  }

  close(): void {
    if (this.#db.open) this.#db.close();
  }

  /**
   * Runs `fn` in one SQLite transaction: everything it does through this catalog commits
   * together or not at all (an exception rolls back and is rethrown). Nests (savepoints).
   * `fn` must be synchronous — awaiting inside would let the transaction commit half-way.
   */
  transaction<T>(fn: () => T): T {
    return this.#db
      .transaction(() => {
        const result = fn();
        if (result instanceof Promise) {
          throw new TypeError('Catalog.transaction(fn): fn must be synchronous; see external-effect.ts');
        }
        return result;
      })
      .immediate();
  }

  /** Decides what `create` would do; throws the error `create` would throw. */
  checkCreate(item: Pick<NewItem, 'name' | 'kind'>, options: CreateOptions = {}): CreatePlan {
    const existing = this.get(item.name, namespaceOf(item.kind));
    if (!existing) return { status: 'create' };
    if (options.ifNotExists)
      return { status: 'skip', notice: alreadyExistsNotice(item.kind, item.name), existing };
    throw itemAlreadyExists(item.kind, existing);
  }

  create(item: NewItem, options: CreateOptions = {}): CreateResult {
    if (!isItemKind(item.kind)) throw new TypeError(`unknown item kind ${String(item.kind)}`);
    if (item.name === '') throw new TypeError('an item name cannot be empty');
    const optionsJson = JSON.stringify(item.options ?? {});
    assertNoSecretValues(item, optionsJson, options.secretValues ?? []);
    return this.transaction((): CreateResult => {
      const plan = this.checkCreate(item, options);
      if (plan.status === 'skip') return { status: 'skipped', notice: plan.notice, existing: plan.existing };
      const uses = [...new Set(item.dependsOn ?? [])].map((id) => this.#requireSeq(id, item.name));
      const { lastInsertRowid } = this.#db
        .prepare(
          'INSERT INTO items (name, namespace, kind, create_sql, options, created_at) VALUES (?, ?, ?, ?, ?, ?)',
        )
        .run(
          item.name,
          namespaceOf(item.kind),
          item.kind,
          item.createSql,
          optionsJson,
          this.#now().getTime(),
        );
      const seq = Number(lastInsertRowid);
      const insertDep = this.#db.prepare('INSERT INTO dependencies (item_seq, uses_seq) VALUES (?, ?)');
      for (const u of uses) insertDep.run(seq, u);
      return { status: 'created', item: this.#getBySeq(seq)! };
    });
  }

  /** The item called `name` in a namespace (tables, views, … share `item`; clusters are `cluster`). */
  get(name: string, namespace: Namespace = 'item'): CatalogItem | undefined {
    const row = this.#db
      .prepare(`SELECT ${ITEM_COLUMNS} FROM items WHERE namespace = ? AND name = ?`)
      .get(namespace, name) as ItemRow | undefined;
    return row && this.#toItem(row);
  }

  getById(id: string): CatalogItem | undefined {
    const seq = parseItemId(id);
    return seq === undefined ? undefined : this.#getBySeq(seq);
  }

  /** Items in creation order, optionally of one kind. */
  list(kind?: ItemKind): CatalogItem[] {
    const rows = (
      kind === undefined
        ? this.#db.prepare(`SELECT ${ITEM_COLUMNS} FROM items ORDER BY seq`).all()
        : this.#db.prepare(`SELECT ${ITEM_COLUMNS} FROM items WHERE kind = ? ORDER BY seq`).all(kind)
    ) as ItemRow[];
    return rows.map((r) => this.#toItem(r));
  }

  /** Everything that uses `id`, directly or not, in drop order (dependents first); not `id` itself. */
  dependents(id: string): CatalogItem[] {
    const seq = parseItemId(id);
    if (seq === undefined) return [];
    const rows = this.#db
      .prepare(
        `WITH RECURSIVE users(seq) AS (
           SELECT item_seq FROM dependencies WHERE uses_seq = ?
           UNION
           SELECT d.item_seq FROM dependencies d JOIN users ON d.uses_seq = users.seq
         ) SELECT seq FROM users`,
      )
      .all(seq) as { seq: number }[];
    return this.#inDropOrder(rows.map((r) => this.#getBySeq(r.seq)!));
  }

  /**
   * `DROP <kind> names [IF EXISTS] [CASCADE | RESTRICT]`, atomically. RESTRICT fails if anything
   * outside `names` uses one of them — except indexes, which (as in Materialize) are dropped with
   * what they index. Returns the dropped items, dependents first.
   */
  drop(names: readonly string[], kind: ItemKind, options: DropOptions = {}): DropResult {
    return this.transaction((): DropResult => {
      const notices: string[] = [];
      const targets = new Map<string, CatalogItem>();
      for (const name of names) {
        const item = this.get(name, namespaceOf(kind));
        if (!item) {
          if (!options.ifExists) throw unknownItem(kind, name);
          notices.push(doesNotExistNotice(kind, name));
          continue;
        }
        if (item.kind !== kind) throw wrongObjectType(name, item.kind, kind);
        targets.set(item.id, item);
      }
      const toDrop = new Map(targets);
      const queue = [...targets.values()];
      for (let item = queue.shift(); item; item = queue.shift()) {
        const users = this.#directUsers(item.id).filter((u) => !targets.has(u.id));
        const blocking = users.filter((u) => u.kind !== 'index');
        if (blocking.length > 0 && !options.cascade) throw dependentObjectsStillExist(item, blocking);
        for (const u of users) {
          if (toDrop.has(u.id)) continue;
          toDrop.set(u.id, u);
          queue.push(u);
        }
      }
      const dropped = this.#inDropOrder([...toDrop.values()]);
      const del = this.#db.prepare('DELETE FROM items WHERE seq = ?');
      for (const item of dropped) del.run(parseItemId(item.id)!);
      return { dropped, notices };
    });
  }

  #directUsers(id: string): CatalogItem[] {
    const rows = this.#db
      .prepare(
        `SELECT ${ITEM_COLUMNS} FROM items WHERE seq IN (SELECT item_seq FROM dependencies WHERE uses_seq = ?) ORDER BY seq`,
      )
      .all(parseItemId(id)!) as ItemRow[];
    return rows.map((r) => this.#toItem(r));
  }

  #inDropOrder(items: readonly CatalogItem[]): CatalogItem[] {
    const bySeq = new Map(items.map((i) => [parseItemId(i.id)!, i]));
    const order = dropOrder(
      items.map((i) => ({ seq: parseItemId(i.id)!, uses: i.dependsOn.map((d) => parseItemId(d)!) })),
    );
    return order.map((s) => bySeq.get(s)!);
  }

  #requireSeq(id: string, dependentName: string): number {
    const seq = parseItemId(id);
    if (seq === undefined || !this.#getBySeq(seq)) {
      throw new CatalogError(
        'unknown-dependency',
        `cannot create ${dependentName}: it uses ${id}, which does not exist`,
        {
          sqlState: 'XX000',
        },
      );
    }
    return seq;
  }

  #getBySeq(seq: number): CatalogItem | undefined {
    const row = this.#db.prepare(`SELECT ${ITEM_COLUMNS} FROM items WHERE seq = ?`).get(seq) as
      | ItemRow
      | undefined;
    return row && this.#toItem(row);
  }

  #toItem(row: ItemRow): CatalogItem {
    if (!isItemKind(row.kind)) {
      throw new CatalogError(
        'catalog-corrupt',
        `the catalog ${this.file} has an item of unknown kind '${row.kind}'`,
      );
    }
    let options: JsonObject;
    try {
      options = JSON.parse(row.options) as JsonObject;
    } catch (cause) {
      throw new CatalogError(
        'catalog-corrupt',
        `the catalog ${this.file} has unreadable options for '${row.name}'`,
        {
          cause,
        },
      );
    }
    const uses = this.#db
      .prepare('SELECT uses_seq FROM dependencies WHERE item_seq = ? ORDER BY uses_seq')
      .all(row.seq) as { uses_seq: number }[];
    return {
      id: formatItemId(row.seq),
      name: row.name,
      kind: row.kind,
      createSql: row.create_sql,
      options,
      createdAt: new Date(row.created_at),
      dependsOn: uses.map((u) => formatItemId(u.uses_seq)),
    };
  }
}

function assertNoSecretValues(item: NewItem, optionsJson: string, secretValues: readonly string[]): void {
  for (const value of secretValues) {
    if (value === '') continue;
    const jsonEscaped = JSON.stringify(value).slice(1, -1);
    if (item.createSql.includes(value) || optionsJson.includes(value) || optionsJson.includes(jsonEscaped)) {
      // Never put the value itself in the message.
      throw new CatalogError(
        'secret-value-in-catalog',
        `refusing to store ${item.kind} ${item.name}: its definition contains a secret value`,
        {
          hint: 'This is a bug in sluice: secret values must be redacted before they reach the catalog.',
          sqlState: 'XX000',
        },
      );
    }
  }
}

function openError(file: string, err: unknown): Error {
  if (err instanceof CatalogError || err instanceof DataDirError) return err;
  const code = (err as { code?: unknown }).code;
  const message = err instanceof Error ? err.message : String(err);
  if (code === 'SQLITE_NOTADB' || code === 'SQLITE_CORRUPT') {
    return new CatalogError('catalog-corrupt', `${file} is not a readable sluice catalog (${message})`, {
      hint: 'Move the file away to start with an empty catalog, or point --data-dir at another directory.',
      cause: err,
    });
  }
  if (code === 'SQLITE_BUSY' || code === 'SQLITE_LOCKED') {
    return new CatalogError('catalog-unavailable', `the catalog ${file} is locked by another process`, {
      hint: 'Another sluice may be using this data directory; wait for it or use another --data-dir.',
      retriable: true,
      cause: err,
    });
  }
  return new CatalogError('catalog-unavailable', `cannot open the catalog ${file}: ${message}`, {
    hint: 'Check that the data directory is on a local disk you may write to.',
    cause: err,
  });
}
