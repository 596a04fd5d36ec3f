import { resolve } from 'node:path';
import { SCHEMA_VERSION, openStore } from './open';
import type { OpenStoreOptions } from './open';
import { StoreError } from './errors';
import { ident, literal } from './schema';
import { STORE_TABLES } from './tables';

/** What {@link mergeStores} did: rows per table in the merged database afterwards. */
export interface StoreMergeResult {
  readonly out: string;
  readonly sources: number;
  readonly rows: Readonly<Record<string, number>>;
}

/**
 * Combine databases (the shards of a sweep, each written with `ring sweep --shard k/n --db
 * shard-k.duckdb`) into `out` (created if missing): every table's rows upserted on its key, so the
 * merged database holds the same rows as one unsharded sweep written with `--db`, and merging again
 * changes nothing. Each source is checked first (a DuckDB file with ring's schema version).
 */
export async function mergeStores(
  out: string,
  sources: readonly string[],
  options: Pick<OpenStoreOptions, 'lockTimeoutMs'> = {},
): Promise<StoreMergeResult> {
  if (sources.length === 0) throw new StoreError('STORE_INPUT', 'merge needs at least one source database');
  const target = resolve(out);
  for (const s of sources) {
    if (resolve(s) === target) throw new StoreError('STORE_INPUT', `${s}: a source cannot be the merged database itself`, s);
    // Opening read-only checks the file, its lock and its schema version, with one-line errors.
    const probe = await openStore(s, { readOnly: true, lockTimeoutMs: options.lockTimeoutMs });
    const v = await probe.schemaVersion();
    probe.close();
    if (v !== SCHEMA_VERSION) throw new StoreError('DB_SCHEMA_VERSION', `${s}: ring database schema ${v}, expected ${SCHEMA_VERSION}`, s);
  }
  const store = await openStore(target, options);
  try {
    // Attach every source read-only, then move all rows in one transaction (a failure leaves `out` as it was).
    const aliases = sources.map((_, i) => `ring_src_${i}`);
    for (const [i, src] of sources.entries()) await store.run(`ATTACH ${literal(resolve(src))} AS ${aliases[i]} (READ_ONLY)`);
    try {
      await store.transaction(async () => {
        for (const alias of aliases) {
          for (const t of STORE_TABLES) {
            const src = await store.liveTable(t, alias);
            await store.ensureColumns(t, src.columns);
            // the merged table's stored columns that the source has (stored there, or computed)
            const source = await store.physical(t.name, alias);
            const names = (await store.liveTable(t)).physical
              .filter((n) => source.has(n))
              .map(ident)
              .join(', ');
            const same = t.key.map((k) => `s.${ident(k)} = ${ident(t.name)}.${ident(k)}`).join(' AND ');
            await store.run(`DELETE FROM ${ident(t.name)} WHERE EXISTS (SELECT 1 FROM ${alias}.main.${ident(t.name)} s WHERE ${same})`);
            await store.run(`INSERT INTO ${ident(t.name)} (${names}) SELECT ${names} FROM ${alias}.main.${ident(t.name)}`);
          }
        }
      });
    } finally {
      for (const alias of aliases) await store.run(`DETACH ${alias}`);
    }
    const rows: Record<string, number> = {};
    for (const t of STORE_TABLES) rows[t.name] = Number((await store.rows(`SELECT count(*) AS n FROM ${ident(t.name)}`))[0]!.n);
    return { out: target, sources: sources.length, rows };
  } finally {
    store.close();
  }
}
