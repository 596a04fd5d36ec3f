/**
 * A file could not be read back: missing, wrong header, wrong field count, truncated, or a value of
 * the wrong type. Names the file and the 1-based line (0 when the file as a whole is wrong), and
 * the column when one is to blame.
 */
export class FileFormatError extends Error {
  readonly code = 'FILE_FORMAT';
  readonly file: string;
  readonly line: number;
  readonly column: string | null;
  constructor(file: string, line: number, message: string, column: string | null = null) {
    super(`${file}:${line}: ${message}`);
    this.name = 'FileFormatError';
    this.file = file;
    this.line = line;
    this.column = column;
  }
}

/**
 * A row handed to a CSV writer holds a value that has no CSV form (a non-finite number, an object,
 * a function). Names the column and the 0-based row index.
 */
export class CsvValueError extends Error {
  readonly code = 'CSV_VALUE';
  readonly column: string;
  readonly row: number;
  readonly value: unknown;
  constructor(column: string, row: number, value: unknown) {
    super(
      `CSV_VALUE: column ${column} of row ${row}: ${describe(value)} cannot be written (expected a string, a finite number, a boolean or null)`,
    );
    this.name = 'CsvValueError';
    this.column = column;
    this.row = row;
    this.value = value;
  }
}

function describe(v: unknown): string {
  if (typeof v === 'number') return String(v);
  if (typeof v === 'string') return JSON.stringify(v);
  return typeof v;
}
