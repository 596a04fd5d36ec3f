/**
 * Shared by the tests (not exported): small real sweeps written as a user's `ring sweep` would,
 * and helpers to compare tables. Everything runs the real engine and the real DuckDB.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openSweepWriter, readJournal } from '@ring/export';
import { runSweep, sweepPreset } from '@ring/policy-eval';
import type { PairRecord, ShardSpec, SweepDefinition } from '@ring/policy-eval';
import type { RingStore } from './db';

/** A fresh temporary directory. */
export const tempDir = (prefix = 'ring-store-'): string => mkdtempSync(join(tmpdir(), prefix));

/** A small paper2025 sweep: 2 κ × 2 ρ = 4 pairs (8 runs with trades in the active arms), or 4 per replicate. */
export function smallSweep(replicates = 1): SweepDefinition {
  return sweepPreset('paper2025', {
    replicates,
    emulateDisplayAbort: false,
    grid: { kappa: ['0.5', '1'], concentration: ['1'], mu: ['0.5'], outsideMidRatio: ['1', '0.9'] },
  });
}

/** Run a sweep (or a shard) into `out` as `ring sweep` does; returns its journal records. */
export async function sweepInto(out: string, def: SweepDefinition, detailed: boolean, shard?: ShardSpec): Promise<PairRecord[]> {
  const writer = openSweepWriter({ outDir: out, definition: def, detailed, shard });
  await runSweep(def, { workers: 1, detailed, shard, finished: writer.finished, onPair: (o) => writer.write(o) });
  writer.finish();
  return readJournal(out).records;
}

/** Rows of a table as sorted JSON lines (every column, values as DuckDB returns them): equal tables give equal arrays. */
export async function tableLines(store: RingStore, sql: string): Promise<string[]> {
  const rows = await store.rows(sql);
  return rows.map((r) => JSON.stringify(r, (_k, v) => (typeof v === 'bigint' ? `${v}n` : v))).sort();
}
