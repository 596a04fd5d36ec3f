import { companionName, ident, literal } from './schema';
import type { StoreTable } from './schema';
import { STORE_TABLES } from './tables';

/** The table of column documentation: one row per documented column of every table. */
const DOCS_TABLE = 'ring_columns';

/**
 * The tables' documentation, from their definitions: a COMMENT ON each of `tables` (what
 * `duckdb_tables()` shows), and the table {@link DOCS_TABLE} made anew with a row per documented
 * column of every table, the decimals' companions included. Column docs live in a table rather
 * than in COMMENTs because DuckDB alters a table's catalog entry for each comment: 640 of them
 * cost a new database a quarter of a second.
 */
export function documentationSql(tables: readonly StoreTable[] = STORE_TABLES): string {
  const rows: string[] = [];
  for (const t of STORE_TABLES) {
    for (const c of t.columns) {
      if (c.doc) rows.push(`(${literal(t.name)}, ${literal(c.name)}, ${literal(c.doc)})`);
      if (c.type === 'decimal') {
        const doc = `${c.name} as DOUBLE (for arithmetic; ${c.name} is the exact value)`;
        rows.push(`(${literal(t.name)}, ${literal(companionName(c.name))}, ${literal(doc)})`);
      }
    }
  }
  return [
    ...tables.map((t) => `COMMENT ON TABLE ${ident(t.name)} IS ${literal(t.doc)}`),
    `CREATE OR REPLACE TABLE ${DOCS_TABLE} (table_name VARCHAR, column_name VARCHAR, doc VARCHAR, PRIMARY KEY (table_name, column_name))`,
    `INSERT INTO ${DOCS_TABLE} VALUES ${rows.join(', ')}`,
  ].join(';\n');
}
