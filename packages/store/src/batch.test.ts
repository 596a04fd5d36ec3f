/**
 * writeBatch, the write under every other: several tables in one transaction, rows through
 * DuckDB's appender in chunks, the stored rows of the keys written replaced, nothing at all
 * written when a part is refused.
 */
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore } from './open';
import type { RingStore } from './db';
import { StoreError } from './errors';
import { tempDir } from './test-fixtures';

let store: RingStore;
beforeAll(async () => {
  store = await openStore(join(tempDir(), 'batch.duckdb'));
});
afterAll(() => store.close());

/** A trade row: every type of column (integers, decimals, strings, booleans), some of them null. */
const trade = (run: string, seq: number) => ({
  run_id: run,
  regime: 'active',
  day: seq % 17,
  seq,
  side: seq % 2 === 0 ? 'sell' : 'buy',
  price: seq % 5 === 0 ? null : `0.${String(seq).padStart(6, '0')}1`,
  face_value: String(seq * 3),
  is_passthrough: seq % 3 === 0,
});

describe('writeBatch', () => {
  it('takes rows as CSV text: their stored rows replaced, and a row whose key is not among replaceKeys fails the whole write', async () => {
    const store = await openStore(join(tempDir(), 'csv.duckdb'));
    const header = 'run_id,regime,day,seq,side,price,face_value';
    const csv = (lines: string[]) => [{ header, body: `${lines.join('\n')}\n` }];
    const count = async () => Number((await store.rows(`SELECT count(*) AS n FROM trades WHERE run_id LIKE 'csv%'`))[0]!.n);
    await store.writeBatch([
      { table: 'trades', rows: [], csv: csv(['csv1,active,1,1,buy,0.5,10', 'csv1,active,2,2,sell,0.25,20']), replaceKeys: ['csv1'] },
    ]);
    await store.writeBatch([{ table: 'trades', rows: [], csv: csv(['csv1,active,3,3,buy,0.75,30']), replaceKeys: ['csv1'] }]);
    expect(await store.rows(`SELECT seq, price, price_num FROM trades WHERE run_id = 'csv1'`)).toEqual([
      { seq: 3n, price: '0.75', price_num: 0.75 },
    ]);
    // csv2 escapes the keys named: refused, and csv1's rows (replaced first) are still there
    await expect(
      store.writeBatch([
        { table: 'trades', rows: [], csv: csv(['csv1,active,4,4,buy,0.5,10', 'csv2,active,5,5,buy,0.5,10']), replaceKeys: ['csv1'] },
      ]),
    ).rejects.toThrow(/trades\.run_id: a CSV row's key is not among the keys written: csv2/);
    expect(await count()).toBe(1);
    // a table of one row per key, CSV without replaceKeys, and CSV beside rows are refused before anything runs
    const refused = async (part: Parameters<RingStore['writeBatch']>[0][number]) => {
      const e = await store.writeBatch([part]).catch((x: unknown) => x);
      expect(e).toBeInstanceOf(StoreError);
      expect((e as StoreError).code).toBe('STORE_INPUT');
    };
    await refused({ table: 'runs', rows: [], csv: [{ header: 'run_id', body: 'csv1\n' }], replaceKeys: ['csv1'] });
    await refused({ table: 'trades', rows: [], csv: csv(['csv3,active,1,1,buy,0.5,10']) });
    await refused({ table: 'trades', rows: [trade('csv4', 1)], csv: csv(['csv4,active,1,1,buy,0.5,10']), replaceKeys: ['csv4'] });
    expect(await count()).toBe(1);
    store.close();
  });

  it('appends rows across many data chunks exactly, nulls and DOUBLE companions included', async () => {
    const rows = Array.from({ length: 5000 }, (_, i) => trade(`r${i % 7}`, i));
    const counts = await store.writeBatch([{ table: 'trades', rows }]);
    expect(counts.trades).toBe(5000);
    const back = await store.rows(
      'SELECT run_id, day, seq, side, price, price_num, CAST(price AS DOUBLE) AS cast, face_value, is_passthrough FROM trades ORDER BY seq',
    );
    expect(back).toHaveLength(5000);
    back.forEach((b, i) => {
      const r = rows[i]!;
      expect([b.run_id, b.day, b.seq, b.side, b.price, b.face_value, b.is_passthrough]).toEqual([
        r.run_id,
        BigInt(r.day),
        BigInt(r.seq),
        r.side,
        r.price,
        r.face_value,
        r.is_passthrough,
      ]);
      expect(b.price_num).toBe(b.cast);
    });
    // written again, and run r0 replaced by no rows: its stored rows go
    await store.writeBatch([{ table: 'trades', rows: rows.filter((r) => r.run_id !== 'r0'), replaceKeys: ['r0'] }]);
    const n = await store.rows('SELECT run_id, count(*) AS n FROM trades GROUP BY ALL ORDER BY ALL');
    expect(n.map((x) => x.run_id)).toEqual(['r1', 'r2', 'r3', 'r4', 'r5', 'r6']);
    expect(n.reduce((a, x) => a + Number(x.n), 0)).toBe(rows.filter((r) => r.run_id !== 'r0').length);
  });

  it('writes all its parts or none: a refused value leaves every table and column as it was', async () => {
    await store.run('DELETE FROM runs; DELETE FROM pairs');
    await store.writeBatch([{ table: 'runs', rows: [{ run_id: 'a', delta: '0.5' }] }]);
    const bad = store.writeBatch([
      { table: 'runs', rows: [{ run_id: 'a', delta: '0.25', new_key: 1 }], extra: [{ name: 'new_key', type: 'integer' }] },
      { table: 'pairs', rows: [{ pair_id: 'p', delta_passive: 0.5 }] },
    ]);
    await expect(bad).rejects.toMatchObject({ code: 'STORE_INPUT' });
    expect(await store.rows('SELECT run_id, delta FROM runs')).toEqual([{ run_id: 'a', delta: '0.5' }]);
    expect(await store.rows('SELECT count(*) AS n FROM pairs')).toEqual([{ n: 0n }]);
    expect([...(await store.physical('runs')).keys()]).not.toContain('new_key');
    // and the store goes on: the column comes with the next write that brings it
    await store.writeBatch([
      { table: 'runs', rows: [{ run_id: 'a', delta: '0.25', new_key: 1 }], extra: [{ name: 'new_key', type: 'integer' }] },
    ]);
    expect(await store.rows('SELECT run_id, delta, new_key FROM runs')).toEqual([{ run_id: 'a', delta: '0.25', new_key: 1n }]);
  });

  it('keeps the last row of a key written twice in one part, and refuses two parts for one table', async () => {
    await store.run('DELETE FROM runs');
    const counts = await store.writeBatch([
      {
        table: 'runs',
        rows: [
          { run_id: 'x', delta: '1' },
          { run_id: 'y', delta: '2' },
          { run_id: 'x', delta: '3' },
        ],
      },
    ]);
    expect(counts.runs).toBe(2);
    expect(await store.rows('SELECT run_id, delta FROM runs ORDER BY run_id')).toEqual([
      { run_id: 'x', delta: '3' },
      { run_id: 'y', delta: '2' },
    ]);
    const twice = store.writeBatch([
      { table: 'runs', rows: [{ run_id: 'z' }] },
      { table: 'runs', rows: [{ run_id: 'w' }] },
    ]);
    await expect(twice).rejects.toBeInstanceOf(StoreError);
  });

  it('stores strings of every length and alphabet, and nulls, exactly (inline and long strings, all column types)', async () => {
    await store.run('DELETE FROM trades');
    const texts = [
      '',
      'a',
      '0.5',
      'abcdefghijkl',
      'abcdefghijklm',
      'héllo',
      '日本',
      '🙂x',
      'abcdefghijké',
      `${'9'.repeat(20)}.${'1'.repeat(8)}`,
    ];
    const rows = texts.map((t, i) => ({
      run_id: `strings-${i}`,
      regime: t,
      day: i % 2 === 0 ? null : -(2 ** 40) - i,
      seq: i,
      side: i === 3 ? null : t,
      price: i % 3 === 0 ? null : `-${i}.${'0'.repeat(i)}7`,
      is_passthrough: i % 3 === 0 ? null : i % 3 === 1,
    }));
    await store.writeBatch([{ table: 'trades', rows }]);
    const back = await store.rows('SELECT run_id, regime, day, side, price, price_num, is_passthrough FROM trades ORDER BY seq');
    expect(back).toEqual(
      rows.map((r) => ({
        run_id: r.run_id,
        regime: r.regime,
        day: r.day === null ? null : BigInt(r.day),
        side: r.side,
        price: r.price,
        price_num: r.price === null ? null : Number(r.price),
        is_passthrough: r.is_passthrough,
      })),
    );
    // string comparison and grouping see the same values (inline strings are zero-padded as DuckDB's own)
    const eq = await store.rows("SELECT count(*) AS n FROM trades WHERE regime = 'abcdefghijkl' OR regime = 'a' OR regime = ''");
    expect(eq).toEqual([{ n: 3n }]);
  });

  it('replaces the stored rows of a key whatever wrote them: rows added by SQL, and more keys than one probe takes', async () => {
    await store.run('DELETE FROM trades');
    await store.writeBatch([{ table: 'trades', rows: [trade('k1', 1), trade('k2', 2)] }]);
    // rows of k3 added behind writeBatch's back, through the connection itself
    await store.connection.run("INSERT INTO trades (run_id, seq) VALUES ('k3', 99)");
    await store.writeBatch([{ table: 'trades', rows: [trade('k3', 3)] }]);
    expect(await store.rows("SELECT seq FROM trades WHERE run_id = 'k3'")).toEqual([{ seq: 3n }]);
    // and again through run(): the same key written twice keeps one group
    await store.run("INSERT INTO trades (run_id, seq) VALUES ('k1', 98)");
    await store.writeBatch([{ table: 'trades', rows: [trade('k1', 4)] }]);
    expect(await store.rows("SELECT seq FROM trades WHERE run_id = 'k1'")).toEqual([{ seq: 4n }]);
    // 5000 keys (more than one probe takes), written twice: one row each
    await store.run('DELETE FROM runs');
    const many = Array.from({ length: 5000 }, (_, i) => ({ run_id: `m${i}`, delta: `${i}` }));
    await store.writeBatch([{ table: 'runs', rows: many }]);
    await store.connection.run("INSERT INTO runs (run_id) VALUES ('outside')");
    await store.writeBatch([{ table: 'runs', rows: many.map((r) => ({ ...r, delta: `${r.delta}.5` })) }]);
    const n = await store.rows("SELECT count(*) AS n, count(*) FILTER (WHERE delta LIKE '%.5') AS replaced FROM runs");
    expect(n).toEqual([{ n: 5001n, replaced: 5000n }]);
  });
  it('takes CSV files where they are, and leaves them there', async () => {
    const dir = tempDir();
    const file = join(dir, 'trades.csv');
    writeFileSync(file, 'run_id,regime,day,seq,side,price,face_value\nfile1,active,1,1,buy,0.5,10\nfile1,active,2,2,sell,0.125,20\n');
    const header = 'run_id,regime,day,seq,side,price,face_value';
    const counts = await store.writeBatch([{ table: 'trades', rows: [], csv: [{ header, file }], replaceKeys: ['file1'] }]);
    expect(counts.trades).toBe(2);
    expect(await store.rows(`SELECT seq, price FROM trades WHERE run_id = 'file1' ORDER BY seq`)).toEqual([
      { seq: 1n, price: '0.5' },
      { seq: 2n, price: '0.125' },
    ]);
    expect(existsSync(file)).toBe(true);
  });
});

describe('RingStore.sibling', () => {
  it('writes side by side with its store, each its own transaction; once it closes, the store sees the columns it added', async () => {
    const path = join(tempDir(), 'sibling.duckdb');
    const store = await openStore(path);
    await store.writeRows('system_state_timeseries', [{ run_id: 'a', day: 0 }]);
    const other = await store.sibling();
    const [, n] = await Promise.all([
      store.writeRows('trades', [trade('a', 1), trade('a', 2)]),
      other.writeRows(
        'system_state_timeseries',
        [{ run_id: 'b', day: 0, face_bucket_short: '1.5' }],
        [{ name: 'face_bucket_short', type: 'decimal' }],
      ),
    ]);
    expect(n).toBe(1);
    other.close();
    // the store's own idea of system_state_timeseries predates face_bucket_short: it must look again
    await store.writeRows('system_state_timeseries', [{ run_id: 'c', day: 0 }]);
    expect(await store.rows('SELECT run_id, face_bucket_short FROM system_state_timeseries ORDER BY run_id')).toEqual([
      { run_id: 'a', face_bucket_short: null },
      { run_id: 'b', face_bucket_short: '1.5' },
      { run_id: 'c', face_bucket_short: null },
    ]);
    expect(Number((await store.rows('SELECT count(*) AS n FROM trades'))[0]!.n)).toBe(2);
    store.close();
    const again = await openStore(path, { readOnly: true });
    expect(Number((await again.rows('SELECT count(*) AS n FROM system_state_timeseries'))[0]!.n)).toBe(3);
    again.close();
  });
});
