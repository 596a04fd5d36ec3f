import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { DuckDBInstance } from './duckdb';
import { csvSelect, groupByHeader } from './csv-files';
import { RingStore } from './db';
import { dynamicColumns } from './live-table';
import { StoreError } from './errors';
import { NUMERIC_SUFFIX, createTableSql, ident, selectExpressions } from './schema';
import type { StoreColumn, StoreTable } from './schema';
import { RUNS_TABLE, STORE_TABLES } from './tables';

/** The files of a table in a run or sweep directory (`runs/*\/trades.csv`, `aggregate/comparison.csv`). */
export function tableFiles(dir: string, table: StoreTable): string[] {
  if (!table.file) return [];
  if (table.file.startsWith('runs/*/')) {
    const runs = join(dir, 'runs');
    if (!existsSync(runs)) return [];
    const name = table.file.slice('runs/*/'.length);
    return readdirSync(runs)
      .filter((id) => !id.includes('.tmp-'))
      .sort()
      .map((id) => join(runs, id, name))
      .filter((f) => existsSync(f));
  }
  const f = join(dir, table.file);
  return existsSync(f) ? [f] : [];
}

/** CREATE VIEW over a table's CSV files: the stored table's columns, decimals with their DOUBLE companions. */
function csvView(table: StoreTable, files: readonly string[]): string {
  const groups = groupByHeader(files);
  const columns: StoreColumn[] = [
    ...table.columns,
    ...dynamicColumns(
      table,
      [...groups.keys()].flatMap((h) => h.split(',')),
    ),
  ];
  const union = [...groups].map(([header, g]) => `(${csvSelect(g, header.split(','), columns, table.name)})`).join(' UNION ALL ');
  return `CREATE VIEW ${ident(table.name)} AS SELECT ${selectExpressions(columns).join(', ')} FROM (${union})`;
}

/** The pair-level configuration columns of comparison.csv and the `runs` column each one is. */
const PAIR_CONFIG: readonly [pairs: string, runs: string][] = [
  ['seed', 'seed'],
  ['n_agents', 'n_agents'],
  ['maturity_days', 'maturity_days'],
  ['q_total', 'q_total'],
  ['face_value', 'ticket_size'],
  ['kappa', 'kappa'],
  ['concentration', 'concentration'],
  ['mu', 'mu'],
  ['monotonicity', 'monotonicity'],
  ['outside_mid_ratio', 'outside_mid_ratio'],
  ['big_entity_share', 'big_entity_share'],
  ['kappa_reference', 'kappa_reference'],
];

/**
 * `runs` of a directory: both arms of every row of comparison.csv (passive_* columns are the
 * baseline arm, active_* the treatment), with the configuration columns comparison.csv holds
 * (the full configuration is only in a database, from `--db`).
 */
function runsView(pairs: StoreTable): string {
  const decimals = new Set(pairs.columns.filter((c) => c.type === 'decimal').map((c) => c.name));
  const arm = (side: 'passive' | 'active') => {
    const out = (from: string, to: string) =>
      [
        `${ident(from)} AS ${ident(to)}`,
        ...(decimals.has(from) ? [`${ident(from + NUMERIC_SUFFIX)} AS ${ident(to + NUMERIC_SUFFIX)}`] : []),
      ].join(', ');
    return [
      `SELECT ${out(`${side}_run_id`, 'run_id')}, pair_id, '${side}' AS regime, profile, ${out(`${side}_status`, 'status')}`,
      out(`delta_${side}`, 'delta'),
      out(`phi_${side}`, 'phi'),
      out(`n_defaults_${side}`, 'n_defaults'),
      out(`final_day_${side}`, 'final_day'),
      out(`end_reason_${side}`, 'end_reason'),
      'CAST(NULL AS JSON) AS config',
      ...PAIR_CONFIG.map(([p, r]) => out(p, r)),
    ].join(', ');
  };
  return `CREATE VIEW ${ident(RUNS_TABLE.name)} AS ${arm('passive')} FROM pairs UNION ALL ${arm('active')} FROM pairs`;
}

/**
 * Open a run or sweep output directory as a read-only, in-memory database: one view per table over
 * its CSV files (the per-run tables over `runs/*\/<table>.csv`, `pairs` over
 * `aggregate/comparison.csv`, …), with the same columns and types as a database written with `--db`
 * (see `runsView` for `runs`); tables without files are empty. Nothing is copied.
 */
export async function openDirectory(dir: string): Promise<RingStore> {
  const abs = resolve(dir);
  if (!existsSync(abs) || !statSync(abs).isDirectory()) throw new StoreError('SOURCE_INVALID', `${abs}: no such directory`, abs);
  const found = STORE_TABLES.map((t) => [t, tableFiles(abs, t)] as const);
  if (!found.some(([, files]) => files.length > 0)) {
    throw new StoreError('SOURCE_INVALID', `${abs}: no ring output files (aggregate/*.csv or runs/<run_id>/*.csv)`, abs);
  }
  const instance = await DuckDBInstance.create(':memory:');
  const store = new RingStore(abs, true, instance, await instance.connect());
  try {
    const pairsFiles = found.find(([t]) => t.name === 'pairs')![1];
    for (const [t, files] of found) {
      if (files.length > 0) await store.run(csvView(t, files));
      else if (t.name === RUNS_TABLE.name && pairsFiles.length > 0) continue;
      else await store.run(createTableSql(t));
    }
    if (pairsFiles.length > 0) await store.run(runsView(found.find(([t]) => t.name === 'pairs')![0]));
  } catch (e) {
    store.close();
    throw e;
  }
  return store;
}
