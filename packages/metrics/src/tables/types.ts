/**
 * The shape of a table definition: what every output table of ring is (columns, types, order,
 * where the file lives). Writers, readers, the report, the docs and the database schema all derive
 * from these definitions (docs/instrumentation.md; ARCHITECTURE "Tables").
 */

/**
 * The type of a column, which fixes both its text in a file and its value in a typed row:
 *
 * | type | text in a file | value in a row | SQL (DuckDB) |
 * | --- | --- | --- | --- |
 * | `integer` | `-?[0-9]+`, a safe integer | `number` | `BIGINT` |
 * | `decimal` | plain decimal `-?[0-9]+(.[0-9]+)?`, exact | `string` (kept exact) | `VARCHAR` (exact text) + a `DOUBLE` twin |
 * | `double` | a binary64 number in plain notation | `number` | `DOUBLE` |
 * | `cents` | `-?[0-9]+`, integer minor units, any size | `string` (decimal digits) | `BIGINT` |
 * | `string` | any text | `string` | `VARCHAR` |
 * | `boolean` | `true` / `false` | `boolean` | `BOOLEAN` |
 * | `enum` | one of the column's `values` | `string` | `VARCHAR` (or an ENUM of `values`) |
 *
 * An empty field is `null` in a row, and is allowed only in a `nullable` column.
 */
export type ColumnType = 'integer' | 'decimal' | 'double' | 'cents' | 'string' | 'boolean' | 'enum';

/** Where a table's file lives: in a run directory, in a sweep's `aggregate/`, or beside an evaluation record. */
export type TableScope = 'run' | 'sweep-aggregate' | 'evaluation';

/** One column of a table. */
export interface ColumnDef {
  /** Name in the header (the current name; see `aliases` for older ones). */
  readonly name: string;
  readonly type: ColumnType;
  /** The allowed values of an `enum` column, in documentation order. */
  readonly values?: readonly string[];
  /** An empty field (null) is allowed. */
  readonly nullable: boolean;
  /** What the column holds, one sentence (used in the docs and the database comments). */
  readonly doc: string;
  /** Unit of a numeric column (`currency`, `unit price`, `tickets`, `percent`, `days`, `cents`, …). */
  readonly unit?: string;
  /** Earlier names of the column that readers accept in the same position (files written before a rename). */
  readonly aliases?: readonly string[];
  /**
   * The column may be absent from a file's header (files in an older or shorter form); readers then
   * fill `absentValue` in every row. Writers always write it unless asked for the short form.
   */
  readonly optional?: boolean;
  /** The value readers fill in when an `optional` column is absent. */
  readonly absentValue?: string | number | boolean | null;
  /**
   * A template column repeated once per maturity bucket: `name` contains `<bucket>` (for example
   * `face_bucket_<bucket>`). {@link expandBuckets} turns it into one column per bucket name.
   */
  readonly perBucket?: boolean;
  /**
   * What the column says about a row: `parameter` (a configuration value the row was run with:
   * κ, c, μ, ρ, seed, …), `outcome` (a measured result), or absent (identifiers and descriptions).
   */
  readonly role?: 'parameter' | 'outcome';
}

/**
 * One output table: its id, its file, its scope and its ordered columns. `R` is the row type the
 * table's readers return and its writers take (type-level only: there is no value of it here).
 */
export interface TableDef<R extends object = Record<string, unknown>> {
  /** Stable identifier, snake_case (`trades`, `comparison`); also the database table name. */
  readonly id: string;
  /** File name, relative to the folder of its scope (`trades.csv`; `legacy/strategy_outcomes_by_run.csv`). */
  readonly file: string;
  readonly scope: TableScope;
  /** The file's path relative to an output directory when it is not in its scope's folder (`run.json`). */
  readonly location?: string;
  /** `csv`: one file per table; `json`: rows held in a JSON file (`file`), under `jsonPath`. */
  readonly format: 'csv' | 'json';
  /** For `json` tables: the key of the array of rows in the JSON object (`summaries`). */
  readonly jsonPath?: string;
  /** One-line title. */
  readonly title: string;
  /** What one row is, and the row order. */
  readonly doc: string;
  /** Where the columns are specified (`docs/instrumentation.md §2`). */
  readonly specRef: string;
  /** The columns in file order (template columns unexpanded; see {@link ColumnDef.perBucket}). */
  readonly columns: readonly ColumnDef[];
  /** Columns that identify a row within one file (for the database's keys); empty when rows are identified by position only. */
  readonly key: readonly string[];
  /** Type-level only: the row type. Never set. */
  readonly __row?: R;
}

/** The SQL (DuckDB) type of each column type; `decimal` columns are stored exactly as text, with a `DOUBLE` twin for arithmetic. */
export const SQL_TYPES: Readonly<Record<ColumnType, string>> = Object.freeze({
  integer: 'BIGINT',
  decimal: 'VARCHAR',
  double: 'DOUBLE',
  cents: 'BIGINT',
  string: 'VARCHAR',
  boolean: 'BOOLEAN',
  enum: 'VARCHAR',
});

/** The row type of a table definition. */
export type RowOf<T> = T extends TableDef<infer R> ? R : never;

/** A cell of a typed row: the value of one column (see {@link ColumnType}). */
export type TypedCell = string | number | boolean | null;
