/**
 * Opening databases: created when missing, the schema version recorded, and every file that is not
 * a ring database of this version refused with one line (never misread).
 */
import { chmodSync, existsSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { describe, expect, it } from 'vitest';
import { SCHEMA_VERSION, openStore } from './open';
import type { RingStore } from './db';
import { StoreError } from './errors';
import { physicalColumns } from './schema';
import { STORE_TABLES } from './tables';
import { tempDir } from './test-fixtures';

const codeOf = async (p: Promise<unknown>): Promise<string> => {
  try {
    await p;
  } catch (e) {
    expect(e).toBeInstanceOf(StoreError);
    expect((e as Error).message).not.toContain('\n');
    return (e as StoreError).code;
  }
  return 'OPENED';
};

/** A DuckDB file made directly with DuckDB (not through the store). */
async function rawDatabase(path: string, sql: string): Promise<void> {
  const inst = await DuckDBInstance.create(path);
  const c = await inst.connect();
  await c.run(sql);
  c.closeSync();
  inst.closeSync();
}

/** The block size of the store's database file. */
const blockSize = async (store: RingStore): Promise<number> =>
  Number((await store.rows('SELECT block_size FROM pragma_database_size() WHERE database_name = current_database()'))[0]!.block_size);

describe('openStore', () => {
  it('creates a database with every table and records the schema version', async () => {
    const path = join(tempDir(), 'sub', 'results.duckdb');
    const store = await openStore(path);
    expect(await store.schemaVersion()).toBe(SCHEMA_VERSION);
    const tables = await store.tableNames();
    for (const t of STORE_TABLES) expect(tables).toContain(t.name);
    // every documented column, and every decimal's companion, has its row of documentation
    const docs = await store.rows('SELECT table_name, column_name FROM ring_columns');
    const documented = new Set(docs.map((d) => `${d.table_name}.${d.column_name}`));
    for (const t of STORE_TABLES) {
      for (const c of t.columns) {
        if (c.doc) expect(documented.has(`${t.name}.${c.name}`)).toBe(true);
        if (c.type === 'decimal') expect(documented.has(`${t.name}.${c.name}_num`)).toBe(true);
      }
    }
    store.close();
    expect(existsSync(path)).toBe(true);
    const again = await openStore(path, { readOnly: true });
    expect(await again.schemaVersion()).toBe(SCHEMA_VERSION);
    // created with 16 KiB blocks (ring's wide, small tables; see NEW_FILE_BLOCK_SIZE)
    expect(await blockSize(again)).toBe(16_384);
    again.close();
  });

  it('refuses a file that is not a DuckDB database', async () => {
    const path = join(tempDir(), 'notes.duckdb');
    writeFileSync(path, 'kappa,rho\n1,0.9\n');
    expect(await codeOf(openStore(path))).toBe('DB_NOT_DUCKDB');
    expect(await codeOf(openStore(path, { readOnly: true }))).toBe('DB_NOT_DUCKDB');
  });

  it('refuses a DuckDB database that is not a ring database', async () => {
    const path = join(tempDir(), 'other.duckdb');
    await rawDatabase(path, 'CREATE TABLE t (x INTEGER)');
    expect(await codeOf(openStore(path))).toBe('DB_NOT_RING');
  });

  it('refuses a newer schema version and an older one it cannot migrate, for reading and for writing', async () => {
    for (const version of [SCHEMA_VERSION + 1, 0]) {
      const path = join(tempDir(), `v${version}.duckdb`);
      await rawDatabase(
        path,
        `CREATE TABLE ring_meta (key VARCHAR PRIMARY KEY, value VARCHAR); INSERT INTO ring_meta VALUES ('schema_version', '${version}')`,
      );
      expect(await codeOf(openStore(path))).toBe('DB_SCHEMA_VERSION');
      expect(await codeOf(openStore(path, { readOnly: true }))).toBe('DB_SCHEMA_VERSION');
    }
  });

  it('refuses a read-only file for writing but reads it', async () => {
    const path = join(tempDir(), 'ro.duckdb');
    (await openStore(path)).close();
    chmodSync(path, 0o444);
    expect(await codeOf(openStore(path))).toBe('DB_READ_ONLY');
    const r = await openStore(path, { readOnly: true });
    r.close();
  });

  it('refuses to read a database that does not exist', async () => {
    expect(await codeOf(openStore(join(tempDir(), 'missing.duckdb'), { readOnly: true }))).toBe('DB_NOT_FOUND');
  });

  it('without logged commits, keeps committed rows through close (checkpointed, no log left) and names the file as its catalog', async () => {
    const dir = tempDir();
    const path = join(dir, 'bulk.duckdb');
    const store = await openStore(path, { logCommits: false });
    expect((await store.rows('SELECT current_database() AS db'))[0]!.db).toBe('bulk');
    await store.run(`INSERT INTO ring_meta VALUES ('note', 'kept')`);
    expect(existsSync(`${path}.wal`)).toBe(false);
    store.close();
    expect(readdirSync(dir).sort()).toEqual(['bulk.duckdb']);
    const again = await openStore(path, { readOnly: true });
    expect(await again.rows(`SELECT value FROM ring_meta WHERE key = 'note'`)).toEqual([{ value: 'kept' }]);
    again.close();
    // a logged commit is in the log until the checkpoint (the contrast that makes the check above mean something)
    const logged = await openStore(path);
    await logged.run(`INSERT INTO ring_meta VALUES ('other', 'x')`);
    expect(existsSync(`${path}.wal`)).toBe(true);
    logged.close();
  });

  it('computes the companions of the tables it creates, and stores those of columns a table gains later', async () => {
    const store = await openStore(join(tempDir(), 'computed.duckdb'));
    await store.writeRows('runs', [{ run_id: 'r1', delta: '0.1', kappa: '1.25' }], [{ name: 'kappa', type: 'decimal' }]);
    const columns = await store.catalogColumns('runs');
    const storedOf = (name: string) => columns.find((c) => c.name === name)?.stored;
    expect(storedOf('delta')).toBe(true);
    expect(storedOf('delta_num')).toBe(false);
    expect(storedOf('kappa_num')).toBe(true);
    expect(await store.rows('SELECT delta, delta_num, kappa, kappa_num FROM runs')).toEqual([
      { delta: '0.1', delta_num: 0.1, kappa: '1.25', kappa_num: 1.25 },
    ]);
    store.close();
  });

  it('migrates a schema-1 database (stored companions) to this schema with its rows, and refuses to read it unmigrated', async () => {
    const path = join(tempDir(), 'v1.duckdb');
    // schema 1 as it created its tables: every companion a stored DOUBLE
    const v1 = STORE_TABLES.map((t) => {
      const cols = t.columns.flatMap(physicalColumns).map((p) => `"${p.name}" ${p.sql}`);
      if (t.replace === 'row') cols.push(`PRIMARY KEY (${t.key.map((k) => `"${k}"`).join(', ')})`);
      return `CREATE TABLE "${t.name}" (${cols.join(', ')})`;
    });
    await rawDatabase(
      path,
      [
        `CREATE TABLE ring_meta (key VARCHAR PRIMARY KEY, value VARCHAR)`,
        `INSERT INTO ring_meta VALUES ('schema_version', '1')`,
        ...v1,
        `ALTER TABLE runs ADD COLUMN kappa VARCHAR`,
        `ALTER TABLE runs ADD COLUMN kappa_num DOUBLE`,
        `INSERT INTO runs (run_id, delta, delta_num, n_defaults, kappa, kappa_num) VALUES ('r1', '0.125', 0.125, 3, '2', 2)`,
        `INSERT INTO trades (run_id, price, price_num) VALUES ('r1', '0.95', 0.95), ('r1', '0.9', 0.9)`,
      ].join(';\n'),
    );
    expect(await codeOf(openStore(path, { readOnly: true }))).toBe('DB_SCHEMA_VERSION');
    const store = await openStore(path);
    expect(await store.schemaVersion()).toBe(SCHEMA_VERSION);
    // a file keeps the block size it was made with (DuckDB's default here)
    expect(await blockSize(store)).toBe(262_144);
    expect(await store.rows('SELECT run_id, delta, delta_num, n_defaults, kappa, kappa_num FROM runs')).toEqual([
      { run_id: 'r1', delta: '0.125', delta_num: 0.125, n_defaults: 3n, kappa: '2', kappa_num: 2 },
    ]);
    expect(await store.rows('SELECT price, price_num FROM trades ORDER BY price')).toEqual([
      { price: '0.9', price_num: 0.9 },
      { price: '0.95', price_num: 0.95 },
    ]);
    const runs = await store.catalogColumns('runs');
    expect(runs.filter((c) => !c.stored).map((c) => c.name)).toEqual(['delta_num', 'phi_num']);
    expect(runs.find((c) => c.name === 'kappa_num')?.stored).toBe(true);
    const doc = await store.rows(`SELECT doc FROM ring_columns WHERE table_name = 'runs' AND column_name = 'delta_num'`);
    expect(String(doc[0]!.doc)).toContain('as DOUBLE');
    const comment = await store.rows(`SELECT comment FROM duckdb_tables() WHERE table_name = 'runs'`);
    expect(String(comment[0]!.comment)).toContain('One row per run');
    // the migrated tables take writes as new ones do (the key still unique)
    await store.writeRows('runs', [{ run_id: 'r1', delta: '0.5', kappa: '3' }], [{ name: 'kappa', type: 'decimal' }]);
    expect(await store.rows('SELECT count(*) AS n, max(delta_num) AS d, max(kappa_num) AS k FROM runs')).toEqual([{ n: 1n, d: 0.5, k: 3 }]);
    store.close();
  });

  it('closes once the calls still running have ended (its siblings too), and refuses calls made after', async () => {
    const path = join(tempDir(), 'busy.duckdb');
    const store = await openStore(path);
    const side = await store.sibling();
    // queries that take a moment, running as close() is called (closing under them crashes DuckDB)
    const slow = store.rows('SELECT count(*) AS n FROM range(200000000)');
    const slowSide = side.rows('SELECT sum(range) AS s FROM range(200000000)');
    store.close();
    expect((await slow)[0]!.n).toBe(200_000_000n);
    expect((await slowSide)[0]!.s).toBe(19_999_999_900_000_000n);
    for (const s of [store, side]) await expect(s.rows('SELECT 1')).rejects.toMatchObject({ code: 'STORE_INPUT' });
    // every connection and the instance are closed: the file is free
    const again = await openStore(path, { lockTimeoutMs: 0 });
    expect(await again.schemaVersion()).toBe(SCHEMA_VERSION);
    again.close();
  });

  it('makes SQL errors one line', async () => {
    const store = await openStore(join(tempDir(), 'q.duckdb'));
    await expect(store.rows('SELECT nope FROM runs')).rejects.toThrow(/^Binder Error: Referenced column "nope" not found/);
    store.close();
  });
});
