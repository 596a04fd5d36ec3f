/**
 * CSV files as DuckDB reads them: the texts and files a write takes (`CsvBody`), temporary files,
 * grouping by header line, and the SELECT that casts a file's text fields to a table's columns.
 */
import { randomBytes } from 'node:crypto';
import { closeSync, openSync, readFileSync, readSync, rmSync, writeFileSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { StoreError } from './errors';
import { ident, literal, sqlType } from './schema';
import type { StoreColumn } from './schema';

/**
 * Rows of one table as CSV under one header line: either the lines under it as text (`body`: no
 * header, each line ending with a newline), or a file holding the header line and those lines
 * (`file`: read where it is, and left there).
 */
export type CsvBody = { readonly header: string; readonly body: string } | { readonly header: string; readonly file: string };

/** A fresh temporary CSV file name. */
export const temporaryCsv = (): string => join(tmpdir(), `ring-store-${process.pid}-${randomBytes(6).toString('hex')}.csv`);

/** A CSV file a batch reads: its header, its path, whether the batch wrote it (and deletes it), and whether its keys are known good. */
export interface BatchCsv {
  readonly header: string;
  readonly file: string;
  readonly temporary: boolean;
  /** Every row's key is among the write's keys (see {@link vouchKeys}): the insert need not check them. */
  readonly keysChecked: boolean;
}

/**
 * The CSV bodies whose every row's key the store's own code has checked (the sweep's spool, as it
 * gathers lines: {@link keyedLines}). Held here rather than as a field of {@link CsvBody} so that
 * only the store can vouch: a write checks the keys of any other CSV in SQL, which costs DuckDB
 * about as much again as reading the rows (0.06 of 0.14 s for a detailed 625-pair sweep).
 */
const vouched = new WeakSet<CsvBody>();

/** Mark a CSV body as one whose every row's key is among its write's `replaceKeys`; returns it. */
export function vouchKeys<T extends CsvBody>(body: T): T {
  vouched.add(body);
  return body;
}

/**
 * Keys a CSV line can be checked for by its text alone: written unquoted by any CSV writer, and
 * read back as the same text by DuckDB (not empty, which it reads as NULL; no space, quote, comma
 * or line break).
 */
const PLAIN_KEY = /^[A-Za-z0-9_.:+-]+$/;

/**
 * Is `key` the `column` of every row of a CSV text — `header` has `column` first, and every line of
 * `body` (each ending with a newline) starts with the key and a comma? Conservative: a key a writer
 * would quote, or a quoted field spanning lines, answers false and leaves the check to SQL; and
 * every line start is checked, so every row's start is.
 */
export function keyedLines(header: string, body: string, column: string, key: string): boolean {
  if (!header.startsWith(`${column},`) || !PLAIN_KEY.test(key)) return false;
  const prefix = `${key},`;
  for (let i = 0; i < body.length; ) {
    if (!body.startsWith(prefix, i)) return false;
    const end = body.indexOf('\n', i + prefix.length);
    if (end < 0) return false;
    i = end + 1;
  }
  return true;
}

/**
 * The CSV files of a batch's parts (DuckDB reads files): per part, one per entry — the bodies given
 * as text written to temporary files, off the main thread (none for an empty body or a part of rows).
 */
export async function csvFiles(parts: readonly (readonly CsvBody[])[]): Promise<BatchCsv[][]> {
  const out = parts.map((csv) =>
    csv.flatMap((c): (BatchCsv & { text: string | null })[] => {
      const keysChecked = vouched.has(c);
      if ('file' in c) return [{ header: c.header, file: c.file, temporary: false, keysChecked, text: null }];
      return c.body === ''
        ? []
        : [{ header: c.header, file: temporaryCsv(), temporary: true, keysChecked, text: `${c.header}\n${c.body}` }];
    }),
  );
  const written = out.flat().filter((f) => f.temporary);
  try {
    await Promise.all(written.map((f) => writeFile(f.file, f.text!)));
  } catch (e) {
    for (const f of written) rmSync(f.file, { force: true });
    throw e;
  }
  return out.map((fs) => fs.map(({ text, ...f }) => f));
}

/**
 * The files grouped by header line, each group's rows in one temporary CSV file under that header
 * (one pass over the files; the caller deletes the temporary files).
 */
export function concatenateByHeader(files: readonly string[]): { header: string; file: string }[] {
  return bodiesByHeader(files.map((f) => [f, readFileSync(f, 'utf8')])).map((c) => {
    const file = temporaryCsv();
    writeFileSync(file, `${c.header}\n${c.body}`);
    return { header: c.header, file };
  });
}

/**
 * A CSV text split into its header line and the lines under it (ending with a newline unless
 * there are none); `name` names the text in the error an empty one gets.
 */
export function splitCsv(name: string, text: string): { header: string; body: string } {
  const end = text.indexOf('\n');
  const header = (end < 0 ? text : text.slice(0, end)).replace(/\r$/, '');
  if (header === '') throw new StoreError('SOURCE_INVALID', `${name}: empty file (no CSV header)`, name);
  const body = end < 0 ? '' : text.slice(end + 1);
  return { header, body: body !== '' && !body.endsWith('\n') ? `${body}\n` : body };
}

/**
 * CSV texts (each with its header line) gathered by header: the lines under each header, in the
 * order given, each ending with a newline. `texts` pairs a name (for errors) with a text.
 */
function bodiesByHeader(texts: Iterable<readonly [name: string, text: string]>): { header: string; body: string }[] {
  const groups = new Map<string, string[]>();
  for (const [name, text] of texts) {
    const { header, body } = splitCsv(name, text);
    const g = groups.get(header);
    if (g) g.push(body);
    else groups.set(header, [body]);
  }
  return [...groups].map(([header, bodies]) => ({ header, body: bodies.join('') }));
}

/** The first line of each file (read without loading the file), grouping files with the same header. */
export function groupByHeader(files: readonly string[]): Map<string, string[]> {
  const groups = new Map<string, string[]>();
  const buf = Buffer.alloc(64 * 1024);
  for (const f of files) {
    const fd = openSync(f, 'r');
    let n: number;
    try {
      n = readSync(fd, buf, 0, buf.length, 0);
    } finally {
      closeSync(fd);
    }
    const text = buf.toString('utf8', 0, n);
    const end = text.indexOf('\n');
    const header = (end < 0 ? text : text.slice(0, end)).replace(/\r$/, '');
    if (header === '') throw new StoreError('SOURCE_INVALID', `${f}: empty file (no CSV header)`, f);
    const g = groups.get(header);
    if (g) g.push(f);
    else groups.set(header, [f]);
  }
  return groups;
}

/**
 * SELECT over CSV files that share a header: every field read as text, then cast by its column's
 * type; the result has exactly `columns`, in order (columns absent from the header are NULL). A
 * header column that is not a column of the table is refused.
 */
export function csvSelect(files: readonly string[], header: readonly string[], columns: readonly StoreColumn[], table: string): string {
  // header name → the column it fills (its current name, or an earlier one in `aliases`)
  const source = new Map<string, string>();
  for (const n of header) {
    const c = columns.find((x) => x.name === n) ?? columns.find((x) => x.aliases?.includes(n));
    if (!c) throw new StoreError('SOURCE_INVALID', `${files[0]}: column ${n} is not a column of ${table}`, files[0]!);
    source.set(c.name, n);
  }
  const list = `[${files.map((f) => literal(resolve(f))).join(', ')}]`;
  const types = `{${header.map((n) => `${literal(n)}: 'VARCHAR'`).join(', ')}}`;
  const exprs = columns.map((c) => {
    const from = source.get(c.name);
    const q = ident(c.name);
    if (from === undefined)
      return `CAST(${c.absent === undefined || c.absent === null ? 'NULL' : literal(String(c.absent))} AS ${sqlType(c.type)}) AS ${q}`;
    const f = ident(from);
    return c.type === 'decimal' || c.type === 'string' ? `${f} AS ${q}` : `CAST(${f} AS ${sqlType(c.type)}) AS ${q}`;
  });
  return `SELECT ${exprs.join(', ')} FROM read_csv(${list}, header = true, auto_detect = false, delim = ',', quote = '"', escape = '"', columns = ${types})`;
}
