import { endianness } from 'node:os';
import duckdb from '@duckdb/node-bindings';
import { DuckDBTypeId } from './duckdb';
import type { DuckDBDataChunk, DuckDBType } from './duckdb';
import type { StoreColumn } from './schema';
import { stagedValue } from './values';

/**
 * Filling DuckDB data chunks from rows, one column at a time, straight into the vectors' memory:
 * numbers and booleans through a typed array copied in once, strings as DuckDB's `duckdb_string_t`
 * (public in `duckdb.h`: a 4-byte length, then up to 12 bytes inline, zero-padded) with only the
 * longer ones handed to DuckDB one by one. `@duckdb/node-api`'s vector objects cost a native copy
 * of each vector on creation and a native call per string: most of a sweep's write time.
 */

/** Bytes of a `duckdb_string_t`, and the longest string it holds inline. */
const STRING_BYTES = 16;
const INLINE = 12;

/** A column to fill: its value's logical column, the vector's DuckDB type, and the DOUBLE companion's vector index. */
export interface ChunkColumn {
  readonly column: StoreColumn;
  readonly index: number;
  readonly type: DuckDBType;
  /** Vector index of the DOUBLE companion of a decimal column (`Number(text)`: what `CAST(text AS DOUBLE)` gives). */
  readonly companion: number | null;
  readonly companionType: DuckDBType | null;
}

/** Rows per data chunk (DuckDB's vector size): what one chunk holds and the scratch buffers fit. */
export const CHUNK_ROWS = 2048;
/**
 * Buffers a column is built in before it is copied into its vector (one chunk: at most
 * {@link CHUNK_ROWS} rows); reused, as the copy is synchronous. `words` and `bigints` share memory.
 */
const wordBuffer = new ArrayBuffer(CHUNK_ROWS * 8);
const stringBuffer = new ArrayBuffer(CHUNK_ROWS * STRING_BYTES);
const SCRATCH = {
  strings: new Uint8Array(stringBuffer),
  view: new DataView(stringBuffer),
  doubles: new Float64Array(CHUNK_ROWS),
  words: new Int32Array(wordBuffer),
  bigints: new BigInt64Array(wordBuffer),
  bytes: new Uint8Array(CHUNK_ROWS),
};

/** The layouts written here are DuckDB's on a little-endian machine (all its usual platforms). */
const LITTLE_ENDIAN = endianness() === 'LE';

/** The vector type each column type is written to directly. */
const DIRECT: Readonly<Record<StoreColumn['type'], DuckDBTypeId>> = {
  integer: DuckDBTypeId.BIGINT,
  cents: DuckDBTypeId.BIGINT,
  decimal: DuckDBTypeId.VARCHAR,
  string: DuckDBTypeId.VARCHAR,
  json: DuckDBTypeId.VARCHAR,
  double: DuckDBTypeId.DOUBLE,
  boolean: DuckDBTypeId.BOOLEAN,
};

/**
 * Can {@link fillColumn} write this column? Yes when its vectors have the types this store creates
 * for it; other types (a column made elsewhere), or another byte order, go through
 * `@duckdb/node-api`'s vectors.
 */
export const direct = (c: ChunkColumn): boolean =>
  LITTLE_ENDIAN && c.type.typeId === DIRECT[c.column.type] && (c.companion === null || c.companionType?.typeId === DuckDBTypeId.DOUBLE);

/** Validity bytes (LSB first, as DuckDB's uint64 words are on a little-endian machine) with row `r` null. */
class Nulls {
  private bytes: Uint8Array | null = null;
  constructor(private readonly n: number) {}
  set(r: number): void {
    if (!this.bytes) this.bytes = new Uint8Array(Math.ceil(this.n / 64) * 8).fill(0xff);
    this.bytes[r >> 3]! &= ~(1 << (r & 7));
  }
  /** Write into the vector (a fresh chunk's vectors are all valid: nothing to do without nulls). */
  flush(vector: duckdb.Vector): void {
    if (!this.bytes) return;
    duckdb.vector_ensure_validity_writable(vector);
    duckdb.copy_data_to_vector_validity(vector, 0, this.bytes.buffer as ArrayBuffer, 0, this.bytes.byteLength);
  }
}

/**
 * Fill one column of `chunk` (and a decimal's DOUBLE companion) from rows `off … off + n − 1`,
 * each value checked by {@link stagedValue} (a value that does not fit throws `STORE_INPUT`).
 */
export function fillColumn(
  chunk: DuckDBDataChunk,
  c: ChunkColumn,
  table: string,
  rows: readonly Record<string, unknown>[],
  off: number,
  n: number,
): void {
  if (n > CHUNK_ROWS) throw new Error(`a data chunk holds at most ${CHUNK_ROWS} rows (got ${n})`);
  const vector = duckdb.data_chunk_get_vector(chunk.chunk, c.index);
  const name = c.column.name;
  const nulls = new Nulls(n);
  switch (c.type.typeId) {
    case DuckDBTypeId.VARCHAR: {
      // inline strings rely on the zeros after them
      const data = SCRATCH.strings.fill(0, 0, n * STRING_BYTES);
      const view = SCRATCH.view;
      const long: number[] = [];
      const texts: string[] = [];
      const nums = c.companion === null ? null : SCRATCH.doubles;
      const numNulls = new Nulls(n);
      for (let r = 0; r < n; r++) {
        const v = stagedValue(table, c.column, rows[off + r]![name], off + r) as string | null;
        if (v === null) {
          nulls.set(r);
          numNulls.set(r);
          if (nums) nums[r] = 0;
          continue;
        }
        if (nums) nums[r] = Number(v);
        if (!inline(data, view, r * STRING_BYTES, v)) {
          long.push(r);
          texts.push(v);
        }
      }
      duckdb.copy_data_to_vector(vector, 0, data.buffer, 0, n * STRING_BYTES);
      for (let k = 0; k < long.length; k++) duckdb.vector_assign_string_element(vector, long[k]!, texts[k]!);
      nulls.flush(vector);
      if (nums) {
        const companion = duckdb.data_chunk_get_vector(chunk.chunk, c.companion!);
        duckdb.copy_data_to_vector(companion, 0, nums.buffer, 0, n * 8);
        numNulls.flush(companion);
      }
      return;
    }
    case DuckDBTypeId.BIGINT: {
      // safe integers (most counts and days) as two 32-bit halves: no bigint made per value
      const words = SCRATCH.words;
      for (let r = 0; r < n; r++) {
        const raw = rows[off + r]![name];
        if (typeof raw === 'number' && Number.isSafeInteger(raw)) {
          const high = Math.floor(raw / 2 ** 32);
          words[2 * r] = raw - high * 2 ** 32;
          words[2 * r + 1] = high;
          continue;
        }
        const v = stagedValue(table, c.column, raw, off + r) as bigint | null;
        if (v === null) nulls.set(r);
        SCRATCH.bigints[r] = v ?? 0n;
      }
      duckdb.copy_data_to_vector(vector, 0, words.buffer, 0, n * 8);
      break;
    }
    case DuckDBTypeId.DOUBLE: {
      const data = SCRATCH.doubles;
      for (let r = 0; r < n; r++) {
        const v = stagedValue(table, c.column, rows[off + r]![name], off + r) as number | null;
        if (v === null) nulls.set(r);
        data[r] = v ?? 0;
      }
      duckdb.copy_data_to_vector(vector, 0, data.buffer, 0, n * 8);
      break;
    }
    case DuckDBTypeId.BOOLEAN: {
      const data = SCRATCH.bytes;
      for (let r = 0; r < n; r++) {
        const v = stagedValue(table, c.column, rows[off + r]![name], off + r) as boolean | null;
        if (v === null) nulls.set(r);
        data[r] = v ? 1 : 0;
      }
      duckdb.copy_data_to_vector(vector, 0, data.buffer, 0, n);
      break;
    }
    default:
      throw new Error(`${table}.${name}: no direct fill for DuckDB type ${c.type.toString()}`);
  }
  nulls.flush(vector);
}

/** Every row of a vector NULL (a column no row fills). */
export function fillNull(chunk: DuckDBDataChunk, index: number, n: number): void {
  const nulls = new Nulls(n);
  for (let r = 0; r < n; r++) nulls.set(r);
  nulls.flush(duckdb.data_chunk_get_vector(chunk.chunk, index));
}

/**
 * Write `text` as an inline `duckdb_string_t` at `at` when it is ASCII of at most 12 bytes (the
 * bytes after it stay zero: the array is fresh); false when DuckDB must store it.
 */
function inline(data: Uint8Array, view: DataView, at: number, text: string): boolean {
  const len = text.length;
  if (len > INLINE) return false;
  for (let i = 0; i < len; i++) {
    const ch = text.charCodeAt(i);
    if (ch > 0x7f) {
      data.fill(0, at + 4, at + 4 + i);
      return false;
    }
    data[at + 4 + i] = ch;
  }
  view.setUint32(at, len, true);
  return true;
}

/**
 * Fill one column of a data chunk (and the DOUBLE companion of a decimal) from rows
 * `off … off + n − 1` through `@duckdb/node-api`'s vectors: the types {@link fillColumn} does not
 * write directly (columns a database got from elsewhere).
 */
export function fillVectors(
  chunk: DuckDBDataChunk,
  col: ChunkColumn,
  table: string,
  rows: readonly Record<string, unknown>[],
  off: number,
  n: number,
): void {
  const c = col.column;
  const vector = chunk.getColumnVector(col.index);
  const num = col.companion === null ? null : chunk.getColumnVector(col.companion);
  for (let r = 0; r < n; r++) {
    const v = stagedValue(table, c, rows[off + r]![c.name], off + r);
    vector.setItem(r, v as never);
    num?.setItem(r, (v === null ? null : Number(v)) as never);
  }
  num?.flush();
  vector.flush();
}
