/**
 * The SQL side of a table definition. Column types map to DuckDB as follows (docs: README "Numbers"):
 *
 * | type      | DuckDB                                   | why |
 * |-----------|------------------------------------------|-----|
 * | `integer` | BIGINT                                   | counts, days, seeds |
 * | `cents`   | BIGINT                                   | money in integer minor units, exact |
 * | `decimal` | VARCHAR `<name>` + DOUBLE `<name>_num`   | a D(28) value has up to 28 significant digits at any scale; no DECIMAL(p, s) holds them all, so the exact text is kept and a DOUBLE companion serves SQL arithmetic (computed when read: see {@link createTableSql}) |
 * | `double`  | DOUBLE                                   | values that are JS numbers already (rates, means) |
 * | `string`  | VARCHAR                                  | ids, enumerations |
 * | `boolean` | BOOLEAN                                  | |
 * | `json`    | JSON                                     | nested values (configurations, policies), canonical text |
 */

/** Type of a stored column. */
export type ColumnType = 'integer' | 'cents' | 'decimal' | 'double' | 'string' | 'boolean' | 'json';

/** A column of a stored table. */
export interface StoreColumn {
  readonly name: string;
  readonly type: ColumnType;
  /** What the column holds (a comment on the column in the database). */
  readonly doc?: string;
  /** Earlier names of the column in CSV headers (files written before a rename load under the current name). */
  readonly aliases?: readonly string[];
  /** The value of the column for CSV files whose header lacks it (an optional column); absent: NULL. */
  readonly absent?: string | number | boolean | null;
}

/**
 * A stored table: its columns, and the key that makes writes idempotent. `replace: 'row'` — the
 * key is unique per row (runs, pairs, evaluations); `replace: 'group'` — the key names a group of
 * rows (all trades of a run) that a new write of the same key replaces as a whole.
 */
export interface StoreTable {
  readonly name: string;
  readonly columns: readonly StoreColumn[];
  readonly key: readonly string[];
  readonly replace: 'row' | 'group';
  /** Columns whose names are only known from the data (`face_bucket_<name>`), with their type. */
  readonly dynamic?: { readonly prefix: string; readonly type: ColumnType };
  /** Where the table lives in a run or sweep output directory (glob relative to it), if it has a file. */
  readonly file?: string;
  /** One line for the README and `ring query … --tables`. */
  readonly doc: string;
}

/** Suffix of the DOUBLE companion of a `decimal` column. */
export const NUMERIC_SUFFIX = '_num';

/** Quote an SQL identifier. */
export const ident = (name: string): string => `"${name.replace(/"/g, '""')}"`;

/** Quote an SQL string literal. */
export const literal = (text: string): string => `'${text.replace(/'/g, "''")}'`;

/** The DuckDB type that holds a column's value (the exact text for decimals). */
export function sqlType(type: ColumnType): string {
  switch (type) {
    case 'integer':
    case 'cents':
      return 'BIGINT';
    case 'decimal':
    case 'string':
      return 'VARCHAR';
    case 'double':
      return 'DOUBLE';
    case 'boolean':
      return 'BOOLEAN';
    case 'json':
      return 'JSON';
  }
}

/**
 * The physical columns of one logical column as a column added to an existing table has them:
 * itself, plus the DOUBLE companion of a decimal, stored (DuckDB adds no computed column to a table).
 */
export function physicalColumns(col: StoreColumn): { name: string; sql: string }[] {
  const out = [{ name: col.name, sql: sqlType(col.type) }];
  if (col.type === 'decimal') out.push({ name: companionName(col.name), sql: 'DOUBLE' });
  return out;
}

/** The name of a decimal column's DOUBLE companion. */
export const companionName = (name: string): string => `${name}${NUMERIC_SUFFIX}`;

/** The DOUBLE value of a decimal column's text (what its companion holds). */
const companionExpression = (column: string): string => `TRY_CAST(${column} AS DOUBLE)`;

/**
 * The SELECT expressions that turn staged values (companions absent) into a table's columns:
 * every column, and the companion of each decimal when `stored` (the table's stored columns) lists it.
 */
export function selectExpressions(cols: readonly StoreColumn[], from = '', stored?: ReadonlySet<string>): string[] {
  const q = (n: string) => `${from}${ident(n)}`;
  return cols.flatMap((c) =>
    c.type === 'decimal' && (!stored || stored.has(companionName(c.name)))
      ? [q(c.name), `${companionExpression(q(c.name))} AS ${ident(companionName(c.name))}`]
      : [q(c.name)],
  );
}

/**
 * CREATE TABLE for a table definition. The companion of each decimal is a VIRTUAL generated
 * column: DuckDB computes it from the text when a query reads it, so it costs neither a write nor a
 * byte of the file. No PRIMARY KEY: the store's upserts keep one row per key of a `replace: 'row'`
 * table (the property tests check it), and DuckDB's key index would cost every write of a sweep's
 * batch a few milliseconds per table, at insert and again at commit.
 */
export function createTableSql(table: StoreTable): string {
  const cols = table.columns.flatMap((c) => [
    `${ident(c.name)} ${sqlType(c.type)}`,
    ...(c.type === 'decimal'
      ? [`${ident(companionName(c.name))} DOUBLE GENERATED ALWAYS AS (${companionExpression(ident(c.name))}) VIRTUAL`]
      : []),
  ]);
  return `CREATE TABLE IF NOT EXISTS ${ident(table.name)} (${cols.join(', ')})`;
}

const DECIMAL = /^-?\d+(\.\d+)?$/;

/** Is `text` a plain decimal string (the form every D(28) value is written in)? */
export const isDecimalText = (text: string): boolean => DECIMAL.test(text);

/** camelCase → snake_case (`outsideMidRatio` → `outside_mid_ratio`, `O0` → `o0`). */
export function snakeCase(key: string): string {
  let name = SNAKE.get(key);
  if (name === undefined) {
    name = key
      .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
      .replace(/([A-Z])([A-Z][a-z])/g, '$1_$2')
      .toLowerCase();
    SNAKE.set(key, name);
  }
  return name;
}

/** snakeCase of the keys met so far: the same few configuration keys, once per run of a sweep. */
const SNAKE = new Map<string, string>();

/**
 * The column type a plain JSON value asks for (configuration keys, which the profiles own): integers
 * → integer, other numbers → double, booleans, decimal strings → decimal, other strings, objects and
 * arrays → json. `null` asks for none (a column appears with the first non-null value).
 */
export function inferType(value: unknown): ColumnType | null {
  if (value === null || value === undefined) return null;
  if (typeof value === 'boolean') return 'boolean';
  if (typeof value === 'number') return Number.isSafeInteger(value) ? 'integer' : 'double';
  if (typeof value === 'bigint') return 'integer';
  if (typeof value === 'string') return isDecimalText(value) ? 'decimal' : 'string';
  return 'json';
}
