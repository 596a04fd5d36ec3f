import { StoreError } from './errors';
import { isDecimalText } from './schema';
import type { StoreColumn } from './schema';

const MIN = -(2n ** 63n);
const MAX = 2n ** 63n - 1n;

/** JSON text with sorted keys at every depth and bigints as decimal strings (one value, one text). */
export function canonicalJsonText(value: unknown): string {
  return JSON.stringify(sortKeys(value));
}

function sortKeys(v: unknown): unknown {
  if (typeof v === 'bigint') return v.toString();
  if (Array.isArray(v)) return v.map(sortKeys);
  if (v !== null && typeof v === 'object') {
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(v).sort()) {
      const x = (v as Record<string, unknown>)[k];
      if (x !== undefined) out[k] = sortKeys(x);
    }
    return out;
  }
  return v;
}

/**
 * A row value in the form the staging table takes for its column, checked: integers and cents as
 * 64-bit integers, decimals as plain decimal text (never a JS number: it would lose digits),
 * booleans, strings, JSON as canonical text. A value that does not fit throws `STORE_INPUT` naming
 * table, column and row.
 */
export function stagedValue(table: string, col: StoreColumn, v: unknown, row: number): unknown {
  if (v === null || v === undefined) return null;
  // One value of a bulk write: no allocation on the way to the accepted forms.
  switch (col.type) {
    case 'integer':
    case 'cents': {
      let b: bigint;
      if (typeof v === 'bigint') b = v;
      else if (typeof v === 'number' && Number.isSafeInteger(v)) return BigInt(v);
      else if (typeof v === 'string' && /^-?\d+$/.test(v)) b = BigInt(v);
      else return refuse(table, col, v, row, 'an integer');
      if (b < MIN || b > MAX) refuse(table, col, v, row, 'a 64-bit integer');
      return b;
    }
    case 'decimal':
      if (typeof v === 'string' && isDecimalText(v)) return v;
      if (typeof v === 'bigint') return v.toString();
      return refuse(table, col, v, row, 'a plain decimal string');
    case 'double':
      if (typeof v === 'number') return v;
      return refuse(table, col, v, row, 'a number');
    case 'boolean':
      if (typeof v === 'boolean') return v;
      return refuse(table, col, v, row, 'true or false');
    case 'string':
      if (typeof v === 'string') return v;
      return refuse(table, col, v, row, 'a string');
    case 'json':
      return canonicalJsonText(v);
  }
}

/** The `STORE_INPUT` error of a value that does not fit its column (names table, column and row). */
function refuse(table: string, col: StoreColumn, v: unknown, row: number, what: string): never {
  throw new StoreError(
    'STORE_INPUT',
    `${table}.${col.name} (row ${row}): expected ${what}, got ${typeof v === 'bigint' ? `${v}n` : JSON.stringify(v)}`,
  );
}
