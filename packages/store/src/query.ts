import type { RingStore } from './db';
import { StoreError, oneLine } from './errors';

/** A query result: column names (deduplicated), DuckDB type names, and rows of JSON-safe values. */
export interface QueryResult {
  readonly columns: readonly string[];
  readonly types: readonly string[];
  /**
   * Rows in column order. Values are JSON-safe: integers of 64 bits and more are numbers when they
   * are safe integers and decimal strings otherwise; VARCHAR (decimal text) stays a string;
   * DOUBLE a number; BOOLEAN a boolean; NULL null; anything else DuckDB's JSON form.
   */
  readonly rows: readonly (readonly unknown[])[];
}

/** BIGINT as a number when it is a safe integer, else as its decimal string (JSON cannot hold it exactly). */
export function jsonInteger(v: bigint): number | string {
  return v >= BigInt(Number.MIN_SAFE_INTEGER) && v <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(v) : v.toString();
}

/** Run one SQL query; a failing query is one `SQL_ERROR` line (DuckDB's message). */
export async function query(store: RingStore, sql: string): Promise<QueryResult> {
  let reader: Awaited<ReturnType<RingStore['connection']['runAndReadAll']>>;
  try {
    reader = await store.call((c) => c.runAndReadAll(sql));
  } catch (e) {
    throw new StoreError('SQL_ERROR', oneLine((e as Error).message), store.path);
  }
  const n = reader.columnCount;
  const js = reader.getRowsJS();
  const json = reader.getRowsJson();
  const rows = js.map((row, r) =>
    row.map((v, c) => {
      if (v === null || v === undefined) return null;
      if (typeof v === 'bigint') return jsonInteger(v);
      if (typeof v === 'string' || typeof v === 'boolean') return v;
      if (typeof v === 'number') return Number.isFinite(v) ? v : String(v);
      return json[r]![c];
    }),
  );
  return {
    columns: reader.deduplicatedColumnNames(),
    types: Array.from({ length: n }, (_, i) => reader.columnType(i).toString()),
    rows,
  };
}

/** `--json`: one JSON array of row objects (column → value). */
export function resultJson(result: QueryResult): string {
  const objects = result.rows.map((row) => Object.fromEntries(result.columns.map((c, i) => [c, row[i]])));
  return `${JSON.stringify(objects)}\n`;
}

/** A number in plain notation (no exponent), as the CSV files write them. */
export function plainNumber(x: number): string {
  const s = String(x);
  if (!/e/i.test(s)) return s;
  const [mant, expText] = s.toLowerCase().split('e') as [string, string];
  const exp = Number(expText);
  const neg = mant.startsWith('-');
  const [int, frac = ''] = (neg ? mant.slice(1) : mant).split('.') as [string, string?];
  const digits = int + frac;
  const point = int.length + exp;
  const body =
    point <= 0
      ? `0.${'0'.repeat(-point)}${digits}`
      : point >= digits.length
        ? digits + '0'.repeat(point - digits.length)
        : `${digits.slice(0, point)}.${digits.slice(point)}`;
  return (neg ? '-' : '') + body;
}

function cellText(v: unknown): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'number') return plainNumber(v);
  if (typeof v === 'string') return v;
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  return JSON.stringify(v);
}

const needsQuotes = (s: string) => /[",\r\n]/.test(s) || /^\s|\s$/.test(s);

/** `--csv`: a header row, then one line per row (RFC 4180 quoting, null as the empty field, LF). */
export function resultCsv(result: QueryResult): string {
  const line = (cells: readonly string[]) => cells.map((s) => (needsQuotes(s) ? `"${s.replace(/"/g, '""')}"` : s)).join(',');
  return [line(result.columns), ...result.rows.map((r) => line(r.map(cellText)))].map((l) => `${l}\n`).join('');
}

/** The default output: an aligned text table (numbers right-aligned, NULL shown as `NULL`), then the row count. */
export function resultText(result: QueryResult): string {
  const cells = result.rows.map((r) => r.map((v) => (v === null ? 'NULL' : cellText(v))));
  const widths = result.columns.map((c, i) => Math.max(c.length, ...cells.map((r) => r[i]!.length)));
  const right = result.rows[0]?.map((v) => typeof v === 'number') ?? [];
  const fmt = (row: readonly string[]) =>
    row
      .map((s, i) => (right[i] ? s.padStart(widths[i]!) : s.padEnd(widths[i]!)))
      .join('  ')
      .trimEnd();
  const lines = [fmt(result.columns), widths.map((w) => '-'.repeat(w)).join('  '), ...cells.map(fmt)];
  lines.push(`(${result.rows.length} row${result.rows.length === 1 ? '' : 's'})`);
  return `${lines.join('\n')}\n`;
}
