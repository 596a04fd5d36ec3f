import { existsSync, mkdirSync, renameSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { RingStore } from './db';
import { StoreError } from './errors';
import { ident, literal } from './schema';
import { STORE_TABLES } from './tables';

/** Options of {@link exportParquet}. */
export interface ParquetOptions {
  /** Replace existing `<table>.parquet` files (default: refuse to overwrite them). */
  readonly overwrite?: boolean;
}

/** What {@link exportParquet} wrote: one file per table with its row count. */
export interface ParquetExport {
  readonly files: readonly { readonly table: string; readonly file: string; readonly rows: number }[];
}

/**
 * Write every table of the schema to `dir/<table>.parquet` (DuckDB's Parquet writer, snappy: every Parquet reader reads it), the rows
 * in key order so that the same data gives the same rows in the same order. Decimal columns stay
 * exact text with their DOUBLE companions; money stays BIGINT. Each file is written to a temporary
 * name and renamed; existing files are refused unless `overwrite` is set (checked before any write).
 */
export async function exportParquet(store: RingStore, dir: string, options: ParquetOptions = {}): Promise<ParquetExport> {
  const out = resolve(dir);
  const targets = STORE_TABLES.map((t) => ({ table: t, file: join(out, `${t.name}.parquet`) }));
  if (!options.overwrite) {
    const existing = targets.find((t) => existsSync(t.file));
    if (existing)
      throw new StoreError('OUTPUT_EXISTS', `${existing.file} exists; pass --overwrite to replace the Parquet files`, existing.file);
  }
  mkdirSync(out, { recursive: true });
  const files: { table: string; file: string; rows: number }[] = [];
  for (const { table, file } of targets) {
    const tmp = `${file}.tmp-${process.pid}`;
    const order = table.key.map(ident).join(', ');
    try {
      await store.run(
        `COPY (SELECT * FROM ${ident(table.name)} ORDER BY ${order}) TO ${literal(tmp)} (FORMAT parquet, COMPRESSION snappy)`,
      );
      renameSync(tmp, file);
    } finally {
      rmSync(tmp, { force: true });
    }
    const n = await store.rows(`SELECT count(*) AS n FROM ${ident(table.name)}`);
    files.push({ table: table.name, file, rows: Number(n[0]!.n) });
  }
  return { files };
}
