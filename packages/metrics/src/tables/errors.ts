import { RingError } from '@ring/engine';

/**
 * A cell does not hold a value of its column's type (see `ColumnType`): read from a file, or handed
 * to a writer. The message names the file, the line (or row), the column and the value, for example
 * `aggregate/comparison.csv line 2, column mu: "not-a-number" is not a decimal`. `code` is
 * `TABLE_CELL_INVALID`; `field` is the column.
 */
export class TableCellError extends RingError {
  /** The file (as the reader or writer was given it), or the table id for rows in memory. */
  readonly file: string;
  /** 1-based physical line of the file, or null for rows in memory. */
  readonly line: number | null;
  /** 0-based row index for rows in memory, or null when `line` is given. */
  readonly row: number | null;
  /** The column's name. */
  readonly column: string;
  /** Same as `column` (the offending field). */
  declare readonly field: string;
  /** The offending value (raw text from a file; the value itself from memory). */
  readonly value: unknown;
  /** What the column expects, in words (`a decimal`, `one of passive, active`). */
  readonly expected: string;
  constructor(at: CellLocation, column: string, value: unknown, expected: string) {
    super('TABLE_CELL_INVALID', `${describeLocation(at)}, column ${column}: ${describeValue(value)} is not ${expected}`, {
      field: column,
    });
    this.file = at.file;
    this.line = at.line ?? null;
    this.row = at.line === undefined ? (at.row ?? null) : null;
    this.column = column;
    this.value = value;
    this.expected = expected;
  }
}

/**
 * A table definition is not usable as asked: an enumeration column without values, a column
 * defined twice, a column the table does not have, a per-bucket column not yet expanded. `code` is
 * `TABLE_DEFINITION_INVALID`; `field` is the table id (and column, as `<table>.<column>`).
 */
export class TableDefinitionError extends RingError {
  /** The table's id. */
  readonly table: string;
  constructor(table: string, column: string | null, message: string) {
    super('TABLE_DEFINITION_INVALID', `table ${table}: ${message}`, { field: column === null ? table : `${table}.${column}` });
    this.table = table;
  }
}

/** Where a cell is: a file and its 1-based line, or (rows in memory) a name and a 0-based row index. */
export interface CellLocation {
  readonly file: string;
  readonly line?: number;
  readonly row?: number;
}

function describeLocation(at: CellLocation): string {
  if (at.line !== undefined) return `${at.file} line ${at.line}`;
  if (at.row !== undefined) return `${at.file} row ${at.row}`;
  return at.file;
}

function describeValue(v: unknown): string {
  if (v === undefined) return 'a missing value';
  if (typeof v === 'string') return JSON.stringify(v);
  if (typeof v === 'number' || typeof v === 'boolean' || v === null) return `${String(v)} (${v === null ? 'null' : typeof v})`;
  return `a value of type ${typeof v}`;
}
