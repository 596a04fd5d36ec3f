/**
 * Opening a ring database: the file checked before DuckDB sees it, the instance created (waiting
 * while another process holds the lock), and the schema checked, created or migrated.
 */
import { closeSync, existsSync, mkdirSync, openSync, readSync, statSync } from 'node:fs';
import { basename, dirname, resolve } from 'node:path';
import { RingStore } from './db';
import { liveFrom } from './live-table';
import { addColumnSql } from './upsert-sql';
import { documentationSql } from './documentation';
import { DuckDBInstance } from './duckdb';
import type { DuckDBConnection } from './duckdb';
import { StoreError, oneLine } from './errors';
import { companionName, createTableSql, ident, literal, physicalColumns } from './schema';
import type { StoreTable } from './schema';
import { STORE_TABLES } from './tables';

/**
 * Version of the database schema this build writes. A database records the version it was written
 * with (table `ring_meta`); a different version is migrated (see `MIGRATIONS`) or refused,
 * never read as if it were this one. Columns added to a table definition within a version are
 * added to existing databases on their next write.
 */
export const SCHEMA_VERSION = 2;

/**
 * Migrations from version `v` to `v + 1`, applied in order inside one transaction when a database
 * of an older version is opened for writing.
 * - 1 → 2: the decimals' DOUBLE companions become computed (VIRTUAL generated columns) instead of
 *   stored: each table that stores them is rebuilt with its rows ({@link computeCompanions}).
 */
const MIGRATIONS: Readonly<Record<number, (db: RingStore) => Promise<void>>> = {
  1: (db) => computeCompanions(db),
};

/**
 * Rebuild each table whose definition's decimal companions are stored (schema 1) as this version
 * creates it (companions computed), with the same rows: the columns a table gained from the data
 * (configuration keys, bucket faces) keep their stored companions, as they would be added now.
 */
async function computeCompanions(db: RingStore): Promise<void> {
  const rebuilt: StoreTable[] = [];
  for (const def of STORE_TABLES) {
    const catalog = await db.catalogColumns(def.name);
    const stored = new Set(catalog.filter((c) => c.stored).map((c) => c.name));
    if (!def.columns.some((c) => c.type === 'decimal' && stored.has(companionName(c.name)))) continue;
    const gained = liveFrom(def, catalog).columns.slice(def.columns.length);
    const next: StoreTable = { ...def, name: `_ring_v2_${def.name}` };
    await db.run(
      [createTableSql(next), ...gained.flatMap((c) => physicalColumns(c).map((p) => addColumnSql(next.name, p.name, p.sql)))].join(';\n'),
    );
    const names = liveFrom(next, await db.catalogColumns(next.name))
      .physical.filter((n) => stored.has(n))
      .map(ident)
      .join(', ');
    await db.run(
      `INSERT INTO ${ident(next.name)} (${names}) SELECT ${names} FROM ${ident(def.name)}; DROP TABLE ${ident(def.name)}; ALTER TABLE ${ident(next.name)} RENAME TO ${ident(def.name)}`,
    );
    rebuilt.push(def);
  }
  await db.run(documentationSql(rebuilt));
}

/** Options of {@link openStore}. */
export interface OpenStoreOptions {
  /** Open for reading only (queries, export, merge sources); the file must exist. Default false. */
  readonly readOnly?: boolean;
  /**
   * How long to wait while another process has the database open, in milliseconds (default 60 000).
   * DuckDB lets one process write a file at a time; a second one retries with a growing pause
   * until this bound, then fails with `DB_LOCKED`.
   */
  readonly lockTimeoutMs?: number;
  /**
   * Write each commit to DuckDB's write-ahead log (default true). False for bulk writers (`ring
   * sweep --db`): committed rows reach the file at the next checkpoint — {@link RingStore.close},
   * or a sweep writer's `finish` — which saves writing every row twice; a crash before it loses
   * the writes since the last checkpoint but never leaves the file damaged.
   */
  readonly logCommits?: boolean;
}

/** Default wait for a database another process has open. */
export const DEFAULT_LOCK_TIMEOUT_MS = 60_000;

const MAGIC = 'DUCK';

/** Refuse, before DuckDB sees it, a path that is not a writable (or readable) DuckDB file. */
function checkFile(path: string, readOnly: boolean): { fresh: boolean } {
  if (!existsSync(path)) {
    if (readOnly) throw new StoreError('DB_NOT_FOUND', `${path}: no such database`, path);
    const dir = dirname(path);
    try {
      mkdirSync(dir, { recursive: true });
    } catch (e) {
      throw new StoreError('DB_READ_ONLY', `${path}: cannot create the database (${(e as Error).message})`, path);
    }
    return { fresh: true };
  }
  const st = statSync(path);
  if (!st.isFile()) throw new StoreError('DB_NOT_DUCKDB', `${path}: not a DuckDB database (not a file)`, path);
  if (st.size > 0) {
    const head = Buffer.alloc(12);
    const fd = openSync(path, 'r');
    let n: number;
    try {
      n = readSync(fd, head, 0, 12, 0);
    } finally {
      closeSync(fd);
    }
    if (n < 12 || head.toString('latin1', 8, 12) !== MAGIC) {
      throw new StoreError('DB_NOT_DUCKDB', `${path}: not a DuckDB database`, path);
    }
  }
  // Checked on the mode bits, not by trying: root may write anything, but a file without write
  // permission was made read-only on purpose.
  if (!readOnly && (st.mode & 0o222) === 0) {
    throw new StoreError('DB_READ_ONLY', `${path}: the database file is read-only`, path);
  }
  return { fresh: !readOnly && st.size === 0 };
}

/**
 * Block size of a database this store creates: 16 KiB rather than DuckDB's 256 KiB. Every column
 * of a row group takes at least one block while it is written, and ring's tables are wide (up to
 * 65 columns) and mostly small: with 256 KiB blocks a checkpoint of the paper's plain sweep spent
 * half its time allocating and zeroing memory (95 ms → 49 ms), and its files are a third smaller
 * (the detailed sweep: 7.6 MB → 5.1 MB) with loads and queries as fast. DuckDB ≥ 1.2 reads such
 * files; a file keeps the block size it was created with.
 */
const NEW_FILE_BLOCK_SIZE = 16_384;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Map a DuckDB open failure to a one-line {@link StoreError}. */
function openError(path: string, message: string): StoreError {
  if (/not a valid DuckDB database file/i.test(message)) return new StoreError('DB_NOT_DUCKDB', `${path}: not a DuckDB database`, path);
  if (/permission denied|read-only file system|Cannot open file/i.test(message)) {
    return new StoreError('DB_READ_ONLY', `${path}: cannot open the database for writing (${oneLine(message)})`, path);
  }
  return new StoreError('DB_OPEN_FAILED', `${path}: ${oneLine(message)}`, path);
}

const LOCKED = /Could not set lock on file|Conflicting lock is held|database is locked/i;

/** Names DuckDB gives its own catalogs: a file is never attached under one of them. */
const RESERVED_ALIASES = new Set(['memory', 'system', 'temp', 'main']);

/** The name a database file is attached under: its file name without extension, as DuckDB would name it. */
function aliasOf(path: string): string {
  const stem = basename(path).replace(/\.[^.]*$/, '') || 'ring';
  return RESERVED_ALIASES.has(stem.toLowerCase()) ? `${stem}_db` : stem;
}

/**
 * Open the database file in a DuckDB instance of its own: an in-memory instance (its spill files
 * beside the database, `<file>.tmp`, as DuckDB puts them for a file) with the file attached and
 * made the default catalog — attaching is what lets a writer ask DuckDB not to log its commits.
 * Waits (bounded) while another process holds the file's lock.
 */
async function createInstance(
  path: string,
  options: { readOnly: boolean; logCommits: boolean; timeoutMs: number; fresh: boolean },
): Promise<{ instance: DuckDBInstance; connection: DuckDBConnection }> {
  const instance = await DuckDBInstance.create(':memory:', { temp_directory: `${path}.tmp` });
  const connection = await instance.connect();
  const alias = ident(aliasOf(path));
  const attachOptions = [
    ...(options.readOnly ? ['READ_ONLY'] : []),
    ...(options.logCommits ? [] : ['RECOVERY_MODE no_wal_writes']),
    ...(options.fresh ? [`BLOCK_SIZE ${NEW_FILE_BLOCK_SIZE}`] : []),
  ];
  const attach = `ATTACH ${literal(path)} AS ${alias}${attachOptions.length > 0 ? ` (${attachOptions.join(', ')})` : ''}; USE ${alias}`;
  const deadline = Date.now() + options.timeoutMs;
  let pause = 20;
  try {
    for (;;) {
      try {
        await connection.run(attach);
        return { instance, connection };
      } catch (e) {
        const message = (e as Error).message;
        if (!LOCKED.test(message)) throw openError(path, message);
        if (Date.now() >= deadline) {
          throw new StoreError(
            'DB_LOCKED',
            `${path}: another process has the database open (waited ${(options.timeoutMs / 1000).toFixed(0)} s); try again when it has finished`,
            path,
          );
        }
        await sleep(Math.min(pause, Math.max(1, deadline - Date.now())));
        pause = Math.min(pause * 2, 500);
      }
    }
  } catch (e) {
    connection.closeSync();
    instance.closeSync();
    throw e;
  }
}

/**
 * Open (creating if missing) a ring database. Refuses, with one-line {@link StoreError}s, a file that
 * is not a DuckDB database, a DuckDB database without ring's tables, a read-only file opened for
 * writing, and a schema version it cannot read or migrate. Waits (bounded) while another process
 * has the file open.
 */
export async function openStore(path: string, options: OpenStoreOptions = {}): Promise<RingStore> {
  const readOnly = Boolean(options.readOnly);
  const abs = resolve(path);
  const { fresh } = checkFile(abs, readOnly);
  const logCommits = options.logCommits ?? true;
  const { instance, connection } = await createInstance(abs, {
    readOnly,
    logCommits,
    fresh,
    timeoutMs: options.lockTimeoutMs ?? DEFAULT_LOCK_TIMEOUT_MS,
  });
  const store = new RingStore(abs, readOnly, instance, connection, logCommits);
  try {
    await prepare(store);
  } catch (e) {
    store.close();
    throw e;
  }
  return store;
}

/** Check (and, when writing, create or migrate) the schema of a freshly opened database. */
async function prepare(store: RingStore): Promise<void> {
  // FSST, DuckDB's compression of strings without repeats, costs a third of every checkpoint of
  // ring's tables (decimals as text) for 6 % of the file: a writer does without it.
  if (!store.readOnly) await store.run("SET disabled_compression_methods = 'fsst'");
  const version = await store.schemaVersion();
  const path = store.path;
  if (version === null) {
    const tables = await store.tableNames();
    if (tables.length > 0) {
      throw new StoreError('DB_NOT_RING', `${path}: a DuckDB database without ring's tables (no ring_meta); use another file`, path);
    }
    if (store.readOnly) throw new StoreError('DB_NOT_RING', `${path}: an empty database (no ring tables yet)`, path);
    await store.transaction(async () => {
      await store.run(`CREATE TABLE ring_meta (key VARCHAR PRIMARY KEY, value VARCHAR)`);
      await store.run(`INSERT INTO ring_meta VALUES ('schema_version', '${SCHEMA_VERSION}'), ('created_by', '@ring/store')`);
      await store.ensureSchema();
      await store.run(documentationSql());
    });
    return;
  }
  if (!Number.isSafeInteger(version) || version > SCHEMA_VERSION) {
    throw new StoreError(
      'DB_SCHEMA_VERSION',
      `${path}: written with ring database schema ${version}; this ring reads schema ${SCHEMA_VERSION} (upgrade @ring/store)`,
      path,
    );
  }
  if (version < SCHEMA_VERSION) {
    const missing = [];
    for (let v = version; v < SCHEMA_VERSION; v++) if (!MIGRATIONS[v]) missing.push(v);
    if (missing.length > 0 || store.readOnly) {
      throw new StoreError(
        'DB_SCHEMA_VERSION',
        missing.length > 0
          ? `${path}: ring database schema ${version} cannot be migrated to schema ${SCHEMA_VERSION}; write the results into a new database`
          : `${path}: ring database schema ${version} must be migrated to schema ${SCHEMA_VERSION}: open it for writing first`,
        path,
      );
    }
    await store.transaction(async () => {
      for (let v = version; v < SCHEMA_VERSION; v++) await MIGRATIONS[v]!(store);
      await store.run(`UPDATE ring_meta SET value = '${SCHEMA_VERSION}' WHERE key = 'schema_version'`);
    });
  }
  if (!store.readOnly) await store.transaction(() => store.ensureSchema());
}
