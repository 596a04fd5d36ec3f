/**
 * `--db` on run, sweep and compare, `ring query` (database and directory), `ring export --parquet`
 * and `ring merge --db`, through the real CLI, engine and DuckDB.
 */
import { chmodSync, existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../program';

const root = mkdtempSync(join(tmpdir(), 'ring-cli-db-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

async function ring(args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await runCli(args, { stdout: (t) => (out += t), stderr: (t) => (err += t), isTTY: false });
  return { code, out, err };
}
const json = async (source: string, sql: string) => {
  const r = await ring(['query', source, sql, '--json']);
  expect(r.err).toBe('');
  return JSON.parse(r.out) as Record<string, unknown>[];
};

const GRID = ['--kappas', '0.5,1', '--concentrations', '1', '--mus', '0.5', '--outside-mid-ratios', '1,0.9', '--workers', '1'];
const db = join(root, 'results.duckdb');
const sweepDir = join(root, 'sweep');

beforeAll(async () => {
  const r = await ring(['sweep', '--preset', 'paper2025', '--detailed-logging', '--out', sweepDir, '--db', db, ...GRID]);
  expect(r.code).toBe(0);
});

describe('ring sweep --db + ring query', () => {
  it('makes every table queryable, and the directory answers the same', async () => {
    const sql =
      'select (select count(*) from runs) as runs, (select count(*) from pairs) as pairs, (select count(*) from trades) as trades';
    const fromDb = await json(db, sql);
    expect(fromDb).toEqual(await json(sweepDir, sql));
    expect(fromDb[0]).toMatchObject({ runs: 8, pairs: 4 });
    expect(fromDb[0]!.trades).toBeGreaterThan(0);
  });

  it('answers the README questions; --csv and the text table', async () => {
    const rates = await json(
      db,
      'select kappa, outside_mid_ratio, regime, avg(delta_num) as default_rate from runs group by all order by all',
    );
    expect(rates).toHaveLength(8);
    const csv = await ring(['query', db, 'select bucket, day, count(*) as trades from trades group by all order by all', '--csv']);
    expect(csv.out.split('\n')[0]).toBe('bucket,day,trades');
    const text = await ring(['query', db, "select 'x' as a, 1 as b"]);
    expect(text.out).toBe('a  b\n-  -\nx  1\n(1 row)\n');
  });

  it('prints BIGINT as a number when safe, else as a string; decimals as exact text', async () => {
    expect(await json(db, 'select 9007199254740991::BIGINT as safe, 9007199254740993::BIGINT as big')).toEqual([
      { safe: 9007199254740991, big: '9007199254740993' },
    ]);
    const [p] = await json(db, 'select delta_passive from pairs order by pair_id limit 1');
    expect(typeof p!.delta_passive).toBe('string');
  });

  it('a repeated sweep --db leaves the same rows', async () => {
    const before = await json(db, 'select count(*) as n from trades');
    const r = await ring(['sweep', '--preset', 'paper2025', '--detailed-logging', '--out', sweepDir, '--db', db, ...GRID]);
    expect(r.code).toBe(0);
    expect(await json(db, 'select count(*) as n from trades')).toEqual(before);
  });

  it('reports SQL errors and unusable sources in one line with exit code 2', async () => {
    for (const [source, sql] of [
      [db, 'select nope from runs'],
      [db, 'create table x (a int)'],
      [join(root, 'missing.duckdb'), 'select 1'],
    ] as const) {
      const r = await ring(['query', source, sql]);
      expect(r.code, sql).toBe(2);
      expect(r.err).toMatch(/^error: [^\n]+\n$/);
    }
    const notDb = join(root, 'notes.duckdb');
    writeFileSync(notDb, 'not a database at all');
    const r = await ring(['run', '--profile', 'paper2025', '--db', notDb]);
    expect(r.code).toBe(2);
    expect(r.err).toBe(`error: DB_NOT_DUCKDB: ${notDb}: not a DuckDB database\n`);
    const ro = join(root, 'ro.duckdb');
    expect((await ring(['run', '--profile', 'paper2025', '--db', ro])).code).toBe(0);
    chmodSync(ro, 0o444);
    const w = await ring(['run', '--profile', 'paper2025', '--db', ro]);
    expect(w.code).toBe(2);
    expect(w.err).toBe(`error: DB_READ_ONLY: ${ro}: the database file is read-only\n`);
  });
});

describe('ring sweep --db while the sweep runs', () => {
  it('stops at once on a file that is not a database; the rerun resumes and stores every pair', async () => {
    const out = join(root, 'sweep-resumed');
    const notDb = join(root, 'sweep-notes.duckdb');
    writeFileSync(notDb, 'not a database at all');
    const r = await ring(['sweep', '--preset', 'paper2025', '--detailed-logging', '--out', out, '--db', notDb, ...GRID]);
    expect(r.code).toBe(2);
    expect(r.err).toBe(`error: DB_NOT_DUCKDB: ${notDb}: not a DuckDB database\n`);
    // the pairs finished before the refusal are journaled: the rerun loads them from their files, streams the rest
    const journaled = readFileSync(join(out, 'pairs.jsonl'), 'utf8')
      .split('\n')
      .filter((l) => l !== '').length;
    expect(journaled).toBeGreaterThan(0);
    expect(journaled).toBeLessThan(4);
    const file = join(root, 'sweep-resumed.duckdb');
    expect((await ring(['sweep', '--preset', 'paper2025', '--detailed-logging', '--out', out, '--db', file, ...GRID])).code).toBe(0);
    const tables = ['runs', 'pairs', 'trades', 'repayment_events', 'inventory_timeseries', 'system_state_timeseries', 'metrics'];
    for (const t of tables)
      expect(await json(file, `select * from ${t} order by all`), t).toEqual(await json(db, `select * from ${t} order by all`));
  });
});

describe('ring export --parquet', () => {
  it('writes DIR/<table>.parquet for every table, and refuses to overwrite without --overwrite', async () => {
    const dir = join(root, 'parquet');
    const r = await ring(['export', db, '--parquet', dir, '--json']);
    expect(r.code).toBe(0);
    const files = JSON.parse(r.out).files as { table: string; rows: number }[];
    expect(readdirSync(dir).sort()).toEqual(files.map((f) => `${f.table}.parquet`).sort());
    expect(files.find((f) => f.table === 'trades')!.rows).toBeGreaterThan(0);
    const back = await json(db, `select count(*) as n from read_parquet('${join(dir, 'trades.parquet')}')`);
    expect(back).toEqual(await json(db, 'select count(*) as n from trades'));
    expect((await ring(['export', db, '--parquet', dir])).code).toBe(2);
    expect((await ring(['export', db, '--parquet', dir, '--overwrite'])).code).toBe(0);
  });
});

describe('ring merge --db', () => {
  it('merges shard databases into the rows of the unsharded sweep', async () => {
    const shards = [1, 2].map((k) => join(root, `shard-${k}.duckdb`));
    for (const [i, s] of shards.entries()) {
      const r = await ring([
        'sweep',
        '--preset',
        'paper2025',
        '--detailed-logging',
        '--shard',
        `${i + 1}/2`,
        '--out',
        join(root, `shard-${i + 1}`),
        '--db',
        s,
        ...GRID,
      ]);
      expect(r.code).toBe(0);
    }
    const merged = join(root, 'merged.duckdb');
    expect((await ring(['merge', '--db', merged, ...shards])).code).toBe(0);
    const all = 'select * from trades order by run_id, seq';
    expect(await json(merged, all)).toEqual(await json(db, all));
    const runs = 'select * exclude (config) from runs order by run_id';
    expect(await json(merged, runs)).toEqual(await json(db, runs));
    expect((await ring(['merge', '--db', merged, '--out', join(root, 'x'), ...shards])).code).toBe(2);
  });
});

describe('ring run --db and ring compare --db', () => {
  it('stores a run once however often it is written, and the evaluation history', async () => {
    const file = join(root, 'history.duckdb');
    for (let k = 0; k < 2; k++) expect((await ring(['run', '--profile', 'paper2025', '--seed', '46', '--db', file])).code).toBe(0);
    expect(await json(file, 'select count(*) as runs, count(distinct pair_id) as pairs from runs')).toEqual([{ runs: 2, pairs: 1 }]);
    const policy = (id: string, params: object) => {
      const p = join(root, `${id}.json`);
      writeFileSync(p, JSON.stringify({ policy_id: id, parameters: params }));
      return p;
    };
    const old = policy('passive', { sellEnabled: false, buyEnabled: false });
    const neu = policy('seller', { sellEnabled: true });
    const scen = ['--n-agents', '100', '--kappa', '0.5', '--seed', '3'];
    for (const extra of [[], [], ['--iteration', '1'], ['--require-significance']]) {
      const r = await ring(['compare', '--old', old, '--new', neu, ...scen, '--db', file, ...extra]);
      expect(r.code, r.err).toBe(0);
    }
    const rows = await json(
      file,
      'select iteration, old_policy_id, new_policy_id, evaluation_mode, accepted from policy_evaluations order by iteration, acceptance_options',
    );
    expect(rows).toHaveLength(3);
    expect(rows[0]).toMatchObject({ old_policy_id: 'passive', new_policy_id: 'seller', evaluation_mode: 'deterministic' });
    expect(existsSync(file)).toBe(true);
  });
});
