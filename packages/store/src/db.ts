import { randomBytes } from 'node:crypto';
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, readSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { writeFile } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { BIGINT, DuckDBDataChunk, DuckDBInstance, LIST, VARCHAR, listValue } from './duckdb';
import type { DuckDBConnection, DuckDBType, DuckDBValue } from './duckdb';
import { direct, fillColumn, fillNull } from './chunk';
import type { ChunkColumn } from './chunk';
import { StoreError, oneLine } from './errors';
import { companionName, createTableSql, ident, literal, physicalColumns, selectExpressions, sqlType, NUMERIC_SUFFIX } from './schema';
import type { ColumnType, StoreColumn, StoreTable } from './schema';
import { STORE_TABLES, storeTable } from './tables';
import { stagedValue } from './values';

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

/** A table as it is in a database: its definition plus the dynamic columns the data brought. */
interface LiveTable {
  readonly def: StoreTable;
  readonly columns: StoreColumn[];
  /**
   * The stored columns in the table's order — what DuckDB's appender fills: the decimals'
   * companions a table was created with are computed (not listed), those added later are stored.
   */
  readonly physical: string[];
}

/** A live table with its own column lists (a write adds to them in place). */
const copyLive = (t: LiveTable): LiveTable => ({ ...t, columns: [...t.columns], physical: [...t.physical] });

/** A column as DuckDB's catalog lists it; `stored` is false for a generated (computed) column. */
interface CatalogColumn {
  readonly name: string;
  readonly type: string;
  readonly stored: boolean;
}

/**
 * The catalog query for the columns of tables. A ring table never has a column default, so a
 * column expression (`column_default`) marks a generated column.
 */
const catalogSql = (where: string): string =>
  `SELECT table_name, column_name, data_type, column_default IS NULL AS stored FROM duckdb_columns() WHERE ${where} ORDER BY table_name, column_index`;

const catalogColumn = (x: Record<string, unknown>): CatalogColumn => ({
  name: String(x.column_name),
  type: String(x.data_type),
  stored: Boolean(x.stored),
});

/** Rows written per table. */
export type WriteCounts = Record<string, number>;

/** One table's part of {@link RingStore.writeBatch}: rows to upsert, as {@link RingStore.writeRows} takes them. */
export interface TableWrite {
  readonly table: StoreTable | string;
  readonly rows: readonly Record<string, unknown>[];
  /** Dynamic columns the rows bring (`face_bucket_<name>`, configuration keys). */
  readonly extra?: readonly StoreColumn[];
  /** Keys (of a one-column key) whose stored rows go even when no new row has them: a run without trades. */
  readonly replaceKeys?: readonly string[];
  /**
   * The rows as CSV instead of `rows` (which must then be empty): the table's rows, one entry per
   * header, as text or as a file, read by DuckDB's CSV reader as {@link RingStore.loadCsv} reads
   * files — the cheapest way in for rows that are already CSV (a sweep's per-run files). Only for a
   * table replaced per group with a one-column key, and `replaceKeys` must list every key of the
   * rows (a row with another key fails the write).
   */
  readonly csv?: readonly CsvBody[];
}

/**
 * Rows of one table as CSV under one header line: either the lines under it as text (`body`: no
 * header, each line ending with a newline), or a file holding the header line and those lines
 * (`file`: read where it is, and left there).
 */
export type CsvBody = { readonly header: string; readonly body: string } | { readonly header: string; readonly file: string };

/** Rows per DuckDB data chunk (DuckDB's vector size). */
const CHUNK_ROWS = 2048;

/** ALTER TABLE … ADD COLUMN for a column a write brings. */
const addColumnSql = (table: string, column: string, type: string): string =>
  `ALTER TABLE ${ident(table)} ADD COLUMN IF NOT EXISTS ${ident(column)} ${type}`;

/**
 * INSERT into a table of the rows of `source` (which has the table's logical columns): every
 * column, and the companions the table stores computed from their text. `key` replaces the
 * expressions of some columns (a guard on the key).
 */
function insertSql(live: LiveTable, source: string, key: Readonly<Record<string, string>> = {}): string {
  const stored = new Set(live.physical);
  const names = live.columns.flatMap((c) => [
    c.name,
    ...(c.type === 'decimal' && stored.has(companionName(c.name)) ? [companionName(c.name)] : []),
  ]);
  const exprs = selectExpressions(live.columns, '', stored).map((e) => key[e] ?? e);
  return `INSERT INTO ${ident(live.def.name)} (${names.map(ident).join(', ')}) SELECT ${exprs.join(', ')} FROM ${source}`;
}

/**
 * The statements that move a staging table into its table: delete the stored rows of the staged
 * keys, insert the staged rows in staging order (with the decimals' DOUBLE companions), drop the
 * staging table. Within one write, the last row of a key wins (a row table holds one row per key).
 */
function mergeSql(live: LiveTable, stage: string): [remove: string, insert: string, drop: string] {
  const { def } = live;
  const s = `temp.main.${stage}`;
  const t = ident(def.name);
  const same = def.key.map((k) => `s.${ident(k)} = ${t}.${ident(k)}`).join(' AND ');
  const latest =
    def.replace === 'row'
      ? `(SELECT * FROM ${s} QUALIFY row_number() OVER (PARTITION BY ${def.key.map(ident).join(', ')} ORDER BY _ring_ord DESC) = 1)`
      : s;
  return [
    `DELETE FROM ${t} WHERE EXISTS (SELECT 1 FROM ${s} s WHERE ${same})`,
    `${insertSql(live, latest)} ORDER BY _ring_ord`,
    `DROP TABLE ${s}`,
  ];
}

/** Within one write, the last row of each key (in the order those last rows came): a row table holds one row per key. */
function lastPerKey(def: StoreTable, rows: readonly Record<string, unknown>[]): readonly Record<string, unknown>[] {
  const last = new Map<string, number>();
  rows.forEach((r, i) => {
    last.set(keyText(def, r), i);
  });
  return last.size === rows.length ? rows : rows.filter((r, i) => last.get(keyText(def, r)) === i);
}

/** A row's key as text: the value itself for a one-column key (the common case: run_id), else a JSON array of the values. */
const keyText = (def: StoreTable, row: Record<string, unknown>): string =>
  def.key.length === 1 ? String(row[def.key[0]!]) : JSON.stringify(def.key.map((k) => String(row[k])));

/** A temporary table of the keys a write replaces: its definition and rows (the distinct keys). */
interface KeyTable {
  readonly live: LiveTable;
  readonly rows: Record<string, unknown>[];
  /** The keys as text (what {@link RingStore} remembers of the keys it wrote). */
  readonly texts: string[];
  /** Its CREATE statement. */
  readonly create: string;
}

/**
 * The keys whose stored rows a write replaces — those of the rows written and, for a one-column
 * key, `replaceKeys` — as a temporary table to fill; null when there are none.
 */
function keyTable(
  def: StoreTable,
  name: string,
  rows: readonly Record<string, unknown>[],
  replaceKeys: readonly string[],
): KeyTable | null {
  const columns = def.key.map((k) => def.columns.find((c) => c.name === k)!);
  const seen = new Map<string, Record<string, unknown>>();
  // A group table's rows come grouped by key (a run's trades together): one key text per group.
  const single = def.key.length === 1 ? def.key[0]! : null;
  let previous: unknown;
  for (const r of rows) {
    if (single !== null) {
      const v = r[single];
      if (v === previous && seen.size > 0) continue;
      previous = v;
    }
    const text = keyText(def, r);
    if (!seen.has(text)) seen.set(text, Object.fromEntries(def.key.map((k) => [k, r[k]])));
  }
  if (def.key.length === 1) {
    for (const k of replaceKeys) {
      const r = { [def.key[0]!]: k };
      const text = keyText(def, r);
      if (!seen.has(text)) seen.set(text, r);
    }
  }
  if (seen.size === 0) return null;
  const table: StoreTable = { name, columns, key: def.key, replace: 'group', doc: '' };
  const create = `CREATE OR REPLACE TEMP TABLE ${name} (${columns.map((c) => `${ident(c.name)} ${sqlType(c.type)}`).join(', ')})`;
  return {
    live: { def: table, columns: [...columns], physical: def.key.slice() },
    rows: [...seen.values()],
    texts: [...seen.keys()],
    create,
  };
}

/**
 * Most keys a write looks up in one probe ({@link probeSql}); a part with more goes straight to the
 * key-table path (an SQL text of that many literals would cost more than it saves).
 */
const PROBE_KEYS = 4096;

/** Most keys a store remembers per table (see `RingStore.known`); past it, writes probe. */
const KNOWN_KEYS = 1_000_000;

/**
 * One query that tells which parts of a write may have keys already stored: a branch per part
 * naming its index when the table holds a row whose every key column has one of the values written
 * (at most one row each; a superset of the rows with a written key, which is all the probe needs).
 * The values are bound as lists (an SQL text with thousands of literals costs DuckDB more to parse
 * than the probe saves). A part whose keys are all new — every part of a sweep writing into a new
 * database — is appended without the key table and DELETE of the upsert path.
 */
function probeQuery(parts: readonly { index: number; def: StoreTable; keys: KeyTable }[]): {
  sql: string;
  values: DuckDBValue[];
  types: DuckDBType[];
} {
  const values: DuckDBValue[] = [];
  const types: DuckDBType[] = [];
  const branches = parts.map(({ index, def, keys }) => {
    const where = keys.live.columns.map((c) => {
      const distinct = new Set<string | bigint | null>();
      keys.rows.forEach((r, i) => {
        distinct.add(stagedValue(def.name, c, r[c.name], i) as string | bigint | null);
      });
      distinct.delete(null);
      values.push(listValue([...distinct] as DuckDBValue[]));
      types.push(LIST(c.type === 'integer' || c.type === 'cents' ? BIGINT : VARCHAR));
      return `${ident(c.name)} IN (SELECT unnest($${values.length}))`;
    });
    return `(SELECT ${index} AS part FROM ${ident(def.name)} WHERE ${where.join(' AND ')} LIMIT 1)`;
  });
  return { sql: branches.join(' UNION ALL '), values, types };
}

/** DELETE of the stored rows whose key is in the key table, then its DROP. */
function deleteKeysSql(def: StoreTable, keys: string): string[] {
  const t = ident(def.name);
  const k = `temp.main.${keys}`;
  const where =
    def.key.length === 1
      ? `${ident(def.key[0]!)} IN (SELECT ${ident(def.key[0]!)} FROM ${k})`
      : `EXISTS (SELECT 1 FROM ${k} s WHERE ${def.key.map((c) => `s.${ident(c)} = ${t}.${ident(c)}`).join(' AND ')})`;
  return [`DELETE FROM ${t} WHERE ${where}`, `DROP TABLE ${k}`];
}

/**
 * Fill one column of a data chunk (and the DOUBLE companion of a decimal) from rows
 * `off … off + n − 1` through `@duckdb/node-api`'s vectors: the types {@link fillColumn} does not
 * write directly (columns a database got from elsewhere).
 */
function fillVectors(
  chunk: DuckDBDataChunk,
  col: ChunkColumn,
  table: string,
  rows: readonly Record<string, unknown>[],
  off: number,
  n: number,
): void {
  const c = col.column;
  const vector = chunk.getColumnVector(col.index);
  const num = col.companion === null ? null : chunk.getColumnVector(col.companion);
  for (let r = 0; r < n; r++) {
    const v = stagedValue(table, c, rows[off + r]![c.name], off + r);
    vector.setItem(r, v as never);
    num?.setItem(r, (v === null ? null : Number(v)) as never);
  }
  num?.flush();
  vector.flush();
}

/** What {@link RingStore.writeBatch} does for one table. */
interface BatchPlan {
  readonly live: LiveTable;
  readonly rows: readonly Record<string, unknown>[];
  readonly csv: readonly CsvBody[];
  readonly added: StoreColumn[];
  readonly keys: KeyTable | null;
}

/** A CSV file a batch reads: its header, its path, and whether the batch wrote it (and deletes it). */
interface BatchCsv {
  readonly header: string;
  readonly file: string;
  readonly temporary: boolean;
}

/**
 * The CSV files of a batch's plans (DuckDB reads files): per plan, one per entry — the bodies given
 * as text written to temporary files, off the main thread (none for an empty body or a plan of rows).
 */
async function csvFiles(plans: readonly BatchPlan[]): Promise<BatchCsv[][]> {
  const out = plans.map((p) =>
    p.csv.flatMap((c): (BatchCsv & { text: string | null })[] =>
      'file' in c
        ? [{ header: c.header, file: c.file, temporary: false, text: null }]
        : c.body === ''
          ? []
          : [{ header: c.header, file: temporaryCsv(), temporary: true, text: `${c.header}\n${c.body}` }],
    ),
  );
  const written = out.flat().filter((f) => f.temporary);
  try {
    await Promise.all(written.map((f) => writeFile(f.file, f.text!)));
  } catch (e) {
    for (const f of written) rmSync(f.file, { force: true });
    throw e;
  }
  return out.map((fs) => fs.map(({ header, file, temporary }) => ({ header, file, temporary })));
}

/**
 * A write of CSV text names, in `replaceKeys`, every key its rows hold — their keys are not read
 * in JavaScript, so this is what the upsert deletes and remembers — which needs a table replaced
 * per key group with a one-column key (a sweep's per-run tables); its rows come as CSV only.
 */
function checkCsvPart(def: StoreTable, part: TableWrite, path: string): void {
  const why =
    part.rows.length > 0
      ? 'rows and CSV in one part'
      : def.replace !== 'group' || def.key.length !== 1
        ? `CSV text is taken for tables replaced per key group with a one-column key (${def.name} is keyed on ${def.key.join(', ')}, one row per key)`
        : !part.replaceKeys?.length
          ? 'CSV text needs replaceKeys: every key its rows hold'
          : null;
  if (why) throw new StoreError('STORE_INPUT', `${def.name}: ${why}`, path);
}

/** A fresh temporary CSV file name. */
export const temporaryCsv = (): string => join(tmpdir(), `ring-store-${process.pid}-${randomBytes(6).toString('hex')}.csv`);

/** One open ring database (DuckDB). Close it with {@link RingStore.close}; writes are transactions. */
export class RingStore {
  /** Absolute path of the database file (`:memory:` for a directory opened with `openDirectory`). */
  readonly path: string;
  readonly readOnly: boolean;
  /** Are commits written to DuckDB's log ({@link OpenStoreOptions.logCommits})? If not, rows reach the file at a checkpoint. */
  readonly logCommits: boolean;
  /** The DuckDB connection, for callers that need the engine directly. */
  readonly connection: DuckDBConnection;
  private readonly instance: DuckDBInstance;
  private closed = false;
  private inTransaction = false;
  /** The store this one is a {@link RingStore.sibling} of (which owns the DuckDB instance). */
  private parent: RingStore | null = null;
  /** DuckDB calls running now ({@link RingStore.call}). */
  private inflight = 0;
  /** Closed while calls were running: the connection closes when the last one ends. */
  private closePending = false;
  /** Is this store's connection closed (and, for the owner, may the instance close)? */
  private released = false;
  /** The owner's siblings whose connections are still open: the instance closes after them. */
  private readonly siblings = new Set<RingStore>();
  /** Logical columns per table as last seen (this connection is the only writer while the file is open). */
  private readonly live = new Map<string, LiveTable>();
  /**
   * Tables whose every row this store wrote with writeBatch since it found them empty: how many
   * rows they then held and their keys (as text). A write of keys none of them has skips the
   * upsert's probe and DELETE when the table still holds that many rows; any other statement run
   * through the store, a failed write or a different count makes the store forget (and probe).
   */
  private readonly known = new Map<string, { rows: number; keys: Set<string> }>();

  /** @internal use {@link openStore}. */
  constructor(path: string, readOnly: boolean, instance: DuckDBInstance, connection: DuckDBConnection, logCommits = true) {
    this.path = path;
    this.readOnly = readOnly;
    this.logCommits = logCommits;
    this.instance = instance;
    this.connection = connection;
  }

  /** Run SQL statements (no result); errors become one-line `SQL_ERROR`s. */
  async run(sql: string): Promise<void> {
    // The statements may write anything: forget what writeBatch knew of the tables' keys.
    this.known.clear();
    await this.exec(sql);
  }

  /** Run a query and return its rows as objects (DuckDB's JS values: BIGINT as bigint). */
  async rows(sql: string): Promise<Record<string, unknown>[]> {
    this.known.clear();
    return this.select(sql);
  }

  /**
   * @internal Every call into DuckDB goes through here: refused (`STORE_INPUT`) once the store is
   * closed, and counted while it runs, so that {@link RingStore.close} never closes the connection
   * under a running query — which crashes DuckDB, not just the query.
   */
  async call<T>(body: (connection: DuckDBConnection) => Promise<T>): Promise<T> {
    if (this.closed) throw new StoreError('STORE_INPUT', `${this.path}: the database is closed`, this.path);
    this.inflight++;
    try {
      return await body(this.connection);
    } finally {
      this.inflight--;
      if (this.inflight === 0 && this.closePending) this.release();
    }
  }

  /** {@link RingStore.run} of the store's own statements (which keep track of what they write). */
  private async exec(sql: string): Promise<void> {
    await this.call(async (c) => {
      try {
        await c.run(sql);
      } catch (e) {
        throw new StoreError('SQL_ERROR', oneLine((e as Error).message), this.path);
      }
    });
  }

  /** {@link RingStore.rows} of the store's own queries (reading only). */
  private async select(sql: string): Promise<Record<string, unknown>[]> {
    return this.call(async (c) => {
      try {
        const r = await c.runAndReadAll(sql);
        return r.getRowObjectsJS() as Record<string, unknown>[];
      } catch (e) {
        throw new StoreError('SQL_ERROR', oneLine((e as Error).message), this.path);
      }
    });
  }

  /** Roll the current transaction back, if the store can (a failed write; errors ignored). */
  private async rollback(): Promise<void> {
    await this.call((c) => c.run('ROLLBACK')).catch(() => undefined);
  }

  /** Run `body` in one transaction: everything it wrote, or nothing. */
  async transaction<T>(body: () => Promise<T>): Promise<T> {
    // Nested calls join the outer transaction (DuckDB has no nested transactions).
    if (this.inTransaction) return body();
    await this.run('BEGIN TRANSACTION');
    this.inTransaction = true;
    try {
      const out = await body();
      this.inTransaction = false;
      await this.run('COMMIT');
      return out;
    } catch (e) {
      this.inTransaction = false;
      await this.rollback();
      throw e;
    }
  }

  /** The names of the tables in the main schema. */
  async tableNames(schema = 'main', catalog?: string): Promise<string[]> {
    const cat = catalog ? literal(catalog) : 'current_database()';
    const r = await this.select(
      `SELECT table_name FROM duckdb_tables() WHERE database_name = ${cat} AND schema_name = ${literal(schema)} UNION SELECT view_name FROM duckdb_views() WHERE database_name = ${cat} AND schema_name = ${literal(schema)} AND NOT internal ORDER BY 1`,
    );
    return r.map((x) => String(x.table_name));
  }

  /** The columns (name → DuckDB type) of a table, as a query sees them (the computed companions included). */
  async physical(table: string, catalog?: string): Promise<Map<string, string>> {
    return new Map((await this.catalogColumns(table, catalog)).map((c) => [c.name, c.type]));
  }

  /** @internal A table's columns as the catalog lists them, stored or computed. */
  async catalogColumns(table: string, catalog?: string): Promise<CatalogColumn[]> {
    const cat = catalog ? literal(catalog) : 'current_database()';
    const r = await this.select(catalogSql(`database_name = ${cat} AND schema_name = 'main' AND table_name = ${literal(table)}`));
    return r.map(catalogColumn);
  }

  /** A table's logical columns now: its definition's, then the dynamic ones found in the database (cached for this database). */
  async liveTable(def: StoreTable, catalog?: string): Promise<LiveTable> {
    const cached = catalog ? undefined : this.live.get(def.name);
    if (cached) return { ...copyLive(cached), def };
    const live = liveFrom(def, await this.catalogColumns(def.name, catalog));
    if (!catalog) this.live.set(def.name, copyLive(live));
    return live;
  }

  /** Add the columns a write brings that the table does not have yet (dynamic columns). */
  async ensureColumns(def: StoreTable, extra: readonly StoreColumn[]): Promise<LiveTable> {
    const live = await this.liveTable(def);
    const have = new Set(live.columns.map((c) => c.name));
    for (const col of extra) {
      if (have.has(col.name)) continue;
      for (const p of physicalColumns(col)) {
        await this.run(addColumnSql(def.name, p.name, p.sql));
        live.physical.push(p.name);
      }
      live.columns.push(col);
      have.add(col.name);
      this.live.set(def.name, copyLive(live));
    }
    return live;
  }

  /**
   * Upsert rows into a table: rows whose key is already stored replace the stored rows (a `group`
   * table replaces every row of the key). `extra` lists dynamic columns the rows bring;
   * `replaceKeys` names keys (of a one-column key) whose stored rows go even when no new row has
   * them (a run without trades). Idempotent. Returns the rows the table holds for the keys written.
   */
  async writeRows(
    table: StoreTable | string,
    rows: readonly Record<string, unknown>[],
    extra: readonly StoreColumn[] = [],
    replaceKeys: readonly string[] = [],
  ): Promise<number> {
    const def = typeof table === 'string' ? storeTable(table) : table;
    const counts = await this.writeBatch([{ table: def, rows, extra, replaceKeys }]);
    return counts[def.name] ?? 0;
  }

  /**
   * Upsert rows into several tables in one transaction (joining the current one, if any), with a
   * few round trips to DuckDB whatever the number of tables: the transaction begins (adding the
   * columns the rows bring), one probe query finds the tables that hold some of the keys written,
   * only those tables' keys go into temporary tables and one script deletes their stored rows,
   * DuckDB's appender adds the rows to their tables, and the transaction commits. Each part
   * behaves as {@link RingStore.writeRows}; within one part, the last row of a key wins in a row
   * table. Returns the rows written per table.
   */
  async writeBatch(parts: readonly TableWrite[]): Promise<WriteCounts> {
    this.assertWritable();
    const counts: WriteCounts = {};
    const plans: BatchPlan[] = [];
    const script: string[] = [];
    for (const part of parts) {
      const def = typeof part.table === 'string' ? storeTable(part.table) : part.table;
      const csv = part.csv ?? [];
      if (csv.length > 0) checkCsvPart(def, part, this.path);
      const extra = [...(part.extra ?? []), ...csv.flatMap((c) => dynamicColumns(def, c.header.split(',')))];
      const rows = def.replace === 'row' ? lastPerKey(def, part.rows) : part.rows;
      counts[def.name] = rows.length;
      if (rows.length === 0 && csv.length === 0 && extra.length === 0 && !part.replaceKeys?.length) continue;
      if (plans.some((p) => p.live.def.name === def.name)) {
        throw new StoreError('STORE_INPUT', `${def.name}: one part per table in a batch`, this.path);
      }
      const live = await this.liveTable(def);
      const have = new Set(live.columns.map((c) => c.name));
      const added: StoreColumn[] = [];
      for (const c of extra) {
        if (have.has(c.name)) continue;
        have.add(c.name);
        added.push(c);
        for (const p of physicalColumns(c)) {
          script.push(addColumnSql(def.name, p.name, p.sql));
          live.physical.push(p.name);
        }
        live.columns.push(c);
      }
      plans.push({ live, rows, csv, added, keys: keyTable(def, `_ring_keys_${plans.length}`, rows, part.replaceKeys ?? []) });
    }
    if (plans.length === 0) return counts;
    const files = await csvFiles(plans);
    const own = !this.inTransaction;
    let fresh: boolean[] = [];
    try {
      if (own || script.length > 0) await this.exec((own ? ['BEGIN TRANSACTION', ...script] : script).join(';\n'));
      const held = await this.rowCounts(plans.map((p) => p.live.def.name));
      fresh = plans.map((p, i) => this.allNew(p.live.def.name, held[i]!, p.keys));
      const keyed = await this.storedKeys(plans.filter((_, i) => !fresh[i]));
      if (keyed.length > 0) {
        await this.exec(keyed.map((k) => k.keys.create).join(';\n'));
        for (const k of keyed) await this.append(k.keys.live, k.keys.rows, 'temp');
        await this.exec(keyed.flatMap((k) => deleteKeysSql(k.def, k.keys.live.def.name)).join(';\n'));
      }
      const added: number[] = [];
      for (const [i, p] of plans.entries()) {
        if (p.rows.length > 0) await this.append(p.live, p.rows);
        added.push(files[i]!.length > 0 ? await this.insertCsv(p.live, files[i]!, p.keys!.texts) : p.rows.length);
      }
      if (own) await this.exec('COMMIT');
      plans.forEach((p, i) => {
        counts[p.live.def.name] = added[i]!;
        this.remember(p.live.def.name, fresh[i] ? held[i]! : null, added[i]!, p.keys);
      });
    } catch (e) {
      if (own) await this.rollback();
      for (const p of plans) {
        if (p.added.length > 0) this.live.delete(p.live.def.name);
        this.known.delete(p.live.def.name);
      }
      throw e;
    } finally {
      for (const f of files.flat()) if (f.temporary) rmSync(f.file, { force: true });
    }
    for (const p of plans) this.live.set(p.live.def.name, copyLive(p.live));
    return counts;
  }

  /**
   * Insert the rows of CSV files (as {@link csvFiles} wrote them) into a table; returns how many.
   * Every row's key must be one of `keys` (the keys whose stored rows the write replaced): a row
   * with another key fails the write, so no key escapes the upsert.
   */
  private async insertCsv(live: LiveTable, files: readonly { header: string; file: string }[], keys: readonly string[]): Promise<number> {
    const k = ident(live.def.key[0]!);
    const message = literal(`${live.def.name}.${live.def.key[0]}: a CSV row's key is not among the keys written: `);
    const guard = `CASE WHEN ${k} IN (${keys.map(literal).join(', ')}) THEN ${k} ELSE error(${message} || ${k}) END AS ${k}`;
    const selects = files.map((f) => `(${csvSelect([f.file], f.header.split(','), live.columns, live.def.name)})`).join(' UNION ALL ');
    const r = await this.select(insertSql(live, `(${selects})`, { [k]: guard }));
    return Number(r[0]?.Count ?? 0);
  }

  /** How many rows each table holds now (one query). */
  private async rowCounts(tables: readonly string[]): Promise<number[]> {
    const r = await this.select(`SELECT ${tables.map((t, i) => `(SELECT count(*) FROM ${ident(t)}) AS n${i}`).join(', ')}`);
    return tables.map((_, i) => Number(r[0]![`n${i}`]));
  }

  /** Is no key of a write stored yet? Known when the table is empty, or holds only the rows this store wrote with other keys. */
  private allNew(table: string, held: number, keys: KeyTable | null): boolean {
    if (held === 0) return true;
    const k = this.known.get(table);
    return k !== undefined && k.rows === held && (keys === null || !keys.texts.some((t) => k.keys.has(t)));
  }

  /**
   * After a committed write: remember the table's rows and keys when all its rows are the store's
   * own (`held`: the rows it held before, all known; null when some were not), else forget it.
   */
  private remember(table: string, held: number | null, added: number, keys: KeyTable | null): void {
    const k = held === 0 ? { rows: 0, keys: new Set<string>() } : this.known.get(table);
    if (held === null || !k || k.keys.size + (keys?.texts.length ?? 0) > KNOWN_KEYS) {
      this.known.delete(table);
      return;
    }
    for (const t of keys?.texts ?? []) k.keys.add(t);
    this.known.set(table, { rows: held + added, keys: k.keys });
  }

  /**
   * The parts of a write whose table already holds some of their keys (their stored rows must go
   * first), found with one probe query; parts with too many keys to probe are taken as such.
   */
  private async storedKeys(plans: readonly { live: LiveTable; keys: KeyTable | null }[]): Promise<{ def: StoreTable; keys: KeyTable }[]> {
    const all = plans.flatMap((p, index) => (p.keys ? [{ index, def: p.live.def, keys: p.keys }] : []));
    const probed = all.filter((p) => p.keys.rows.length <= PROBE_KEYS);
    const found = new Set<number>();
    if (probed.length > 0) {
      const q = probeQuery(probed);
      try {
        const r = await this.call((c) => c.runAndReadAll(q.sql, q.values, q.types));
        for (const row of r.getRows()) found.add(Number(row[0]));
      } catch (e) {
        throw new StoreError('SQL_ERROR', oneLine((e as Error).message), this.path);
      }
    }
    return all.filter((p) => p.keys.rows.length > PROBE_KEYS || found.has(p.index));
  }

  /**
   * Append rows to a table with DuckDB's appender, column by column into data chunks: each value
   * checked and converted once (decimals as their exact text, plus `Number(text)` for the DOUBLE
   * companion: the value `CAST(text AS DOUBLE)` gives, both being correctly rounded).
   */
  private async append(live: LiveTable, rows: readonly Record<string, unknown>[], catalog?: string): Promise<void> {
    const table = live.def.name;
    const at = new Map(live.physical.map((n, i) => [n, i]));
    const appender = await this.call((c) => c.createAppender(table, catalog ? 'main' : undefined, catalog));
    try {
      const types = live.physical.map((_, i) => appender.columnType(i));
      if (types.length !== appender.columnCount) throw new Error(`expected ${types.length} columns, the table has ${appender.columnCount}`);
      const columns: ChunkColumn[] = live.columns.map((c) => {
        const index = at.get(c.name)!;
        const companion = c.type === 'decimal' ? (at.get(`${c.name}${NUMERIC_SUFFIX}`) ?? null) : null;
        return { column: c, index, type: types[index]!, companion, companionType: companion === null ? null : types[companion]! };
      });
      const filled = new Set(columns.flatMap((c) => (c.companion === null ? [c.index] : [c.index, c.companion])));
      for (let off = 0; off < rows.length; off += CHUNK_ROWS) {
        const n = Math.min(CHUNK_ROWS, rows.length - off);
        const chunk = DuckDBDataChunk.create(types, n);
        for (const c of columns) {
          if (direct(c)) fillColumn(chunk, c, table, rows, off, n);
          else fillVectors(chunk, c, table, rows, off, n);
        }
        // Columns no row can fill (none in a table this store made) stay NULL, as an INSERT leaves them.
        for (let k = 0; k < types.length; k++) if (!filled.has(k)) fillNull(chunk, k, n);
        appender.appendDataChunk(chunk);
      }
      appender.closeSync();
    } catch (e) {
      try {
        appender.clear();
        appender.closeSync();
      } catch {
        // the transaction is rolled back anyway
      }
      if (e instanceof StoreError) throw e;
      throw new StoreError('STORE_INPUT', `${table}: ${oneLine((e as Error).message)}`, this.path);
    }
  }

  /** Move `_ring_stage` into the table: delete the stored rows of the staged keys, insert the staged rows. */
  private async mergeStage(live: LiveTable): Promise<number> {
    const [remove, insert, drop] = mergeSql(live, '_ring_stage');
    await this.run(remove!);
    const r = await this.rows(insert!);
    await this.run(drop!);
    return Number(r[0]?.Count ?? 0);
  }

  /**
   * Bulk-load CSV files of one table (the files a run or sweep wrote) with DuckDB's CSV reader:
   * every field read as text, converted by the column's type (decimals stay exact text), the
   * stored rows of the loaded keys replaced. Files may differ in their dynamic columns.
   */
  async loadCsv(table: StoreTable | string, files: readonly string[], replaceKeys: readonly string[] = []): Promise<number> {
    this.assertWritable();
    const def = typeof table === 'string' ? storeTable(table) : table;
    return this.transaction(async () => {
      // Keys whose stored rows go even if their files have no data row (a passive run's trades.csv).
      if (replaceKeys.length > 0 && def.key.length === 1) {
        const list = replaceKeys.map(literal).join(', ');
        await this.run(`DELETE FROM ${ident(def.name)} WHERE ${ident(def.key[0]!)} IN (${list})`);
      }
      if (files.length === 0) return 0;
      // DuckDB's CSV reader pays a fixed cost per file; a sweep has thousands of small files per
      // table, so the files of each header are concatenated into one temporary file first.
      const joined = concatenateByHeader(files);
      try {
        const extra = dynamicColumns(
          def,
          joined.flatMap((j) => j.header.split(',')),
        );
        const live = await this.ensureColumns(def, extra);
        const selects = joined.map((j) => csvSelect([j.file], j.header.split(','), live.columns, def.name));
        await this.run(`CREATE OR REPLACE TEMP TABLE _ring_stage AS ${selects.map((x) => `(${x})`).join(' UNION ALL ')}`);
      } finally {
        for (const j of joined) rmSync(j.file, { force: true });
      }
      await this.run('ALTER TABLE temp.main._ring_stage ADD COLUMN _ring_ord BIGINT DEFAULT 0');
      return this.mergeStage(await this.liveTable(def));
    });
  }

  /**
   * Create the tables of this schema version that are missing, and the columns a definition
   * gained; the tables as they then are are what the first writes start from (one catalog query).
   */
  async ensureSchema(): Promise<void> {
    await this.run(STORE_TABLES.map(createTableSql).join(';\n'));
    const add: string[] = [];
    for (const [def, columns] of await this.allCatalogColumns()) {
      const have = new Set(columns.map((c) => c.name));
      for (const p of def.columns.flatMap(physicalColumns)) if (!have.has(p.name)) add.push(addColumnSql(def.name, p.name, p.sql));
    }
    if (add.length === 0) return;
    await this.run(add.join(';\n'));
    await this.run(documentationSql([]));
    await this.allCatalogColumns();
  }

  /** The columns of every table of the schema (one catalog query), remembered as the tables' live columns. */
  private async allCatalogColumns(): Promise<Map<StoreTable, CatalogColumn[]>> {
    const r = await this.select(catalogSql(`database_name = current_database() AND schema_name = 'main'`));
    const byTable = new Map<string, CatalogColumn[]>();
    for (const x of r) {
      const t = String(x.table_name);
      if (!byTable.has(t)) byTable.set(t, []);
      byTable.get(t)!.push(catalogColumn(x));
    }
    const out = new Map<StoreTable, CatalogColumn[]>();
    for (const def of STORE_TABLES) {
      const columns = byTable.get(def.name) ?? [];
      out.set(def, columns);
      this.live.set(def.name, liveFrom(def, columns));
    }
    return out;
  }

  /** The schema version the database records (null when it has no `ring_meta`). */
  async schemaVersion(): Promise<number | null> {
    const tables = await this.tableNames();
    if (!tables.includes('ring_meta')) return null;
    const r = await this.rows(`SELECT value FROM ring_meta WHERE key = 'schema_version'`);
    const v = r[0]?.value;
    return v === undefined ? null : Number(v);
  }

  /** Write every committed row into the database file now (DuckDB's CHECKPOINT); the rows stay as they are. */
  async checkpoint(): Promise<void> {
    await this.exec('CHECKPOINT');
  }

  /**
   * Close the database (checkpoints it; the file is then free for other processes). Calls still
   * running (a writer's batch) finish first: the connection closes when the last one ends, and
   * every call made after `close` is refused. Closing a store closes its siblings.
   */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    for (const s of this.siblings) s.close();
    if (this.inflight > 0) this.closePending = true;
    else this.release();
  }

  /** Close this store's connection now, and the instance once its owner and every sibling are done with it. */
  private release(): void {
    this.closePending = false;
    this.released = true;
    this.connection.closeSync();
    const owner = this.parent ?? this;
    if (this.parent) {
      // What this connection wrote, the parent has not seen: it reads the tables afresh.
      this.parent.live.clear();
      this.parent.known.clear();
      this.parent.siblings.delete(this);
    }
    if (owner.released && owner.siblings.size === 0) owner.instance.closeSync();
  }

  /**
   * @internal Another connection to this open database, for writes side by side with this store's
   * own (each in its own transaction; DuckDB runs the two at once). Write each table through one
   * of the two while both are open. Closing it leaves the database open and makes this store read
   * the tables' columns afresh.
   */
  async sibling(): Promise<RingStore> {
    const [{ name }] = (await this.select('SELECT current_database() AS name')) as [{ name: string }];
    const connection = await this.call(async () => {
      const c = await this.instance.connect();
      try {
        await c.run(`USE ${ident(name)}`);
      } catch (e) {
        c.closeSync();
        throw new StoreError('SQL_ERROR', oneLine((e as Error).message), this.path);
      }
      return c;
    });
    const s = new RingStore(this.path, this.readOnly, this.instance, connection, this.logCommits);
    s.parent = this;
    this.siblings.add(s);
    // The tables' columns as this store knows them (it updates them only once its writes commit).
    for (const [name, t] of this.live) s.live.set(name, copyLive(t));
    return s;
  }

  private assertWritable(): void {
    if (this.readOnly) throw new StoreError('DB_READ_ONLY', `${this.path}: opened read-only`, this.path);
  }
}

/** A table as its catalog columns (in the table's order) show it. */
function liveFrom(def: StoreTable, catalog: readonly CatalogColumn[]): LiveTable {
  const columns: StoreColumn[] = [...def.columns];
  const known = new Set(def.columns.flatMap((c) => physicalColumns(c).map((p) => p.name)));
  const types = new Map(catalog.map((c) => [c.name, c.type]));
  for (const { name, type } of catalog) {
    if (known.has(name)) continue;
    if (name.endsWith(NUMERIC_SUFFIX) && types.get(name.slice(0, -NUMERIC_SUFFIX.length)) === 'VARCHAR') continue;
    columns.push({ name, type: typeFromPhysical(type, types.has(companionName(name))) });
  }
  return { def, columns, physical: catalog.filter((c) => c.stored).map((c) => c.name) };
}

function typeFromPhysical(duck: string, hasCompanion: boolean): ColumnType {
  if (duck === 'VARCHAR') return hasCompanion ? 'decimal' : 'string';
  if (duck === 'BIGINT' || duck === 'INTEGER' || duck === 'HUGEINT') return 'integer';
  if (duck === 'DOUBLE' || duck === 'FLOAT') return 'double';
  if (duck === 'BOOLEAN') return 'boolean';
  if (duck === 'JSON') return 'json';
  return 'string';
}

/** The dynamic columns (e.g. `face_bucket_<name>`) among CSV header names. */
export function dynamicColumns(def: StoreTable, names: readonly string[]): StoreColumn[] {
  const d = def.dynamic;
  if (!d) return [];
  const fixed = new Set(def.columns.map((c) => c.name));
  const out = new Map<string, StoreColumn>();
  for (const n of names) if (!fixed.has(n) && n.startsWith(d.prefix)) out.set(n, { name: n, type: d.type });
  return [...out.values()];
}

/**
 * The files grouped by header line, each group's rows in one temporary CSV file under that header
 * (one pass over the files; the caller deletes the temporary files).
 */
function concatenateByHeader(files: readonly string[]): { header: string; file: string }[] {
  return bodiesByHeader(files.map((f) => [f, readFileSync(f, 'utf8')])).map((c) => {
    const file = temporaryCsv();
    writeFileSync(file, `${c.header}\n${c.body}`);
    return { header: c.header, file };
  });
}

/**
 * A CSV text split into its header line and the lines under it (ending with a newline unless
 * there are none); `name` names the text in the error an empty one gets.
 */
export function splitCsv(name: string, text: string): { header: string; body: string } {
  const end = text.indexOf('\n');
  const header = (end < 0 ? text : text.slice(0, end)).replace(/\r$/, '');
  if (header === '') throw new StoreError('SOURCE_INVALID', `${name}: empty file (no CSV header)`, name);
  const body = end < 0 ? '' : text.slice(end + 1);
  return { header, body: body !== '' && !body.endsWith('\n') ? `${body}\n` : body };
}

/**
 * CSV texts (each with its header line) gathered by header: the lines under each header, in the
 * order given, each ending with a newline. `texts` pairs a name (for errors) with a text.
 */
function bodiesByHeader(texts: Iterable<readonly [name: string, text: string]>): { header: string; body: string }[] {
  const groups = new Map<string, string[]>();
  for (const [name, text] of texts) {
    const { header, body } = splitCsv(name, text);
    const g = groups.get(header);
    if (g) g.push(body);
    else groups.set(header, [body]);
  }
  return [...groups].map(([header, bodies]) => ({ header, body: bodies.join('') }));
}

/** The first line of each file (read without loading the file), grouping files with the same header. */
export function groupByHeader(files: readonly string[]): Map<string, string[]> {
  const groups = new Map<string, string[]>();
  const buf = Buffer.alloc(64 * 1024);
  for (const f of files) {
    const fd = openSync(f, 'r');
    let n: number;
    try {
      n = readSync(fd, buf, 0, buf.length, 0);
    } finally {
      closeSync(fd);
    }
    const text = buf.toString('utf8', 0, n);
    const end = text.indexOf('\n');
    const header = (end < 0 ? text : text.slice(0, end)).replace(/\r$/, '');
    if (header === '') throw new StoreError('SOURCE_INVALID', `${f}: empty file (no CSV header)`, f);
    const g = groups.get(header);
    if (g) g.push(f);
    else groups.set(header, [f]);
  }
  return groups;
}

/**
 * SELECT over CSV files that share a header: every field read as text, then cast by its column's
 * type; the result has exactly `columns`, in order (columns absent from the header are NULL). A
 * header column that is not a column of the table is refused.
 */
export function csvSelect(files: readonly string[], header: readonly string[], columns: readonly StoreColumn[], table: string): string {
  // header name → the column it fills (its current name, or an earlier one in `aliases`)
  const source = new Map<string, string>();
  for (const n of header) {
    const c = columns.find((x) => x.name === n) ?? columns.find((x) => x.aliases?.includes(n));
    if (!c) throw new StoreError('SOURCE_INVALID', `${files[0]}: column ${n} is not a column of ${table}`, files[0]!);
    source.set(c.name, n);
  }
  const list = `[${files.map((f) => literal(resolve(f))).join(', ')}]`;
  const types = `{${header.map((n) => `${literal(n)}: 'VARCHAR'`).join(', ')}}`;
  const exprs = columns.map((c) => {
    const from = source.get(c.name);
    const q = ident(c.name);
    if (from === undefined)
      return `CAST(${c.absent === undefined || c.absent === null ? 'NULL' : literal(String(c.absent))} AS ${sqlType(c.type)}) AS ${q}`;
    const f = ident(from);
    return c.type === 'decimal' || c.type === 'string' ? `${f} AS ${q}` : `CAST(${f} AS ${sqlType(c.type)}) AS ${q}`;
  });
  return `SELECT ${exprs.join(', ')} FROM read_csv(${list}, header = true, auto_detect = false, delim = ',', quote = '"', escape = '"', columns = ${types})`;
}

/** The table of column documentation: one row per documented column of every table. */
const DOCS_TABLE = 'ring_columns';

/**
 * The tables' documentation, from their definitions: a COMMENT ON each of `tables` (what
 * `duckdb_tables()` shows), and the table {@link DOCS_TABLE} made anew with a row per documented
 * column of every table, the decimals' companions included. Column docs live in a table rather
 * than in COMMENTs because DuckDB alters a table's catalog entry for each comment: 640 of them
 * cost a new database a quarter of a second.
 */
function documentationSql(tables: readonly StoreTable[] = STORE_TABLES): string {
  const rows: string[] = [];
  for (const t of STORE_TABLES) {
    for (const c of t.columns) {
      if (c.doc) rows.push(`(${literal(t.name)}, ${literal(c.name)}, ${literal(c.doc)})`);
      if (c.type === 'decimal') {
        const doc = `${c.name} as DOUBLE (for arithmetic; ${c.name} is the exact value)`;
        rows.push(`(${literal(t.name)}, ${literal(companionName(c.name))}, ${literal(doc)})`);
      }
    }
  }
  return [
    ...tables.map((t) => `COMMENT ON TABLE ${ident(t.name)} IS ${literal(t.doc)}`),
    `CREATE OR REPLACE TABLE ${DOCS_TABLE} (table_name VARCHAR, column_name VARCHAR, doc VARCHAR, PRIMARY KEY (table_name, column_name))`,
    `INSERT INTO ${DOCS_TABLE} VALUES ${rows.join(', ')}`,
  ].join(';\n');
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
