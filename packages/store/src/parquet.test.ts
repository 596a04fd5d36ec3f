/**
 * Parquet export round trip: every table to DIR/<table>.parquet, read back with DuckDB and with an
 * independent reader (hyparquet): the same rows, decimals as exact text, money as 64-bit integers.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { asyncBufferFromFile, parquetReadObjects } from 'hyparquet';
import { beforeAll, describe, expect, it } from 'vitest';
import { openStore } from './open';
import type { RingStore } from './db';
import { StoreError } from './errors';
import { exportParquet } from './parquet';
import { STORE_TABLES } from './tables';
import { smallSweep, sweepInto, tableLines, tempDir } from './test-fixtures';
import { writeSweep } from './write';

let store: RingStore;
let dir: string;
beforeAll(async () => {
  const root = tempDir();
  const def = smallSweep();
  const records = await sweepInto(join(root, 'sweep'), def, true);
  store = await openStore(join(root, 'db.duckdb'));
  await writeSweep(store, { definition: def, records, outDir: join(root, 'sweep') });
  dir = join(root, 'parquet');
  await exportParquet(store, dir);
});

describe('exportParquet', () => {
  it('writes one file per table that DuckDB reads back row for row', async () => {
    for (const t of STORE_TABLES) {
      const file = join(dir, `${t.name}.parquet`);
      expect(existsSync(file), file).toBe(true);
      expect(await tableLines(store, `SELECT * FROM read_parquet('${file}')`), t.name).toEqual(
        await tableLines(store, `SELECT * FROM ${t.name}`),
      );
    }
  });

  it('is read by hyparquet with the same values (decimal text exact, BIGINT as bigint)', async () => {
    for (const name of ['trades', 'pairs', 'runs', 'system_state_timeseries']) {
      const rows = await parquetReadObjects({ file: await asyncBufferFromFile(join(dir, `${name}.parquet`)) });
      const db = await store.rows(`SELECT * FROM ${name} ORDER BY ${STORE_TABLES.find((t) => t.name === name)!.key.join(', ')}`);
      expect(rows.length, name).toBe(db.length);
      expect(rows.length, name).toBeGreaterThan(0);
      rows.forEach((r, i) => {
        for (const [col, v] of Object.entries(db[i]!)) {
          const got = r[col];
          // hyparquet gives JSON columns parsed; DuckDB gives their text
          if (typeof v === 'string' && typeof got === 'object' && got !== null) expect(got, `${name}.${col}`).toEqual(JSON.parse(v));
          else expect(got, `${name}.${col}`).toEqual(v);
        }
      });
    }
  });

  it('refuses to overwrite existing files unless asked', async () => {
    await expect(exportParquet(store, dir)).rejects.toThrow(StoreError);
    const again = await exportParquet(store, dir, { overwrite: true });
    expect(again.files.map((f) => f.table)).toEqual(STORE_TABLES.map((t) => t.name));
  });
});
