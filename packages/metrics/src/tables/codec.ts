import { expectedText, formatColumnCell, parseColumnCell, textOf } from './cells';
import { TableCellError, TableDefinitionError } from './errors';
import type { CellLocation } from './errors';
import type { ColumnDef, TableDef, TypedCell } from './types';

/** The folder of each scope, relative to an output directory (run folders are `runs/<run_id>/`). */
const SCOPE_DIR = { run: 'runs/<run_id>', 'sweep-aggregate': 'aggregate', evaluation: '.' } as const;

/** The file of a table relative to an output directory: `aggregate/comparison.csv`, `runs/<run_id>/trades.csv`, `evaluation_agents.csv`. */
export function tablePath(def: TableDef<object>): string {
  if (def.location !== undefined) return def.location;
  const dir = SCOPE_DIR[def.scope];
  return dir === '.' ? def.file : `${dir}/${def.file}`;
}

/** True when the table has per-bucket template columns (see `ColumnDef.perBucket`). */
export function hasBucketColumns(def: TableDef<object>): boolean {
  return def.columns.some((c) => c.perBucket);
}

/** The concrete name of a per-bucket template column for one bucket. */
export function bucketColumnName(template: ColumnDef, bucket: string): string {
  return template.name.replace('<bucket>', bucket);
}

/**
 * The definition with its per-bucket template columns expanded, one column per bucket name in the
 * given order (`face_bucket_<bucket>` → `face_bucket_short`, `face_bucket_mid`, …). Tables
 * without template columns are returned as they are.
 */
export function expandBuckets<R extends object>(def: TableDef<R>, buckets: readonly string[]): TableDef<R> {
  if (!hasBucketColumns(def)) return def;
  const columns = def.columns.flatMap((c) =>
    c.perBucket ? buckets.map((b) => ({ ...c, name: bucketColumnName(c, b), perBucket: false, doc: c.doc.replace('<bucket>', b) })) : [c],
  );
  return { ...def, columns };
}

/**
 * The header a writer writes: every column name in order (template columns must have been
 * expanded). `short` leaves out the `optional` columns (the shorter form of a file, such as the
 * 34-column comparison.csv of docs/instrumentation.md §8).
 */
export function columnNames(def: TableDef<object>, options: { short?: boolean } = {}): string[] {
  const out: string[] = [];
  for (const c of def.columns) {
    if (c.perBucket) throw new TableDefinitionError(def.id, c.name, `expand the per-bucket column ${c.name} first (expandBuckets)`);
    if (options.short && c.optional) continue;
    out.push(c.name);
  }
  return out;
}

/** The columns a file's header gives, in file order, and the optional columns it lacks. */
export interface ResolvedHeader {
  /** One definition per header field, in header order (canonical names, even where the header has an alias). */
  readonly columns: readonly ColumnDef[];
  /** Optional columns absent from the header: readers fill their `absentValue`. */
  readonly absent: readonly ColumnDef[];
  /** Bucket names of the per-bucket columns, in header order (empty for tables without them). */
  readonly buckets: readonly string[];
}

/** Why a header does not fit a table: the 0-based position, what was found there and what was expected. */
export interface HeaderMismatch {
  readonly position: number;
  readonly found: string | null;
  readonly expected: string | null;
}

const matches = (c: ColumnDef, name: string | undefined) => name !== undefined && (c.name === name || (c.aliases?.includes(name) ?? false));

/**
 * Match a file's header against a table: every column in order, under its name or one of its
 * `aliases`; `optional` columns may be absent; a per-bucket template column takes every
 * consecutive header field of its form (`face_bucket_…`). Returns the resolved columns, or where
 * the header departs from the definition.
 */
export function resolveHeader(def: TableDef<object>, header: readonly string[]): ResolvedHeader | HeaderMismatch {
  const columns: ColumnDef[] = [];
  const absent: ColumnDef[] = [];
  const buckets: string[] = [];
  let i = 0;
  for (const c of def.columns) {
    if (c.perBucket) {
      const [prefix, suffix = ''] = c.name.split('<bucket>') as [string, string?];
      while (i < header.length) {
        const h = header[i]!;
        if (!h.startsWith(prefix) || !h.endsWith(suffix) || h.length <= prefix.length + suffix.length) break;
        const b = h.slice(prefix.length, h.length - suffix.length);
        buckets.push(b);
        columns.push({ ...c, name: h, perBucket: false });
        i++;
      }
      continue;
    }
    if (matches(c, header[i])) {
      columns.push(c);
      i++;
    } else if (c.optional) {
      absent.push(c);
    } else {
      return { position: i, found: header[i] ?? null, expected: c.name };
    }
  }
  if (i < header.length) return { position: i, found: header[i]!, expected: null };
  return { columns, absent, buckets };
}

/** True when {@link resolveHeader} failed. */
export function isHeaderMismatch(r: ResolvedHeader | HeaderMismatch): r is HeaderMismatch {
  return 'position' in r;
}

/** Per definition: the column names and one formatter per column (text, or undefined when the value is not of the type). */
const FORMATTERS = new WeakMap<
  TableDef<object>,
  { names: string[]; columns: ColumnDef[]; format: ((v: unknown) => string | undefined)[] }
>();

function formattersOf(def: TableDef<object>) {
  let f = FORMATTERS.get(def);
  if (!f) {
    const columns = def.columns.map((c) => {
      if (c.perBucket) throw new TableDefinitionError(def.id, c.name, `expand the per-bucket column ${c.name} first (expandBuckets)`);
      return c;
    });
    f = {
      names: columns.map((c) => c.name),
      columns,
      format: columns.map((c) => (v: unknown) => (v === null ? (c.nullable ? '' : undefined) : textOf(c.type, c.values, v))),
    };
    FORMATTERS.set(def, f);
  }
  return f;
}

/**
 * The texts of one typed row in the order of `def`'s columns (template columns expanded), checking
 * every value against its column's type: a missing or mistyped value throws {@link TableCellError}.
 */
export function formatRow(def: TableDef<object>, row: object, at?: CellLocation): string[] {
  const r = row as Record<string, unknown>;
  const { names, columns, format } = formattersOf(def);
  const out = new Array<string>(names.length);
  for (let k = 0; k < names.length; k++) {
    const v = r[names[k]!];
    const text = format[k]!(v);
    if (text === undefined) throw new TableCellError(at ?? { file: def.id }, names[k]!, v, expectedText(columns[k]!));
    out[k] = text;
  }
  return out;
}

/**
 * One typed row from the raw fields of a file line, given the header's resolved columns (see
 * {@link resolveHeader}); optional columns the header lacks get their `absentValue`. Every field is
 * parsed by its column's type (see `parseCell`); the first bad one throws {@link TableCellError}.
 */
export function parseRow<R extends object>(header: ResolvedHeader, fields: readonly string[], at: CellLocation): R {
  const out: Record<string, TypedCell> = {};
  const cols = header.columns;
  for (let k = 0; k < cols.length; k++) out[cols[k]!.name] = parseColumnCell(cols[k]!, fields[k] ?? '', at);
  for (const c of header.absent) out[c.name] = c.absentValue ?? null;
  return out as R;
}

/**
 * Check rows held in memory (or read from JSON) against a table: every column present and of its
 * type. `at(i)` gives the location of row i for the message (default: `<table id> row i`).
 * Throws {@link TableCellError} at the first bad cell; returns the rows unchanged.
 */
export function validateRows<T extends object>(
  def: TableDef<object>,
  rows: readonly T[],
  at?: (index: number) => CellLocation,
): readonly T[] {
  for (let i = 0; i < rows.length; i++) {
    const r = rows[i] as Record<string, unknown>;
    const where = at ? at(i) : { file: def.id, row: i };
    for (const c of def.columns) {
      if (c.perBucket) {
        validateBucketCells(c, r, where);
        continue;
      }
      const v = r[c.name];
      if (v === undefined && c.optional) continue;
      formatColumnCell(c, v, where);
    }
  }
  return rows;
}

/** Per-bucket cells of a row in memory: every key of the template's form must hold a valid value. */
function validateBucketCells(c: ColumnDef, r: Record<string, unknown>, at: CellLocation): void {
  const [prefix, suffix = ''] = c.name.split('<bucket>') as [string, string?];
  for (const [k, v] of Object.entries(r)) {
    if (k.startsWith(prefix) && k.endsWith(suffix) && k.length > prefix.length + suffix.length) {
      formatColumnCell({ ...c, name: k }, v, at);
    }
  }
}
