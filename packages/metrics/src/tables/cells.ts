import { TableCellError, TableDefinitionError } from './errors';
import type { CellLocation } from './errors';
import type { ColumnDef, ColumnType, TableDef, TypedCell } from './types';

const INTEGER = /^-?\d+$/;
const DECIMAL = /^-?\d+(\.\d+)?$/;

/** `-?[0-9]+(\.[0-9]+)?` by a character scan (the writers' hot path; same language as {@link DECIMAL}). */
function isPlainDecimal(s: string): boolean {
  const n = s.length;
  let i = s.charCodeAt(0) === 45 ? 1 : 0;
  const start = i;
  while (i < n && s.charCodeAt(i) >= 48 && s.charCodeAt(i) <= 57) i++;
  if (i === start) return false;
  if (i === n) return true;
  if (s.charCodeAt(i) !== 46) return false;
  const frac = ++i;
  while (i < n && s.charCodeAt(i) >= 48 && s.charCodeAt(i) <= 57) i++;
  return i === n && i > frac;
}

/** What a column of this type expects, in words (the end of a {@link TableCellError} message). */
export function expectedText(column: Pick<ColumnDef, 'type' | 'values'>): string {
  switch (column.type) {
    case 'integer':
      return 'an integer';
    case 'decimal':
      return 'a decimal';
    case 'double':
      return 'a number';
    case 'cents':
      return 'an integer number of cents';
    case 'string':
      return 'a string';
    case 'boolean':
      return 'true or false';
    case 'enum':
      return `one of ${(column.values ?? []).join(', ')}`;
  }
}

/** Plain decimal notation of a finite double (never exponent form): `1e-7` → `0.0000001`. */
export function plainNumber(v: number): string {
  if (Number.isInteger(v)) return BigInt(v).toString();
  const s = String(v);
  const m = /^(-?)(\d)(?:\.(\d+))?e([+-]\d+)$/.exec(s);
  if (!m) return s;
  const [, sign, head, tail = '', expText] = m;
  const digits = head! + tail;
  const point = 1 + Number(expText);
  if (point <= 0) return `${sign}0.${'0'.repeat(-point)}${digits}`;
  if (point >= digits.length) return `${sign}${digits}${'0'.repeat(point - digits.length)}`;
  return `${sign}${digits.slice(0, point)}.${digits.slice(point)}`;
}

/** Parse the text of a non-empty field by type; undefined when it is not of the type. */
function parseText(type: ColumnType, values: readonly string[] | undefined, raw: string): TypedCell | undefined {
  switch (type) {
    case 'integer': {
      if (!INTEGER.test(raw)) return undefined;
      const n = Number(raw);
      return Number.isSafeInteger(n) ? n : undefined;
    }
    case 'decimal':
      return DECIMAL.test(raw) ? raw : undefined;
    case 'double': {
      if (!DECIMAL.test(raw)) return undefined;
      const n = Number(raw);
      return Number.isFinite(n) ? n : undefined;
    }
    case 'cents':
      return INTEGER.test(raw) ? raw : undefined;
    case 'string':
      return raw;
    case 'boolean':
      return raw === 'true' ? true : raw === 'false' ? false : undefined;
    case 'enum':
      return values?.includes(raw) ? raw : undefined;
  }
}

/** The text of a value if it is of the type (as a typed row holds it); undefined otherwise. */
export function textOf(type: ColumnType, values: readonly string[] | undefined, v: unknown): string | undefined {
  switch (type) {
    case 'integer':
      return typeof v === 'number' && Number.isSafeInteger(v) ? String(v) : undefined;
    case 'decimal':
      return typeof v === 'string' && isPlainDecimal(v) ? v : undefined;
    case 'double':
      return typeof v === 'number' && Number.isFinite(v) ? plainNumber(v) : undefined;
    case 'cents':
      if (typeof v === 'string') return INTEGER.test(v) ? v : undefined;
      if (typeof v === 'bigint') return v.toString();
      return typeof v === 'number' && Number.isSafeInteger(v) ? String(v) : undefined;
    case 'string':
      return typeof v === 'string' ? v : undefined;
    case 'boolean':
      return typeof v === 'boolean' ? (v ? 'true' : 'false') : undefined;
    case 'enum':
      return typeof v === 'string' && values?.includes(v) ? v : undefined;
  }
}

/** A column of `def` by name (or by one of its aliases); throws when the table has no such column. */
export function columnOf(def: TableDef<object>, column: string | ColumnDef): ColumnDef {
  if (typeof column !== 'string') return column;
  const c = def.columns.find((x) => x.name === column || x.aliases?.includes(column));
  if (!c) throw new TableDefinitionError(def.id, column, `no column ${JSON.stringify(column)}`);
  return c;
}

/**
 * Parse the raw text of one field of `def`'s file into its typed value (see `ColumnType`): the
 * empty field is null in a nullable column. Anything else throws {@link TableCellError}
 * (`<file> line N, column C: "x" is not a decimal`); `at` defaults to the table's file.
 */
export function parseCell(def: TableDef<object>, column: string | ColumnDef, raw: string, at?: CellLocation): TypedCell {
  const c = columnOf(def, column);
  return parseColumnCell(c, raw, at ?? { file: def.file });
}

/** {@link parseCell} for a column definition on its own. */
export function parseColumnCell(c: ColumnDef, raw: string, at: CellLocation): TypedCell {
  if (raw === '' && c.nullable) return null;
  const v = raw === '' && c.type !== 'string' ? undefined : parseText(c.type, c.values, raw);
  if (v === undefined) throw new TableCellError(at, c.name, raw, expectedText(c));
  return v;
}

/**
 * The text of one value in `def`'s file: integers and decimals as they are, doubles in plain
 * notation, booleans `true`/`false`, null empty. A value that is not of the column's type (or
 * null in a column that is not nullable) throws {@link TableCellError}.
 */
export function formatCell(def: TableDef<object>, column: string | ColumnDef, value: unknown, at?: CellLocation): string {
  return formatColumnCell(columnOf(def, column), value, at ?? { file: def.id });
}

/** {@link formatCell} for a column definition on its own. */
export function formatColumnCell(c: ColumnDef, value: unknown, at: CellLocation): string {
  if (value === null && c.nullable) return '';
  const t = value === null ? undefined : textOf(c.type, c.values, value);
  if (t === undefined) throw new TableCellError(at, c.name, value, expectedText(c));
  return t;
}

/** True when `value` is a valid typed cell of the column (the check of {@link formatCell}, without throwing). */
export function isCellOf(c: ColumnDef, value: unknown): boolean {
  if (value === null) return c.nullable;
  return textOf(c.type, c.values, value) !== undefined;
}
