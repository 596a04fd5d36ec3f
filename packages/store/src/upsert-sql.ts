/**
 * The SQL of an upsert: columns added, the rows of the keys written deleted (the keys in a
 * temporary table, or probed first), the new rows inserted — the last of a key winning in a table
 * of one row per key.
 */
import { BIGINT, LIST, VARCHAR, listValue } from './duckdb';
import type { DuckDBType, DuckDBValue } from './duckdb';
import type { LiveTable } from './live-table';
import { companionName, ident, selectExpressions, sqlType } from './schema';
import type { StoreTable } from './schema';
import { stagedValue } from './values';

/** ALTER TABLE … ADD COLUMN for a column a write brings. */
export const addColumnSql = (table: string, column: string, type: string): string =>
  `ALTER TABLE ${ident(table)} ADD COLUMN IF NOT EXISTS ${ident(column)} ${type}`;

/**
 * INSERT into a table of the rows of `source` (which has the table's logical columns): every
 * column, and the companions the table stores computed from their text. `key` replaces the
 * expressions of some columns (a guard on the key).
 */
export function insertSql(live: LiveTable, source: string, key: Readonly<Record<string, string>> = {}): string {
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
export function mergeSql(live: LiveTable, stage: string): [remove: string, insert: string, drop: string] {
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
export function lastPerKey(def: StoreTable, rows: readonly Record<string, unknown>[]): readonly Record<string, unknown>[] {
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
export interface KeyTable {
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
export function keyTable(
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
 * One query that tells which parts of a write may have keys already stored: a branch per part
 * naming its index when the table holds a row whose every key column has one of the values written
 * (at most one row each; a superset of the rows with a written key, which is all the probe needs).
 * The values are bound as lists (an SQL text with thousands of literals costs DuckDB more to parse
 * than the probe saves). A part whose keys are all new — every part of a sweep writing into a new
 * database — is appended without the key table and DELETE of the upsert path.
 */
export function probeQuery(parts: readonly { index: number; def: StoreTable; keys: KeyTable }[]): {
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
export function deleteKeysSql(def: StoreTable, keys: string): string[] {
  const t = ident(def.name);
  const k = `temp.main.${keys}`;
  const where =
    def.key.length === 1
      ? `${ident(def.key[0]!)} IN (SELECT ${ident(def.key[0]!)} FROM ${k})`
      : `EXISTS (SELECT 1 FROM ${k} s WHERE ${def.key.map((c) => `s.${ident(c)} = ${t}.${ident(c)}`).join(' AND ')})`;
  return [`DELETE FROM ${t} WHERE ${where}`, `DROP TABLE ${k}`];
}
