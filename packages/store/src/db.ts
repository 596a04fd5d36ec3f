/**
 * An open ring database (`RingStore`): its reads, its upserts (rows through DuckDB's appender, CSV
 * through its reader), its transactions and its connections. Opening one is `open.ts`.
 */
import { rmSync } from 'node:fs';
import { DuckDBDataChunk, LIST, VARCHAR, listValue } from './duckdb';
import type { DuckDBConnection, DuckDBInstance, DuckDBType, DuckDBValue } from './duckdb';
import { CHUNK_ROWS, direct, fillColumn, fillNull, fillVectors } from './chunk';
import type { ChunkColumn } from './chunk';
import { concatenateByHeader, csvFiles, csvSelect } from './csv-files';
import type { BatchCsv, CsvBody } from './csv-files';
import { documentationSql } from './documentation';
import { catalogColumn, catalogSql, copyLive, dynamicColumns, liveFrom } from './live-table';
import type { CatalogColumn, LiveTable } from './live-table';
import { addColumnSql, deleteKeysSql, insertSql, keyTable, lastPerKey, mergeSql, probeQuery } from './upsert-sql';
import type { KeyTable } from './upsert-sql';
import { StoreError, oneLine } from './errors';
import { createTableSql, ident, literal, physicalColumns, NUMERIC_SUFFIX } from './schema';
import type { StoreColumn, StoreTable } from './schema';
import { STORE_TABLES, storeTable } from './tables';

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
 * Most keys a write looks up in one probe ({@link probeQuery}); a part with more goes straight to the
 * key-table path (an SQL text of that many literals would cost more than it saves).
 */
const PROBE_KEYS = 4096;

/** Most keys a store remembers per table (see `RingStore.known`); past it, writes probe. */
const KNOWN_KEYS = 1_000_000;

/** What {@link RingStore.writeBatch} does for one table. */
interface BatchPlan {
  readonly live: LiveTable;
  readonly rows: readonly Record<string, unknown>[];
  readonly csv: readonly CsvBody[];
  readonly added: StoreColumn[];
  readonly keys: KeyTable | null;
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

  /** {@link RingStore.rows} of the store's own queries (reading only), with `values` bound to `$1`, `$2`, … */
  private async select(sql: string, values?: DuckDBValue[], types?: DuckDBType[]): Promise<Record<string, unknown>[]> {
    return this.call(async (c) => {
      try {
        const r = await c.runAndReadAll(sql, values, types);
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
    const files = await csvFiles(plans.map((p) => p.csv));
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
   * with another key fails the write, so no key escapes the upsert. DuckDB checks that row by row
   * unless the store vouched for every file's keys as it gathered them (the sweep's spool).
   */
  private async insertCsv(live: LiveTable, files: readonly BatchCsv[], keys: readonly string[]): Promise<number> {
    const selects = files.map((f) => `(${csvSelect([f.file], f.header.split(','), live.columns, live.def.name)})`).join(' UNION ALL ');
    if (files.every((f) => f.keysChecked)) {
      const r = await this.select(insertSql(live, `(${selects})`));
      return Number(r[0]?.Count ?? 0);
    }
    const k = ident(live.def.key[0]!);
    const message = literal(`${live.def.name}.${live.def.key[0]}: a CSV row's key is not among the keys written: `);
    // The keys bound as one list: as literals, a sweep's 1,250 run ids cost DuckDB 8–16 ms to plan, per table.
    const guard = `CASE WHEN ${k} IN (SELECT unnest($1)) THEN ${k} ELSE error(${message} || ${k}) END AS ${k}`;
    const r = await this.select(insertSql(live, `(${selects})`, { [k]: guard }), [listValue([...keys])], [LIST(VARCHAR)]);
    return Number(r[0]?.Count ?? 0);
  }

  /**
   * How many rows each table holds now (one query). A UNION ALL of counts: DuckDB plans it in a
   * quarter of the time it takes for one row of scalar subqueries (4 against 15 ms for a sweep's
   * eight tables), which every batch pays before it writes.
   */
  private async rowCounts(tables: readonly string[]): Promise<number[]> {
    const r = await this.select(tables.map((t, i) => `SELECT ${i} AS i, count(*) AS n FROM ${ident(t)}`).join(' UNION ALL '));
    const counts = new Map(r.map((x) => [Number(x.i), Number(x.n)]));
    return tables.map((t, i) => {
      const n = counts.get(i);
      if (n === undefined) throw new StoreError('SQL_ERROR', `${t}: no row count`, this.path);
      return n;
    });
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
      for (const row of await this.select(q.sql, q.values, q.types)) found.add(Number(row.part));
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
