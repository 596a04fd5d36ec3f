import { closeSync, existsSync, fsyncSync, mkdirSync, openSync, readFileSync, renameSync, rmSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';
import Papa from 'papaparse';
import type { Cell } from '@ring/metrics';
import { tempPathFor, writeFileAtomic } from './atomic';
import { FileFormatError } from './errors';

/** A row to write: any object whose listed columns hold cells. Missing columns are empty. */
export type CsvRow = { readonly [column: string]: Cell | undefined };

/** The text of one cell (instrumentation §1.1): booleans `true`/`false`, null/undefined empty. */
export function formatCell(v: Cell | undefined): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  if (typeof v === 'number') {
    if (!Number.isFinite(v)) throw new RangeError(`formatCell: non-finite number ${v}`);
    return Number.isInteger(v) ? v.toFixed(0) : String(v);
  }
  return v;
}

const UNPARSE = { newline: '\n', quotes: false, escapeFormulae: false } as const;

function lines(columns: readonly string[], rows: Iterable<CsvRow>, header: boolean): string {
  const data: string[][] = [];
  if (header) data.push([...columns]);
  for (const r of rows) data.push(columns.map((c) => formatCell(r[c])));
  if (data.length === 0) return '';
  return `${Papa.unparse(data, UNPARSE)}\n`;
}

/** CSV text: header, one line per row in the given column order, LF endings, trailing newline. */
export function toCsv(columns: readonly string[], rows: Iterable<CsvRow>): string {
  return lines(columns, rows, true);
}

/** Write a CSV file atomically (header only when there are no rows). */
export function writeCsv(path: string, columns: readonly string[], rows: Iterable<CsvRow>): void {
  writeFileAtomic(path, toCsv(columns, rows));
}

/** A streaming CSV writer: rows go to a temporary file; `close()` renames it into place. */
export interface CsvWriter {
  write(row: CsvRow): void;
  writeMany(rows: Iterable<CsvRow>): void;
  /** Flush and rename into place. */
  close(): void;
  /** Remove the temporary file; nothing appears at the target path. */
  abort(): void;
}

/** Open a streaming CSV writer whose memory stays flat however many rows are written. */
export function createCsvWriter(path: string, columns: readonly string[]): CsvWriter {
  mkdirSync(dirname(path), { recursive: true });
  const tmp = tempPathFor(path);
  let fd: number | null = openSync(tmp, 'w');
  const put = (s: string) => {
    if (fd === null) throw new Error(`createCsvWriter: ${path} is already closed`);
    if (s) writeSync(fd, s);
  };
  put(toCsv(columns, []));
  return {
    write: (row) => put(lines(columns, [row], false)),
    writeMany: (rows) => put(lines(columns, rows, false)),
    close: () => {
      if (fd === null) return;
      fsyncSync(fd);
      closeSync(fd);
      fd = null;
      renameSync(tmp, path);
    },
    abort: () => {
      if (fd !== null) closeSync(fd);
      fd = null;
      rmSync(tmp, { force: true });
    },
  };
}

/**
 * Read a CSV file written by {@link toCsv} and check it: the header must be exactly `expected`,
 * every line must have that many fields, and the file must end with a newline. Errors name the
 * file and the line. Returns one record of raw strings per data line.
 */
export function readCsv(path: string, expected: readonly string[]): Record<string, string>[] {
  if (!existsSync(path)) throw new FileFormatError(path, 0, 'file not found');
  return parseCsv(readFileSync(path, 'utf8'), expected, path);
}

/** {@link readCsv} on text already in memory; `name` is used in error messages. */
export function parseCsv(text: string, expected: readonly string[], name = '<csv>'): Record<string, string>[] {
  if (text.length === 0) throw new FileFormatError(name, 1, 'empty file (expected a header line)');
  if (!text.endsWith('\n')) throw new FileFormatError(name, text.split('\n').length, 'truncated: the file does not end with a newline');
  const parsed = Papa.parse<string[]>(text.slice(0, -1), { header: false, skipEmptyLines: false, newline: '\n', delimiter: ',' });
  const rows = parsed.data;
  if (parsed.errors.length > 0) {
    const e = parsed.errors[0]!;
    throw new FileFormatError(name, (e.row ?? 0) + 1, e.message);
  }
  const header = rows[0] ?? [];
  if (header.length !== expected.length || header.some((h, i) => h !== expected[i])) {
    const i = header.findIndex((h, k) => h !== expected[k]);
    const at = i < 0 ? Math.min(header.length, expected.length) : i;
    throw new FileFormatError(name, 1, `unexpected header: column ${at + 1} is ${JSON.stringify(header[at] ?? null)}, expected ${JSON.stringify(expected[at] ?? null)}`);
  }
  const out: Record<string, string>[] = [];
  let line = 2;
  for (let r = 1; r < rows.length; r++) {
    const row = rows[r]!;
    if (row.length !== expected.length) throw new FileFormatError(name, line, `expected ${expected.length} fields, found ${row.length}`);
    const rec: Record<string, string> = {};
    expected.forEach((c, i) => { rec[c] = row[i]!; });
    out.push(rec);
    line += 1 + row.reduce((n, f) => n + (f.match(/\n/g)?.length ?? 0), 0);
  }
  return out;
}
