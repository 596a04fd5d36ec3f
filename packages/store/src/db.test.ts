/**
 * Opening databases: created when missing, the schema version recorded, and every file that is not
 * a ring database of this version refused with one line (never misread).
 */
import { chmodSync, existsSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { describe, expect, it } from 'vitest';
import { SCHEMA_VERSION, openStore } from './db';
import { StoreError } from './errors';
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

describe('openStore', () => {
  it('creates a database with every table and records the schema version', async () => {
    const path = join(tempDir(), 'sub', 'results.duckdb');
    const store = await openStore(path);
    expect(await store.schemaVersion()).toBe(SCHEMA_VERSION);
    const tables = await store.tableNames();
    for (const t of STORE_TABLES) expect(tables).toContain(t.name);
    store.close();
    expect(existsSync(path)).toBe(true);
    const again = await openStore(path, { readOnly: true });
    expect(await again.schemaVersion()).toBe(SCHEMA_VERSION);
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

  it('makes SQL errors one line', async () => {
    const store = await openStore(join(tempDir(), 'q.duckdb'));
    await expect(store.rows('SELECT nope FROM runs')).rejects.toThrow(/^Binder Error: Referenced column "nope" not found/);
    store.close();
  });
});
