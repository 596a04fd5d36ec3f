import type { RunResult } from '@ring/engine';
import { readJournal } from '@ring/export';
import type { RunSummary } from '@ring/metrics';
import type { AcceptanceOptionsInput, PolicyEvaluationRecord, ResolvedCompareOptions, SweepDefinition } from '@ring/policy-eval';
import type { RingStore } from '@ring/store';
import { CliUsageError } from '../io';

/**
 * `--db FILE` of run, sweep and compare. @ring/store (and its DuckDB engine) is loaded only when a
 * command is asked to use a database, so the other commands start as fast as before.
 */
const loadStore = () => import('@ring/store');

/** How long a command waits for a database another process has open: `RING_DB_WAIT_SECONDS` (default 60). */
export function lockTimeoutMs(env: NodeJS.ProcessEnv = process.env): number | undefined {
  const v = env.RING_DB_WAIT_SECONDS;
  if (v === undefined || v === '') return undefined;
  if (!/^\d+(\.\d+)?$/.test(v))
    throw new CliUsageError('ENV_INVALID', `RING_DB_WAIT_SECONDS must be a number of seconds ≥ 0 (got ${JSON.stringify(v)})`);
  return Number(v) * 1000;
}

/** Open the database at `path` (created if missing), run `body`, close it whatever happens. */
export async function withStore<T>(path: string, body: (store: RingStore) => Promise<T>, readOnly = false): Promise<T> {
  const { openStore } = await loadStore();
  const store = await openStore(path, { readOnly, lockTimeoutMs: lockTimeoutMs() });
  try {
    return await body(store);
  } finally {
    store.close();
  }
}

/** `ring run --db`: the runs, their pair, and (with --detailed-logging --out) every per-run table. */
export async function storeRun(
  path: string,
  results: readonly RunResult[],
  summaries: readonly RunSummary[],
  outDir: string | null,
): Promise<void> {
  const { writeRuns } = await loadStore();
  await withStore(path, (s) => writeRuns(s, { results, summaries, outDir }));
}

/** `ring sweep --db`: the finished sweep (or shard) from its output directory's journal. */
export async function storeSweep(path: string, outDir: string, definition: SweepDefinition, detailed: boolean): Promise<void> {
  const { writeSweep } = await loadStore();
  const { records } = readJournal(outDir);
  await withStore(path, (s) => writeSweep(s, { definition, records, outDir: detailed ? outDir : null }));
}

/** `ring compare --db`: one row of the evaluation history (and one per trader). */
export async function storeEvaluation(
  path: string,
  record: PolicyEvaluationRecord,
  options: ResolvedCompareOptions,
  acceptance: AcceptanceOptionsInput,
): Promise<void> {
  const { writeEvaluation } = await loadStore();
  await withStore(path, (s) => writeEvaluation(s, { record, options, acceptance }));
}
