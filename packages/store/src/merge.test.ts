/** Shard databases merge into the same rows as the database of one unsharded sweep. */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openStore } from './open';
import { mergeStores } from './merge';
import { STORE_TABLES } from './tables';
import { smallSweep, sweepInto, tableLines, tempDir } from './test-fixtures';
import { writeSweep } from './write';

describe('mergeStores', () => {
  it('gives the rows of the unsharded sweep, and merging again changes nothing', async () => {
    const root = tempDir();
    const def = smallSweep();
    const write = async (name: string, shard?: { index: number; count: number }) => {
      const out = join(root, name);
      const records = await sweepInto(out, def, true, shard);
      const s = await openStore(join(root, `${name}.duckdb`));
      await writeSweep(s, { definition: def, records, outDir: out });
      s.close();
      return join(root, `${name}.duckdb`);
    };
    const whole = await write('whole');
    const shards = [await write('s1', { index: 1, count: 2 }), await write('s2', { index: 2, count: 2 })];
    const merged = join(root, 'merged.duckdb');
    await mergeStores(merged, shards);
    const a = await openStore(whole, { readOnly: true });
    const snapshot = async (path: string) => {
      const s = await openStore(path, { readOnly: true });
      const out = await Promise.all(STORE_TABLES.map((t) => tableLines(s, `SELECT * FROM ${t.name}`)));
      s.close();
      return out;
    };
    const expected = await Promise.all(STORE_TABLES.map((t) => tableLines(a, `SELECT * FROM ${t.name}`)));
    a.close();
    expect(expected[STORE_TABLES.findIndex((t) => t.name === 'trades')]!.length).toBeGreaterThan(0);
    expect(await snapshot(merged)).toEqual(expected);
    await mergeStores(merged, shards);
    expect(await snapshot(merged)).toEqual(expected);
  });
});
