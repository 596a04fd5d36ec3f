import { RingError } from '@ring/engine';

/**
 * A file could not be read back: missing, wrong header, wrong field count, truncated, or a value of
 * the wrong type. Names the file and the 1-based line (0 when the file as a whole is wrong), and
 * the column when one is to blame (also as `field`). Code `FILE_FORMAT`.
 */
export class FileFormatError extends RingError {
  declare readonly code: 'FILE_FORMAT';
  readonly file: string;
  readonly line: number;
  readonly column: string | null;
  constructor(file: string, line: number, message: string, column: string | null = null) {
    super('FILE_FORMAT', `${file}:${line}: ${message}`, column === null ? {} : { field: column });
    this.file = file;
    this.line = line;
    this.column = column;
  }
}

/**
 * A row handed to a CSV writer holds a value that has no CSV form (a non-finite number, an object,
 * a function). Names the column (also as `field`) and the 0-based row index. Code `CSV_VALUE`.
 */
export class CsvValueError extends RingError {
  declare readonly code: 'CSV_VALUE';
  readonly column: string;
  readonly row: number;
  readonly value: unknown;
  constructor(column: string, row: number, value: unknown) {
    super(
      'CSV_VALUE',
      `CSV_VALUE: column ${column} of row ${row}: ${describe(value)} cannot be written (expected a string, a finite number, a boolean or null)`,
      { field: column },
    );
    this.column = column;
    this.row = row;
    this.value = value;
  }
}

/**
 * A writer (CSV writer, journal, sweep writer) was used after it was closed, or given what it was
 * not opened for. A programming error of the caller; code `WRITER_STATE`.
 */
export class WriterStateError extends RingError {
  declare readonly code: 'WRITER_STATE';
  constructor(message: string, hint?: string) {
    super('WRITER_STATE', message, { hint });
  }
}

/**
 * An output path cannot be used as asked: it is a file where a directory is needed, a directory
 * written by another ring command, or not writable. Thrown by {@link checkOutputDir} before any
 * work starts. `path` is the offending path; `field` is `out`.
 */
export class OutputPathError extends RingError {
  declare readonly field: string;
  readonly path: string;
  constructor(
    code: 'OUT_NOT_A_DIRECTORY' | 'OUT_KIND_MISMATCH' | 'OUT_NOT_WRITABLE' | 'OUT_IS_A_DIRECTORY',
    path: string,
    message: string,
    hint?: string,
    field = 'out',
  ) {
    super(code, `${path}: ${message}`, { field, hint });
    this.path = path;
  }
}

function describe(v: unknown): string {
  if (typeof v === 'number') return String(v);
  if (typeof v === 'string') return JSON.stringify(v);
  return typeof v;
}
