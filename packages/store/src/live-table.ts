/**
 * A table as it is in a database — its definition plus the columns the data brought — read from
 * DuckDB's catalog.
 */
import { NUMERIC_SUFFIX, companionName, physicalColumns } from './schema';
import type { ColumnType, StoreColumn, StoreTable } from './schema';

/** A table as it is in a database: its definition plus the dynamic columns the data brought. */
export interface LiveTable {
  readonly def: StoreTable;
  readonly columns: StoreColumn[];
  /**
   * The stored columns in the table's order — what DuckDB's appender fills: the decimals'
   * companions a table was created with are computed (not listed), those added later are stored.
   */
  readonly physical: string[];
}

/** A live table with its own column lists (a write adds to them in place). */
export const copyLive = (t: LiveTable): LiveTable => ({ ...t, columns: [...t.columns], physical: [...t.physical] });

/** A column as DuckDB's catalog lists it; `stored` is false for a generated (computed) column. */
export interface CatalogColumn {
  readonly name: string;
  readonly type: string;
  readonly stored: boolean;
}

/**
 * The catalog query for the columns of tables. A ring table never has a column default, so a
 * column expression (`column_default`) marks a generated column.
 */
export const catalogSql = (where: string): string =>
  `SELECT table_name, column_name, data_type, column_default IS NULL AS stored FROM duckdb_columns() WHERE ${where} ORDER BY table_name, column_index`;

export const catalogColumn = (x: Record<string, unknown>): CatalogColumn => ({
  name: String(x.column_name),
  type: String(x.data_type),
  stored: Boolean(x.stored),
});

/** A table as its catalog columns (in the table's order) show it. */
export function liveFrom(def: StoreTable, catalog: readonly CatalogColumn[]): LiveTable {
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
