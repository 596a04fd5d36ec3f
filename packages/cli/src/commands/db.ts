import type { RunResult } from '@ring/engine';
import { readJournal } from '@ring/export';
import type { RunFiles } from '@ring/export';
import type { RunSummary } from '@ring/metrics';
import type {
  AcceptanceOptionsInput,
  PairOutput,
  PolicyEvaluationRecord,
  ResolvedCompareOptions,
  SweepDefinition,
} from '@ring/policy-eval';
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

/** `ring sweep --db` while the sweep runs: see {@link openSweepStore}. */
export interface SweepStore {
  /** Hand over one finished pair (as `runSweep`'s `onPair` gets it), with its runs' files as written (detailed logging). */
  write(output: PairOutput, files?: readonly RunFiles[]): Promise<void>;
  /**
   * Store the rest (committed); the checkpoint that writes it into the file then runs on DuckDB's
   * thread while the caller works (`aggregate/`). {@link SweepStore.finish} waits for it, and
   * throws what failed: this never throws.
   */
  commit(): Promise<void>;
  /**
   * Store the rest (if {@link SweepStore.commit} did not) and the pairs an earlier invocation
   * finished (`earlier`: their indices; read from the journal, their per-run tables from `runs/`),
   * then close the database.
   */
  finish(earlier: Iterable<number>): Promise<void>;
  /** Close the database without storing more (the sweep failed). */
  close(): Promise<void>;
}

/**
 * `ring sweep --db`: the database is opened (waiting while another process has it) as the sweep
 * starts, and each finished pair's rows are gathered as the sweep runs and moved into it in large
 * batches (the paper's sweep in one, once its last pair is in) — nothing is read back from the
 * output directory except the pairs of an earlier, interrupted invocation.
 */
export function openSweepStore(path: string, outDir: string, definition: SweepDefinition, detailed: boolean): SweepStore {
  const opening = loadStore().then(async (m) => ({
    m,
    store: await m.openStore(path, { lockTimeoutMs: lockTimeoutMs(), logCommits: false }),
  }));
  opening.catch(() => undefined);
  const writer = loadStore().then((m) =>
    m.createSweepStoreWriter(
      opening.then((o) => o.store),
      { definition, detailed },
    ),
  );
  const close = async () => {
    const o = await opening.catch(() => null);
    o?.store.close();
  };
  return {
    write: async (output, files) => (await writer).write(output, files),
    async commit() {
      await writer.then((w) => w.commit()).catch(() => undefined);
    },
    async finish(earlier) {
      try {
        await (await writer).finish();
        const { m, store } = await opening;
        const done = new Set(earlier);
        if (done.size > 0) {
          const records = readJournal(outDir).records.filter((r) => done.has(r.index));
          await m.writeSweep(store, { definition, records, outDir: detailed ? outDir : null });
        }
      } finally {
        await close();
      }
    },
    async close() {
      // A failed sweep: drop what was gathered (and its temporary files), keep what was stored.
      await (await writer.catch(() => null))?.abort();
      await close();
    },
  };
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
