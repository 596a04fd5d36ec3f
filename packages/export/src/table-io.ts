import { existsSync, readFileSync } from 'node:fs';
import Papa from 'papaparse';
import { columnNames, formatRow, isHeaderMismatch, parseRow, resolveHeader } from '@ring/metrics';
import type { ResolvedHeader, TableDef } from '@ring/metrics';
import { writeFileAtomic } from './atomic';
import type { AtomicWriteOptions } from './atomic';
import { createRowWriter, csvFields } from './csv';
import type { StreamOptions } from './csv';
import { FileFormatError } from './errors';

/*
 * Writing and reading the output tables by their definitions (`TableDef` of @ring/metrics): the
 * header is the definition's column order, every cell written is checked against its column's
 * type, and every cell read is parsed by it, so that a bad cell is reported as
 * `<file> line N, column C: "x" is not a decimal` (TableCellError) before anything is computed.
 */

const UNPARSE = { newline: '\n', quotes: false, escapeFormulae: false } as const;

/** Options of the table writers. */
export interface TableWriteOptions {
  /** Leave out the definition's `optional` columns (e.g. the 34-column comparison.csv of docs/instrumentation.md §8). */
  readonly short?: boolean;
}

/** The definition as written: without its optional columns when `short`. */
function written<R extends object>(def: TableDef<R>, options: TableWriteOptions): TableDef<R> {
  return options.short ? { ...def, columns: def.columns.filter((c) => !c.optional) } : def;
}

/**
 * The CSV text of a table: its header, then one line per row with every cell checked against its
 * column's type (a missing or mistyped value throws `TableCellError` naming the table, row and
 * column). RFC 4180 quoting where a field needs it, LF endings, a trailing newline.
 */
export function tableCsv<R extends object>(def: TableDef<R>, rows: Iterable<R>, options: TableWriteOptions = {}): string {
  const d = written(def, options);
  const data: string[][] = [columnNames(d)];
  let i = 0;
  for (const r of rows) data.push(formatRow(d, r, { file: def.file, row: i++ }));
  return `${Papa.unparse(data, UNPARSE)}\n`;
}

/** Write a table's CSV file atomically (see `tableCsv`). */
export function writeTableCsv<R extends object>(
  path: string,
  def: TableDef<R>,
  rows: Iterable<R>,
  options: TableWriteOptions & AtomicWriteOptions = {},
): void {
  writeFileAtomic(path, tableCsv(def, rows, options), options);
}

/** A streaming writer of one table's rows (see {@link createTableWriter}). */
export interface TableWriter<R extends object> {
  write(row: R): void;
  writeMany(rows: Iterable<R>): void;
  /** Rows written so far. */
  readonly rows: number;
  /** Flush and rename into place (idempotent). */
  close(): void;
  /** Remove the temporary file; nothing appears at the target path. */
  abort(): void;
}

/**
 * A streaming writer of one table: the header at once, rows as they come (each checked against
 * the definition), flat memory; nothing appears at `path` until `close()` (see `createCsvWriter`).
 */
export function createTableWriter<R extends object>(
  path: string,
  def: TableDef<R>,
  options: StreamOptions & TableWriteOptions = {},
): TableWriter<R> {
  const d = written(def, options);
  return createRowWriter<R>(path, columnNames(d), (row, index) => formatRow(d, row, { file: def.file, row: index }), options);
}

/** A table read back: its typed rows, the 1-based line of each, and its resolved header. */
export interface TableContents<R> {
  readonly rows: R[];
  readonly lines: number[];
  readonly header: ResolvedHeader;
}

/**
 * Parse a table's CSV text by its definition: the header must be the definition's columns in order
 * (older names in `aliases` accepted; `optional` columns may be absent and are filled; a
 * per-bucket template takes every `face_bucket_…` field), every line must have as many fields, the
 * text must end with a newline, and every cell must be of its column's type. Structural problems
 * throw `FileFormatError`; the first bad cell throws `TableCellError`
 * (`<name> line N, column C: "x" is not a decimal`).
 */
export function parseTableCsv<R extends object>(def: TableDef<R>, text: string, name: string = def.file): TableContents<R> {
  if (text.length === 0) throw new FileFormatError(name, 1, 'empty file (expected a header line)');
  if (!text.endsWith('\n')) throw new FileFormatError(name, text.split('\n').length, 'truncated: the file does not end with a newline');
  const data = csvFields(text.slice(0, -1), name);
  const fields = data[0] ?? [];
  const header = resolveHeader(def, fields);
  if (isHeaderMismatch(header)) {
    throw new FileFormatError(
      name,
      1,
      `unexpected header: column ${header.position + 1} is ${JSON.stringify(header.found)}, expected ${JSON.stringify(header.expected)}`,
      header.expected ?? header.found,
    );
  }
  const width = header.columns.length;
  const rows: R[] = [];
  const lines: number[] = [];
  let line = 1 + newlines(fields) + 1;
  for (let r = 1; r < data.length; r++) {
    const row = data[r]!;
    if (row.length !== width) throw new FileFormatError(name, line, `expected ${width} fields, found ${row.length}`);
    rows.push(parseRow<R>(header, row, { file: name, line }));
    lines.push(line);
    line += 1 + newlines(row);
  }
  return { rows, lines, header };
}

const newlines = (fields: readonly string[]) => fields.reduce((n, f) => n + (f.match(/\n/g)?.length ?? 0), 0);

/** Read a table's CSV file by its definition (see `parseTableCsv`); a missing file is a `FileFormatError`. */
export function readTableCsv<R extends object>(def: TableDef<R>, path: string): TableContents<R> {
  if (!existsSync(path)) throw new FileFormatError(path, 0, 'file not found');
  return parseTableCsv(def, readFileSync(path, 'utf8'), path);
}

/** The typed rows of a table's CSV file (see {@link readTableCsv}). */
export function readTableRows<R extends object>(def: TableDef<R>, path: string): R[] {
  return readTableCsv(def, path).rows;
}
