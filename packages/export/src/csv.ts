import { closeSync, existsSync, fsyncSync, mkdirSync, openSync, readFileSync, renameSync, rmSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';
import Papa from 'papaparse';
import { plainNumber } from '@ring/metrics';
import type { Cell } from '@ring/metrics';
import { tempPathFor, writeFileAtomic } from './atomic';
import type { AtomicWriteOptions } from './atomic';
import { CsvValueError, FileFormatError, WriterStateError } from './errors';

/** A row to write: any object whose listed columns hold cells. Missing (undefined) columns are empty. */
export type CsvRow = { readonly [column: string]: Cell | undefined };

/**
 * The text of one cell (docs/instrumentation.md §1.1): strings as they are (decimal strings from the engine
 * are already plain), integers plainly, booleans `true`/`false`, null/undefined empty. A value
 * with no CSV form throws {@link CsvValueError} naming the column.
 */
export function formatCell(v: Cell | undefined, column = '?', row = 0): string {
  switch (typeof v) {
    case 'string':
      return v;
    case 'boolean':
      return v ? 'true' : 'false';
    case 'undefined':
      return '';
    case 'number':
      if (!Number.isFinite(v)) throw new CsvValueError(column, row, v);
      return plainNumber(v);
    default:
      if (v === null) return '';
      throw new CsvValueError(column, row, v);
  }
}

const UNPARSE = { newline: '\n', quotes: false, escapeFormulae: false } as const;

/**
 * CSV text: the header, one line per row in the given column order, RFC 4180 quoting where a field
 * needs it (comma, quote, line break, surrounding space), LF endings, a trailing newline.
 */
export function toCsv(columns: readonly string[], rows: Iterable<CsvRow>): string {
  const data: string[][] = [[...columns]];
  let i = 0;
  for (const r of rows) {
    const index = i++;
    data.push(columns.map((c) => formatCell(r[c], c, index)));
  }
  return `${Papa.unparse(data, UNPARSE)}\n`;
}

/** Write a CSV file atomically (header only when there are no rows). */
export function writeCsv(path: string, columns: readonly string[], rows: Iterable<CsvRow>, options: AtomicWriteOptions = {}): void {
  writeFileAtomic(path, toCsv(columns, rows), options);
}

/** A streaming CSV writer: rows go to a temporary file; `close()` renames it into place. */
export interface CsvWriter {
  write(row: CsvRow): void;
  writeMany(rows: Iterable<CsvRow>): void;
  /** Rows written so far. */
  readonly rows: number;
  /** Flush and rename into place (idempotent). */
  close(): void;
  /** Remove the temporary file; nothing appears at the target path. */
  abort(): void;
}

/** A streaming writer of rows of type R (what {@link createRowWriter} returns). @internal */
export interface RowWriter<R> {
  write(row: R): void;
  writeMany(rows: Iterable<R>): void;
  readonly rows: number;
  close(): void;
  abort(): void;
}

/** A streaming line writer: text goes to a temporary sibling in 64 KiB chunks; `close()` renames it into place. */
export interface LineSink {
  put(text: string): void;
  close(): void;
  abort(): void;
}

/** Options of the streaming writers. */
export interface StreamOptions extends AtomicWriteOptions {
  /**
   * Write straight to `path` instead of a temporary sibling renamed on close. Only for files inside
   * a folder that is itself renamed into place when complete (as run directories are).
   */
  readonly inPlace?: boolean;
}

const CHUNK = 1 << 16;
const BATCH = 512;

/** Open a streaming writer of text lines with flat memory (see {@link createCsvWriter}). */
export function createLineSink(path: string, options: StreamOptions = {}): LineSink {
  mkdirSync(dirname(path), { recursive: true });
  const tmp = options.inPlace ? path : tempPathFor(path);
  let fd: number | null = openSync(tmp, 'w');
  let buf = '';
  const flush = () => {
    if (buf && fd !== null) writeSync(fd, buf);
    buf = '';
  };
  return {
    put: (text) => {
      if (fd === null) throw new WriterStateError(`${path}: the writer is already closed`);
      buf += text;
      if (buf.length >= CHUNK) flush();
    },
    close: () => {
      if (fd === null) return;
      flush();
      if (options.durable) fsyncSync(fd);
      closeSync(fd);
      fd = null;
      if (tmp !== path) renameSync(tmp, path);
    },
    abort: () => {
      if (fd !== null) closeSync(fd);
      fd = null;
      buf = '';
      rmSync(tmp, { force: true });
    },
  };
}

/**
 * Open a streaming CSV writer: the header is written at once, rows as they come; memory stays flat
 * however many rows are written. Nothing appears at `path` until `close()`, which renames the
 * temporary file into place (a killed process leaves no half-written file).
 */
export function createCsvWriter(path: string, columns: readonly string[], options: StreamOptions = {}): CsvWriter {
  return createRowWriter<CsvRow>(path, columns, (row, index) => columns.map((c) => formatCell(row[c], c, index)), options);
}

/**
 * The streaming writer behind {@link createCsvWriter} and the table writers: the header at once,
 * each row formatted as it comes (so an error names the row) and serialised in batches, one
 * papaparse call per batch; nothing appears at `path` until `close()`.
 * @internal
 */
export function createRowWriter<R>(
  path: string,
  header: readonly string[],
  format: (row: R, index: number) => string[],
  options: StreamOptions = {},
): RowWriter<R> {
  const sink = createLineSink(path, options);
  let n = 0;
  let pending: string[][] = [];
  let closed = false;
  const flush = () => {
    if (pending.length > 0) sink.put(`${Papa.unparse(pending, UNPARSE)}\n`);
    pending = [];
  };
  const write = (row: R) => {
    if (closed) throw new WriterStateError(`${path}: the writer is already closed`);
    pending.push(format(row, n));
    n++;
    if (pending.length >= BATCH) flush();
  };
  sink.put(`${Papa.unparse([[...header]], UNPARSE)}\n`);
  return {
    write,
    writeMany: (rows: Iterable<R>) => {
      for (const r of rows) write(r);
    },
    get rows() {
      return n;
    },
    close: () => {
      if (closed) return;
      flush();
      sink.close();
      closed = true;
    },
    abort: () => {
      pending = [];
      closed = true;
      sink.abort();
    },
  };
}

/**
 * Read a CSV file written by `toCsv` and check it: the header must be exactly `expected`,
 * every line must have that many fields, and the file must end with a newline. Errors name the
 * file and the line. Returns one record of raw strings per data line.
 */
export function readCsv(path: string, expected: readonly string[]): Record<string, string>[] {
  if (!existsSync(path)) throw new FileFormatError(path, 0, 'file not found');
  return parseCsv(readFileSync(path, 'utf8'), expected, path);
}

/** {@link readCsv} on text already in memory; `name` is used in error messages. */
export function parseCsv(text: string, expected: readonly string[], name = '<csv>'): Record<string, string>[] {
  return parseCsvLines(text, expected, name).records;
}

/**
 * The fields of each line of a CSV body (without its final newline). A body without a double
 * quote has no quoted field, so splitting at LF and commas is exactly what the CSV parser returns
 * (a property test checks it) — and several times faster on the thousands of small per-run files a
 * sweep reader goes through; any other body goes to papaparse.
 */
export function csvFields(body: string, name = '<csv>'): string[][] {
  if (body === '') return []; // as papaparse: no line at all
  if (!body.includes('"')) return body.split('\n').map((line) => line.split(','));
  const parsed = Papa.parse<string[]>(body, { header: false, skipEmptyLines: false, newline: '\n', delimiter: ',' });
  if (parsed.errors.length > 0) {
    const e = parsed.errors[0]!;
    throw new FileFormatError(name, (e.row ?? 0) + 1, e.message);
  }
  return parsed.data;
}

/** {@link parseCsv} plus the 1-based physical line on which each record starts (for error messages). */
export function parseCsvLines(
  text: string,
  expected: readonly string[],
  name = '<csv>',
): { records: Record<string, string>[]; lines: number[] } {
  if (text.length === 0) throw new FileFormatError(name, 1, 'empty file (expected a header line)');
  if (!text.endsWith('\n')) throw new FileFormatError(name, text.split('\n').length, 'truncated: the file does not end with a newline');
  const rows = csvFields(text.slice(0, -1), name);
  const header = rows[0] ?? [];
  if (header.length !== expected.length || header.some((h, i) => h !== expected[i])) {
    const i = header.findIndex((h, k) => h !== expected[k]);
    const at = i < 0 ? Math.min(header.length, expected.length) : i;
    throw new FileFormatError(
      name,
      1,
      `unexpected header: column ${at + 1} is ${JSON.stringify(header[at] ?? null)}, expected ${JSON.stringify(expected[at] ?? null)}`,
      expected[at] ?? header[at] ?? null,
    );
  }
  const records: Record<string, string>[] = [];
  const lines: number[] = [];
  let line = 1 + (header.join(',').match(/\n/g)?.length ?? 0) + 1;
  for (let r = 1; r < rows.length; r++) {
    const row = rows[r]!;
    if (row.length !== expected.length) throw new FileFormatError(name, line, `expected ${expected.length} fields, found ${row.length}`);
    const rec: Record<string, string> = {};
    expected.forEach((c, i) => {
      rec[c] = row[i]!;
    });
    records.push(rec);
    lines.push(line);
    line += 1 + row.reduce((n, f) => n + (f.match(/\n/g)?.length ?? 0), 0);
  }
  return { records, lines };
}
